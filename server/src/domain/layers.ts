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
 * The camera's simulcast ladder, lowest first: scaleResolutionDownBy 4/2/1 of a 640x480 capture,
 * and the bitrate each layer is capped at (the client sends with these maxBitrates).
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
 * Step layers down until the total fits the receiver's budget: lowest-priority tiles first, one
 * step at a time (frame rate before resolution at the bottom), never below the lowest layer.
 * Paused consumers cost nothing and stay paused. Returns the choice per consumer id.
 */
export function fitToBudget(wanted: readonly Wanted[], budgetBps: number): Map<string, LayerChoice> {
  const out = new Map(wanted.map((w) => [w.consumerId, { ...w.choice }]));
  const total = () => wanted.reduce((sum, w) => sum + layerCostBps(out.get(w.consumerId)!, w.shape), 0);
  const order = [...wanted].sort((a, b) => a.priority - b.priority || a.consumerId.localeCompare(b.consumerId));
  let guard = 0;
  while (total() > budgetBps && guard++ < 1_000) {
    // The cheapest tile to lower is the least important one that can still go down.
    const next = order.find((w) => {
      const c = out.get(w.consumerId)!;
      return !c.paused && (c.spatialLayer > 0 || c.temporalLayer > 0);
    });
    if (!next) break;
    const c = out.get(next.consumerId)!;
    // Down one spatial layer (keeping the frame rate) while there is one; then the frame rate.
    if (c.spatialLayer > 0) c.spatialLayer -= 1;
    else c.temporalLayer -= 1;
    // Round-robin: lower another tile before this one again.
    order.push(order.splice(order.indexOf(next), 1)[0]!);
  }
  return out;
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

/** Below this share of a lossy estimate the SFU aims, to let the queue drain. */
const LOSSY_BUDGET_FACTOR = 0.5;

/** How much video one receiver may get: the tightest of the estimate and the caps, halved under loss. */
export function downlinkBudget(input: DownlinkInput): number {
  const limits = [input.maxPerParticipantBps, input.roomShareBps].filter((n) => n > 0);
  if (input.estimatedBps !== null) limits.push(input.estimatedBps);
  let budget = limits.length > 0 ? Math.min(...limits) : Number.POSITIVE_INFINITY;
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
