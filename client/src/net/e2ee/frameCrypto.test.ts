import { describe, expect, test } from 'vitest';
import { type FrameKey, deriveFrameKey, openFrame, randomBaseKey, sealFrame } from './frameCrypto';

function frameOf(length: number, first: number[] = []): Uint8Array {
  const f = crypto.getRandomValues(new Uint8Array(length));
  f.set(first, 0);
  return f;
}

async function keyPair(kid = 0x1_0000_0000n): Promise<FrameKey> {
  return deriveFrameKey(randomBaseKey(), kid);
}

describe('a frame sealed and opened', () => {
  test.each([
    ['a VP8 key frame', 'video', true, 4000, 10],
    ['a VP8 delta frame', 'video', false, 900, 3],
    ['an Opus frame', 'audio', false, 120, 1],
    ['a VP8 key frame shorter than its clear prefix', 'video', true, 6, 6],
  ] as const)(
    '%s keeps exactly its first %#i… bytes readable and opens to itself',
    async (_n, kind, key, length, clear) => {
      const k = await keyPair();
      // A VP8 key frame's tag and start code (RFC 6386 §9.1): what mediasoup reads.
      const frame = frameOf(length, kind === 'video' && key ? [0x50, 0x42, 0x01, 0x9d, 0x01, 0x2a] : []);
      const sealed = await sealFrame(k, 7n, frame, kind, key);
      expect([...sealed.subarray(0, clear)]).toEqual([...frame.subarray(0, clear)]);
      if (length > clear) expect([...sealed.subarray(clear, length)]).not.toEqual([...frame.subarray(clear, length)]);
      const opened = await openFrame(sealed, kind, key, () => k);
      expect(opened.ok && [...opened.frame]).toEqual([...frame]);
    },
  );

  test('the same frame under two counters gives two different ciphertexts', async () => {
    const k = await keyPair();
    const frame = frameOf(500);
    const a = await sealFrame(k, 1n, frame, 'video', false);
    const b = await sealFrame(k, 2n, frame, 'video', false);
    expect([...a.subarray(3, 500)]).not.toEqual([...b.subarray(3, 500)]);
  });
});

describe('a frame that must not open', () => {
  const cases: [string, (f: Uint8Array) => void][] = [
    ['its clear prefix altered (a key frame made to look like another)', (f) => (f[0]! ^= 0x01)],
    ['its ciphertext altered', (f) => (f[20]! ^= 0xff)],
    ['its counter altered', (f) => (f[f.length - 2]! ^= 0x01)],
  ];
  test.each(cases)('%s: refused, not passed on', async (_name, alter) => {
    const k = await keyPair();
    const sealed = await sealFrame(k, 300n, frameOf(200), 'video', false);
    alter(sealed);
    const opened = await openFrame(sealed, 'video', false, () => k);
    expect(opened.ok).toBe(false);
  });

  test('under another key (someone else’s, or a removed member’s old one): failed', async () => {
    const mine = await keyPair(5n);
    const other = await keyPair(5n);
    const sealed = await sealFrame(mine, 1n, frameOf(300), 'audio', false);
    expect(await openFrame(sealed, 'audio', false, () => other)).toEqual({ ok: false, reason: 'failed', kid: 5n });
  });

  test('with no key for its KID: unknown-key', async () => {
    const k = await keyPair(99n);
    const sealed = await sealFrame(k, 1n, frameOf(300), 'video', false);
    expect(await openFrame(sealed, 'video', false, () => null)).toEqual({ ok: false, reason: 'unknown-key', kid: 99n });
  });

  test('a plain frame (never encrypted): malformed', async () => {
    const opened = await openFrame(Uint8Array.from([0x10, 0x02, 0x00, 0x05]), 'video', false, () => null);
    expect(opened).toEqual({ ok: false, reason: 'malformed' });
  });
});
