/**
 * Unloading a room, at the actor: it is queued like a command, so a connection that got in first keeps
 * the room; idle time counts from the last connection closing; an unloaded actor stops its timers and
 * answers nothing more; a store that cannot take the final write keeps the room loaded. No sockets.
 */
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { RoomActor } from '../src/app/RoomActor.js';
import type { MediaFactory } from '../src/app/mediaPort.js';
import { MemoryRoomStore } from '../src/adapters/store/RoomStore.js';
import type { RoomState } from '../src/domain/room.js';
import { ManualClock } from './support/ManualClock.js';
import { CONFIG, MINUTE, T0, THERAPIST, roomWith } from './support/roomFixture.js';

const IDLE_MS = 10 * MINUTE;

/** A store whose writes can be made to fail, as an unreachable database would. */
class FlakyStore extends MemoryRoomStore {
  down = false;
  override async save(state: RoomState): Promise<void> {
    if (this.down) throw new Error('store unreachable');
    await super.save(state);
  }
}

function actorWith(members: { admitted?: string[] } = {}) {
  const clock = new ManualClock(T0);
  const store = new FlakyStore();
  const media: MediaFactory = {
    open: () => Promise.reject(new Error('no media in these tests')),
  };
  const actor = new RoomActor(roomWith(members), {
    store,
    media,
    clock,
    config: CONFIG,
    logger: pino({ level: 'silent' }),
    outbox: { emit: () => undefined, disconnect: () => undefined },
  });
  let unloads = 0;
  const unloadIf = (idleMs: number) => actor.unloadIf(idleMs, () => unloads++);
  return { actor, clock, store, unloadIf, unloads: () => unloads };
}

describe('unloading a room', () => {
  it('counts idle time from the last connection closing, not from when the room was loaded', async () => {
    const { actor, clock, unloadIf } = actorWith();
    expect((await actor.connect(THERAPIST, 1)).ok).toBe(true);
    clock.advance(30 * MINUTE);
    expect(await unloadIf(IDLE_MS)).toBe(false);
    await actor.disconnect(THERAPIST, 1);
    clock.advance(IDLE_MS - 1);
    expect(await unloadIf(IDLE_MS)).toBe(false);
    clock.advance(1);
    expect(await unloadIf(IDLE_MS)).toBe(true);
  });

  it('a connection queued before the unload keeps the room loaded', async () => {
    const { actor, unloadIf, unloads } = actorWith();
    const [connected, unloaded] = await Promise.all([actor.connect(THERAPIST, 1), unloadIf(0)]);
    expect(connected.ok).toBe(true);
    expect(unloaded).toBe(false);
    expect(unloads()).toBe(0);
    expect(actor.isRetired).toBe(false);
  });

  it('once unloaded, its timers are gone and it answers nothing: the caller finds the room again', async () => {
    const { actor, clock, store, unloadIf, unloads } = actorWith({ admitted: ['ann'] });
    expect((await actor.connect('ann', 1)).ok).toBe(true);
    await actor.disconnect('ann', 1);
    // Ann's reconnection grace is running.
    expect(clock.pending()).toHaveLength(1);
    expect(await unloadIf(0)).toBe(true);
    expect(unloads()).toBe(1);
    expect(clock.pending()).toEqual([]);
    expect(await actor.connect('ann', 2)).toEqual({ ok: false, code: 'RESTARTING' });
    expect(await actor.command({ type: 'disconnect', participantId: THERAPIST })).toEqual({
      ok: false,
      code: 'RESTARTING',
    });
    expect(await unloadIf(0)).toBe(false);
    // What it knew is in the store, to be loaded again.
    expect((await store.load(actor.sessionId))?.participants.ann?.connected).toBe(false);
  });

  it('stays loaded when the store cannot take its final write, and unloads on a later try', async () => {
    const { actor, store, unloadIf } = actorWith();
    store.down = true;
    expect(await unloadIf(0)).toBe(false);
    expect(actor.isRetired).toBe(false);
    store.down = false;
    expect(await unloadIf(0)).toBe(true);
  });

  it('an ended room is unloaded as soon as nobody is connected, however recently they left', async () => {
    const { actor, unloadIf } = actorWith();
    expect((await actor.connect(THERAPIST, 1)).ok).toBe(true);
    expect((await actor.command({ type: 'end', actor: THERAPIST })).ok).toBe(true);
    expect(await unloadIf(IDLE_MS)).toBe(false);
    await actor.disconnect(THERAPIST, 1);
    expect(await unloadIf(IDLE_MS)).toBe(true);
  });
});
