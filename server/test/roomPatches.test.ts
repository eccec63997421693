/**
 * The room as patches, through the real room actor and domain commands (no sockets, no media): each
 * participant's copy of the room, built from one full state and the patches after it, equals the
 * full view `viewFor` gives them after any sequence of commands; a lost patch is noticed and mended
 * by a full state; and a member's patches never carry what only staff may see.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { pino } from 'pino';
import {
  AGREEMENT_VERSION,
  type ClientPayload,
  type RoomPatch,
  type RoomView,
  type ServerToClientEvents,
  RoomReplica,
  clientEventSchemas,
} from '@circle/shared';
import { RoomActor, type RoomOutbox } from '../src/app/RoomActor.js';
import type { ActorEventName } from '../src/app/commands.js';
import type { MediaFactory, RoomMedia } from '../src/app/mediaPort.js';
import { MemoryRoomStore } from '../src/adapters/store/RoomStore.js';
import { viewFor } from '../src/domain/views.js';
import { ManualClock } from './support/ManualClock.js';
import { CONFIG, CO_THERAPIST, SUPERVISOR, T0, THERAPIST, roomWith } from './support/roomFixture.js';

const MEMBERS = ['ana', 'ben', 'cy'] as const;
const WAITING = 'dee';
const ARRIVING = 'eve';
const EVERYONE = [THERAPIST, CO_THERAPIST, SUPERVISOR, ...MEMBERS, WAITING, ARRIVING];
const STAFF = new Set<string>([THERAPIST, CO_THERAPIST, SUPERVISOR]);
/** The fixture's check-ins: a location and an emergency contact no member may ever receive. */
const STAFF_ONLY_TEXT = ['Elm Street', '555-0100'];
const STAFF_ONLY_KEYS = ['"crisisAlerts"', '"checkIn"', '"talkMs"', '"listenOnly"', '"emergencyContact"'];

const noMedia: MediaFactory<RoomMedia> = {
  open: () => Promise.reject(new Error('no media in this test')),
};

/** The view a client would hold, compared without the agenda's clock stamp (see roomPatch.ts). */
const comparable = (view: RoomView | null) => {
  if (!view) return view;
  const wire = JSON.parse(JSON.stringify(view)) as RoomView;
  return { ...wire, agenda: { ...wire.agenda, asOf: 0 } };
};

/**
 * A room with three staff, three members, one waiting and one arriving, every one of them with a
 * connection (a `RoomReplica` fed through JSON, as a socket would) that a test can drop and restore.
 */
async function roomOnline(options: { emitMany: boolean }) {
  const clock = new ManualClock(T0);
  const replicas = new Map<string, RoomReplica>();
  const online = new Set<string>();
  /** Every room message each participant received, as it went over the wire. */
  const wire = new Map<string, string[]>(EVERYONE.map((id) => [id, []]));
  const gaps: string[] = [];
  let dropNext: string | null = null;
  const deliver = <E extends keyof ServerToClientEvents>(to: string, event: E, args: unknown[]) => {
    if (!online.has(to) || (event !== 'room:state' && event !== 'room:patch')) return;
    const json = JSON.stringify(args);
    wire.get(to)?.push(json);
    const [payload, version] = JSON.parse(json) as [unknown, number];
    const replica = replicas.get(to)!;
    if (event === 'room:state') return replica.receiveState(payload as RoomView, version);
    if (dropNext === to) {
      dropNext = null;
      return;
    }
    const outcome = replica.receivePatch(payload as RoomPatch);
    if (outcome === 'gap') gaps.push(to);
  };
  const outbox: RoomOutbox = {
    emit: (to, event, ...args) => deliver(to, event, args),
    ...(options.emitMany
      ? {
          emitMany: (ids: readonly string[], event: keyof ServerToClientEvents, ...args: unknown[]) => {
            for (const id of ids) deliver(id, event, args);
          },
        }
      : {}),
    disconnect: () => undefined,
  };
  const actor = new RoomActor(
    roomWith({ admitted: [...MEMBERS], waiting: [WAITING], arriving: [ARRIVING], coTherapist: true }),
    {
      store: new MemoryRoomStore(),
      media: noMedia,
      clock,
      config: CONFIG,
      logger: pino({ level: 'silent' }),
      outbox,
    },
  );
  // The time of the last broadcast: a view's agenda figures are the clock's at that moment.
  let viewsAt = clock.now();
  const broadcast = actor.broadcast.bind(actor);
  actor.broadcast = () => {
    viewsAt = clock.now();
    broadcast();
  };
  const seats = new Map<string, number>();
  /** A new connection, as the socket adapter makes one: connect, then the whole room to this socket. */
  const connect = async (id: string) => {
    const seat = (seats.get(id) ?? 0) + 1;
    seats.set(id, seat);
    replicas.set(id, new RoomReplica());
    online.add(id);
    const r = await actor.connect(id, seat);
    if (r.ok) actor.sendStateTo(id);
  };
  const drop = async (id: string) => {
    online.delete(id);
    await actor.disconnect(id, seats.get(id) ?? 0);
  };
  for (const id of EVERYONE) await connect(id);
  const expectInStep = () => {
    for (const id of online) {
      const replica = replicas.get(id)!;
      const expected = viewFor(actor.snapshot, id, viewsAt);
      expect(comparable(replica.view), `${id}'s room`).toEqual(comparable(expected));
    }
  };
  return {
    actor,
    clock,
    wire,
    gaps,
    connect,
    drop,
    expectInStep,
    replicaOf: (id: string) => replicas.get(id)!,
    online: (id: string) => online.has(id),
    loseNextPatchOf: (id: string) => void (dropNext = id),
  };
}

type Room = Awaited<ReturnType<typeof roomOnline>>;

/** One step of a session: a participant's event, time passing, or a connection dropping and returning. */
type Step =
  | { kind: 'event'; who: string; event: ActorEventName; payload: (room: Room) => unknown }
  | { kind: 'time'; ms: number }
  | { kind: 'reconnect'; who: string };

const alertOf = (room: Room, pick: number) => {
  const alerts = room.actor.snapshot.crisis;
  return alerts.length === 0 ? 'none' : alerts[pick % alerts.length]!.id;
};

const memberArb = fc.constantFrom(...MEMBERS, WAITING, ARRIVING);
const anyoneArb = fc.constantFrom(...EVERYONE);
const staffArb = fc.constantFrom(THERAPIST, CO_THERAPIST);
const ev = (who: string, event: ActorEventName, payload: (room: Room) => unknown = () => ({})): Step => ({
  kind: 'event',
  who,
  event,
  payload,
});

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  // Members (and the lobby)
  fc
    .tuple(
      memberArb,
      fc.constantFrom<ActorEventName>('hand:raise', 'hand:lower', 'crisis:alert', 'turn:pass', 'floor:end'),
    )
    .map(([who, e]) => ev(who, e)),
  fc.tuple(memberArb, fc.boolean()).map(([who, on]) => ev(who, 'speaking:listenOnly', () => ({ on }))),
  memberArb.map((who) =>
    ev(who, 'session:checkIn', () => ({
      agreementVersion: AGREEMENT_VERSION,
      location: `${who} at 4B, Elm Street`,
      privateSafePlace: true,
      emergencyContact: 'Sister, 555-0100',
    })),
  ),
  memberArb.map((who) => ev(who, 'crisis:alert')),
  // Staff
  fc.tuple(staffArb, anyoneArb).map(([who, target]) => ev(who, 'lobby:admit', () => ({ participantId: target }))),
  fc.tuple(staffArb, anyoneArb).map(([who, target]) => ev(who, 'floor:give', () => ({ participantId: target }))),
  fc.tuple(staffArb, anyoneArb).map(([who, target]) => ev(who, 'participant:mute', () => ({ participantId: target }))),
  fc
    .tuple(
      staffArb,
      fc.constantFrom<ActorEventName>(
        'floor:takeBack',
        'floor:next',
        'agenda:start',
        'agenda:next',
        'agenda:pause',
        'agenda:resume',
        'pairs:end',
        'lobby:admitAll',
      ),
    )
    .map(([who, e]) => ev(who, e)),
  fc.tuple(staffArb, fc.boolean()).map(([who, locked]) => ev(who, 'room:lock', () => ({ locked }))),
  fc.tuple(staffArb, fc.boolean()).map(([who, on]) => ev(who, 'room:setFocusMode', () => ({ on }))),
  fc.tuple(staffArb, fc.boolean()).map(([who, on]) => ev(who, 'room:break', () => ({ on }))),
  fc.tuple(staffArb, fc.boolean()).map(([who, enabled]) => ev(who, 'chat:setEnabled', () => ({ enabled }))),
  fc.tuple(staffArb, fc.boolean()).map(([who, enabled]) => ev(who, 'reactions:setEnabled', () => ({ enabled }))),
  fc
    .tuple(staffArb, fc.constantFrom('open', 'facilitated'))
    .map(([who, mode]) => ev(who, 'speaking:setMode', () => ({ mode }))),
  fc.tuple(staffArb, fc.constantFrom('round-robin', 'open', 'pairs')).map(([who, policy]) =>
    ev(who, 'agenda:set', () => ({
      items: [
        { title: 'Check-in', plannedMinutes: 10, policy },
        { title: 'Sharing', plannedMinutes: 60, policy: 'open' },
      ],
    })),
  ),
  fc
    .tuple(staffArb, fc.integer({ min: 1, max: 5 }))
    .map(([who, minutes]) => ev(who, 'pairs:start', () => ({ minutes }))),
  fc
    .tuple(
      staffArb,
      fc.constantFrom<ActorEventName>('crisis:acknowledge', 'crisis:resolve', 'crisis:sideRoom', 'crisis:return'),
      fc.nat(),
    )
    .map(([who, e, pick]) => ev(who, e, (room) => ({ alertId: alertOf(room, pick) }))),
  // Time passes (turns end, alerts escalate, pairs come back); connections drop and return.
  fc.integer({ min: 1, max: 200_000 }).map((ms): Step => ({ kind: 'time', ms })),
  anyoneArb.map((who): Step => ({ kind: 'reconnect', who })),
);

async function run(room: Room, step: Step): Promise<void> {
  if (step.kind === 'time') {
    room.clock.advance(step.ms);
  } else if (step.kind === 'reconnect') {
    await room.drop(step.who);
    await room.connect(step.who);
  } else if (room.online(step.who)) {
    const schema = clientEventSchemas[step.event];
    const parsed = schema.safeParse(step.payload(room));
    // Only what the socket adapter would let through (a bad alert id is refused there).
    if (parsed.success) await room.actor.handle(step.who, step.event, parsed.data as ClientPayload<typeof step.event>);
  }
  await room.actor.settle();
}

describe('room patches', () => {
  it('every participant’s room, built from patches, equals their full view after any sequence of commands', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(stepArb, { minLength: 1, maxLength: 40, size: 'max' }),
        fc.boolean(),
        async (steps, emitMany) => {
          const room = await roomOnline({ emitMany });
          room.expectInStep();
          for (const step of steps) {
            await run(room, step);
            room.expectInStep();
          }
          // In order, nothing is ever lost: no gap.
          expect(room.gaps).toEqual([]);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a member’s room messages never carry what only staff may see', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 40, size: 'max' }), async (steps) => {
        const room = await roomOnline({ emitMany: true });
        for (const step of steps) await run(room, step);
        for (const id of [...MEMBERS, WAITING, ARRIVING]) {
          for (const message of room.wire.get(id) ?? []) {
            for (const secret of [...STAFF_ONLY_TEXT, ...STAFF_ONLY_KEYS]) expect(message).not.toContain(secret);
          }
        }
        // Staff do receive them (the check above is not vacuous).
        const staffWire = [...STAFF].flatMap((id) => room.wire.get(id) ?? []).join('');
        expect(staffWire).toContain('"checkIn"');
      }),
      { numRuns: 30 },
    );
  });

  it('a lost patch is noticed at the next one; the full state asked for makes the room whole again', async () => {
    const room = await roomOnline({ emitMany: true });
    room.loseNextPatchOf('ben');
    await room.actor.handle('ana', 'hand:raise', {});
    // Ben's copy is behind, and he cannot know it yet.
    expect(room.replicaOf('ben').view?.speaking.queue).toEqual([]);
    await room.actor.handle(THERAPIST, 'room:lock', { locked: true });
    expect(room.gaps).toEqual(['ben']);
    // Until the full state comes, patches are not applied on a stale base.
    await room.actor.handle('cy', 'hand:raise', {});
    expect(room.replicaOf('ben').view?.locked).toBe(false);
    // What RoomClient and the test kit's bot do on a gap.
    expect(await room.actor.handle('ben', 'room:resync', {})).toEqual({ ok: true, data: null });
    room.expectInStep();
    expect(room.replicaOf('ben').view?.speaking.queue.map((q) => q.participantId)).toEqual(['ana', 'cy']);
    // And the patches after it apply again.
    await room.actor.handle('ana', 'hand:lower', {});
    room.expectInStep();
    expect(room.gaps).toEqual(['ben']);
  });

  it('a raised hand sends each viewer only the changed participant and the queue, one message for members who see the same', async () => {
    const room = await roomOnline({ emitMany: true });
    const before = new Map(EVERYONE.map((id) => [id, room.wire.get(id)!.length]));
    await room.actor.handle('ana', 'hand:raise', {});
    for (const id of EVERYONE) {
      const sent = room.wire.get(id)!.slice(before.get(id));
      if (id === ARRIVING || id === WAITING) {
        // The lobby sees no one in the room: nothing changed for them.
        expect(sent).toEqual([]);
        continue;
      }
      expect(sent).toHaveLength(1);
      const [patch] = JSON.parse(sent[0]!) as [RoomPatch];
      expect(Object.keys(patch.set ?? {})).toEqual(['speaking']);
      expect(patch.people?.map((p) => p.id)).toEqual(['ana']);
    }
  });
});
