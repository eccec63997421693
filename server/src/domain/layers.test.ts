import { describe, expect, test } from 'vitest';
import {
  type LayerChoice,
  type Wanted,
  UPLINK_WEAK_MS,
  downlinkBudget,
  fitToBudget,
  layerCostBps,
  layersForTile,
  nextUplink,
} from './layers.js';

const SIMULCAST = { spatialLayers: 3, temporalLayers: 3 };
const SINGLE = { spatialLayers: 1, temporalLayers: 1 };
const on = (spatialLayer: number, temporalLayer: number): LayerChoice => ({
  paused: false,
  spatialLayer,
  temporalLayer,
});
const PAUSED: LayerChoice = { paused: true, spatialLayer: 0, temporalLayer: 0 };

describe('a tile gets the smallest layer that covers it', () => {
  test.each([
    ['the floor holder, large', { width: 960, height: 720, visible: true }, SIMULCAST, on(2, 2)],
    ['a tile as tall as the top layer', { width: 640, height: 480, visible: true }, SIMULCAST, on(2, 2)],
    ['a grid tile of a 3x3 grid', { width: 400, height: 300, visible: true }, SIMULCAST, on(1, 2)],
    ['a small grid tile', { width: 200, height: 150, visible: true }, SIMULCAST, on(0, 2)],
    [
      'a thumbnail: lowest layer at half the frame rate',
      { width: 120, height: 90, visible: true },
      SIMULCAST,
      on(0, 1),
    ],
    ['a scrolled-away tile is paused', { width: 400, height: 300, visible: false }, SIMULCAST, PAUSED],
    ['a collapsed tile is paused', { width: 0, height: 0, visible: true }, SIMULCAST, PAUSED],
    ['no report yet: the top layers', undefined, SIMULCAST, on(2, 2)],
    ['a single-encoding producer has only layer 0', { width: 960, height: 720, visible: true }, SINGLE, on(0, 0)],
    [
      'two layers: the top one is the capture',
      { width: 530, height: 400, visible: true },
      { spatialLayers: 2, temporalLayers: 1 },
      on(1, 0),
    ],
  ])('%s', (_rule, view, shape, expected) => {
    expect(layersForTile(view, shape)).toEqual(expected);
  });
});

describe('layer costs follow the send ladder (100k/300k/900k)', () => {
  test.each([
    [on(2, 2), SIMULCAST, 900_000],
    [on(1, 2), SIMULCAST, 300_000],
    [on(0, 2), SIMULCAST, 100_000],
    [on(0, 0), SIMULCAST, 40_000],
    [PAUSED, SIMULCAST, 0],
    [on(0, 0), SINGLE, 900_000],
  ])('%j costs %d', (choice, shape, bps) => {
    expect(layerCostBps(choice, shape)).toBe(bps);
  });
});

describe('a short downlink lowers the least important tiles first', () => {
  const wanted = (id: string, choice: LayerChoice, priority: number): Wanted => ({
    consumerId: id,
    choice,
    shape: SIMULCAST,
    priority,
  });

  test('everything fits: nothing changes', () => {
    const out = fitToBudget([wanted('floor', on(2, 2), 100), wanted('a', on(1, 2), 10)], 2_000_000);
    expect(out.get('floor')).toEqual(on(2, 2));
    expect(out.get('a')).toEqual(on(1, 2));
  });

  test('grid tiles drop before the floor holder', () => {
    const out = fitToBudget(
      [wanted('floor', on(2, 2), 100), wanted('a', on(1, 2), 10), wanted('b', on(1, 2), 10)],
      1_100_000,
    );
    expect(out.get('floor')).toEqual(on(2, 2));
    expect(out.get('a')).toEqual(on(0, 2));
    expect(out.get('b')).toEqual(on(0, 2));
  });

  test('the floor holder drops too when the grid is already at the bottom', () => {
    const out = fitToBudget([wanted('floor', on(2, 2), 100), wanted('a', on(0, 0), 10)], 400_000);
    expect(out.get('floor')).toEqual(on(1, 2));
    expect(out.get('a')).toEqual(on(0, 0));
  });

  test('never below the lowest layer, and paused tiles stay paused', () => {
    const out = fitToBudget([wanted('a', on(2, 2), 10), wanted('hidden', PAUSED, 0)], 1);
    expect(out.get('a')).toEqual(on(0, 0));
    expect(out.get('hidden')).toEqual(PAUSED);
  });
});

describe('the downlink budget is the tightest limit', () => {
  test.each([
    [
      'no estimate and no caps: unlimited',
      { estimatedBps: null, lossy: false, maxPerParticipantBps: 0, roomShareBps: 0 },
      Infinity,
    ],
    ['the estimate', { estimatedBps: 1_500_000, lossy: false, maxPerParticipantBps: 0, roomShareBps: 0 }, 1_500_000],
    [
      'the per-participant cap',
      { estimatedBps: 3_000_000, lossy: false, maxPerParticipantBps: 2_000_000, roomShareBps: 0 },
      2_000_000,
    ],
    [
      'the room share',
      { estimatedBps: 3_000_000, lossy: false, maxPerParticipantBps: 2_000_000, roomShareBps: 800_000 },
      800_000,
    ],
    [
      'loss halves the estimate',
      { estimatedBps: 1_000_000, lossy: true, maxPerParticipantBps: 0, roomShareBps: 0 },
      500_000,
    ],
  ])('%s', (_rule, input, expected) => {
    expect(downlinkBudget(input)).toBe(expected);
  });
});

describe('audio-only fallback needs a sustained weak uplink', () => {
  test('a weak score for the whole window falls back', () => {
    let state = { weakSince: null as number | null };
    const t0 = 1_000;
    let r = nextUplink(state, 3, t0);
    expect(r.fallback).toBe(false);
    state = r.state;
    r = nextUplink(state, 2, t0 + UPLINK_WEAK_MS - 1);
    expect(r.fallback).toBe(false);
    r = nextUplink(r.state, 2, t0 + UPLINK_WEAK_MS);
    expect(r.fallback).toBe(true);
  });

  test('one good sample resets the clock', () => {
    const a = nextUplink({ weakSince: null }, 3, 0);
    const b = nextUplink(a.state, 9, 5_000);
    expect(b.state.weakSince).toBeNull();
    const c = nextUplink(b.state, 3, UPLINK_WEAK_MS + 1);
    expect(c.fallback).toBe(false);
  });
});
