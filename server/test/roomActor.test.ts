/**
 * The room actor against a fake media port: the floor decides who may be heard, mute reaches every
 * audio producer, media events stay in their space, a dead worker restarts the media, and a replaced
 * connection cannot take its successor's seat. No mediasoup, no sockets.
 */
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { ConsumerInfo, ProducerInfo, ServerToClientEvents, TransportInfo } from '@circle/shared';
import { RoomActor, type RoomOutbox } from '../src/app/RoomActor.js';
import {
  MediaError,
  type MediaFactory,
  type MediaKind,
  type MediaRoomListener,
  type ProducerState,
  type RoomMedia,
} from '../src/app/mediaPort.js';
import { MemoryRoomStore } from '../src/adapters/store/RoomStore.js';
import { ManualClock } from './support/ManualClock.js';
import { CONFIG, T0, THERAPIST, roomWith } from './support/roomFixture.js';

const transport = (id: string): TransportInfo => ({ id, iceParameters: {}, iceCandidates: [], dtlsParameters: {} });

const OPUS = { codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2 }] };

/** A media room that keeps producers in memory and tells its listener what a real one would. */
class FakeMedia implements RoomMedia {
  readonly producers = new Map<string, { owner: string; state: { id: string; kind: MediaKind; paused: boolean } }>();
  readonly calls: string[] = [];
  isClosed = false;
  readonly rtpCapabilities = { codecs: [] };
  private next = 1;
  constructor(
    readonly worker: object,
    readonly listener: MediaRoomListener,
  ) {}
  runsOn(worker: unknown): boolean {
    return worker === this.worker;
  }
  join(): ProducerInfo[] {
    return [];
  }
  async createTransport(): Promise<TransportInfo> {
    return transport(`t${this.next++}`);
  }
  async connectTransport(): Promise<void> {}
  async connectPlain(): Promise<void> {}
  async restartIce(): Promise<unknown> {
    return {};
  }
  async produce(pid: string, _t: string, kind: MediaKind, source: 'mic' | 'camera', _r: unknown, paused: boolean) {
    const state = { id: `p${this.next++}`, kind, paused };
    this.producers.set(state.id, { owner: pid, state });
    this.listener.producerAdded({ producerId: state.id, participantId: pid, kind, source, paused });
    return state;
  }
  producer(pid: string, producerId: string): ProducerState {
    const p = this.producers.get(producerId);
    if (!p || p.owner !== pid) throw new MediaError('NOT_FOUND', 'producer');
    return p.state;
  }
  async setProducerPaused(pid: string, producerId: string, paused: boolean): Promise<void> {
    const p = this.producers.get(producerId);
    if (!p || p.owner !== pid) throw new MediaError('NOT_FOUND', 'producer');
    p.state.paused = paused;
    this.listener.producerPaused(pid, producerId, paused);
  }
  async pauseKind(pid: string, kind: MediaKind): Promise<number> {
    this.calls.push(`pauseKind ${pid} ${kind}`);
    let n = 0;
    for (const p of this.producers.values()) {
      if (p.owner === pid && p.state.kind === kind && !p.state.paused) {
        await this.setProducerPaused(pid, p.state.id, true);
        n++;
      }
    }
    return n;
  }
  closeProducer(): void {}
  async consume(): Promise<ConsumerInfo> {
    throw new MediaError('NOT_FOUND', 'producer');
  }
  async resumeConsumer(): Promise<void> {}
  async setView(): Promise<void> {}
  async setAudioOnly(): Promise<void> {}
  reconcileSpaces(): Map<string, ProducerInfo[]> {
    return new Map();
  }
  async startCheck(): Promise<{ send: TransportInfo; recv: TransportInfo }> {
    this.calls.push('startCheck');
    return { send: transport('cs'), recv: transport('cr') };
  }
  async connectCheck(): Promise<void> {}
  async produceCheck(): Promise<string> {
    return 'check-producer';
  }
  async consumeCheck(): Promise<{ id: string; producerId: string; kind: 'audio'; rtpParameters: unknown }> {
    return { id: 'c', producerId: 'check-producer', kind: 'audio', rtpParameters: {} };
  }
  endCheck(): void {}
  closePeer(pid: string): void {
    this.calls.push(`closePeer ${pid}`);
  }
  close(): void {
    this.isClosed = true;
  }
}

type Sent = { to: string; event: keyof ServerToClientEvents; args: unknown[] };

function actorWith(members: { admitted?: string[]; waiting?: string[] }) {
  const clock = new ManualClock(T0);
  const sent: Sent[] = [];
  const outbox: RoomOutbox = {
    emit: (to, event, ...args) => void sent.push({ to, event, args }),
    disconnect: () => undefined,
  };
  const worker = {};
  let media: FakeMedia | null = null;
  const factory: MediaFactory<FakeMedia> = {
    open: async (listener) => (media = new FakeMedia(worker, listener)),
  };
  const actor = new RoomActor<FakeMedia>(roomWith(members), {
    store: new MemoryRoomStore(),
    media: factory,
    clock,
    config: CONFIG,
    logger: pino({ level: 'silent' }),
    outbox,
  });
  const fake = () => {
    if (!media) throw new Error('media not opened');
    return media;
  };
  return { actor, sent, clock, worker, fake };
}

async function micOf(actor: RoomActor<FakeMedia>, pid: string) {
  await actor.handle(pid, 'media:join', { rtpCapabilities: {} });
  const r = await actor.handle(pid, 'producer:create', {
    transportId: 't',
    kind: 'audio',
    source: 'mic',
    rtpParameters: OPUS,
  });
  if (!r.ok) throw new Error(r.error.code);
  return r.data;
}

describe('room actor over the media port', () => {
  it('in facilitated mode a member’s microphone starts paused and cannot be unpaused without the floor', async () => {
    const { actor } = actorWith({ admitted: ['alex'] });
    await actor.handle(THERAPIST, 'speaking:setMode', { mode: 'facilitated' });
    const mic = await micOf(actor, 'alex');
    expect(mic.paused).toBe(true);
    expect(
      await actor.handle('alex', 'producer:setPaused', { producerId: mic.producerId, paused: false }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_YOUR_TURN' } });
    await actor.handle(THERAPIST, 'floor:give', { participantId: 'alex' });
    expect(await actor.handle('alex', 'producer:setPaused', { producerId: mic.producerId, paused: false })).toEqual({
      ok: true,
      data: null,
    });
    expect(actor.snapshot.participants.alex?.micOn).toBe(true);
  });

  it('the therapist’s mute pauses every audio producer the member has, at the port', async () => {
    const { actor, fake } = actorWith({ admitted: ['alex'] });
    const mic = await micOf(actor, 'alex');
    expect(mic.paused).toBe(false);
    await actor.handle(THERAPIST, 'participant:mute', { participantId: 'alex' });
    expect(fake().calls).toContain('pauseKind alex audio');
    expect(fake().producer('alex', mic.producerId).paused).toBe(true);
  });

  it('media events are refused before admission; the connection check is open from the lobby', async () => {
    const { actor, fake } = actorWith({ waiting: ['sam'] });
    expect(await actor.handle('sam', 'media:capabilities', {})).toMatchObject({
      ok: false,
      error: { code: 'NOT_ADMITTED' },
    });
    expect(await actor.handle('sam', 'check:start', {})).toMatchObject({ ok: true });
    expect(fake().calls).toContain('startCheck');
  });

  it('a producer’s pause reaches only the people in its own space', async () => {
    const { actor, sent, fake } = actorWith({ admitted: ['alex', 'sam'] });
    const mic = await micOf(actor, 'alex');
    await actor.handle('alex', 'crisis:alert', {});
    const alertId = actor.snapshot.crisis[0]?.id ?? '';
    expect(await actor.handle(THERAPIST, 'crisis:sideRoom', { alertId })).toMatchObject({ ok: true });
    sent.length = 0;
    await fake().setProducerPaused('alex', mic.producerId, true);
    const told = sent.filter((s) => s.event === 'media:producerPaused').map((s) => s.to);
    expect(told).toContain(THERAPIST);
    expect(told).not.toContain('sam');
  });

  it('a dead worker takes the media with it: everyone is asked to join again, and media reopens on demand', async () => {
    const { actor, sent, worker } = actorWith({ admitted: ['alex'] });
    await micOf(actor, 'alex');
    const before = actor.mediaRoom;
    await actor.workerDied({});
    expect(actor.mediaRoom).toBe(before);
    await actor.workerDied(worker);
    expect(actor.mediaRoom).toBeNull();
    expect(sent.filter((s) => s.event === 'media:restart').map((s) => s.to)).toContain('alex');
    expect(await actor.handle('alex', 'media:capabilities', {})).toMatchObject({ ok: true });
    expect(actor.mediaRoom).not.toBe(before);
  });

  it('a connection that was replaced cannot disconnect its successor', async () => {
    const { actor } = actorWith({ admitted: ['alex'] });
    expect(await actor.connect('alex', 1)).toMatchObject({ ok: true });
    expect(await actor.connect('alex', 2)).toMatchObject({ ok: true });
    // The older attempt arriving late is refused; the older socket closing changes nothing.
    expect(await actor.connect('alex', 1)).toEqual({ ok: false, code: 'REPLACED' });
    await actor.disconnect('alex', 1);
    expect(actor.snapshot.participants.alex).toMatchObject({ connected: true, status: 'admitted' });
    await actor.disconnect('alex', 2);
    expect(actor.snapshot.participants.alex).toMatchObject({ connected: false, status: 'admitted' });
  });
});
