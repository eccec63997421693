/**
 * bench:actor: the room actor alone, in process — what one hand event costs Circle's own code
 * (decide, store save, the views of everyone in the room, their encoding and diff, the messages
 * JSON-encoded as socket.io would), without sockets. A room of one therapist, one supervisor and ten
 * members, every one connected; members raise and lower hands in turn. Prints CPU per hand event
 * and what was sent. Quick (a few seconds); for comparing two trees, run it on each in turn.
 */
import { pino } from 'pino';
import type { ServerToClientEvents } from '@circle/shared';
import { RoomActor, type RoomOutbox } from '../src/app/RoomActor.js';
import type { MediaFactory, RoomMedia } from '../src/app/mediaPort.js';
import { MemoryRoomStore } from '../src/adapters/store/RoomStore.js';
import { CONFIG, SUPERVISOR, T0, THERAPIST, roomWith } from '../test/support/roomFixture.js';
import { ManualClock } from '../test/support/ManualClock.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 8000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const MEMBERS = Array.from({ length: 10 }, (_, i) => `member-${i + 1}`);

const noMedia: MediaFactory<RoomMedia> = { open: () => Promise.reject(new Error('no media here')) };

async function round(): Promise<{ cpuMs: number; messages: number; bytes: number }> {
  let messages = 0;
  let bytes = 0;
  const encode = (event: keyof ServerToClientEvents, args: unknown[]) => {
    messages++;
    bytes += JSON.stringify([event, ...args]).length;
  };
  const outbox: RoomOutbox = {
    emit: (_to, event, ...args) => encode(event, args),
    emitMany: (_ids, event, ...args) => encode(event, args),
    disconnect: () => undefined,
  };
  const clock = new ManualClock(T0);
  const actor = new RoomActor(roomWith({ admitted: MEMBERS }), {
    store: new MemoryRoomStore(),
    media: noMedia,
    clock,
    config: CONFIG,
    logger: pino({ level: 'silent' }),
    outbox,
  });
  let seat = 0;
  for (const id of [THERAPIST, SUPERVISOR, ...MEMBERS]) {
    const r = await actor.connect(id, ++seat);
    if (r.ok) actor.sendStateTo(id);
  }
  // Warm up, then measure.
  const raised = new Set<string>();
  const step = async (i: number) => {
    const id = MEMBERS[i % MEMBERS.length]!;
    const up = !raised.has(id);
    if (up) raised.add(id);
    else raised.delete(id);
    clock.advance(50);
    const r = await actor.handle(id, up ? 'hand:raise' : 'hand:lower', {});
    if (!r.ok) throw new Error(`refused: ${r.error.code}`);
  };
  for (let i = 0; i < 1000; i++) await step(i);
  messages = 0;
  bytes = 0;
  const start = process.cpuUsage();
  for (let i = 0; i < EVENTS; i++) await step(i);
  const used = process.cpuUsage(start);
  return { cpuMs: (used.user + used.system) / 1000, messages, bytes };
}

async function main(): Promise<void> {
  for (let r = 0; r < ROUNDS; r++) {
    const { cpuMs, messages, bytes } = await round();
    console.log(
      `bench:actor: ${(cpuMs / EVENTS).toFixed(3)} ms of CPU per hand event (${EVENTS} events; ` +
        `${(messages / EVENTS).toFixed(1)} messages of ${Math.round(bytes / Math.max(1, messages))} bytes each)`,
    );
  }
}

void main();
