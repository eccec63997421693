/**
 * The room that the restart scenario and benchmark put through a crash: a therapist and two members
 * (Avery, Blake) of the embedded server process, the agenda running, Blake's hand up, and an open
 * crisis alert from Avery. And the room as the server stored it, read from a copy of its data folder.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import type { ServerProcess } from '@circle/testkit/serverProcess';
import { openDatabase } from '../../server/src/adapters/db/Db.js';
import { PgRoomStore } from '../../server/src/adapters/db/PgRoomStore.js';
import type { RoomState } from '../../server/src/domain/roomState.js';
import { checkInAsMember, openAs, openTool, waitForRemoteVideos, type Actor } from './index.js';

export interface RestartRoom {
  sessionId: string;
  therapist: Actor;
  avery: Actor;
  blake: Actor;
  /** Everyone, therapist first. */
  actors: Actor[];
}

/** A session and its invitation links, through the server's admin API. */
async function createSession(
  server: ServerProcess,
  members: string[],
): Promise<{ sessionId: string; therapistUrl: string; urls: Record<string, string> }> {
  const auth = { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' };
  const res = await fetch(`${server.url}/api/sessions`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ title: 'Thursday anxiety group' }),
  });
  if (!res.ok) throw new Error(`create session: ${res.status}`);
  const session = (await res.json()) as { id: string; therapistUrl: string };
  const urls: Record<string, string> = {};
  for (const name of members) {
    const r = await fetch(`${server.url}/api/sessions/${session.id}/invites`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ role: 'member', displayName: name }),
    });
    if (!r.ok) throw new Error(`invite ${name}: ${r.status}`);
    urls[name] = ((await r.json()) as { url: string }).url;
  }
  return { sessionId: session.id, therapistUrl: session.therapistUrl, urls };
}

/** Three people in a live room with video, the agenda running, a hand up and an open crisis alert. */
export async function openRestartRoom(browser: Browser, server: ServerProcess): Promise<RestartRoom> {
  const { sessionId, therapistUrl, urls } = await createSession(server, ['Avery', 'Blake']);
  const therapist = await openAs(browser, 'therapist', therapistUrl);
  const actors = [therapist];
  try {
    // Join once the camera preview plays: joining earlier publishes no camera (a client race outside this scenario).
    await therapist.page.waitForFunction(() =>
      Array.from(document.querySelectorAll('video')).some((v) => v.videoWidth > 0),
    );
    await therapist.page.getByRole('button', { name: 'Join the session' }).click();
    const [avery, blake] = [await openAs(browser, 'Avery', urls.Avery!), await openAs(browser, 'Blake', urls.Blake!)];
    actors.push(avery, blake);
    await checkInAsMember(avery.page, 'Portland, OR');
    await checkInAsMember(blake.page, 'Eugene, OR');
    await therapist.page.getByRole('button', { name: 'Admit Avery' }).click();
    await therapist.page.getByRole('button', { name: 'Admit Blake' }).click();
    await Promise.all(actors.map((a) => waitForRemoteVideos(a.page, 2)));

    await openTool(therapist.page, 'Agenda');
    await therapist.page.getByRole('button', { name: 'Use template' }).click();
    await therapist.page.getByRole('button', { name: 'Start agenda' }).click();
    await therapist.page.getByRole('timer', { name: 'Time left in this part' }).waitFor();

    await openTool(therapist.page, 'People');
    await blake.page.getByRole('button', { name: 'Raise hand' }).click();
    await therapist.page.getByRole('list', { name: 'Raised hands in order' }).getByText('Blake').waitFor();

    await avery.page.getByRole('button', { name: 'Crisis support' }).click();
    const panel = avery.page.getByRole('dialog', { name: 'You can get help right now' });
    await panel.getByRole('button', { name: 'Let my therapist know privately' }).click();
    await panel.getByText('Your therapist has been notified').waitFor();
    await panel.getByRole('button', { name: 'Close' }).click();
    await therapist.page.getByRole('alert').filter({ hasText: 'Avery asked for crisis support' }).waitFor();
    return { sessionId, therapist, avery, blake, actors };
  } catch (err) {
    for (const a of actors) await a.context.close().catch(() => undefined);
    throw err;
  }
}

/**
 * The room as stored in the server's data folder. Read from a copy, so the running server keeps its
 * folder to itself; taken while the server is down (after a SIGKILL), the copy is exactly what the
 * next start resumes from.
 */
export async function storedRoomState(dataDir: string, sessionId: string): Promise<RoomState | undefined> {
  const copy = path.join(mkdtempSync(path.join(os.tmpdir(), 'circle-data-copy-')), 'data');
  cpSync(dataDir, copy, { recursive: true });
  const db = await openDatabase({ kind: 'pglite', dataDir: copy });
  try {
    return await new PgRoomStore(db).load(sessionId);
  } finally {
    await db.close();
    rmSync(path.dirname(copy), { recursive: true, force: true });
  }
}

/** Raised hands in order, by name. */
export function handOrder(state: RoomState): string[] {
  return Object.values(state.participants)
    .filter((p) => p.handRaisedAt !== null)
    .sort((a, b) => (a.handRaisedAt ?? 0) - (b.handRaisedAt ?? 0))
    .map((p) => p.displayName);
}

/** Open crisis alerts (raised, not yet acknowledged or resolved), by the member's name. */
export function openCrisisAlerts(state: RoomState): string[] {
  return state.crisis
    .filter((a) => a.state === 'raised')
    .map((a) => state.participants[a.participantId]?.displayName ?? a.participantId);
}
