import { describe, expect, test } from 'vitest';
import {
  OPUS_CLEAR,
  TAG_BYTES,
  VP8_CLEAR_DELTA_FRAME,
  VP8_CLEAR_KEY_FRAME,
  assemble,
  clearPrefixLength,
  decodeHeader,
  encodeHeader,
  split,
} from './sframe';

describe('the SFrame header (RFC 9605 §4.3)', () => {
  test.each([
    [0n, 0n, 1],
    [7n, 7n, 1],
    [8n, 0n, 2],
    [0n, 8n, 2],
    [255n, 256n, 4],
    [0x1234_5678_9an, 1n << 40n, 1 + 5 + 6],
    [(1n << 64n) - 1n, (1n << 64n) - 1n, 17],
  ])('KID %s and CTR %s round-trip in %i bytes', (kid, ctr, length) => {
    const bytes = encodeHeader({ kid, ctr });
    expect(bytes.length).toBe(length);
    expect(decodeHeader(bytes)).toEqual({ header: { kid, ctr }, length });
  });

  test('small values live in the config byte itself (RFC 9605 §4.3 example: KID 3, CTR 5)', () => {
    expect([...encodeHeader({ kid: 3n, ctr: 5n })]).toEqual([0b0_011_0_101]);
  });

  test('a header shorter than its config byte says is not one', () => {
    const bytes = encodeHeader({ kid: 1000n, ctr: 70000n });
    expect(decodeHeader(bytes.subarray(0, bytes.length - 1))).toBeNull();
    expect(decodeHeader(new Uint8Array(0))).toBeNull();
  });

  test('values beyond 64 bits are refused', () => {
    expect(() => encodeHeader({ kid: 1n << 64n, ctr: 0n })).toThrow(RangeError);
    expect(() => encodeHeader({ kid: -1n, ctr: 0n })).toThrow(RangeError);
  });
});

describe('what stays in the clear for the SFU', () => {
  test.each([
    ['audio', false, 100, OPUS_CLEAR],
    ['video', true, 5000, VP8_CLEAR_KEY_FRAME],
    ['video', false, 800, VP8_CLEAR_DELTA_FRAME],
    ['video', true, 4, 4],
    ['audio', false, 0, 0],
  ] as const)('%s (key frame %s) of %i bytes: %i clear', (kind, key, length, clear) => {
    expect(clearPrefixLength(kind, key, length)).toBe(clear);
  });
});

describe('splitting an encrypted frame', () => {
  const header = encodeHeader({ kid: 300n, ctr: 9n });
  const sealed = new Uint8Array(40).fill(0xee);
  const clear = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

  test('finds the clear prefix, the ciphertext and the trailing header', () => {
    const parts = split(assemble(clear, sealed, header), 'video', true);
    expect(parts && [...parts.clear]).toEqual([...clear]);
    expect(parts?.sealed.length).toBe(40);
    expect(parts?.header).toEqual({ kid: 300n, ctr: 9n });
  });

  test('a frame shorter than the prefix was all clear: its ciphertext is the tag alone', () => {
    const short = Uint8Array.from([1, 2, 3, 4]);
    const parts = split(assemble(short, new Uint8Array(TAG_BYTES), header), 'video', true);
    expect(parts?.clear.length).toBe(4);
    expect(parts?.sealed.length).toBe(TAG_BYTES);
  });

  test.each([
    ['empty', new Uint8Array(0)],
    ['one byte', Uint8Array.from([1])],
    ['a header length past the start', Uint8Array.from([0, 0, 0, 200])],
    ['a header length of zero', new Uint8Array(40)],
    ['no room for a tag', assemble(Uint8Array.from([1, 2, 3]), new Uint8Array(4), header)],
  ])('%s is not an encrypted frame', (_name, frame) => {
    expect(split(frame, 'video', false)).toBeNull();
  });

  test('a header whose stated length disagrees with its config byte is not one', () => {
    const frame = assemble(clear, sealed, header);
    frame[frame.length - 1] = header.length + 1;
    expect(split(frame, 'video', true)).toBeNull();
  });
});
