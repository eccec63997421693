import { describe, expect, test } from 'vitest';
import type { MediaRoom } from '../../server/src/adapters/media/MediaRoom.js';
import {
  checkInAsMember,
  createSession,
  participantIdOf,
  pollUntil,
  waitForRemoteVideos,
  useRoomHarness,
  chooseFromMore,
} from '../support/index.js';

describe('simulcast layers follow tile sizes; audio-only stops video', () => {
  // A server with E2EE=false: the plain path stays covered (every other browser test has it on).
  const h = useRoomHarness({ E2EE: 'false' });

  test('a receiver shrinks a tile and the SFU switches it to a lower layer; audio-only stops sending video', async () => {
    const { sessionId, therapistUrl, urls } = await createSession(h.circle, [{ name: 'Alex', role: 'member' }]);
    const therapist = await h.open('therapist', therapistUrl);
    await therapist.page.getByRole('button', { name: 'Join the session' }).click();

    const alex = await h.open('Alex', urls.Alex!);
    // The connection check in the pre-join screen: a loopback through the SFU before admission.
    await alex.page.getByRole('button', { name: 'Check my connection' }).click();
    await alex.page.getByText(/Your connection is (good|fair|slow)/).waitFor({ timeout: 30_000 });
    await checkInAsMember(alex.page, 'Portland, OR');
    await therapist.page.getByRole('button', { name: 'Admit Alex' }).click();
    await waitForRemoteVideos(therapist.page, 1);

    const [therapistId, alexId] = await Promise.all([participantIdOf(therapist.page), participantIdOf(alex.page)]);
    const actor = await h.circle.sessions.get(sessionId);
    const media: MediaRoom | null | undefined = actor?.mediaRoom;
    if (!media) throw new Error('no media room');

    // Alex's camera is simulcast: three encodings at the SFU.
    const camera = media.producersOf(alexId).find((p) => p.kind === 'video');
    expect(camera?.rtpParameters.encodings?.length).toBe(3);
    const videoConsumer = () => media.consumerLayers(therapistId).find((c) => c.owner === alexId && c.kind === 'video');
    expect(videoConsumer()?.type).toBe('simulcast');

    const tile = `li.tile[data-participant="${alexId}"]`;
    // Large: the top layer is asked for.
    await therapist.page.evaluate((sel) => {
      const el = document.querySelector<HTMLElement>(sel);
      if (!el) throw new Error(`no tile ${sel}`);
      el.style.width = '640px';
    }, tile);
    await pollUntil(async () => (videoConsumer()?.preferredLayers?.spatialLayer === 2 ? true : null), 15_000);
    // …and received: a laptop's camera (captured at 960x540) sends all three layers, so the large
    // tile gets the top one (from a 640x480 capture Chromium sent two, and no tile got more than 240 lines).
    await pollUntil(async () => (videoConsumer()?.currentLayers?.spatialLayer === 2 ? true : null), 30_000);
    const before = videoConsumer()!.currentLayers!.spatialLayer;
    // Lines of Alex's picture as the therapist's browser decodes it.
    const decodedHeight = () =>
      therapist.page.evaluate(
        (sel) => document.querySelector<HTMLVideoElement>(`${sel} video`)?.videoHeight ?? 0,
        tile,
      );
    const frameHeight = await decodedHeight();
    await pollUntil(async () => ((await decodedHeight()) >= 480 ? true : null), 15_000);
    console.log(
      `[e2e] Alex's camera at the therapist's 640px tile: layer 2 (${frameHeight} lines when the SFU switched)`,
    );

    // The therapist's tile for Alex shrinks to a thumbnail: the server picks the lowest layer.
    await therapist.page.evaluate((sel) => {
      const el = document.querySelector<HTMLElement>(sel);
      if (!el) throw new Error(`no tile ${sel}`);
      el.style.width = '120px';
    }, tile);
    await pollUntil(async () => (videoConsumer()?.preferredLayers?.spatialLayer === 0 ? true : null), 15_000);
    await pollUntil(async () => (videoConsumer()?.currentLayers?.spatialLayer === 0 ? true : null), 30_000);
    console.log(`[e2e] Alex's tile at the therapist: spatial layer ${before} (640px wide) → 0 (120px wide)`);

    // Alex goes audio-only: the SFU pauses their camera and the therapist sees the badge.
    await chooseFromMore(alex.page, 'Audio only');
    await alex.page.getByRole('button', { name: 'Turn video back on' }).first().waitFor();
    await pollUntil(
      async () => (media.producersOf(alexId).find((p) => p.kind === 'video')?.paused ? true : null),
      10_000,
    );
    await therapist.page.getByRole('listitem', { name: /Alex.*audio only/ }).waitFor();
    // The browser stops sending video (a paused producer sends nothing): its video byte count holds
    // still (grows by less than 5 kB) for 1.5 s in a row, within 15 s of the click.
    const sentVideoBytes = () =>
      alex.page.evaluate(() =>
        (window as unknown as { circle: { outboundVideoBytes(): Promise<number> } }).circle.outboundVideoBytes(),
      );
    let mark = { bytes: await sentVideoBytes(), at: Date.now() };
    const grewWhilePaused = await pollUntil(async () => {
      const bytes = await sentVideoBytes();
      if (bytes - mark.bytes >= 5_000) {
        mark = { bytes, at: Date.now() };
        return null;
      }
      return Date.now() - mark.at >= 1_500 ? bytes - mark.bytes : null;
    }, 15_000);
    expect(grewWhilePaused).toBeLessThan(5_000);
  });
});
