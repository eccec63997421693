/**
 * End-to-end encrypted media, the worker's part (issue 25): every encoded frame this page sends is
 * sealed here, and every frame it receives opened, through the standard encoded-transform API
 * (`RTCRtpScriptTransform`: the page hands each sender and receiver to this worker). One worker per
 * page holds the keys; the page only posts key material to it (`E2eeWorkerMessage`).
 *
 * Nothing leaves unencrypted: a frame sent before this page's key is set is dropped. A frame that
 * cannot be opened (no key for it yet, or altered) is dropped too, and once the key arrives the
 * receiver asks the sender for a key frame so the picture starts at once. The one exception is the
 * room in the clear (`clear`), which the page sets only when the room's view says so.
 *
 * Written as a plain module (`runFrameWorker(scope)`) so the unit tests drive it with fake frames.
 */
import { type FrameKey, deriveFrameKey, openFrame, sealFrame } from './frameCrypto';
import { type ChainMaterial, SenderKeys, kidOf } from './keyRing';
import type { MediaFrameKind } from './sframe';

/** What the page posts to the worker. */
export type E2eeWorkerMessage =
  /** This page's own chain (new, or a step further): frames sent from now on use it. */
  | { type: 'send'; material: ChainMaterial }
  /** A chain another participant gave this page. */
  | { type: 'recv'; senderId: string; material: ChainMaterial }
  /** A participant left: their keys go. */
  | { type: 'forget'; senderId: string }
  /**
   * The room's media goes in the clear (`on`: a therapist let in a browser that cannot encrypt, and
   * everyone was told) or sealed again. In the clear, frames go out as they are, and a frame that does
   * not open is passed on as it came.
   */
  | { type: 'clear'; on: boolean };

/**
 * What the worker tells the page: a sender's frames now open (or stopped opening) on this page; this
 * page's frames now go out under a new key.
 */
export type E2eeWorkerReport =
  | { type: 'receiving'; senderId: string; kind: MediaFrameKind; decrypting: boolean }
  | { type: 'sending'; chainId: number; step: number };

/** The options the page gives each `RTCRtpScriptTransform`. */
export type TransformOptions =
  { side: 'send'; kind: MediaFrameKind } | { side: 'recv'; kind: MediaFrameKind; senderId: string };

/** An encoded audio or video frame, as much of it as this worker touches. */
export interface EncodedFrame {
  data: ArrayBuffer;
  /** Video only: 'key' or 'delta'. */
  type?: string;
}

/** The worker side of one `RTCRtpScriptTransform`. */
export interface FrameTransformer {
  readonly options: unknown;
  readonly readable: ReadableStream<EncodedFrame>;
  readonly writable: WritableStream<EncodedFrame>;
  sendKeyFrameRequest?: () => Promise<void>;
}

/** The worker's global scope, as far as this module needs it. */
export interface WorkerScope {
  onmessage: ((event: MessageEvent<E2eeWorkerMessage>) => void) | null;
  postMessage(report: E2eeWorkerReport): void;
  /** Set for `rtctransform` events: one per sender or receiver the page hands over. */
  addEventListener(type: 'rtctransform', listener: (event: { transformer: FrameTransformer }) => void): void;
}

const isKeyFrame = (kind: MediaFrameKind, frame: EncodedFrame) => kind === 'video' && frame.type === 'key';

/** A copy of `bytes` as a whole ArrayBuffer (a frame's `data` must be exactly the frame). */
function bufferOf(bytes: Uint8Array): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? (bytes.buffer as ArrayBuffer)
    : bytes.slice().buffer;
}

export function runFrameWorker(scope: WorkerScope): void {
  let sendKey: FrameKey | null = null;
  /** Keys are derived in the order the page sent them (the newest wins). */
  let sendSteps: Promise<void> = Promise.resolve();
  /** One counter for every frame this page sends under the current key, audio and video alike. */
  let ctr = 0n;
  const senders = new Map<string, SenderKeys>();
  /** Video receivers of each sender whose frames could not be opened: they ask for a key frame once a key comes. */
  const stalled = new Map<string, Set<FrameTransformer>>();
  /** Every video receiver: on a switch to or from the clear, each asks for a key frame. */
  const videoReceivers = new Set<FrameTransformer>();
  let clear = false;

  scope.onmessage = (event) => {
    const m = event.data;
    if (m.type === 'send') {
      const { material } = m;
      sendSteps = sendSteps
        .then(() => deriveFrameKey(material.base, kidOf(material.chainId, material.step)))
        .then((key) => {
          sendKey = key;
          ctr = 0n;
          scope.postMessage({ type: 'sending', chainId: material.chainId, step: material.step });
        })
        .catch(() => undefined);
    } else if (m.type === 'recv') {
      let keys = senders.get(m.senderId);
      if (!keys) senders.set(m.senderId, (keys = new SenderKeys()));
      keys.add(m.material);
      const waiting = stalled.get(m.senderId);
      stalled.delete(m.senderId);
      for (const t of waiting ?? []) void t.sendKeyFrameRequest?.().catch(() => undefined);
    } else if (m.type === 'clear') {
      if (clear === m.on) return;
      clear = m.on;
      for (const t of videoReceivers) void t.sendKeyFrameRequest?.().catch(() => undefined);
    } else if (m.type === 'forget') {
      senders.get(m.senderId)?.clear();
      senders.delete(m.senderId);
      stalled.delete(m.senderId);
    }
  };

  scope.addEventListener('rtctransform', ({ transformer }) => {
    const options = transformer.options as TransformOptions;
    if (options.side === 'recv' && options.kind === 'video') videoReceivers.add(transformer);
    const transform =
      options.side === 'send' ? sealing(options.kind) : opening(options.kind, options.senderId, transformer);
    void transformer.readable
      .pipeThrough(new TransformStream<EncodedFrame, EncodedFrame>({ transform }))
      .pipeTo(transformer.writable)
      .catch(() => undefined);
  });

  function sealing(kind: MediaFrameKind) {
    return async (frame: EncodedFrame, controller: TransformStreamDefaultController<EncodedFrame>) => {
      if (clear) return controller.enqueue(frame);
      const key = sendKey;
      if (!key) return;
      const n = ctr;
      ctr += 1n;
      const sealed = await sealFrame(key, n, new Uint8Array(frame.data), kind, isKeyFrame(kind, frame));
      frame.data = bufferOf(sealed);
      controller.enqueue(frame);
    };
  }

  function opening(kind: MediaFrameKind, senderId: string, transformer: FrameTransformer) {
    let decrypting: boolean | null = null;
    const report = (now: boolean) => {
      if (decrypting === now) return;
      decrypting = now;
      scope.postMessage({ type: 'receiving', senderId, kind, decrypting: now });
    };
    return async (frame: EncodedFrame, controller: TransformStreamDefaultController<EncodedFrame>) => {
      const keys = senders.get(senderId);
      const opened = await openFrame(new Uint8Array(frame.data), kind, isKeyFrame(kind, frame), (kid) =>
        keys ? keys.keyFor(kid) : null,
      );
      if (!opened.ok) {
        if (clear) {
          report(false);
          return controller.enqueue(frame);
        }
        if (kind === 'video') {
          let set = stalled.get(senderId);
          if (!set) stalled.set(senderId, (set = new Set()));
          set.add(transformer);
        }
        report(false);
        return;
      }
      frame.data = bufferOf(opened.frame);
      controller.enqueue(frame);
      report(true);
    };
  }
}
