/**
 * Pure layout rules of the room (no DOM): how many columns fit every face, which tile is large,
 * where the self-view sits. Tested in layout.test.ts; the components measure and call these.
 */

/** Tiles keep a 4:3 frame: a face is never cut by the grid, only scaled. */
export const TILE_ASPECT = 4 / 3;

export interface GridFit {
  columns: number;
  rows: number;
  /** Each tile's size in CSS pixels. */
  width: number;
  height: number;
}

/**
 * The number of columns that makes `count` tiles of `aspect` (width / height) as large as they can
 * be while all of them fit, whole, in `width` × `height` with `gap` between them.
 */
export function fitGrid(count: number, width: number, height: number, gap = 8, aspect = TILE_ASPECT): GridFit {
  if (count <= 0 || width <= 0 || height <= 0) return { columns: 1, rows: 0, width: 0, height: 0 };
  let best: GridFit = { columns: 1, rows: count, width: 0, height: 0 };
  for (let columns = 1; columns <= count; columns++) {
    const rows = Math.ceil(count / columns);
    let w = (width - gap * (columns - 1)) / columns;
    let h = w / aspect;
    const maxH = (height - gap * (rows - 1)) / rows;
    if (h > maxH) {
      h = maxH;
      w = h * aspect;
    }
    if (w > best.width) best = { columns, rows, width: Math.floor(w), height: Math.floor(h) };
  }
  return best;
}

export type ViewMode = 'gallery' | 'speaker';

/**
 * The tile shown large, if any: a pinned participant first; else the floor holder; else, in speaker
 * view, whoever is speaking (or was last). Gallery view without a floor or pin: none.
 */
export function featuredTile(o: {
  mode: ViewMode;
  pinned: string | null;
  floor: string | null;
  lastSpeaker: string | null;
  tiles: readonly string[];
}): string | null {
  const has = (id: string | null): id is string => id !== null && o.tiles.includes(id);
  if (has(o.pinned)) return o.pinned;
  if (has(o.floor)) return o.floor;
  if (o.mode === 'speaker') return has(o.lastSpeaker) ? o.lastSpeaker : (o.tiles[0] ?? null);
  return null;
}

export type Corner = 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';
export const CORNERS: readonly Corner[] = ['top-left', 'top-right', 'bottom-left', 'bottom-right'];

/** The corner nearest to a point (x, y) in a box of `width` × `height`: where a dragged self-view settles. */
export function nearestCorner(x: number, y: number, width: number, height: number): Corner {
  const top = y < height / 2;
  const left = x < width / 2;
  return top ? (left ? 'top-left' : 'top-right') : left ? 'bottom-left' : 'bottom-right';
}

/** The corner an arrow key moves the self-view to (keyboard users move it as others drag it). */
export function cornerAfterKey(corner: Corner, key: string): Corner {
  const [v, h] = corner.split('-') as ['top' | 'bottom', 'left' | 'right'];
  switch (key) {
    case 'ArrowUp':
      return `top-${h}`;
    case 'ArrowDown':
      return `bottom-${h}`;
    case 'ArrowLeft':
      return `${v}-left`;
    case 'ArrowRight':
      return `${v}-right`;
    default:
      return corner;
  }
}

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Place `count` tiles of a fitted grid, centred in the box at (left, top, width, height). */
function gridRects(count: number, box: Rect, gap: number): Rect[] {
  const fit = fitGrid(count, box.width, box.height, gap);
  const out: Rect[] = [];
  const usedH = fit.rows * fit.height + (fit.rows - 1) * gap;
  const top0 = box.top + Math.max(0, (box.height - usedH) / 2);
  for (let i = 0; i < count; i++) {
    const row = Math.floor(i / fit.columns);
    // The last row is centred when it is not full.
    const inRow = row === fit.rows - 1 ? count - row * fit.columns : fit.columns;
    const rowW = inRow * fit.width + (inRow - 1) * gap;
    const left0 = box.left + Math.max(0, (box.width - rowW) / 2);
    out.push({
      left: Math.round(left0 + (i % fit.columns) * (fit.width + gap)),
      top: Math.round(top0 + row * (fit.height + gap)),
      width: fit.width,
      height: fit.height,
    });
  }
  return out;
}

/**
 * Where each tile goes in a `width` × `height` video area. With a featured tile (pinned, the floor,
 * speaker view) it is large: on top on a phone held upright, on the left on a laptop; the others
 * share the rest, each still whole. Without one, a gallery where every tile is whole and equal.
 */
export function arrange(ids: readonly string[], featured: string | null, width: number, height: number, gap = 8) {
  const rects: Record<string, Rect> = {};
  const box = { left: 0, top: 0, width, height };
  const others = ids.filter((id) => id !== featured);
  if (!featured || !ids.includes(featured) || ids.length < 2) {
    gridRects(ids.length, box, gap).forEach((r, i) => (rects[ids[i]!] = r));
    return rects;
  }
  const landscape = width > height * 1.15;
  // The large tile about twice as wide as the others: try a few splits, keep the most balanced.
  let main: Rect = box;
  let rest: Rect = box;
  let bestScore = -1;
  for (const f of [0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75]) {
    const m: Rect = landscape
      ? { left: 0, top: 0, width: Math.round(width * f), height }
      : { left: 0, top: 0, width, height: Math.round(height * f) };
    const r: Rect = landscape
      ? { left: m.width + gap, top: 0, width: width - m.width - gap, height }
      : { left: 0, top: m.height + gap, width, height: height - m.height - gap };
    const score = Math.min(
      fitGrid(1, m.width, m.height, gap).width / 2,
      fitGrid(others.length, r.width, r.height, gap).width,
    );
    if (score > bestScore) {
      bestScore = score;
      main = m;
      rest = r;
    }
  }
  // The large tile keeps its frame: centred in its part.
  const big = fitGrid(1, main.width, main.height, gap);
  rects[featured] = {
    left: Math.round(main.left + (main.width - big.width) / 2),
    top: Math.round(main.top + (main.height - big.height) / 2),
    width: big.width,
    height: big.height,
  };
  gridRects(others.length, rest, gap).forEach((r, i) => (rects[others[i]!] = r));
  return rects;
}
