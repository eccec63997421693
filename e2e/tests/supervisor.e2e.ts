import { describe, expect, test } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { checkInAsMember, createSession, expectAccessible, openTool, useRoomHarness } from '../support/index.js';

/** Low in this test so that a dropped member shows up within seconds of the server noticing. */
const DISCONNECTED_SECONDS = 3;

/** The cell of `column` in the row of `person` in the supervisor's Connections table. */
async function figure(page: Page, person: string, column: string): Promise<Locator> {
  const table = page.getByRole('table', { name: 'Connections' });
  await table.waitFor({ timeout: 30_000 });
  const headers = (await table.getByRole('columnheader').allTextContents()).map((h) => h.trim());
  const index = headers.indexOf(column);
  if (index < 1) throw new Error(`no column ${column} in ${headers.join(', ')}`);
  // The first column is the row header (the person), not a cell.
  return table
    .getByRole('row', { name: new RegExp(`^${person}\\b`) })
    .getByRole('cell')
    .nth(index - 1);
}

describe('a supervisor watches the session’s health', () => {
  const h = useRoomHarness({ ALERT_DISCONNECTED_SECONDS: String(DISCONNECTED_SECONDS) });

  test('bitrates for two members, a connection indicator for the therapist, an alert when a member goes offline, and a private staff line', async () => {
    const { therapistUrl, urls } = await createSession(h.circle, [
      { name: 'Alex', role: 'member' },
      { name: 'Sam', role: 'member' },
      { name: 'Dr. Okafor', role: 'supervisor' },
    ]);
    const therapist = await h.open('therapist', therapistUrl);
    const supervisor = await h.open('supervisor', urls['Dr. Okafor']!);
    const alex = await h.open('Alex', urls.Alex!);
    const sam = await h.open('Sam', urls.Sam!);
    await therapist.page.getByRole('button', { name: 'Join the session' }).click();
    await supervisor.page.getByRole('button', { name: 'Join the session' }).click();
    await checkInAsMember(alex.page, 'Portland, OR');
    await checkInAsMember(sam.page, 'Austin, TX');
    await therapist.page.getByRole('button', { name: 'Admit all' }).click();

    // The supervisor sees both members sending (their cameras), in figures the SFU measured.
    const sup = supervisor.page;
    await sup.getByRole('heading', { name: 'Session health' }).waitFor();
    for (const member of ['Alex', 'Sam']) {
      const sending = await figure(sup, member, 'Sending');
      await sending.filter({ hasText: /^[1-9]\d* kbps$/ }).waitFor({ timeout: 60_000 });
      const receiving = await figure(sup, member, 'Receiving');
      await receiving.filter({ hasText: /^[1-9]\d* kbps$/ }).waitFor({ timeout: 60_000 });
    }
    await sup.getByRole('figure').filter({ hasText: 'Sending' }).waitFor();
    expect(await sup.getByRole('term').filter({ hasText: 'Media server CPU' }).count()).toBe(1);
    // Each chart has its figures as a table, one row a minute, timed in hours and minutes (no seconds).
    const roundTrip = sup.getByRole('figure').filter({ hasText: 'Round trip' });
    await roundTrip.getByText('Round trip: figures by minute').click();
    const minutes = await roundTrip.getByRole('table').getByRole('rowheader').allTextContents();
    expect(minutes.length).toBeGreaterThan(0);
    for (const m of minutes) expect(m).toMatch(/^\d{1,2}:\d{2}(\s?[AP]M)?$/);
    await expectAccessible(sup, 'supervisor session health');

    // The therapist's roster shows each member's connection as good, fair or poor.
    const roster = therapist.page.getByRole('region', { name: 'People' });
    await roster
      .getByText(/^Connection (good|fair|poor)$/)
      .first()
      .waitFor({ timeout: 30_000 });

    // Alex's browser goes offline: the server notices (socket.io ping timeout, ~10 s), then the threshold passes.
    await alex.context.setOffline(true);
    const alerts = sup.getByRole('list', { name: /^Connection alerts/ });
    await alerts
      .getByRole('listitem')
      .filter({
        hasText: new RegExp(
          `^Disconnected · Alex · for more than ${DISCONNECTED_SECONDS} s · \\d{1,2}:\\d{2}.* · open$`,
        ),
      })
      .waitFor({ timeout: 60_000 });
    const alexRow = sup.getByRole('table', { name: 'Connections' }).getByRole('row', { name: /^Alex\b/ });
    await alexRow.getByRole('cell', { name: 'disconnected' }).waitFor();

    // The private staff line: the supervisor writes, the therapist reads, the members see nothing of it.
    const note = 'Alex dropped: please text them after the group';
    await openTool(sup, 'Chat & messages');
    await sup.getByLabel('Message to staff').fill(note);
    await sup.getByRole('button', { name: 'Send to staff' }).click();
    // Whichever tab the therapist has open, the Chat & messages tab says something new came.
    await therapist.page.getByRole('tab', { name: /^Chat & messages.*1 new/ }).waitFor();
    await openTool(therapist.page, 'Chat & messages');
    await therapist.page.getByRole('tab', { name: 'Chat & messages', exact: true }).waitFor();
    await therapist.page.getByRole('list', { name: 'Staff messages' }).getByText(note).waitFor();
    const samText = await sam.page.evaluate(() => document.body.innerText);
    expect(samText).not.toContain(note);
    expect(samText).not.toMatch(/Staff line|Session health|Connection alerts/);
  });
});
