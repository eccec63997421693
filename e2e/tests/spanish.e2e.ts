import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { createSession, expectAccessible, expectHeadingFocused, openTool, useRoomHarness } from '../support/index.js';

/** The page's language, as a screen reader reads it. */
const lang = (page: Page) => page.evaluate(() => document.documentElement.lang);
const waitForLang = (page: Page, value: string) =>
  page.waitForFunction((v) => document.documentElement.lang === v, value, { timeout: 10_000 });

describe('Circle in Spanish (#24)', () => {
  const h = useRoomHarness();

  test('a Spanish-speaking member and an English-speaking therapist share a room, each in their own language', async () => {
    const { urls, therapistUrl } = await createSession(h.circle, [{ name: 'Lucía', role: 'member' }]);
    const therapist = await h.open('therapist', therapistUrl);
    await therapist.page.getByRole('button', { name: 'Join the session' }).click();
    await therapist.page.getByRole('heading', { name: /Waiting room \(0\)/ }).waitFor();
    expect(await lang(therapist.page)).toBe('en');

    // Her browser prefers Mexican Spanish: Circle opens in Spanish, and says so to screen readers.
    const lucia = await h.open('Lucía', urls['Lucía']!, { locale: 'es-MX' });
    const page = lucia.page;
    await waitForLang(page, 'es');
    await page.getByRole('button', { name: 'Continuar' }).click();

    // The agreement and the safety check-in, in Spanish, refusing in Spanish too.
    await expectHeadingFocused(page, /^Antes de entrar a Tuesday skills group/);
    await expectAccessible(page, 'agreement and check-in (es)');
    await page.getByLabel('¿Dónde se encuentra ahora? (ciudad y estado)').fill('Tucson, AZ');
    await page.getByRole('checkbox', { name: /lugar privado y seguro/ }).check();
    await page.getByRole('button', { name: 'Entrar a la sala de espera' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'Por favor, acepte el acuerdo de grupo para continuar.' })
      .waitFor();
    await page.getByRole('checkbox', { name: /He leído y acepto el acuerdo de grupo/ }).check();
    await page.getByRole('button', { name: 'Entrar a la sala de espera' }).click();

    // The waiting room.
    await page.getByRole('status').filter({ hasText: 'Está en la sala de espera.' }).waitFor();
    await expectAccessible(page, 'waiting room (es)');

    // She switches to English and back: the texts and the page's lang follow at once.
    const picker = page.getByRole('combobox', { name: 'Idioma' });
    await picker.selectOption('en');
    await waitForLang(page, 'en');
    await page.getByRole('status').filter({ hasText: 'You are in the waiting room.' }).waitFor();
    await expectAccessible(page, 'waiting room (en)');
    await page.getByRole('combobox', { name: 'Language' }).selectOption('es');
    await waitForLang(page, 'es');
    await page.getByRole('status').filter({ hasText: 'Está en la sala de espera.' }).waitFor();

    // The crisis panel in Spanish, with the Lifeline's numbers and channels exact.
    await page.getByRole('button', { name: 'Ayuda en crisis' }).click();
    const panel = page.getByRole('dialog', { name: 'Puede recibir ayuda ahora mismo' });
    await panel.waitFor();
    for (const [name, href] of [
      ['Llamar al 988', 'tel:988'],
      ['Enviar un mensaje de texto al 988', 'sms:988'],
      ['Chatear en 988lifeline.org', 'https://988lifeline.org/chat/'],
      ['envíe un mensaje de texto al 838255', 'sms:838255'],
      ['envíe AYUDA por mensaje de texto al 988', 'sms:988?body=AYUDA'],
      ['marque 711', 'tel:711'],
      ['llame al 911', 'tel:911'],
    ] as const) {
      expect(await panel.getByRole('link', { name, exact: true }).getAttribute('href')).toBe(href);
    }
    const panelText = await panel.innerText();
    expect(panelText).toContain('llame al 988 y oprima 2');
    expect(panelText).toContain('Veteranos: llame al 988 y oprima 1');
    await expectAccessible(page, 'crisis panel (es)');

    // Her private alert reaches the therapist, who reads it in English.
    await panel.getByRole('button', { name: 'Avisar a mi terapeuta en privado' }).click();
    await panel.getByText('Su terapeuta ha recibido el aviso.').waitFor();
    const alert = therapist.page.getByRole('alert').filter({ hasText: 'Lucía asked for crisis support' });
    await alert.waitFor();
    await alert.getByText('Location: Tucson, AZ').waitFor();
    await expectAccessible(therapist.page, 'therapist with a crisis alert (en)');
    await therapist.page.getByRole('button', { name: 'Acknowledge alert from Lucía' }).click();
    await panel.getByText('Su terapeuta ya lo vio y se pondrá en contacto con usted.').waitFor();
    await panel.getByRole('button', { name: 'Cerrar' }).click();

    // In the room, one notice for everyone: each reads it in their own language.
    await therapist.page.getByRole('button', { name: 'Admit Lucía' }).click();
    await page.locator('li.tile').first().waitFor({ timeout: 30_000 });
    await openTool(therapist.page, 'People');
    await therapist.page.getByRole('button', { name: 'Pause the group (short break)' }).click();
    await page.locator('.notices').getByText('El grupo está haciendo una breve pausa.').waitFor();
    await therapist.page.locator('.notices').getByText('The group is taking a short break.').waitFor();
    await therapist.page.getByRole('button', { name: 'End the break' }).click();
    await page.locator('.notices').getByText('El grupo ha vuelto de la pausa.').waitFor();
    await therapist.page.locator('.notices').getByText('The group is back from the break.').waitFor();
    expect(await lang(page)).toBe('es');
    expect(await lang(therapist.page)).toBe('en');
  });
});
