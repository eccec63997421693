/**
 * The room actor over a store that can be down: a change is applied, told and acted on only once the
 * store has it; a refused one answers UNAVAILABLE and leaves no trace; what must happen anyway (a
 * timer's command, a disconnect, a resumption) happens once the store is back. No sockets, no media.
 */
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { ServerToClientEvents } from '@circle/shared';
import { RoomActor, STORE_RETRY_MS, type RoomOutbox } from '../src/app/RoomActor.js';
import type { MediaFactory, RoomMedia } from '../src/app/mediaPort.js';
import { MemoryRoomStore } from '../src/adapters/store/RoomStore.js';
import type { RoomState } from '../src/domain/room.js';
import { SampledLog } from '../src/app/sampledLog.js';
import { ManualClock } from './support/ManualClock.js';
import { CONFIG, T0, THERAPIST, roomWith } from './support/roomFixture.js';

/** The in-memory store, with a switch that makes every save fail as an unreachable server's would. */
class SwitchableStore extends MemoryRoomStore {
  down = false;
  saves = 0;
  override async save(state: RoomState): Promise<void> {
    if (this.down) throw new Error('Reached the max retries per request limit (which is 2).');
    this.saves++;
    await super.save(state);
  }
}

const noMedia: MediaFactory<RoomMedia> = {
  open: async () => {
    throw new Error('no media in these tests');
  },
};

/** Let every promise already queued run (the store and the actor answer in microtasks). */
const flush = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

function actorOver(state: RoomState) {
  const clock = new ManualClock(T0);
  const store = new SwitchableStore();
  const sent: { to: string; event: keyof ServerToClientEvents }[] = [];
  const outbox: RoomOutbox = {
    emit: (to, event, ..._args) => void sent.push({ to, event }),
    disconnect: () => undefined,
  };
  const actor = new RoomActor(state, {
    store,
    media: noMedia,
    clock,
    config: CONFIG,
    logger: pino({ level: 'silent' }),
    outbox,
  });
  return { actor, store, clock, sent };
}

describe('nothing acknowledged that is not stored', () => {
  it('a chat message the store could not take is refused UNAVAILABLE, sent to nobody, and not in the room', async () => {
    const { actor, store, sent } = actorOver(roomWith({ admitted: ['alex'] }));
    const before = actor.snapshot;
    store.down = true;
    expect(await actor.handle('alex', 'chat:send', { text: 'hello' })).toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE' },
    });
    expect(actor.snapshot).toBe(before);
    expect(sent).toEqual([]);
    expect((await store.load('session-1'))?.chat.group ?? []).toEqual([]);

    store.down = false;
    expect(await actor.handle('alex', 'chat:send', { text: 'hello again' })).toMatchObject({ ok: true });
    expect(actor.snapshot.chat.group.map((m) => m.text)).toEqual(['hello again']);
    expect((await store.load('session-1'))?.chat.group.map((m) => m.text)).toEqual(['hello again']);
    expect(sent.some((s) => s.event === 'chat:message')).toBe(true);
  });

  it('a refused command arms no timer: the crisis alert refused during the outage never escalates', async () => {
    const { actor, store, clock } = actorOver(roomWith({ admitted: ['alex'] }));
    store.down = true;
    expect(await actor.handle('alex', 'crisis:alert', {})).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    expect(clock.pending()).toEqual([]);
    expect(actor.snapshot.crisis).toEqual([]);
  });

  it('a timer that falls due while the store is down runs once it is back: an alert is still escalated', async () => {
    const { actor, store, clock } = actorOver(roomWith({ admitted: ['alex'] }));
    expect(await actor.handle('alex', 'crisis:alert', {})).toMatchObject({ ok: true });
    store.down = true;
    clock.advance(CONFIG.crisisEscalateMs);
    await flush();
    expect(actor.snapshot.crisis[0]?.escalated).toBe(false);
    // Still down a while: it keeps trying.
    clock.advance(STORE_RETRY_MS);
    await flush();
    expect(actor.snapshot.crisis[0]?.escalated).toBe(false);
    store.down = false;
    clock.advance(STORE_RETRY_MS);
    await flush();
    expect(actor.snapshot.crisis[0]?.escalated).toBe(true);
    expect((await store.load('session-1'))?.crisis[0]?.escalated).toBe(true);
  });

  it('a disconnect the store could not take frees the seat at once and is stored once the store is back', async () => {
    const { actor, store, clock } = actorOver(roomWith({ admitted: ['alex'] }));
    expect(await actor.connect('alex', 1)).toMatchObject({ ok: true });
    store.down = true;
    await actor.disconnect('alex', 1);
    expect(actor.holdsSeat('alex', 1)).toBe(false);
    expect(actor.snapshot.participants.alex?.connected).toBe(true);
    store.down = false;
    clock.advance(STORE_RETRY_MS);
    await flush();
    await actor.settle();
    expect(actor.snapshot.participants.alex?.connected).toBe(false);
    expect((await store.load('session-1'))?.participants.alex?.connected).toBe(false);
  });

  it('coming back before that disconnect was stored makes it moot: the new connection stands', async () => {
    const { actor, store, clock } = actorOver(roomWith({ admitted: ['alex'] }));
    expect(await actor.connect('alex', 1)).toMatchObject({ ok: true });
    store.down = true;
    await actor.disconnect('alex', 1);
    // Refused while the store is down, accepted once it is back.
    expect(await actor.connect('alex', 2)).toEqual({ ok: false, code: 'UNAVAILABLE' });
    store.down = false;
    expect(await actor.connect('alex', 3)).toMatchObject({ ok: true });
    clock.advance(10 * STORE_RETRY_MS);
    await flush();
    await actor.settle();
    expect(actor.holdsSeat('alex', 3)).toBe(true);
    expect(actor.snapshot.participants.alex?.connected).toBe(true);
  });

  it('a room taken over while the store is down resumes once it is back, before any command', async () => {
    const { actor, store } = actorOver(roomWith({ admitted: ['alex'] }));
    store.down = true;
    await expect(actor.resume()).rejects.toThrow(/store unavailable/);
    // As loaded: nobody marked reconnecting yet.
    expect(actor.snapshot.participants.alex?.connected).toBe(true);
    store.down = false;
    expect(await actor.handle(THERAPIST, 'chat:send', { text: 'we are back' })).toMatchObject({ ok: true });
    const stored = await store.load('session-1');
    expect(stored?.participants.alex?.connected).toBe(false);
    expect(stored?.chat.group.map((m) => m.text)).toEqual(['we are back']);
  });
});

describe('store failures in the log', () => {
  it('one line a minute at most, then how many were left out', () => {
    let now = 0;
    const lines: unknown[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const log = new SampledLog(60_000, () => now);
    expect(log.error(logger, { sessionId: 's1' }, 'store unavailable')).toBe(true);
    now = 30_000;
    expect(log.error(logger, { sessionId: 's1' }, 'store unavailable')).toBe(false);
    expect(log.error(logger, { sessionId: 's2' }, 'store unavailable')).toBe(false);
    now = 60_000;
    expect(log.error(logger, { sessionId: 's1' }, 'store unavailable')).toBe(true);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ sessionId: 's1', suppressed: 2 });
  });
});
