/**
 * What a producer claims (its kind and source) must match what it carries (its codecs): a "camera"
 * whose codec is Opus would be audio that the floor, mute and mute-all never touch.
 */

export type ProducerKind = 'audio' | 'video';
export type ProducerSource = 'mic' | 'camera';

/** The media codecs each source may send (lower case). Video may add RTX for retransmissions. */
export const SOURCE_CODECS: Readonly<Record<ProducerSource, readonly string[]>> = {
  mic: ['audio/opus'],
  camera: ['video/vp8', 'video/h264'],
};

const RTX = 'video/rtx';

/** The source a kind must come from. */
export const SOURCE_OF_KIND: Readonly<Record<ProducerKind, ProducerSource>> = { audio: 'mic', video: 'camera' };

/**
 * Why `rtpParameters` does not carry what `kind` and `source` claim, or null when it does.
 * `rtpParameters` is untrusted: anything that is not a list of codecs with string MIME types fails.
 */
export function mediaClaimProblem(
  kind: ProducerKind,
  source: ProducerSource,
  rtpParameters: unknown,
): { field: 'source' | 'codecs'; message: string } | null {
  if (SOURCE_OF_KIND[kind] !== source) return { field: 'source', message: `a ${source} cannot send ${kind}` };
  const message = codecProblem(kind, source, rtpParameters);
  return message === null ? null : { field: 'codecs', message };
}

function codecProblem(kind: ProducerKind, source: ProducerSource, rtpParameters: unknown): string | null {
  const codecs = (rtpParameters as { codecs?: unknown } | null)?.codecs;
  if (!Array.isArray(codecs) || codecs.length === 0) return 'no codecs';
  const mimeTypes: string[] = [];
  for (const c of codecs as unknown[]) {
    const mime = (c as { mimeType?: unknown } | null)?.mimeType;
    if (typeof mime !== 'string') return 'codec without a MIME type';
    mimeTypes.push(mime.toLowerCase());
  }
  if (mimeTypes.some((m) => !m.startsWith(`${kind}/`))) return `a ${kind} producer carries another kind of codec`;
  const media = mimeTypes.filter((m) => m !== RTX);
  if (media.length === 0) return 'no media codec';
  if (media.some((m) => !SOURCE_CODECS[source].includes(m))) return `codec not allowed for the ${source}`;
  return null;
}
