import { beforeEach, describe, expect, it } from 'vitest';
import { HEALTH_HISTORY_MS, type HealthPoint, type RoomHealthView, type StaffMessageView } from '@circle/shared';
import { addStaffMessage, applyHealthSample, resetHealth, seedHealthHistory, useHealthStore } from './useHealthStore';
import { resetStores } from '../test/fakes';

function sample(at: number, connected = true): RoomHealthView {
  return {
    sessionId: 's1',
    at,
    sampleMs: 2000,
    worker: { pid: 1, cpuPct: 20, maxRssKb: 1024 },
    counts: { transports: 2, producers: 2, consumers: 2 },
    participants: [
      {
        participantId: 'p1',
        role: 'member',
        connected,
        transports: [],
        sendKbps: 300,
        recvKbps: 800,
        lossPct: 1,
        rttMs: 50,
        jitterMs: 3,
        producerScore: 10,
        consumerScore: 10,
        reconnects: 0,
        micOn: true,
        cameraOn: true,
        quality: 'good',
        reported: true,
      },
    ],
    alerts: [],
  };
}
const times = () => useHealthStore.getState().history.map((p) => p.at);

describe('health store', () => {
  beforeEach(resetStores);

  it('each sample adds a point with the figures of connected participants only', () => {
    applyHealthSample(sample(1000));
    applyHealthSample(sample(3000, false));
    expect(useHealthStore.getState().history).toEqual([
      { at: 1000, cpuPct: 20, participants: { p1: [300, 800, 1, 50] } },
      { at: 3000, cpuPct: 20, participants: {} },
    ]);
    expect(useHealthStore.getState().current?.at).toBe(3000);
  });

  it('a sample that is not newer adds no point', () => {
    applyHealthSample(sample(3000));
    applyHealthSample(sample(3000));
    applyHealthSample(sample(1000));
    expect(times()).toEqual([3000]);
  });

  it('keeps ten minutes of history', () => {
    applyHealthSample(sample(1000));
    applyHealthSample(sample(2000));
    applyHealthSample(sample(1000 + HEALTH_HISTORY_MS + 500));
    expect(times()).toEqual([2000, 1000 + HEALTH_HISTORY_MS + 500]);
  });

  it('the server’s history is merged with samples that arrived while it was loading', () => {
    applyHealthSample(sample(5000));
    const older: HealthPoint[] = [1000, 3000].map((at) => ({ at, cpuPct: null, participants: {} }));
    seedHealthHistory(older, sample(3000));
    expect(times()).toEqual([1000, 3000, 5000]);
    expect(useHealthStore.getState().current?.at).toBe(5000);
  });

  it('staff messages are listed once each', () => {
    const m: StaffMessageView = { id: 's1', fromId: 't1', fromRole: 'therapist', text: 'hi', at: 1 };
    addStaffMessage(m);
    addStaffMessage(m);
    expect(useHealthStore.getState().staffMessages).toEqual([m]);
  });

  it('a reset forgets the room’s health but keeps the staff line', () => {
    applyHealthSample(sample(1000));
    addStaffMessage({ id: 's1', fromId: 't1', fromRole: 'therapist', text: 'hi', at: 1 });
    resetHealth();
    expect(useHealthStore.getState()).toMatchObject({ current: null, history: [], sessions: null });
    expect(useHealthStore.getState().staffMessages).toHaveLength(1);
  });
});
