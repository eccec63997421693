/**
 * End-to-end encrypted media, the frame's layout (issue 25). Pure bytes, no crypto: what stays in
 * the clear for the SFU, and the SFrame header (RFC 9605 §4.3) that names the key and the counter.
 *
 * An encrypted frame is
 *
 *     clear prefix ‖ ciphertext ‖ tag (16) ‖ SFrame header ‖ header length (1)
 *
 * The clear prefix is what mediasoup and the receiving browser's depacketiser read before any key:
 * a VP8 frame's 3-byte frame tag (key frame or not, shown or not, first partition size) and, on a key
 * frame, the 7 bytes after it (start code, width and height); an Opus frame's TOC byte. Everything
 * else is encrypted. The SFrame header goes at the end, not the front, so the SFU still finds the
 * codec's own first bytes where it looks. The RTP header and its extensions (audio level, the VP8
 * payload descriptor with the layer fields) are written by the packetiser after this transform and
 * are never part of the frame.
 */

/** Bytes of a VP8 frame left readable: the frame tag, and on a key frame the start code and size too (RFC 6386 §9.1). */
export const VP8_CLEAR_KEY_FRAME = 10;
export const VP8_CLEAR_DELTA_FRAME = 3;
/** Opus: the TOC byte (RFC 6716 §3.1). */
export const OPUS_CLEAR = 1;
/** AES-GCM's tag, as SFrame's AES_128_GCM_SHA256_128 suite uses it. */
export const TAG_BYTES = 16;
/** KID and CTR are at most 8 bytes each (RFC 9605 §4.3). */
const MAX_FIELD_BYTES = 8;

export type MediaFrameKind = 'audio' | 'video';

/** How many leading bytes of this frame stay in the clear (never more than the frame has). */
export function clearPrefixLength(kind: MediaFrameKind, keyFrame: boolean, frameLength: number): number {
  const wanted = kind === 'audio' ? OPUS_CLEAR : keyFrame ? VP8_CLEAR_KEY_FRAME : VP8_CLEAR_DELTA_FRAME;
  return Math.min(wanted, frameLength);
}

export interface SFrameHeader {
  /** Key id: which sender key (and ratchet step) encrypted the frame. */
  kid: bigint;
  /** Frame counter: unique per key, the nonce's variable part. */
  ctr: bigint;
}

function minimalBytes(value: bigint): number {
  let n = 1;
  while (value >> BigInt(8 * n) > 0n) n++;
  return n;
}

function writeBig(out: Uint8Array, at: number, value: bigint, length: number): void {
  for (let i = length - 1; i >= 0; i--) {
    out[at + i] = Number(value & 0xffn);
    value >>= 8n;
  }
}

function readBig(bytes: Uint8Array, at: number, length: number): bigint {
  let v = 0n;
  for (let i = 0; i < length; i++) v = (v << 8n) | BigInt(bytes[at + i] ?? 0);
  return v;
}

const MAX_FIELD = (1n << 64n) - 1n;

/**
 * The header's bytes: config byte |X|K K K|Y|C C C|, then the KID's bytes when X is set (K + 1 of
 * them; otherwise K is the KID), then the CTR's bytes when Y is set (C + 1; otherwise C is the CTR).
 */
export function encodeHeader({ kid, ctr }: SFrameHeader): Uint8Array {
  if (kid < 0n || ctr < 0n || kid > MAX_FIELD || ctr > MAX_FIELD) throw new RangeError('SFrame field out of range');
  const kidLen = kid < 8n ? 0 : minimalBytes(kid);
  const ctrLen = ctr < 8n ? 0 : minimalBytes(ctr);
  const out = new Uint8Array(1 + kidLen + ctrLen);
  const k = kidLen === 0 ? Number(kid) : kidLen - 1;
  const c = ctrLen === 0 ? Number(ctr) : ctrLen - 1;
  out[0] = ((kidLen ? 1 : 0) << 7) | (k << 4) | ((ctrLen ? 1 : 0) << 3) | c;
  if (kidLen) writeBig(out, 1, kid, kidLen);
  if (ctrLen) writeBig(out, 1 + kidLen, ctr, ctrLen);
  return out;
}

/** The header at the start of `bytes`, and its length; null when the bytes are too short for what the config byte says. */
export function decodeHeader(bytes: Uint8Array): { header: SFrameHeader; length: number } | null {
  if (bytes.length < 1) return null;
  const config = bytes[0]!;
  const x = config >> 7;
  const k = (config >> 4) & 0x7;
  const y = (config >> 3) & 0x1;
  const c = config & 0x7;
  const kidLen = x ? k + 1 : 0;
  const ctrLen = y ? c + 1 : 0;
  if (kidLen > MAX_FIELD_BYTES || ctrLen > MAX_FIELD_BYTES) return null;
  const length = 1 + kidLen + ctrLen;
  if (bytes.length < length) return null;
  const kid = x ? readBig(bytes, 1, kidLen) : BigInt(k);
  const ctr = y ? readBig(bytes, 1 + kidLen, ctrLen) : BigInt(c);
  return { header: { kid, ctr }, length };
}

/** The parts of an encrypted frame, as views on its bytes. */
export interface SealedParts {
  clear: Uint8Array;
  /** Ciphertext and tag. */
  sealed: Uint8Array;
  header: SFrameHeader;
  /** The header's own bytes (authenticated with the clear prefix). */
  headerBytes: Uint8Array;
}

/** Lay out an encrypted frame (the ciphertext already carries its tag). */
export function assemble(clear: Uint8Array, sealed: Uint8Array, headerBytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(clear.length + sealed.length + headerBytes.length + 1);
  out.set(clear, 0);
  out.set(sealed, clear.length);
  out.set(headerBytes, clear.length + sealed.length);
  out[out.length - 1] = headerBytes.length;
  return out;
}

/**
 * Split an encrypted frame; null when it is not one (too short, a header that does not parse or does
 * not fill its stated length): such a frame is dropped, never passed to the decoder.
 */
export function split(frame: Uint8Array, kind: MediaFrameKind, keyFrame: boolean): SealedParts | null {
  if (frame.length < 2) return null;
  const headerLength = frame[frame.length - 1]!;
  const headerStart = frame.length - 1 - headerLength;
  if (headerLength < 1 || headerStart < 0) return null;
  const headerBytes = frame.subarray(headerStart, frame.length - 1);
  const parsed = decodeHeader(headerBytes);
  if (!parsed || parsed.length !== headerLength) return null;
  // The sender left min(prefix, its frame's length) clear and added a tag: a frame shorter than the
  // prefix was all clear, and its ciphertext is the tag alone.
  if (headerStart < TAG_BYTES) return null;
  const clearLength = clearPrefixLength(kind, keyFrame, headerStart - TAG_BYTES);
  return {
    clear: frame.subarray(0, clearLength),
    sealed: frame.subarray(clearLength, headerStart),
    header: parsed.header,
    headerBytes,
  };
}

/** The additional authenticated data: the clear prefix and the header, so neither can be altered unseen. */
export function aad(clear: Uint8Array, headerBytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(clear.length + headerBytes.length);
  out.set(clear, 0);
  out.set(headerBytes, clear.length);
  return out;
}
