/**
 * Capture and send settings for real home networks: screen-size aware camera constraints and the
 * camera's simulcast ladder (three layers; the SFU picks one per receiver from its tile size).
 */

/** Lowest first: scaleResolutionDownBy 4/2/1 at 100k/300k/900k (server/src/domain/layers.ts matches). */
export const CAMERA_ENCODINGS: (RTCRtpEncodingParameters & { scalabilityMode?: string })[] = [
  { scaleResolutionDownBy: 4, maxBitrate: 100_000, scalabilityMode: 'L1T3' },
  { scaleResolutionDownBy: 2, maxBitrate: 300_000, scalabilityMode: 'L1T3' },
  { scaleResolutionDownBy: 1, maxBitrate: 900_000, scalabilityMode: 'L1T3' },
];

/** Total the camera may send across its layers. */
export const CAMERA_MAX_SEND_BPS = CAMERA_ENCODINGS.reduce((sum, e) => sum + (e.maxBitrate ?? 0), 0);

/**
 * Camera constraints by screen size: a phone never captures more than 640x360, a laptop 960x540,
 * a large screen 1280x720; never 1080p (nobody's tile is that large in a group room).
 *
 * Not less than 960x540 on a laptop: Chromium (libwebrtc) sends three simulcast layers only from
 * 960x540 up. From 640x480 it sends two (120 and 240 lines), so no one, not even the floor holder's
 * large tile, ever received more than 240 lines of anyone's laptop camera (bench:downlink).
 */
export function captureConstraints(screen: { width: number; height: number }): MediaTrackConstraints {
  const shortSide = Math.min(screen.width, screen.height);
  if (shortSide < 600)
    return { width: { ideal: 640, max: 640 }, height: { ideal: 360, max: 480 }, frameRate: { ideal: 24, max: 30 } };
  if (shortSide < 1000)
    return { width: { ideal: 960, max: 960 }, height: { ideal: 540, max: 720 }, frameRate: { ideal: 24, max: 30 } };
  return { width: { ideal: 1280, max: 1280 }, height: { ideal: 720, max: 720 }, frameRate: { ideal: 30, max: 30 } };
}

/** Tile sizes are reported in steps of this many device pixels, so small jitter sends nothing. */
export const TILE_STEP_PX = 40;

export function roundTile(px: number): number {
  return Math.max(0, Math.min(8192, Math.round(px / TILE_STEP_PX) * TILE_STEP_PX));
}
