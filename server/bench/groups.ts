/**
 * bench:groups: what a therapist waits for on a big group's page (issue 20), beside a bare baseline
 * in the same run.
 *
 * One Circle server in this process (PGlite in memory, one mediasoup worker), its clock moved by the
 * bench. A closed group of 16 active members and 52 weekly sessions; SESSIONS_HELD of them have
 * taken place as real rooms: every member joins through the group (its invitation, over socket.io,
 * checked in and admitted), half of them leave and come back once, and the therapist ends the
 * session; the rest of the past sessions had no room (everyone absent). Then, over HTTP with the
 * therapist's cookie, ROUNDS requests each of:
 *   - GET /api/me                       (the baseline: a signed-in route that reads one account)
 *   - GET /api/groups/:id               (the group page: schedule, roster, flags)
 *   - GET /api/groups/:id/attendance    (every member × every past session, from every join and leave)
 *   - GET /api/groups/:id/attendance.csv
 *   - GET /api/groups                   (the home screen's list)
 * Prints p50/p95 of each and writes .bench/groups.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AGREEMENT_VERSION, createGroupBody } from '@circle/shared';
import { Bot } from '@circle/testkit/bot';
import { startCircle } from '../src/compose.js';
import { loadConfig } from '../src/config.js';
import { type Clock, systemClock } from '../src/app/clock.js';
import type { MemberRow } from '../src/app/GroupsStore.js';

const MEMBERS = 16;
const SESSIONS_HELD = Number(process.env.BENCH_SESSIONS_HELD ?? 8);
const SESSIONS_PAST = Number(process.env.BENCH_SESSIONS_PAST ?? 26);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);
const MINUTE = 60_000;
const WEEK = 7 * 24 * 60 * MINUTE;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The system clock, moved by `offset` (the bench jumps from session to session). */
let offset = 0;
const clock: Clock = { ...systemClock, now: () => Date.now() + offset };
const moveTo = (at: number) => {
  offset = at - Date.now();
};

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
const round = (ms: number) => Math.round(ms * 100) / 100;

async function main(): Promise<void> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    ADMIN_TOKEN: 'bench-admin-token',
    // The figures in BENCHMARKS.md before E2EE became the default were taken without it: kept so.
    E2EE: 'false',
    MEDIASOUP_WORKERS: '1',
    LOG_LEVEL: 'error',
    DATA_DIR: ':memory:',
    DEMO_SESSION: 'false',
    STAFF_IDLE_MINUTES: '1440',
    STAFF_SESSION_HOURS: '720',
    ALLOW_PLAIN_RTP: 'true',
  });
  const circle = await startCircle(config, { clock });
  const bots: Bot[] = [];
  try {
    const lead = await circle.staff.demoTherapist('bench-lead@clinic.example', 'Dr. Bench');
    // The first session a year ago; the 27th falls around now.
    const firstDay = new Date(Date.now() - SESSIONS_PAST * WEEK - 2 * 24 * 60 * MINUTE);
    const startDate = firstDay.toISOString().slice(0, 10);
    const weekday = (['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const)[firstDay.getUTCDay()] ?? 'mon';
    moveTo(Date.parse(`${startDate}T00:00:00Z`) - 7 * 24 * 60 * MINUTE);
    const group = await circle.groups.create(
      createGroupBody.parse({
        title: 'Bench group',
        kind: 'closed',
        sessionCount: 52,
        maxMembers: MEMBERS,
        schedule: { weekdays: [weekday], time: '18:00', timeZone: 'UTC', startDate },
        durationMinutes: 90,
      }),
      { kind: 'staff', account: lead.account },
    );
    const members: MemberRow[] = [];
    for (let i = 0; i < MEMBERS; i++) {
      members.push(
        (await circle.groups.addMember(group, { displayName: `Member ${i + 1}`, status: 'active' }, lead.account.id))
          .member,
      );
    }
    const occurrences = await circle.groups.occurrences(group);

    // Sessions that took place: everyone joins; half leave and come back; the therapist ends it.
    for (const o of occurrences.slice(0, SESSIONS_HELD)) {
      moveTo(o.startsAt - 5 * MINUTE);
      const room = await circle.groups.therapistRoom(group, o.id);
      const actor = await circle.sessions.get(room.sessionId);
      if (!actor) throw new Error('the room is not here');
      const therapistInvite = await circle.sessions.invite(actor, 'therapist', 'Bench lead');
      if ('code' in therapistInvite) throw new Error(therapistInvite.code);
      const therapist = await Bot.connect(circle.url, therapistInvite.token, {
        name: 'therapist',
        keepEventLog: false,
      });
      bots.push(therapist);
      await therapist.nextEvent('room:state');
      const joined: Bot[] = [];
      const enter = async (m: (typeof members)[number]) => {
        const { invite } = await circle.groups.memberJoin(m, group);
        const bot = await Bot.connect(circle.url, invite.token, { name: m.displayName, keepEventLog: false });
        bots.push(bot);
        await bot.nextEvent('room:state');
        if (bot.view?.you.status !== 'admitted') {
          await bot.call('session:checkIn', {
            agreementVersion: AGREEMENT_VERSION,
            location: 'Bench',
            privateSafePlace: true,
          });
          await therapist.call('lobby:admit', { participantId: bot.participantId ?? '' });
          await bot.nextEvent('room:state', (v) => v.you.status === 'admitted');
        }
        return bot;
      };
      for (const m of members) joined.push(await enter(m));
      moveTo(o.startsAt + 30 * MINUTE);
      for (let i = 0; i < MEMBERS; i += 2) {
        await joined[i]?.call('room:leave', {});
        joined[i]?.close();
      }
      moveTo(o.startsAt + 40 * MINUTE);
      for (let i = 0; i < MEMBERS; i += 2) joined[i] = await enter(members[i]!);
      moveTo(o.startsAt + 88 * MINUTE);
      await therapist.call('room:end', {});
      for (const b of [therapist, ...joined]) b.close();
    }
    moveTo((occurrences[SESSIONS_PAST]?.startsAt ?? Date.now()) - 2 * 24 * 60 * MINUTE);

    // The therapist's cookie, as a browser would hold it.
    const login = await fetch(`${circle.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: circle.url },
      body: JSON.stringify({ email: 'bench-lead@clinic.example', password: lead.password }),
    });
    const cookie = /circle_staff=[^;]*/.exec(login.headers.get('set-cookie') ?? '')?.[0];
    if (!cookie) throw new Error(`sign-in failed: ${login.status}`);

    const routes: Record<string, string> = {
      'GET /api/me (baseline)': '/api/me',
      'GET /api/groups/:id': `/api/groups/${group.id}`,
      'GET /api/groups/:id/attendance': `/api/groups/${group.id}/attendance`,
      'GET /api/groups/:id/attendance.csv': `/api/groups/${group.id}/attendance.csv`,
      'GET /api/groups': '/api/groups',
    };
    const sheet = (await (
      await fetch(`${circle.url}/api/groups/${group.id}/attendance`, { headers: { cookie } })
    ).json()) as {
      cells: unknown[];
    };
    const results: Record<string, { p50: number; p95: number }> = {};
    for (const [name, url] of Object.entries(routes)) {
      for (let i = 0; i < 10; i++) await (await fetch(`${circle.url}${url}`, { headers: { cookie } })).arrayBuffer();
      const times: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        const t0 = performance.now();
        const res = await fetch(`${circle.url}${url}`, { headers: { cookie } });
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`${name}: ${res.status}`);
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      results[name] = { p50: round(pct(times, 0.5)), p95: round(pct(times, 0.95)) };
    }
    console.log(
      `\n[bench:groups] ${MEMBERS} members, 52 weekly sessions, ${SESSIONS_PAST} past (${SESSIONS_HELD} held as real rooms, every member joining, half leaving and rejoining once): ${sheet.cells.length} attendance cells; ${ROUNDS} requests each`,
    );
    for (const [name, r] of Object.entries(results)) {
      console.log(`  ${name.padEnd(36)} p50 ${String(r.p50).padStart(7)} ms   p95 ${String(r.p95).padStart(7)} ms`);
    }
    fs.mkdirSync(path.join(root, '.bench'), { recursive: true });
    fs.writeFileSync(
      path.join(root, '.bench/groups.json'),
      JSON.stringify(
        {
          members: MEMBERS,
          sessionsPast: SESSIONS_PAST,
          sessionsHeld: SESSIONS_HELD,
          rounds: ROUNDS,
          cells: sheet.cells.length,
          results,
        },
        null,
        2,
      ),
    );
  } finally {
    for (const b of bots) b.close();
    await circle.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
