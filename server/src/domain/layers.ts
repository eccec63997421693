/**
 * Which simulcast layers each receiver gets: pure rules over tile sizes, the receiver's downlink
 * and the operator's caps. The media adapter applies the result (setPreferredLayers, pause, resume).
 */

/** How large a consumer's tile is on the receiver's screen, in device pixels, as the client reports it. */
export interface TileView {
  width: number;
  height: number;
  /** On screen (not scrolled away, not hidden, tab visible). */
  visible: boolean;
}

export interface LayerChoice {
  /** Off screen or hidden: the SFU sends nothing. */
  paused: boolean;
  spatialLayer: number;
  temporalLayer: number;
}

/** The layers a producer offers (mediasoup: encodings, and temporal layers of each). */
export interface LayerShape {
  spatialLayers: number;
  temporalLayers: number;
}

/**
 * The camera's simulcast ladder, lowest first: scaleResolutionDownBy 4/2/1, and the bitrate each
 * layer is capped at (the client sends with these maxBitrates). The heights are nominal (a 480-line
 * capture); a laptop captures 540 lines (client/src/net/capture.ts), so each layer is a little
 * taller than the rule assumes and a tile is never given a layer too small for it.
 */
export const CAMERA_LAYERS = [
  { scaleResolutionDownBy: 4, maxBitrateBps: 100_000, height: 120 },
  { scaleResolutionDownBy: 2, maxBitrateBps: 300_000, height: 240 },
  { scaleResolutionDownBy: 1, maxBitrateBps: 900_000, height: 480 },
] as const;

/** Total the client may send for its camera (all layers). */
export const CAMERA_MAX_SEND_BPS = CAMERA_LAYERS.reduce((sum, l) => sum + l.maxBitrateBps, 0);

/**
 * A layer may be shown this much larger than it is before the next one is worth its bitrate
 * (a 240-line layer looks fine in a 300-pixel tile).
 */
const UPSCALE_ALLOWANCE = 1.3;
/** Tiles smaller than this (device pixels high) get a reduced frame rate. */
const THUMBNAIL_MAX_HEIGHT = 100;
/** Share of a layer's bitrate that its temporal layers up to t need (L1T3: 7.5, 15, 30 fps). */
const TEMPORAL_SHARE = [0.4, 0.65, 1] as const;

const clamp = (n: number, min: number, max: number): number => Math.max(min, Math.min(max, n));

/**
 * The layers a tile of this size needs: the smallest spatial layer that covers its height (with a
 * little upscaling allowed), the full frame rate unless it is a thumbnail; paused when not visible.
 * No view reported yet: the top layers (what a single large tile would need).
 */
export function layersForTile(view: TileView | undefined, shape: LayerShape): LayerChoice {
  const topSpatial = Math.max(0, shape.spatialLayers - 1);
  const topTemporal = Math.max(0, shape.temporalLayers - 1);
  if (!view) return { paused: false, spatialLayer: topSpatial, temporalLayer: topTemporal };
  if (!view.visible || view.width === 0 || view.height === 0) {
    return { paused: true, spatialLayer: 0, temporalLayer: 0 };
  }
  // The ladder's heights, for however many layers this producer has (its top layer is the capture).
  const heights = Array.from(
    { length: topSpatial + 1 },
    (_, i) => CAMERA_LAYERS[CAMERA_LAYERS.length - 1]!.height / 2 ** (topSpatial - i),
  );
  let spatialLayer = heights.findIndex((h) => h * UPSCALE_ALLOWANCE >= view.height);
  if (spatialLayer === -1) spatialLayer = topSpatial;
  const temporalLayer = view.height <= THUMBNAIL_MAX_HEIGHT ? Math.min(1, topTemporal) : topTemporal;
  return { paused: false, spatialLayer, temporalLayer };
}

/** Audio-only receivers get video at its lowest: a face, not a film. */
export function lowestLayers(): LayerChoice {
  return { paused: false, spatialLayer: 0, temporalLayer: 0 };
}

/** What one layer choice costs on the receiver's downlink, by the ladder's caps. */
export function layerCostBps(choice: LayerChoice, shape: LayerShape): number {
  if (choice.paused) return 0;
  const spatial = clamp(choice.spatialLayer, 0, CAMERA_LAYERS.length - 1);
  // Single-encoding producers send at the top layer's rate.
  const base =
    shape.spatialLayers <= 1
      ? CAMERA_LAYERS[CAMERA_LAYERS.length - 1]!.maxBitrateBps
      : CAMERA_LAYERS[spatial]!.maxBitrateBps;
  const temporalIndex =
    shape.temporalLayers <= 1 ? TEMPORAL_SHARE.length - 1 : clamp(choice.temporalLayer, 0, TEMPORAL_SHARE.length - 1);
  return Math.round(base * TEMPORAL_SHARE[temporalIndex]!);
}

export interface Wanted {
  consumerId: string;
  choice: LayerChoice;
  shape: LayerShape;
  /** Kept longest when the budget is short: the tile's area (the floor holder's large tile wins). */
  priority: number;
}

/**
 * One step down a tile's ladder, cheapest loss first: from the top layer to the middle one (a tile
 * that asked for the top layer is large, and 240 lines still look fine in it), then half the frame
 * rate (faces at 15 fps), then the lowest layer, then its lowest frame rate. By the caps: 900k,
 * 300k, 195k, 65k, 40k.
 */
function stepDown(c: LayerChoice): void {
  if (c.spatialLayer >= 2) c.spatialLayer -= 1;
  else if (c.temporalLayer >= 2) c.temporalLayer -= 1;
  else if (c.spatialLayer >= 1) c.spatialLayer -= 1;
  else if (c.temporalLayer >= 1) c.temporalLayer -= 1;
}

/**
 * Step layers down until the total fits the receiver's budget: the least important tiles first
 * (the smallest), taking turns among equally important ones, one step at a time (`stepDown`),
 * never below the lowest layer. A more important
 * tile (the floor holder's large one) is lowered only once every less important tile is at the
 * bottom. Paused consumers cost nothing and stay paused. Returns the choice per consumer id.
 */
export function fitToBudget(wanted: readonly Wanted[], budgetBps: number): Map<string, LayerChoice> {
  const out = new Map(wanted.map((w) => [w.consumerId, { ...w.choice }]));
  const total = () => wanted.reduce((sum, w) => sum + layerCostBps(out.get(w.consumerId)!, w.shape), 0);
  const canLower = (w: Wanted) => {
    const c = out.get(w.consumerId)!;
    return !c.paused && (c.spatialLayer > 0 || c.temporalLayer > 0);
  };
  const order = [...wanted].sort((a, b) => a.priority - b.priority || a.consumerId.localeCompare(b.consumerId));
  let guard = 0;
  while (total() > budgetBps && guard++ < 1_000) {
    // The next in turn among the least important tiles that can still go down.
    const next = order.find(canLower);
    if (!next) break;
    stepDown(out.get(next.consumerId)!);
    // Its turn is over: behind the others of the same importance, before any more important tile.
    order.splice(order.indexOf(next), 1);
    const after = order.findIndex((w) => w.priority > next.priority);
    order.splice(after === -1 ? order.length : after, 0, next);
  }
  return out;
}

/** One video consumer of a receiver: its tile as reported (if yet), and the layers its producer offers. */
export interface ReceiverTile {
  consumerId: string;
  view: TileView | undefined;
  shape: LayerShape;
}

/**
 * Every video layer one receiver gets: each tile the layer its size needs (device pixels), then all
 * of them fitted into the receiver's budget, the largest tile kept highest. Audio-only receivers get
 * the lowest layers.
 */
export function layersForReceiver(
  tiles: readonly ReceiverTile[],
  budgetBps: number,
  o: { audioOnly: boolean } = { audioOnly: false },
): Map<string, LayerChoice> {
  return fitToBudget(
    tiles.map((t) => ({
      consumerId: t.consumerId,
      choice: o.audioOnly ? lowestLayers() : layersForTile(t.view, t.shape),
      shape: t.shape,
      priority: t.view ? t.view.width * t.view.height : 0,
    })),
    budgetBps,
  );
}

export interface DownlinkInput {
  /** The SFU's bandwidth estimate towards this receiver (transport-cc), when it has one. */
  estimatedBps: number | null;
  /** The receiver's video consumers report loss (consumer score below 5 of 10). */
  lossy: boolean;
  /** Operator caps: per participant and this participant's share of the room's cap (0: none). */
  maxPerParticipantBps: number;
  roomShareBps: number;
}

/**
 * What one receiver's video may take when nothing tighter applies, by the ladder's caps: a grid of
 * nine on the middle layer (9 × 300 kbps), so that with everyone's audio a member of a 10-person
 * room stays within 3 Mbps whatever their screen (a "retina" laptop reports twice the pixels and
 * would otherwise ask for the top layer of every tile: 8.1 Mbps).
 */
export const RECEIVER_VIDEO_BUDGET_BPS = 2_700_000;

/** Below this share of a lossy estimate the SFU aims, to let the queue drain. */
const LOSSY_BUDGET_FACTOR = 0.5;

/**
 * How much video one receiver may get: the tightest of the receiver budget, the caps and (under
 * loss) half the estimate. An operator's per-participant cap replaces the default receiver budget.
 */
export function downlinkBudget(input: DownlinkInput): number {
  const limits = [input.maxPerParticipantBps || RECEIVER_VIDEO_BUDGET_BPS, input.roomShareBps].filter((n) => n > 0);
  if (input.estimatedBps !== null) limits.push(input.estimatedBps);
  let budget = Math.min(...limits);
  if (input.lossy) budget = Math.min(budget, (input.estimatedBps ?? CAMERA_MAX_SEND_BPS) * LOSSY_BUDGET_FACTOR);
  return budget;
}

// ---------------------------------------------------------------- uplink: audio-only fallback

/** A camera producer's score (0–10, the best of its layers) at or below this is weak. */
export const UPLINK_WEAK_SCORE = 4;
/** Weak for this long without a break: the member's connection cannot sustain video. */
export const UPLINK_WEAK_MS = 10_000;

export interface UplinkState {
  weakSince: number | null;
}

/**
 * Feed the latest camera score; answers whether to fall back to audio-only now. A single good
 * sample resets the clock, so brief dips never cost anyone their video.
 */
export function nextUplink(prev: UplinkState, score: number, now: number): { state: UplinkState; fallback: boolean } {
  if (score > UPLINK_WEAK_SCORE) return { state: { weakSince: null }, fallback: false };
  const weakSince = prev.weakSince ?? now;
  return { state: { weakSince }, fallback: now - weakSince >= UPLINK_WEAK_MS };
}
