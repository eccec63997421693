/**
 * Property-based fuzzing of everything a client can send: every event schema, socket.io frames to a
 * live room, and every HTTP body and path parameter. After each input: the process answers, the
 * sender got an error code or was dropped, and nobody else's room changed.
 *
 * In the suite: a fixed seed and a bounded count. `npm run fuzz` runs the same properties for a time
 * budget (FUZZ_SECONDS, default 120) with a fresh seed, printed so a failure can be replayed
 * (FUZZ_SEED=… npm run fuzz).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  type ClientEventName,
  type RoomView,
  PAYLOAD_BOUNDS,
  boundsProblem,
  clientEventSchemas,
  isClientEventName,
} from '@circle/shared';
import type { RoomState } from '../src/domain/room.js';
import { RawSocket, nestedJson } from './support/rawSocket.js';
import {
  TEST_ADMIN_TOKEN,
  checkInFor,
  requireId,
  settle,
  useTestCircle,
  withoutParticipant,
  type TestSession,
} from './support/harness.js';

const BUDGET_SECONDS = Number(process.env.FUZZ_SECONDS ?? 0);
const SEED = Number(process.env.FUZZ_SEED ?? (BUDGET_SECONDS > 0 ? Date.now() % 2 ** 31 : 20261130));
/** Cases per property in the suite; with a time budget, as many as fit. */
const SUITE_RUNS = { schemas: 4_000, socket: 1_000, http: 300 };
const PROPERTIES = 5;

function options(runs: number): fc.Parameters<unknown> {
  return BUDGET_SECONDS > 0
    ? {
        seed: SEED,
        numRuns: Number.MAX_SAFE_INTEGER,
        interruptAfterTimeLimit: (BUDGET_SECONDS * 1000) / PROPERTIES,
        markInterruptAsFailure: false,
      }
    : { seed: SEED, numRuns: runs };
}
const TEST_TIMEOUT_MS = BUDGET_SECONDS > 0 ? (BUDGET_SECONDS / PROPERTIES) * 1000 + 60_000 : 120_000;

const counts: Record<string, number> = {};
function counted(name: string): void {
  counts[name] = (counts[name] ?? 0) + 1;
}
function report(name: string): void {
  console.log(`[fuzz] ${name}: ${counts[name] ?? 0} cases (seed ${SEED})`);
}

// The socket tests' bystanders do round trips after every case: lift the ordinary rate limit.
const circle = useTestCircle({ overrides: { socket: { ratePerSecond: 100_000, burst: 100_000 } } });

const EVENT_NAMES = Object.keys(clientEventSchemas) as ClientEventName[];

/** Every field name some schema knows, so generated objects often reach past the first check. */
const FIELD_NAMES = [
  ...new Set(
    EVENT_NAMES.flatMap((e) => Object.keys((clientEventSchemas[e] as { shape?: Record<string, unknown> }).shape ?? {})),
  ),
];

/** JSON-like values biased toward the contract: real field names, ids, extreme numbers, deep nesting. */
const payloadArb: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(null, true, false, 0, -1, 1e308, -0, 2 ** 53, '', '__proto__', 'constructor', 'mic', 'audio'),
    fc.string({ maxLength: 40 }),
    fc.integer(),
    fc.double({ noNaN: false }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...FIELD_NAMES), fc.string({ maxLength: 8 })), tie('value'), {
      maxKeys: 5,
    }),
    // Just past the bounds; much deeper nesting travels as text (`deepJsonArb`), which nothing here recurses into.
    fc.integer({ min: 12, max: 40 }).map((depth) => {
      let v: unknown = 0;
      for (let i = 0; i < depth; i++) v = [v];
      return v;
    }),
  ),
})).value;

/** JSON text nested up to 30,000 levels deep (arrays or objects). */
const deepJsonArb: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 100, max: 30_000 }), fc.boolean())
  .map(([depth, objects]) => (objects ? `${'{"a":'.repeat(depth)}0${'}'.repeat(depth)}` : nestedJson(depth)));

/** A socket.io argument as JSON text. */
const argTextArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 9, arbitrary: payloadArb.map((v) => JSON.stringify(v) ?? 'null') },
  { weight: 1, arbitrary: deepJsonArb },
);

/** Mostly real event names; sometimes near-misses and things that are not names at all. */
const eventNameArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...EVENT_NAMES) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', 'error', 'connect', 42, -1, null) },
);

/** Mostly none (an event is sent); sometimes a whole engine.io frame of any text. */
const rawFrameArb: fc.Arbitrary<string | null> = fc.oneof(
  { weight: 6, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }).map((s) => `4${s}`) },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }).map((s) => `42${s}`) },
  { weight: 1, arbitrary: fc.tuple(fc.nat(99), fc.string({ maxLength: 40 })).map(([n, s]) => `45${n}-${s}`) },
);

describe('fuzzing', () => {
  it(
    'every event schema and the payload bounds refuse any value without throwing',
    () => {
      fc.assert(
        fc.property(fc.constantFrom(...EVENT_NAMES), fc.oneof(payloadArb, fc.anything()), (event, payload) => {
          counted('schemas');
          expect(() => boundsProblem(payload, PAYLOAD_BOUNDS)).not.toThrow();
          const r = clientEventSchemas[event].safeParse(payload);
          expect(typeof r.success).toBe('boolean');
        }),
        options(SUITE_RUNS.schemas),
      );
      report('schemas');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'socket events from a member in the room: an error code or a drop, and the others see no change',
    async () => {
      const t = circle();
      let room: Awaited<ReturnType<typeof newRoom>> | null = null;
      async function newRoom() {
        const session: TestSession = await t.createSession();
        const therapist = await session.connectTherapist();
        const sam = await session.joinAsMember('Sam', therapist);
        const invite = await session.invite('member', 'Mallory');
        const bot = await t.connect(invite.token, { name: 'Mallory' });
        await session.admit(bot, therapist, checkInFor('Mallory'));
        const raw = await RawSocket.connect(t.url, invite.token);
        return { session, therapist, sam, invite, mallory: requireId(bot), raw, actor: await session.actor() };
      }
      let ackId = 1;

      await fc.assert(
        fc.asyncProperty(
          eventNameArb,
          fc.array(argTextArb, { maxLength: 3 }),
          rawFrameArb,
          async (event, argTexts, rawFrame) => {
            counted('socket');
            // A room whose attacker is still an admitted member.
            if (!room || room.actor.snapshot.participants[room.mallory]?.status !== 'admitted') {
              room?.raw.close();
              room = await newRoom();
            }
            const r = room;
            if (r.raw.closed) r.raw = await RawSocket.connect(t.url, r.invite.token);
            await settle(r.therapist, r.sam);
            const samEvents = r.sam.events.length;
            const samView = withoutParticipant(r.sam.view as RoomView, r.mallory);
            const state = withoutParticipant(r.actor.snapshot as RoomState, r.mallory);

            const id = ackId++;
            const pending = r.raw.outcome(id);
            if (rawFrame === null) {
              r.raw.sendText(`42${id}[${[JSON.stringify(event), ...argTexts].join(',')}]`);
            } else {
              // A frame of any text, then an ordinary request: the connection answers it or is closed.
              r.raw.sendText(rawFrame);
              r.raw.sendText(`42${id}["clock:ping",{"clientTime":1}]`);
            }
            const outcome = await pending;
            expect(outcome).not.toBe('timeout');
            const ack =
              outcome === 'closed' || outcome === 'timeout'
                ? null
                : (outcome.ack as { ok: boolean; error?: { code: string } });
            const args =
              argTexts.length === 1 && argTexts[0] && argTexts[0].length < 2_000
                ? [JSON.parse(argTexts[0]) as unknown]
                : null;
            if (ack && !ack.ok) expect(ack.error?.code).not.toBe('INTERNAL');
            // A known event with a payload its schema refuses never reaches the room.
            if (rawFrame === null && typeof event === 'string' && isClientEventName(event) && args) {
              if (!clientEventSchemas[event].safeParse(args[0]).success) expect(ack?.ok ?? false).toBe(false);
            }

            expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
            await settle(r.therapist, r.sam);
            if (ack?.ok && rawFrame === null) return; // a valid request may change the room: that is its point
            expect(
              r.sam.events.slice(samEvents).filter((e) => e.name !== 'room:state' && e.name !== 'room:patch'),
            ).toEqual([]);
            expect(withoutParticipant(r.sam.view as RoomView, r.mallory)).toBe(samView);
            expect(withoutParticipant(r.actor.snapshot as RoomState, r.mallory)).toBe(state);
          },
        ),
        options(SUITE_RUNS.socket),
      );
      (room as { raw: RawSocket } | null)?.raw.close();
      report('socket');
    },
    TEST_TIMEOUT_MS,
  );

  describe('HTTP', () => {
    const call = async (method: string, path: string, body?: string, contentType?: string) => {
      const headers: Record<string, string> = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
      if (contentType !== undefined) headers['content-type'] = contentType;
      const res = await fetch(`${circle().url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
      const text = await res.text();
      return { status: res.status, text };
    };
    const contentTypeArb = fc.oneof(
      fc.constant('application/json'),
      fc.constant('application/json; charset=utf-8'),
      fc.constantFrom('application/json; charset=latin1', 'text/plain', 'application/x-www-form-urlencoded', ''),
      fc.string({ maxLength: 30 }),
    );
    const bodyArb = fc.oneof(
      argTextArb,
      fc
        .record({ role: fc.constantFrom('member', 'therapist', 'supervisor', 'admin'), displayName: fc.string() })
        .map((v) => JSON.stringify(v)),
      fc.string({ maxLength: 200 }),
    );
    const pathIdArb = fc.oneof(
      fc.constantFrom('__proto__', 'constructor', 'toString', '%', '%E0%A4%A', '..%2F', 'a%00b'),
      fc.string({ maxLength: 80 }).map(encodeURIComponent),
      fc.stringMatching(/^[A-Za-z0-9_%.-]{1,70}$/),
    );

    /** A session with a member invite, and what the admin sees of it. */
    async function session() {
      const created = await call('POST', '/api/sessions', JSON.stringify({ title: 'Fuzz' }), 'application/json');
      const id = (JSON.parse(created.text) as { id: string }).id;
      await call(
        'POST',
        `/api/sessions/${id}/invites`,
        JSON.stringify({ role: 'member', displayName: 'Alex' }),
        'application/json',
      );
      const seen = async () => (await call('GET', `/api/sessions/${id}`)).text;
      return { id, seen };
    }

    const expectClientError = (r: { status: number; text: string }) => {
      expect(r.status).toBeLessThan(500);
      if (r.status >= 400) {
        const body = JSON.parse(r.text) as { error?: { code?: unknown } };
        expect(typeof body.error?.code).toBe('string');
      }
    };

    it(
      'bodies, content types and ids sent to every route: 4xx with an error code, or success; never 5xx',
      async () => {
        const s = await session();
        await fc.assert(
          fc.asyncProperty(
            fc.constantFrom('create', 'invite', 'revoke', 'get', 'record'),
            bodyArb,
            contentTypeArb,
            pathIdArb,
            async (route, body, contentType, pathId) => {
              counted('http');
              const before = await s.seen();
              let r: { status: number; text: string };
              switch (route) {
                case 'create':
                  r = await call('POST', '/api/sessions', body, contentType);
                  break;
                case 'invite':
                  r = await call('POST', `/api/sessions/${s.id}/invites`, body, contentType);
                  break;
                case 'revoke':
                  r = await call('DELETE', `/api/sessions/${s.id}/invites/${pathId}`, body, contentType);
                  break;
                case 'get':
                  r = await call('GET', `/api/sessions/${pathId}`);
                  break;
                default:
                  r = await call('GET', `/api/sessions/${s.id}/record?format=${pathId}`);
              }
              expectClientError(r);
              expect((await fetch(`${circle().url}/healthz`)).status).toBe(200);
              // The session answers as before, unless the request succeeded in changing it.
              const after = await call('GET', `/api/sessions/${s.id}`);
              expect(after.status).toBe(200);
              if (r.status >= 400) expect(after.text).toBe(before);
            },
          ),
          options(SUITE_RUNS.http),
        );
        report('http');
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'path parameters on every route, as any string: never 5xx',
      async () => {
        await fc.assert(
          fc.asyncProperty(pathIdArb, pathIdArb, async (a, b) => {
            counted('paths');
            for (const [method, path] of [
              ['GET', `/api/sessions/${a}`],
              ['GET', `/api/sessions/${a}/record`],
              ['POST', `/api/sessions/${a}/invites`],
              ['DELETE', `/api/sessions/${a}/invites/${b}`],
            ] as const) {
              expectClientError(await call(method, path, method === 'POST' ? '{}' : undefined, 'application/json'));
            }
          }),
          options(SUITE_RUNS.http),
        );
        report('paths');
      },
      TEST_TIMEOUT_MS,
    );
  });

  it('the deepest payload the generators make is refused by the bounds without recursion', () => {
    let deep: unknown = 0;
    for (let i = 0; i < 1_000_000; i++) deep = [deep];
    expect(boundsProblem(deep, PAYLOAD_BOUNDS)).toBe('too deep');
  });
});
