/**
 * The embedded server as it runs in production: its own process, PGlite in a data folder on disk,
 * the link-signing secret made on first start and kept in the database (no INVITE_SECRET). The
 * process is killed (SIGKILL: nothing flushed, nothing said) and started again over the same folder;
 * every link sent before the crash works as before, a revoked one does not, an ended session stays
 * ended and its record can still be exported. A data folder or a database that cannot be used stops
 * the start with a message naming the setting to look at.
 */
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bot, BotConnectError } from '@circle/testkit/bot';
import { freePort } from '@circle/testkit/redisServer';
import { runServerUntilExit, serverProcess, type ServerProcess } from '@circle/testkit/serverProcess';
import { checkInFor, waitFor } from './support/harness.js';

/** The token in an invitation link (it travels in the fragment). */
const tokenOf = (url: string): string => url.slice(url.indexOf('#') + 1);

describe('a restart of the embedded server (SIGKILL, same data folder)', () => {
  let server: ServerProcess;
  const bots: Bot[] = [];

  const api = async (method: string, route: string, body?: unknown): Promise<Response> =>
    fetch(`${server.url}/api${route}`, {
      method,
      headers: {
        authorization: `Bearer ${server.adminToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  const created = async <T>(res: Response): Promise<T> => {
    expect(res.status).toBe(201);
    return (await res.json()) as T;
  };

  const join = async (url: string, name: string): Promise<Bot> => {
    const bot = await Bot.connect(server.url, tokenOf(url), { name });
    bots.push(bot);
    await bot.nextEvent('room:state', () => true, { timeoutMs: 10_000 });
    return bot;
  };

  const refusal = async (url: string): Promise<string | undefined> => {
    const err = await Bot.connect(server.url, tokenOf(url)).then(
      (bot) => {
        bot.close();
        return undefined;
      },
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BotConnectError);
    return (err as BotConnectError).code;
  };

  beforeAll(async () => {
    server = await serverProcess();
    await server.start();
  }, 90_000);
  afterAll(async () => {
    for (const b of bots) b.close();
    await server?.close();
  });

  it('keeps sessions, invitation links, revocations and ended sessions', async () => {
    const group = await created<{ id: string; therapistUrl: string }>(
      await api('POST', '/sessions', { title: 'Tuesday skills group' }),
    );
    const invites: Record<string, { id: string; url: string }> = {};
    for (const [name, role] of [
      ['Alex', 'member'],
      ['Blake', 'member'],
      ['Casey', 'member'],
      ['Dr. Okafor', 'supervisor'],
    ] as const) {
      invites[name] = await created(await api('POST', `/sessions/${group.id}/invites`, { role, displayName: name }));
    }
    expect((await api('DELETE', `/sessions/${group.id}/invites/${invites.Casey!.id}`)).status).toBe(204);

    // A second session, held and ended before the crash.
    const ended = await created<{ id: string; therapistUrl: string }>(
      await api('POST', '/sessions', { title: 'Monday group' }),
    );
    const endedMember = await created<{ url: string }>(
      await api('POST', `/sessions/${ended.id}/invites`, { role: 'member', displayName: 'Robin' }),
    );
    const host = await join(ended.therapistUrl, 'host');
    await host.call('room:end', {});
    await host.nextEvent('session:ended');
    host.close();

    await server.kill();
    expect(server.running).toBe(false);
    // No INVITE_SECRET anywhere: the links below verify only with the secret kept in the database.
    await server.start();

    const therapist = await join(group.therapistUrl, 'therapist');
    expect(therapist.view?.you.role).toBe('therapist');
    const alex = await join(invites.Alex!.url, 'Alex');
    expect(alex.view?.you.displayName).toBe('Alex');
    const blake = await join(invites.Blake!.url, 'Blake');
    const supervisor = await join(invites['Dr. Okafor']!.url, 'Dr. Okafor');
    expect(supervisor.view?.you.role).toBe('supervisor');
    // The member links are whole invitations, not just a way in: Alex is checked in and admitted.
    expect((await alex.call('session:checkIn', checkInFor('Alex'))).status).toBe('waiting');
    await therapist.call('lobby:admit', { participantId: alex.participantId! });
    await waitFor(() => alex.view?.you.status === 'admitted', 10_000, 'Alex admitted');
    expect(blake.connected).toBe(true);

    expect(await refusal(invites.Casey!.url)).toBe('INVITE_INVALID');

    const detail = (await (await api('GET', `/sessions/${group.id}`)).json()) as {
      title: string;
      invites: { id: string; role: string; displayName: string; revoked: boolean }[];
    };
    expect(detail.title).toBe('Tuesday skills group');
    const byName = Object.fromEntries(detail.invites.map((i) => [i.displayName, i]));
    expect(Object.keys(byName).sort()).toEqual(['Alex', 'Blake', 'Casey', 'Dr. Okafor', 'Therapist'].sort());
    expect(byName.Casey).toMatchObject({ id: invites.Casey!.id, role: 'member', revoked: true });
    expect(byName['Dr. Okafor']).toMatchObject({ role: 'supervisor', revoked: false });
    expect(byName.Alex).toMatchObject({ id: invites.Alex!.id, revoked: false });

    expect(await refusal(ended.therapistUrl)).toBe('SESSION_ENDED');
    expect(await refusal(endedMember.url)).toBe('SESSION_ENDED');
    const record = await api('GET', `/sessions/${ended.id}/record`);
    expect(record.status).toBe(200);
    const body = (await record.json()) as { attendance: { displayName: string; leftAt: string | null }[] };
    expect(body.attendance.map((a) => a.displayName)).toContain('Therapist');
    expect(body.attendance.every((a) => a.leftAt !== null)).toBe(true);
  }, 120_000);
});

describe('a database that cannot be used stops the start', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'circle-bad-data-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('names DATA_DIR when the data folder is a file', async () => {
    const notAFolder = path.join(scratch, 'data');
    writeFileSync(notAFolder, 'not a folder');
    const exit = await runServerUntilExit({ DATA_DIR: notAFolder });
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(exit.stderr).toContain('Circle failed to start');
    expect(exit.stderr).toContain(`DATA_DIR=${notAFolder}`);
    expect(exit.stdout).not.toContain('Circle is running');
  });

  it('names DATABASE_URL when no PostgreSQL server answers there', async () => {
    const closed = await freePort();
    const exit = await runServerUntilExit({ DATABASE_URL: `postgres://circle@127.0.0.1:${closed}/circle` });
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(exit.stderr).toContain('Circle failed to start');
    expect(exit.stderr).toContain('DATABASE_URL');
    expect(exit.stdout).not.toContain('Circle is running');
  });
});
