import { test } from 'vitest';
import type { Page } from 'playwright-core';
import { checkInAsMember, createSession, useRoomHarness } from '../support/index.js';

const OUT = '/tmp/wtpre-shots';
const h = useRoomHarness();

async function ctx(url: string, w: number, hgt: number) {
  const c = await h.browser.newContext({ viewport: { width: w, height: hgt } });
  await c.grantPermissions(['camera', 'microphone']);
  const page = await c.newPage();
  page.on('pageerror', (e) => console.log('pageerror', e.message));
  await page.goto(url);
  return { c, page };
}
async function rect(page: Page, name: string) {
  return page.getByRole('button', { name }).evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { top: Math.round(r.top), bottom: Math.round(r.bottom), vh: innerHeight, sw: document.documentElement.scrollWidth, sh: document.documentElement.scrollHeight };
  });
}

test('shots', async () => {
  const { therapistUrl, urls } = await createSession(h.circle, [
    { name: 'Alex', role: 'member' },
    { name: 'Dr. Okafor', role: 'supervisor' },
  ]);
  for (const [w, hh] of [[1366, 768], [1024, 700], [375, 812], [320, 640]] as const) {
    const { c, page } = await ctx(urls.Alex!, w, hh);
    await page.getByLabel('Your camera preview').waitFor();
    await page.waitForTimeout(1500);
    console.log(`member ${w}x${hh}`, JSON.stringify(await rect(page, 'Continue')));
    await page.screenshot({ path: `${OUT}/prejoin-member-${w}x${hh}.png` });
    if (w === 375) {
      await page.getByRole('button', { name: 'Check my connection' }).click();
      await page.getByText(/Your connection is|could not connect/).waitFor({ timeout: 30_000 });
      console.log('verdict', await page.locator('.verdict').innerText());
      await page.getByRole('switch', { name: 'Camera when you join' }).click();
      await page.getByRole('button', { name: 'Play test sound' }).click();
      await page.waitForTimeout(300);
      await page.screenshot({ path: `${OUT}/prejoin-member-375-checked.png` });
      await page.screenshot({ path: `${OUT}/prejoin-member-375-checked-full.png`, fullPage: true });
    }
    await c.close();
  }
  const t = await ctx(therapistUrl, 1366, 768);
  await t.page.getByLabel('Your camera preview').waitFor();
  await t.page.waitForTimeout(1000);
  console.log('therapist 1366', JSON.stringify(await rect(t.page, 'Join the session')));
  await t.page.screenshot({ path: `${OUT}/prejoin-therapist-1366x768.png` });
  await t.page.setViewportSize({ width: 1024, height: 700 });
  await t.page.waitForTimeout(300);
  console.log('therapist 1024', JSON.stringify(await rect(t.page, 'Join the session')));
  await t.page.screenshot({ path: `${OUT}/prejoin-therapist-1024x700.png` });
  await t.page.setViewportSize({ width: 375, height: 812 });
  await t.page.waitForTimeout(300);
  console.log('therapist 375', JSON.stringify(await rect(t.page, 'Join the session')));
  await t.page.screenshot({ path: `${OUT}/prejoin-therapist-375x812.png` });
  await t.page.setViewportSize({ width: 1366, height: 768 });
  if (process.env.SHOTS === 'prejoin') return;
  await t.page.getByRole('button', { name: 'Join the session' }).click();

  const s = await ctx(urls['Dr. Okafor']!, 1366, 768);
  await s.page.getByRole('button', { name: 'Join the session' }).click();
  const a = await ctx(urls.Alex!, 1280, 800);
  await checkInAsMember(a.page);
  await t.page.getByRole('button', { name: 'Admit all' }).click();
  await s.page.getByRole('heading', { name: 'Session health' }).waitFor();
  await s.page.waitForTimeout(70_000);
  await s.page.screenshot({ path: `${OUT}/supervisor-1366x768.png` });
  await s.page.getByRole('heading', { name: 'The last 10 minutes' }).scrollIntoViewIfNeeded();
  await s.page.screenshot({ path: `${OUT}/supervisor-charts-1366x768.png` });
  await s.page.screenshot({ path: `${OUT}/supervisor-full.png`, fullPage: true });
  await s.page.getByText('Round trip: figures by minute').click();
  await s.page.getByText('Round trip: figures by minute').scrollIntoViewIfNeeded();
  await s.page.screenshot({ path: `${OUT}/supervisor-table-1366x768.png` });
}, 240_000);
