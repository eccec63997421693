/**
 * Two Circle nodes (separate processes) behind one address, sharing a real redis-server. Three
 * people are in a room; the node running it is killed (SIGKILL). Every browser reconnects on its
 * own, reaches the surviving node, which takes the room over from Redis, and sees video again;
 * the agenda and the raised hands are as they were.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { checkInAsMember, launchChromium, openAs, waitForRemoteVideos, type Actor } from '../support/index.js';
import { markCurrentVideos, waitForNewRemoteVideos } from '../support/videos.js';
import { createClusterSession, startCluster, type TestCluster } from '../support/cluster.js';

type Stored = {
  agenda: { status: string; current: number; items: { title: string }[] };
  participants: Record<string, { displayName: string; handRaisedAt: number | null; role: string }>;
};

/** Raised hands in order, by name, from the stored room state. */
function handOrder(s: Stored): string[] {
  return Object.values(s.participants)
    .filter((p) => p.handRaisedAt !== null)
    .sort((a, b) => (a.handRaisedAt ?? 0) - (b.handRaisedAt ?? 0))
    .map((p) => p.displayName);
}

async function request(page: Page, event: string, payload: unknown): Promise<{ ok: boolean }> {
  return page.evaluate(
    ([e, p]) =>
      (window as unknown as { circle: { request(e: string, p: unknown): Promise<{ ok: boolean }> } }).circle.request(
        e as string,
        p,
      ),
    [event, payload] as const,
  );
}

describe('failover between two nodes', () => {
  let cluster: TestCluster;
  let browser: Browser;
  const actors: Actor[] = [];

  beforeAll(async () => {
    cluster = await startCluster(['a', 'b']);
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const a of actors) await a.context.close().catch(() => undefined);
    await browser?.close();
    await cluster?.close();
  });

  test('the owner node is killed: everyone sees video again, agenda and queue intact', async () => {
    const { sessionId, therapistUrl, urls } = await createClusterSession(cluster, [
      { name: 'Avery', role: 'member' },
      { name: 'Blake', role: 'member' },
    ]);
    const therapist = await openAs(browser, 'therapist', therapistUrl);
    actors.push(therapist);
    // Join once the camera preview plays: joining earlier publishes no camera (a client race outside this test).
    await therapist.page.waitForFunction(() =>
      Array.from(document.querySelectorAll('video')).some((v) => v.videoWidth > 0),
    );
    await therapist.page.getByRole('button', { name: 'Join the session' }).click();
    const members: Actor[] = [];
    for (const name of ['Avery', 'Blake']) {
      const m = await openAs(browser, name, urls[name]!);
      actors.push(m);
      members.push(m);
      await checkInAsMember(m.page);
    }
    await therapist.page.getByText('Portland, OR').first().waitFor();
    await therapist.page.getByRole('button', { name: 'Admit Avery' }).click();
    await therapist.page.getByRole('button', { name: 'Admit Blake' }).click();
    await Promise.all(actors.map((a) => waitForRemoteVideos(a.page, 2)));

    expect(
      (
        await request(therapist.page, 'agenda:set', {
          items: [
            { title: 'Check-in', plannedMinutes: 10, policy: 'open' },
            { title: 'Sharing', plannedMinutes: 40, policy: 'open' },
          ],
        })
      ).ok,
    ).toBe(true);
    expect((await request(therapist.page, 'agenda:start', {})).ok).toBe(true);
    expect((await request(therapist.page, 'agenda:next', {})).ok).toBe(true);
    const [avery, blake] = members as [Actor, Actor];
    await blake.page.getByRole('button', { name: 'Raise hand' }).click();
    await avery.page.getByRole('list', { name: 'Raised hands in order' }).getByText('Blake').waitFor();
    await avery.page.getByRole('button', { name: 'Raise hand' }).click();
    await blake.page.getByRole('list', { name: 'Raised hands in order' }).getByText('Avery').waitFor();

    const before = (await cluster.storedState(sessionId)) as Stored;
    expect(before.agenda.current).toBe(1);
    expect(handOrder(before)).toEqual(['Blake', 'Avery']);

    for (const a of actors) await markCurrentVideos(a.page);
    const owner = await cluster.ownerOf(sessionId);
    expect(owner === 'a' || owner === 'b').toBe(true);
    await cluster.kill(owner!);
    const killedAt = Date.now();

    // Each browser notices, reconnects through the front door and gets its media back.
    for (const a of actors)
      await a.page.getByRole('status').getByText('Reconnecting…').first().waitFor({ timeout: 30_000 });
    await Promise.all(actors.map((a) => waitForNewRemoteVideos(a.page, 2, 90_000)));
    console.log(`failover: video back in every browser ${Date.now() - killedAt} ms after the kill`);

    const survivor = owner === 'a' ? 'b' : 'a';
    expect(await cluster.ownerOf(sessionId)).toBe(survivor);
    const after = (await cluster.storedState(sessionId)) as Stored;
    expect(after.agenda).toEqual(before.agenda);
    expect(handOrder(after)).toEqual(['Blake', 'Avery']);
    await therapist.page.getByRole('list', { name: 'Raised hands in order' }).getByText('Blake').waitFor();
  });
});
