import { describe, expect, test } from 'vitest';
import { E2EE_PUBLIC_KEY_BYTES, E2EE_WRAPPED_BYTES } from '@circle/shared';
import {
  type E2eeWorkerMessage,
  type E2eeWorkerReport,
  type EncodedFrame,
  type FrameTransformer,
  type TransformOptions,
  runFrameWorker,
} from './frameWorker';
import { SenderChain } from './keyRing';
import { PUBLIC_KEY_BYTES, WRAPPED_BYTES } from './keyExchange';

/** A worker scope driven by the test: messages in, transforms handed over, reports out. */
function fakeWorker() {
  const reports: E2eeWorkerReport[] = [];
  let listener: ((e: { transformer: FrameTransformer }) => void) | null = null;
  const scope = {
    onmessage: null as ((e: MessageEvent<E2eeWorkerMessage>) => void) | null,
    postMessage: (r: E2eeWorkerReport) => reports.push(r),
    addEventListener: (_: 'rtctransform', l: (e: { transformer: FrameTransformer }) => void) => (listener = l),
  };
  runFrameWorker(scope);
  return {
    reports,
    post: (m: E2eeWorkerMessage) => scope.onmessage!({ data: m } as MessageEvent<E2eeWorkerMessage>),
    /** A transform of `options`: frames written in come out (or not) on `out`. */
    transform(options: TransformOptions) {
      const input = new TransformStream<EncodedFrame, EncodedFrame>();
      const output = new TransformStream<EncodedFrame, EncodedFrame>();
      const keyFrameRequests = { count: 0 };
      listener!({
        transformer: {
          options,
          readable: input.readable,
          writable: output.writable,
          sendKeyFrameRequest: async () => void keyFrameRequests.count++,
        },
      });
      const writer = input.writable.getWriter();
      const reader = output.readable.getReader();
      return { write: (f: EncodedFrame) => writer.write(f), read: () => reader.read(), keyFrameRequests };
    },
  };
}

const frame = (bytes: number[], type?: string): EncodedFrame => ({ data: Uint8Array.from(bytes).buffer, type });
const VP8_KEY = [
  0x10,
  0x02,
  0x00,
  0x9d,
  0x01,
  0x2a,
  0x80,
  0x02,
  0xe0,
  0x01,
  ...Array.from({ length: 40 }, (_, i) => i),
];

/** Wait for a condition, turn by turn (WebCrypto answers on later turns). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 0));
}

describe('frame worker', () => {
  test('the wire sizes agree with the server’s schema', () => {
    expect(WRAPPED_BYTES).toBe(E2EE_WRAPPED_BYTES);
    expect(PUBLIC_KEY_BYTES).toBe(E2EE_PUBLIC_KEY_BYTES);
  });

  test('a frame sealed by one page opens on another holding the sender’s chain, with the VP8 header still readable', async () => {
    const chain = await SenderChain.create();
    const alice = fakeWorker();
    const bob = fakeWorker();
    alice.post({ type: 'send', material: chain.material() });
    bob.post({ type: 'recv', senderId: 'alice', material: chain.material() });
    const send = alice.transform({ side: 'send', kind: 'video' });
    const recv = bob.transform({ side: 'recv', kind: 'video', senderId: 'alice' });
    // The worker derives its key first (a frame before it is dropped, never sent in the clear).
    await until(() => alice.reports.some((r) => r.type === 'sending'));
    void send.write(frame(VP8_KEY, 'key'));
    const sealed = (await send.read()).value!;
    const bytes = new Uint8Array(sealed.data);
    expect([...bytes.subarray(0, 10)]).toEqual(VP8_KEY.slice(0, 10));
    expect([...bytes.subarray(10, 50)]).not.toEqual(VP8_KEY.slice(10));
    void recv.write({ data: sealed.data, type: 'key' });
    const opened = (await recv.read()).value!;
    expect([...new Uint8Array(opened.data)]).toEqual(VP8_KEY);
    expect(bob.reports).toEqual([{ type: 'receiving', senderId: 'alice', kind: 'video', decrypting: true }]);
  });

  test('without the key a frame is dropped; when the key comes the receiver asks for a key frame', async () => {
    const chain = await SenderChain.create();
    const alice = fakeWorker();
    const bob = fakeWorker();
    alice.post({ type: 'send', material: chain.material() });
    const send = alice.transform({ side: 'send', kind: 'video' });
    const recv = bob.transform({ side: 'recv', kind: 'video', senderId: 'alice' });
    await until(() => alice.reports.some((r) => r.type === 'sending'));
    void send.write(frame(VP8_KEY, 'key'));
    const sealed = (await send.read()).value!;
    await recv.write({ data: sealed.data.slice(0), type: 'key' });
    await until(() => bob.reports.length > 0);
    expect(bob.reports).toEqual([{ type: 'receiving', senderId: 'alice', kind: 'video', decrypting: false }]);
    expect(recv.keyFrameRequests.count).toBe(0);
    bob.post({ type: 'recv', senderId: 'alice', material: chain.material() });
    expect(recv.keyFrameRequests.count).toBe(1);
    void recv.write({ data: sealed.data, type: 'key' });
    expect([...new Uint8Array((await recv.read()).value!.data)]).toEqual(VP8_KEY);
  });

  test('a page sends nothing before it has a key', async () => {
    const alice = fakeWorker();
    const send = alice.transform({ side: 'send', kind: 'audio' });
    await send.write(frame([0x78, 1, 2, 3]));
    const chain = await SenderChain.create();
    alice.post({ type: 'send', material: chain.material() });
    await until(() => alice.reports.some((r) => r.type === 'sending'));
    void send.write(frame([0x78, 9, 9, 9]));
    const out = new Uint8Array((await send.read()).value!.data);
    // The first frame out is the second one written, its TOC byte in the clear and the rest sealed.
    expect(out[0]).toBe(0x78);
    expect(out.length).toBeGreaterThan(4 + 16);
  });

  test('a room in the clear: frames go out as they are and unopenable frames pass; sealed again, they are dropped', async () => {
    const chain = await SenderChain.create();
    const alice = fakeWorker();
    const bob = fakeWorker();
    alice.post({ type: 'send', material: chain.material() });
    const send = alice.transform({ side: 'send', kind: 'video' });
    const recv = bob.transform({ side: 'recv', kind: 'video', senderId: 'carol' });
    await until(() => alice.reports.some((r) => r.type === 'sending'));
    alice.post({ type: 'clear', on: true });
    bob.post({ type: 'clear', on: true });
    // Switching asks every video receiver for a key frame: the picture restarts at once.
    expect(recv.keyFrameRequests.count).toBe(1);
    void send.write(frame(VP8_KEY, 'key'));
    expect([...new Uint8Array((await send.read()).value!.data)]).toEqual(VP8_KEY);
    // Carol's browser cannot encrypt: her frame arrives as it was sent and is shown, not marked opened.
    void recv.write(frame(VP8_KEY, 'key'));
    expect([...new Uint8Array((await recv.read()).value!.data)]).toEqual(VP8_KEY);
    expect(bob.reports.at(-1)).toEqual({ type: 'receiving', senderId: 'carol', kind: 'video', decrypting: false });

    alice.post({ type: 'clear', on: false });
    bob.post({ type: 'clear', on: false });
    expect(recv.keyFrameRequests.count).toBe(2);
    void send.write(frame(VP8_KEY, 'key'));
    const sealed = (await send.read()).value!;
    expect([...new Uint8Array(sealed.data).subarray(10, 50)]).not.toEqual(VP8_KEY.slice(10));
    // A clear frame no longer gets through: the next frame out is the sealed one written after it.
    bob.post({ type: 'recv', senderId: 'carol', material: chain.material() });
    void recv.write(frame([...VP8_KEY].reverse(), 'key'));
    void recv.write({ data: sealed.data, type: 'key' });
    expect([...new Uint8Array((await recv.read()).value!.data)]).toEqual(VP8_KEY);
  });
});
