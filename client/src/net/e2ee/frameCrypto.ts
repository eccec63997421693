/**
 * End-to-end encrypted media, the frame's cipher (issue 25): AES-128-GCM keyed per sender and per
 * ratchet step, as SFrame's AES_128_GCM_SHA256_128 suite (RFC 9605 §4.4), through WebCrypto. Works the
 * same in a page, a worker and Node (the unit tests).
 */
import { type MediaFrameKind, TAG_BYTES, aad, assemble, clearPrefixLength, encodeHeader, split } from './sframe';

/** A sender's base key: 16 random bytes, from which each step's frame key and salt are derived. */
export const BASE_KEY_BYTES = 16;
const NONCE_BYTES = 12;
/** SFrame's cipher suite id for AES_128_GCM_SHA256_128 (RFC 9605 §8.1), part of the derivation labels. */
const SUITE = new Uint8Array([0x00, 0x04]);
const text = new TextEncoder();

/** The key for one KID: AES-GCM, and the salt its nonces are built from. */
export interface FrameKey {
  kid: bigint;
  key: CryptoKey;
  salt: Uint8Array;
}

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function uint64(value: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, value);
  return out;
}

/** A copy on its own ArrayBuffer (WebCrypto takes BufferSource; views of shared or larger buffers are copied). */
export function own(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return concat(bytes);
}

export function randomBaseKey(): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(BASE_KEY_BYTES));
}

async function hkdf(base: Uint8Array, label: string, extra: Uint8Array, bits: number): Promise<Uint8Array> {
  const ikm = await crypto.subtle.importKey('raw', own(base), 'HKDF', false, ['deriveBits']);
  const info = concat(text.encode(label), extra);
  const out = await crypto.subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info },
    ikm,
    bits,
  );
  return new Uint8Array(out);
}

/** The frame key and salt of one KID from its base key (RFC 9605 §4.4.2's labels, HKDF-SHA256). */
export async function deriveFrameKey(base: Uint8Array, kid: bigint): Promise<FrameKey> {
  const kidBytes = uint64(kid);
  const keyBytes = await hkdf(base, 'SFrame 1.0 Secret key ', concat(kidBytes, SUITE), 128);
  const salt = await hkdf(base, 'SFrame 1.0 Secret salt ', concat(kidBytes, SUITE), NONCE_BYTES * 8);
  const key = await crypto.subtle.importKey('raw', own(keyBytes), 'AES-GCM', false, ['encrypt', 'decrypt']);
  return { kid, key, salt };
}

/** The next base key of a sender's chain: one-way, so a later key never gives an earlier one. */
export function ratchetBaseKey(base: Uint8Array): Promise<Uint8Array> {
  return hkdf(base, 'Circle 1.0 ratchet', new Uint8Array(0), BASE_KEY_BYTES * 8);
}

/** The nonce: the key's salt XOR the counter, right-aligned (RFC 9605 §4.4.3). */
export function frameNonce(salt: Uint8Array, ctr: bigint): Uint8Array<ArrayBuffer> {
  const out = own(salt);
  const c = uint64(ctr);
  for (let i = 0; i < 8; i++) out[NONCE_BYTES - 8 + i]! ^= c[i]!;
  return out;
}

/** Encrypt one encoded frame; `ctr` must never repeat under one key. */
export async function sealFrame(
  key: FrameKey,
  ctr: bigint,
  frame: Uint8Array,
  kind: MediaFrameKind,
  keyFrame: boolean,
): Promise<Uint8Array> {
  const clearLength = clearPrefixLength(kind, keyFrame, frame.length);
  const clear = frame.subarray(0, clearLength);
  const headerBytes = encodeHeader({ kid: key.kid, ctr });
  const sealed = await crypto.subtle.encrypt(
    {
      name: 'AES-GCM',
      iv: frameNonce(key.salt, ctr),
      additionalData: own(aad(clear, headerBytes)),
      tagLength: TAG_BYTES * 8,
    },
    key.key,
    own(frame.subarray(clearLength)),
  );
  return assemble(clear, new Uint8Array(sealed), headerBytes);
}

export type OpenResult =
  | { ok: true; frame: Uint8Array; kid: bigint }
  /** `malformed`: not an encrypted frame; `unknown-key`: no key for its KID; `failed`: the tag did not verify. */
  | { ok: false; reason: 'malformed' | 'unknown-key' | 'failed'; kid?: bigint };

/** Decrypt one frame with the key its header names (looked up, and perhaps ratcheted to, by `keyFor`). */
export async function openFrame(
  frame: Uint8Array,
  kind: MediaFrameKind,
  keyFrame: boolean,
  keyFor: (kid: bigint) => Promise<FrameKey | null> | FrameKey | null,
): Promise<OpenResult> {
  const parts = split(frame, kind, keyFrame);
  if (!parts) return { ok: false, reason: 'malformed' };
  const { kid, ctr } = parts.header;
  const key = await keyFor(kid);
  if (!key) return { ok: false, reason: 'unknown-key', kid };
  try {
    const plain = await crypto.subtle.decrypt(
      {
        name: 'AES-GCM',
        iv: frameNonce(key.salt, ctr),
        additionalData: own(aad(parts.clear, parts.headerBytes)),
        tagLength: TAG_BYTES * 8,
      },
      key.key,
      own(parts.sealed),
    );
    return { ok: true, frame: concat(parts.clear, new Uint8Array(plain)), kid };
  } catch {
    return { ok: false, reason: 'failed', kid };
  }
}
