/**
 * Background blur/replacement and noise suppression, in real Chromium through the real SFU.
 *
 * The therapist sends; the member Alex receives, and what Alex's browser decodes is what we look at.
 * Chromium's fake camera draws a test pattern with no person in it, so MediaPipe's mask is (almost)
 * all background and the honest checks are:
 *   1. the segmentation path is live: masks are produced and measured (person coverage is low);
 *   2. the published camera track is the pipeline's canvas track, not the raw camera;
 *   3. what Alex receives has lost the pattern's fine detail (sharpness well below the same view with
 *      blur off) while it is still the same scene: the centre's mean colour stays near the unblurred one;
 *   4. replacement: Alex sees the calm built-in background's colours instead of the pattern.
 * A person's face staying sharp is covered by the compositing rule (planFrame, unit-tested): pixels
 * under the mask come from the sharp frame; a fake camera cannot show it.
 *
 * Noise suppression is on by default: the microphone producer's track is the AudioWorklet's output
 * (a MediaStreamAudioDestinationNode track, not the raw microphone), the worklet is processing
 * frames, and Alex receives the audio. Switched off, the raw microphone goes out; on, the worklet's.
 *
 * Figures (printed, not asserted): the sender's frame rate and CPU with blur on and off at 640×360.
 */
import { describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  checkInAsMember,
  chooseFromMore,
  createSession,
  participantIdOf,
  pollUntil,
  useRoomHarness,
  waitForAudioFrom,
  waitForRemoteVideos,
} from '../support/index.js';

interface Diagnostics {
  background: string;
  rawVideoId: string | null;
  outgoingVideoId: string | null;
  rawAudioId: string | null;
  outgoingAudioId: string | null;
  video: {
    segmenter: string;
    masks: number;
    framesOut: number;
    personCoverage: number | null;
    segmentMs: number;
    composeMs: number;
    width: number;
    height: number;
  } | null;
  audio: { frames: number; underruns: number; delaySamples: number; voice: number } | null;
}
interface CircleWindow {
  circle: {
    effectsDiagnostics(): Diagnostics;
    publishedTrackIds(): { mic: string | null; camera: string | null };
    transportStats(): Promise<RTCStatsReport[]>;
  };
}

const diagnostics = (page: Page) =>
  page.evaluate(() => (window as unknown as CircleWindow).circle.effectsDiagnostics());
const published = (page: Page) => page.evaluate(() => (window as unknown as CircleWindow).circle.publishedTrackIds());

interface FrameLook {
  /**
   * Share of neighbouring-pixel steps steeper than 20 luminance levels: hard edges. (Blur keeps the
   * total change across an edge, so a mean gradient would not drop; steep steps do.)
   */
  sharpness: number;
  /** Mean RGB of the middle third of the picture. */
  centre: [number, number, number];
  /** Mean RGB of the whole picture. */
  mean: [number, number, number];
}

/** Looks at a <video> over `frames` animation frames (the pattern moves) and averages. */
async function look(page: Page, selector: string, frames = 8): Promise<FrameLook> {
  return page.evaluate(
    async ({ selector, frames }) => {
      const video = document.querySelector<HTMLVideoElement>(selector);
      if (!video || video.videoWidth === 0) throw new Error(`no playing video at ${selector}`);
      // At the video's own size: a blur spreads an edge over many pixels, each step small.
      const w = video.videoWidth;
      const h = video.videoHeight;
      const canvas = document.createElement('canvas');
      canvas.width = w;
      canvas.height = h;
      const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
      let sharp = 0;
      let centreCount = 0;
      const centre = [0, 0, 0];
      const mean = [0, 0, 0];
      for (let f = 0; f < frames; f++) {
        // Each sample is a new decoded frame (waited for, not timed), a few frames apart.
        for (let k = 0; k < 3; k++) await new Promise<void>((r) => video.requestVideoFrameCallback(() => r()));
        ctx.drawImage(video, 0, 0, w, h);
        const d = ctx.getImageData(0, 0, w, h).data;
        const lum = (i: number) => 0.299 * d[i]! + 0.587 * d[i + 1]! + 0.114 * d[i + 2]!;
        let steep = 0;
        for (let y = 0; y < h - 1; y++)
          for (let x = 0; x < w - 1; x++) {
            const i = (y * w + x) * 4;
            steep += (Math.abs(lum(i) - lum(i + 4)) > 20 ? 1 : 0) + (Math.abs(lum(i) - lum(i + w * 4)) > 20 ? 1 : 0);
            for (let c = 0; c < 3; c++) mean[c]! += d[i + c]!;
            if (x >= w / 3 && x < (2 * w) / 3 && y >= h / 3 && y < (2 * h) / 3) {
              for (let c = 0; c < 3; c++) centre[c]! += d[i + c]!;
              centreCount++;
            }
          }
        sharp += steep / ((w - 1) * (h - 1) * 2);
      }
      const pixels = (w - 1) * (h - 1) * frames;
      return {
        sharpness: sharp / frames,
        centre: centre.map((v) => v / centreCount) as [number, number, number],
        mean: mean.map((v) => v / pixels) as [number, number, number],
      };
    },
    { selector, frames },
  );
}

const distance = (a: readonly number[], b: readonly number[]) =>
  Math.sqrt(a.reduce((sum, v, i) => sum + (v - (b[i] ?? 0)) ** 2, 0));

interface SenderFigures {
  fps: number;
  framesPerSecondOut: number;
  /** The sender's renderer main thread: busy share of wall time. */
  cpu: number;
  /** Every Chromium process (both pages, GPU, network): cores used. */
  browserCores: number;
}

/** The sender's top-layer frame rate (outbound-rtp), its renderer's main-thread share and the browser's CPU over `ms`. */
async function measureSender(browser: Browser, page: Page, ms: number): Promise<SenderFigures> {
  const system = await browser.newBrowserCDPSession();
  const browserCpu = async () => {
    const { processInfo } = (await system.send('SystemInfo.getProcessInfo')) as { processInfo: { cpuTime: number }[] };
    return processInfo.reduce((sum, p) => sum + p.cpuTime, 0);
  };
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
  };
  const framesEncoded = () =>
    page.evaluate(async () => {
      let most = 0;
      for (const report of await (window as unknown as CircleWindow).circle.transportStats())
        report.forEach((s: { type: string; kind?: string; framesEncoded?: number }) => {
          if (s.type === 'outbound-rtp' && s.kind === 'video') most = Math.max(most, s.framesEncoded ?? 0);
        });
      return most;
    });
  const before = { m: await metrics(), frames: await framesEncoded(), cpu: await browserCpu(), at: Date.now() };
  const diagBefore = await diagnostics(page);
  await new Promise((r) => setTimeout(r, ms));
  const after = { m: await metrics(), frames: await framesEncoded(), cpu: await browserCpu(), at: Date.now() };
  const diagAfter = await diagnostics(page);
  await cdp.detach();
  await system.detach();
  const seconds = (after.at - before.at) / 1000;
  return {
    fps: (after.frames - before.frames) / seconds,
    framesPerSecondOut:
      diagAfter.video && diagBefore.video ? (diagAfter.video.framesOut - diagBefore.video.framesOut) / seconds : 0,
    cpu: ((after.m.TaskDuration ?? 0) - (before.m.TaskDuration ?? 0)) / seconds,
    browserCores: (after.cpu - before.cpu) / seconds,
  };
}

describe('comfort features: background effects and noise suppression', () => {
  const h = useRoomHarness();

  test('blur and replacement change what the others receive; noise suppression publishes the worklet’s track', async () => {
    const { therapistUrl, urls } = await createSession(h.circle, [{ name: 'Alex', role: 'member' }]);
    const therapist = await h.open('therapist', therapistUrl);
    await therapist.page.getByRole('button', { name: 'Join the session' }).click();
    const alex = await h.open('Alex', urls.Alex!);
    await checkInAsMember(alex.page, 'Portland, OR');
    await therapist.page.getByRole('button', { name: 'Admit Alex' }).click();
    await waitForRemoteVideos(alex.page, 1);
    const therapistId = await participantIdOf(therapist.page);
    const remoteTile = `li.tile[data-participant="${therapistId}"]`;
    const received = `${remoteTile} video`;
    // A large tile at Alex's, so the SFU forwards the top layer in both phases.
    await alex.page.evaluate((sel) => {
      const el = document.querySelector<HTMLElement>(sel);
      if (el) el.style.width = '640px';
    }, remoteTile);
    // The camera at 640×360, the size the figures are for.
    await therapist.page.evaluate(async () => {
      const v = document.querySelector<HTMLVideoElement>('li.tile[aria-label*="(you)"] video');
      const track = (v?.srcObject as MediaStream | null)?.getVideoTracks()[0];
      await track?.applyConstraints({ width: 640, height: 360 });
    });

    // ---- Noise suppression: on by default, the worklet's track is what the microphone producer sends.
    const ns = await pollUntil(async () => {
      const [d, p] = await Promise.all([diagnostics(therapist.page), published(therapist.page)]);
      return d.audio && d.audio.frames > 0 && p.mic ? { d, p } : null;
    }, 20_000);
    expect(ns.d.outgoingAudioId).not.toBe(ns.d.rawAudioId);
    expect(ns.p.mic).toBe(ns.d.outgoingAudioId);
    expect(ns.d.audio?.delaySamples).toBe(448);
    const micLabel = await therapist.page.evaluate(() => {
      const v = document.querySelector<HTMLVideoElement>('li.tile[aria-label*="(you)"] video');
      return (v?.srcObject as MediaStream | null)?.getVideoTracks()[0]?.label ?? '';
    });
    console.log(`[e2e] raw camera: ${micLabel}; mic raw ${ns.d.rawAudioId} → published ${ns.p.mic} (worklet output)`);
    await therapist.page.getByRole('button', { name: 'Unmute microphone' }).click();
    await waitForAudioFrom(alex.page, [therapistId]);

    // Switched off: the raw microphone goes out; on again: the worklet's track.
    await chooseFromMore(therapist.page, 'Background and noise');
    const nsSwitch = therapist.page.getByRole('switch', { name: 'Noise suppression' });
    await expect.poll(() => nsSwitch.getAttribute('aria-checked')).toBe('true');
    await nsSwitch.click();
    await pollUntil(async () => {
      const [d, p] = await Promise.all([diagnostics(therapist.page), published(therapist.page)]);
      return p.mic === d.rawAudioId ? true : null;
    }, 10_000);
    await nsSwitch.click();
    const nsAgain = await pollUntil(async () => {
      const [d, p] = await Promise.all([diagnostics(therapist.page), published(therapist.page)]);
      return d.outgoingAudioId !== d.rawAudioId && p.mic === d.outgoingAudioId && (d.audio?.frames ?? 0) > 0 ? d : null;
    }, 10_000);
    expect(nsAgain.audio?.underruns).toBe(0);
    // The choice is remembered in this browser.
    expect(await therapist.page.evaluate(() => localStorage.getItem('circle.effects'))).toContain(
      '"noiseSuppression":true',
    );

    // ---- Blur off: what Alex receives, and the sender's figures.
    const raw = await look(therapist.page, 'li.tile[aria-label*="(you)"] video');
    const off = await look(alex.page, received);
    const offFigures = await measureSender(h.browser, therapist.page, 8_000);

    // ---- Blur on.
    await therapist.page.getByRole('switch', { name: 'Blur my background' }).click();
    const blurred = await pollUntil(async () => {
      const [d, p] = await Promise.all([diagnostics(therapist.page), published(therapist.page)]);
      return d.video && d.video.masks >= 12 && d.video.personCoverage !== null && p.camera === d.outgoingVideoId
        ? d
        : null;
    }, 60_000);
    expect(blurred.outgoingVideoId).not.toBe(blurred.rawVideoId);
    expect(blurred.video?.segmenter).toBe('ready');
    // No person in front of the fake camera: the mask calls little of the frame "person".
    expect(blurred.video!.personCoverage!).toBeLessThan(0.3);
    // Give the SFU and Alex's decoder a moment on the new track, then look.
    await pollUntil(
      async () => ((await look(alex.page, received, 3)).sharpness < off.sharpness * 0.4 ? true : null),
      20_000,
      500,
    );
    const on = await look(alex.page, received);
    const onFigures = await measureSender(h.browser, therapist.page, 8_000);
    const after = await diagnostics(therapist.page);

    console.log(
      `[e2e] sharpness raw ${raw.sharpness.toFixed(4)}, received blur off ${off.sharpness.toFixed(4)}, blur on ${on.sharpness.toFixed(4)}; ` +
        `centre colour shift ${distance(on.centre, off.centre).toFixed(1)} (blur) of 441 max`,
    );
    expect(on.sharpness).toBeLessThan(off.sharpness * 0.4);
    // Still the same scene, not a replacement or a black frame.
    expect(distance(on.mean, off.mean)).toBeLessThan(40);

    // ---- Replace: the calm built-in background (sage to sand) instead of the pattern.
    await therapist.page.getByRole('switch', { name: 'Replace my background' }).click();
    const calm = [(0xb8 + 0xe9) / 2, (0xc9 + 0xdf) / 2, (0xb5 + 0xc9) / 2];
    const replaced = await pollUntil(
      async () => {
        const l = await look(alex.page, received, 3);
        return distance(l.mean, calm) < 30 ? l : null;
      },
      20_000,
      500,
    );
    expect(await therapist.page.getByRole('switch', { name: 'Blur my background' }).getAttribute('aria-checked')).toBe(
      'false',
    );
    console.log(
      `[e2e] replaced: received mean colour ${replaced.mean.map((v) => v.toFixed(0)).join(',')} (calm ${calm.join(',')})`,
    );

    // ---- Off: the raw camera goes out again.
    await therapist.page.getByRole('switch', { name: 'Replace my background' }).click();
    await pollUntil(async () => {
      const [d, p] = await Promise.all([diagnostics(therapist.page), published(therapist.page)]);
      return p.camera === d.rawVideoId ? true : null;
    }, 10_000);

    const row = (name: string, f: SenderFigures) =>
      `[bench] ${name}: sender encodes ${f.fps.toFixed(1)} fps${f.framesPerSecondOut ? ` (canvas composites ${f.framesPerSecondOut.toFixed(1)}/s)` : ''}, sender renderer main thread busy ${(f.cpu * 100).toFixed(0)}%, whole browser ${(f.browserCores * 100).toFixed(0)}% of one core`;
    console.log(row('blur off, 640x360', offFigures));
    console.log(row('blur on,  640x360', onFigures));
    console.log(
      `[bench] segmentation ${after.video?.segmentMs.toFixed(1)} ms/mask (${((after.video?.masks ?? 0) / 1).toFixed(0)} masks), composite ${after.video?.composeMs.toFixed(2)} ms/frame at ${after.video?.width}x${after.video?.height}`,
    );
    console.log(
      `[bench] noise suppression: ${nsAgain.audio?.delaySamples} samples rechunking delay = ${(((nsAgain.audio?.delaySamples ?? 0) / 48_000) * 1000).toFixed(2)} ms at 48 kHz, underruns ${nsAgain.audio?.underruns}`,
    );
  });
});
