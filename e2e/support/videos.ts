import type { Page } from 'playwright-core';

/** Remember the media streams shown now, so "video again" means new ones, not frozen old ones. */
export async function markCurrentVideos(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __oldStreams?: Set<unknown> };
    w.__oldStreams = new Set(Array.from(document.querySelectorAll('video')).map((v) => v.srcObject));
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
