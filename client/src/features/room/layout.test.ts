import { describe, expect, test } from 'vitest';
import { arrange, cornerAfterKey, featuredTile, fitGrid, nearestCorner } from './layout';

describe('fitGrid: every face fits, as large as it can be', () => {
  test.each([
    // The therapist's laptop at 1024×700 (stage beside the tools) and 1366×768, eight people.
    ['laptop 1024×700 beside the tools', 8, 690, 520, 3],
    ['laptop 1366×768 beside the tools', 8, 1010, 590, 3],
    // A member's phone: seven others (the self-view floats), two columns.
    ['phone 375×812', 7, 359, 600, 2],
    ['phone 320×640', 7, 304, 440, 2],
  ])('%s: %i tiles in %i×%i take %i columns and fit whole', (_where, count, w, h, columns) => {
    const fit = fitGrid(count, w, h);
    expect(fit.columns).toBe(columns);
    expect(fit.columns * fit.width + (fit.columns - 1) * 8).toBeLessThanOrEqual(w);
    expect(fit.rows * fit.height + (fit.rows - 1) * 8).toBeLessThanOrEqual(h);
    expect(fit.columns * fit.rows).toBeGreaterThanOrEqual(count);
  });

  test('no tiles or no room: nothing to lay out', () => {
    expect(fitGrid(0, 500, 500).rows).toBe(0);
    expect(fitGrid(3, 0, 500).width).toBe(0);
  });
});

describe('featuredTile: who is shown large', () => {
  const tiles = ['t', 'a', 'b'];
  test.each([
    ['a pin wins over the floor', { mode: 'gallery', pinned: 'b', floor: 'a', lastSpeaker: null }, 'b'],
    ['the floor holder in gallery view', { mode: 'gallery', pinned: null, floor: 'a', lastSpeaker: 'b' }, 'a'],
    ['no one in gallery view without a floor', { mode: 'gallery', pinned: null, floor: null, lastSpeaker: 'b' }, null],
    ['the active speaker in speaker view', { mode: 'speaker', pinned: null, floor: null, lastSpeaker: 'b' }, 'b'],
    [
      'someone in speaker view before anyone spoke',
      { mode: 'speaker', pinned: null, floor: null, lastSpeaker: null },
      't',
    ],
    ['a pin of someone who left is ignored', { mode: 'gallery', pinned: 'gone', floor: null, lastSpeaker: null }, null],
  ] as const)('%s', (_rule, o, expected) => {
    expect(featuredTile({ ...o, tiles })).toBe(expected);
  });
});

describe('the self-view moves between corners', () => {
  test.each([
    [10, 10, 'top-left'],
    [390, 10, 'top-right'],
    [10, 700, 'bottom-left'],
    [390, 700, 'bottom-right'],
  ] as const)('dropped at (%i, %i) it settles %s', (x, y, corner) => {
    expect(nearestCorner(x, y, 400, 800)).toBe(corner);
  });
  test.each([
    ['bottom-right', 'ArrowUp', 'top-right'],
    ['top-right', 'ArrowLeft', 'top-left'],
    ['top-left', 'ArrowDown', 'bottom-left'],
    ['bottom-left', 'ArrowRight', 'bottom-right'],
    ['bottom-left', 'Enter', 'bottom-left'],
  ] as const)('from %s, %s moves it %s', (from, key, to) => {
    expect(cornerAfterKey(from, key)).toBe(to);
  });
});

describe('arrange: every tile whole inside the video area', () => {
  const ids = ['t', 'a', 'b', 'c', 'd', 'e', 'f', 'g'];
  const inside = (r: { left: number; top: number; width: number; height: number }, w: number, h: number) =>
    r.left >= 0 && r.top >= 0 && r.left + r.width <= w && r.top + r.height <= h && r.width > 0;
  test.each([
    ['a phone, the floor holder large', 359, 600, 'a'],
    ['a phone, gallery', 359, 600, null],
    ['a laptop, pinned', 690, 520, 'b'],
    ['a laptop, gallery', 690, 520, null],
  ])('%s', (_where, w, h, featured) => {
    const rects = arrange(ids, featured, w, h);
    expect(Object.keys(rects).sort()).toEqual([...ids].sort());
    for (const r of Object.values(rects)) expect(inside(r, w, h)).toBe(true);
    if (featured)
      for (const id of ids.filter((x) => x !== featured))
        expect(rects[featured]!.width).toBeGreaterThan(rects[id]!.width);
  });
});
