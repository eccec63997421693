import type { Page } from 'playwright-core';

/** Remember the media streams shown now, so "video again" means new ones, not frozen old ones. */
export async function markCurrentVideos(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __oldStreams?: Set<unknown>; __firstFrames?: unknown };
    w.__oldStreams = new Set(Array.from(document.querySelectorAll('video')).map((v) => v.srcObject));
    delete w.__firstFrames;
  });
}

/** Like waitForRemoteVideos, counting only videos fed by streams that were not marked. */
export async function waitForNewRemoteVideos(page: Page, count: number, timeoutMs: number): Promise<void> {
  await page.waitForFunction(
    (n) => {
      const w = window as unknown as { __oldStreams?: Set<unknown>; __newTimes?: Map<Element, number> };
      w.__newTimes ??= new Map();
      const videos = Array.from(
        document.querySelectorAll<HTMLVideoElement>('li.tile:not([aria-label*="(you)"]) video'),
      ).filter((v) => v.srcObject && !w.__oldStreams?.has(v.srcObject));
      const ready = videos.filter((v) => {
        const last = w.__newTimes!.get(v) ?? -1;
        w.__newTimes!.set(v, v.currentTime);
        return v.videoWidth > 0 && v.currentTime > 0 && v.currentTime > last;
      });
      return ready.length >= n;
    },
    count,
    { timeout: timeoutMs, polling: 200 },
  );
}

/**
 * When (epoch ms, the page's clock) this page had presented a first frame from `count` remote videos
 * fed by streams that were not marked (`markCurrentVideos`): the moment it showed everyone again.
 * Each new video is watched with requestVideoFrameCallback from the first look at it (every frame).
 */
export async function newRemoteVideoFramesAt(page: Page, count: number, timeoutMs: number): Promise<number> {
  const handle = await page.waitForFunction(
    (n) => {
      const w = window as unknown as {
        __oldStreams?: Set<unknown>;
        __firstFrames?: Map<HTMLVideoElement, number | null>;
      };
      const frames = (w.__firstFrames ??= new Map());
      for (const v of Array.from(
        document.querySelectorAll<HTMLVideoElement>('li.tile:not([aria-label*="(you)"]) video'),
      )) {
        if (!v.srcObject || w.__oldStreams?.has(v.srcObject) || frames.has(v)) continue;
        frames.set(v, null);
        v.requestVideoFrameCallback(() => frames.set(v, performance.timeOrigin + performance.now()));
      }
      const times = [...frames.values()].filter((t): t is number => t !== null).sort((a, b) => a - b);
      return times.length >= n ? times[n - 1] : false;
    },
    count,
    { timeout: timeoutMs, polling: 'raf' },
  );
  return (await handle.jsonValue()) as number;
}
