import { describe, expect, test } from 'vitest';
import {
  type LayerChoice,
  type ReceiverTile,
  type Wanted,
  RECEIVER_VIDEO_BUDGET_BPS,
  UPLINK_WEAK_MS,
  downlinkBudget,
  fitToBudget,
  layerCostBps,
  layersForReceiver,
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
    // Half the frame rate first, then the lowest layer.
    expect(out.get('a')).toEqual(on(0, 1));
    expect(out.get('b')).toEqual(on(0, 1));
  });

  test('the floor holder drops too when the grid is already at the bottom', () => {
    const out = fitToBudget([wanted('floor', on(2, 2), 100), wanted('a', on(0, 0), 10)], 400_000);
    expect(out.get('floor')).toEqual(on(1, 2));
    expect(out.get('a')).toEqual(on(0, 0));
  });

  test.each([
    [1_000_000, on(2, 2)],
    [600_000, on(1, 2)],
    [250_000, on(1, 1)],
    [150_000, on(0, 1)],
    [50_000, on(0, 0)],
  ])('one large tile in %d bps: %j (resolution, then frame rate, then the lowest layer)', (budget, expected) => {
    expect(fitToBudget([wanted('large', on(2, 2), 100)], budget).get('large')).toEqual(expected);
  });

  test('the floor holder keeps the top layer while any grid tile can still go down', () => {
    const out = fitToBudget(
      [wanted('floor', on(2, 2), 100), wanted('a', on(1, 2), 10), wanted('b', on(1, 2), 10)],
      1_000_000,
    );
    expect(out.get('floor')).toEqual(on(2, 2));
    expect(out.get('a')).toEqual(on(0, 0));
    expect(out.get('b')).toEqual(on(0, 0));
  });

  test('equal tiles take turns: none is more than one step below another', () => {
    const tiles = ['a', 'b', 'c', 'd'].map((id) => wanted(id, on(2, 2), 10));
    const out = fitToBudget(tiles, 1_500_000);
    const steps = [...out.values()].map((c) => c.spatialLayer * 3 + c.temporalLayer);
    expect(Math.max(...steps) - Math.min(...steps)).toBeLessThanOrEqual(1);
  });

  test('never below the lowest layer, and paused tiles stay paused', () => {
    const out = fitToBudget([wanted('a', on(2, 2), 10), wanted('hidden', PAUSED, 0)], 1);
    expect(out.get('a')).toEqual(on(0, 0));
    expect(out.get('hidden')).toEqual(PAUSED);
  });
});

/** Tiles of one receiver: `count` tiles of the same size, and optionally one large one first. */
function screen(count: number, tile: { width: number; height: number }, large?: { width: number; height: number }) {
  const tiles: ReceiverTile[] = [];
  if (large) tiles.push({ consumerId: 'large', view: { ...large, visible: true }, shape: SIMULCAST });
  for (let i = 0; i < count; i++)
    tiles.push({ consumerId: `t${i}`, view: { ...tile, visible: true }, shape: SIMULCAST });
  return tiles;
}
const totalBps = (out: Map<string, LayerChoice>) =>
  [...out.values()].reduce((sum, c) => sum + layerCostBps(c, SIMULCAST), 0);
const small = (out: Map<string, LayerChoice>) => [...out].filter(([id]) => id !== 'large').map(([, c]) => c);

describe('a receiver’s tiles and budget give its layers (10-person room: nine remote tiles)', () => {
  const budget = RECEIVER_VIDEO_BUDGET_BPS;

  test('a grid on a laptop (300x225 tiles): every tile on the middle layer, within the budget', () => {
    const out = layersForReceiver(screen(9, { width: 304, height: 228 }), budget);
    expect(small(out)).toEqual(Array(9).fill(on(1, 2)));
    expect(totalBps(out)).toBeLessThanOrEqual(budget);
  });

  test('the same grid on a screen of twice the pixel density: still the middle layer, not nine top layers', () => {
    // Each tile alone would need the top layer (456 device pixels high): 9 x 900 kbps.
    expect(layersForTile({ width: 608, height: 456, visible: true }, SIMULCAST)).toEqual(on(2, 2));
    const out = layersForReceiver(screen(9, { width: 608, height: 456 }), budget);
    expect(small(out)).toEqual(Array(9).fill(on(1, 2)));
    expect(totalBps(out)).toBeLessThanOrEqual(budget);
  });

  test.each([
    ['a laptop', 1],
    ['a screen of twice the pixel density', 2],
  ])('speaker view on %s: the large tile on the top layer, the small ones below it, within the budget', (_s, dpr) => {
    const out = layersForReceiver(
      screen(8, { width: 180 * dpr, height: 135 * dpr }, { width: 900 * dpr, height: 675 * dpr }),
      budget,
    );
    expect(out.get('large')).toEqual(on(2, 2));
    for (const c of small(out)) expect(c.spatialLayer).toBeLessThanOrEqual(1);
    expect(totalBps(out)).toBeLessThanOrEqual(budget);
  });

  test('a grid with the floor holder large: the floor holder on top, every other tile still sent', () => {
    const out = layersForReceiver(screen(8, { width: 608, height: 456 }, { width: 1200, height: 900 }), budget);
    expect(out.get('large')).toEqual(on(2, 2));
    for (const c of small(out)) expect(c.paused).toBe(false);
    expect(totalBps(out)).toBeLessThanOrEqual(budget);
  });

  test('hidden tiles cost nothing; audio-only receivers get the lowest layers', () => {
    const tiles = screen(2, { width: 608, height: 456 });
    tiles.push({ consumerId: 'away', view: { width: 608, height: 456, visible: false }, shape: SIMULCAST });
    const out = layersForReceiver(tiles, budget);
    expect(out.get('away')).toEqual(PAUSED);
    expect(out.get('t0')).toEqual(on(2, 2));
    const audioOnly = layersForReceiver(screen(2, { width: 608, height: 456 }), budget, { audioOnly: true });
    expect([...audioOnly.values()]).toEqual([on(0, 0), on(0, 0)]);
  });
});

describe('the downlink budget is the tightest limit', () => {
  test.each([
    [
      'no estimate and no caps: the receiver budget',
      { estimatedBps: null, lossy: false, maxPerParticipantBps: 0, roomShareBps: 0 },
      RECEIVER_VIDEO_BUDGET_BPS,
    ],
    [
      "an operator's per-participant cap replaces the receiver budget, above it too",
      { estimatedBps: null, lossy: false, maxPerParticipantBps: 5_000_000, roomShareBps: 0 },
      5_000_000,
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
