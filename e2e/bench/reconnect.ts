/**
 * bench:reconnect: one node; a therapist and a member in Chromium; the member's browser goes
 * offline (Playwright setOffline) until both sides notice, then back online. Time = from network
 * back to new remote video playing on both sides. Several runs; prints p50, writes .bench/reconnect.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import {
  launchChromium,
  openAs,
  checkInAsMember,
  createSession,
  startServer,
  waitForRemoteVideos,
  participantIdOf,
} from '../support/index.js';
import { markCurrentVideos, waitForNewRemoteVideos } from '../support/videos.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);

async function once(): Promise<number> {
  const circle = await startServer({ E2EE: 'false' });
  const browser = await launchChromium();
  try {
    const { therapistUrl, urls } = await createSession(circle, [{ name: 'Avery', role: 'member' }]);
    const therapist = await openAs(browser, 'therapist', therapistUrl);
    await therapist.page.getByRole('button', { name: 'Join the session' }).click();
    const avery = await openAs(browser, 'Avery', urls.Avery!);
    await checkInAsMember(avery.page);
    await therapist.page.getByRole('button', { name: 'Admit Avery' }).click();
    await waitForRemoteVideos(therapist.page, 1);
    const averyId = await participantIdOf(avery.page);
    for (const p of [therapist.page, avery.page]) await markCurrentVideos(p);
    await avery.context.setOffline(true);
    await therapist.page
      .locator(`li.tile[data-participant="${averyId}"]`)
      .getByText('Reconnecting…')
      .waitFor({ timeout: 30_000 });
    await avery.page.getByRole('status').getByText('Reconnecting…').waitFor({ timeout: 30_000 });
    await avery.context.setOffline(false);
    const onlineAt = Date.now();
    await waitForNewRemoteVideos(therapist.page, 1, 60_000);
    return Date.now() - onlineAt;
  } finally {
    await browser.close();
    await circle.close();
  }
}

const times: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const ms = await once();
  times.push(ms);
  console.log(`bench:reconnect run ${i + 1}/${RUNS}: ${ms} ms from network back to video again`);
}
const sorted = [...times].sort((a, b) => a - b);
const p50 = sorted[Math.floor((sorted.length - 1) / 2)]!;
console.log(`bench:reconnect: p50 ${p50} ms over ${RUNS} runs: ${times.join(', ')} ms`);
mkdirSync('.bench', { recursive: true });
writeFileSync('.bench/reconnect.json', JSON.stringify({ runs: times, p50Ms: p50 }, null, 2));
