/**
 * End-to-end encrypted media on one page (issue 25): this page's device key and sending chain, the
 * device keys of the others in the room, and the key traffic between them. The frames themselves are
 * sealed and opened in the frame worker (frameWorker.ts); this class only tells it which keys to use.
 *
 * - On start: a device key pair (private half not extractable) and a fresh chain; the public key is
 *   announced, and the chain goes, wrapped, to everyone already in the room.
 * - Someone announces a device (joins), or comes back into this page's space: this chain ratchets one
 *   step forward, and the newcomer gets it at that step, so they cannot read what was said before.
 * - Someone who holds this chain can no longer receive this page (left, removed, dropped, or in another
 *   space: a practice pair, a private side room): a new chain, sent to everyone who still can, so they
 *   cannot read what follows. Pairs and side rooms so have keys of their own.
 * - A chain arrives from someone: unwrapped with their device key, handed to the worker.
 *
 * Every step runs one after the other. The server sees public keys and wrapped blobs only.
 */
import type { E2eeDevice } from '@circle/shared';
import { type DeviceKeys, createDeviceKeys, unwrapChain, wrapChain } from './keyExchange';
import { SenderChain } from './keyRing';
import { safetyCode } from './safetyCode';
import type { E2eeWorkerMessage, TransformOptions } from './frameWorker';

/** How the session reaches the server. */
export interface E2eeSignal {
  /** Announce this page's public key; the answer is the others' device keys (null: refused). */
  announce(publicKey: string): Promise<E2eeDevice[] | null>;
  sendKey(to: string, blob: string): Promise<boolean>;
}

/** The frame worker, as far as the session talks to it. */
export interface E2eeWorkerPort {
  postMessage(message: E2eeWorkerMessage): void;
}

/** What the room shows: the safety code of the keys in use now, and whose frames this page opens. */
export interface E2eeStatus {
  /** Indices into SAFETY_PICTURES; the same on every screen holding the same keys. */
  code: number[];
  /** Participants whose device key this page holds. */
  holders: string[];
}

export function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

export class E2eeSession {
  private device: DeviceKeys | null = null;
  private chain: SenderChain | null = null;
  /** Device public keys of the others, by participant id. */
  private readonly peers = new Map<string, Uint8Array>();
  /** Who is in the room, and who of them can receive this page's media (`told`: once the room said). */
  private present = new Set<string>();
  private audience = new Set<string>();
  private told = false;
  /** Who holds this page's current chain. */
  private sharedWith = new Set<string>();
  /** The chain ids this page was given, by sender (diagnostics and tests: who could open what). */
  private readonly given = new Map<string, number[]>();
  private steps: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly selfId: string,
    private readonly signal: E2eeSignal,
    private readonly worker: E2eeWorkerPort,
    private readonly onStatus: (status: E2eeStatus) => void,
  ) {}

  /** One step after another: a key is never wrapped while the chain is being replaced. */
  private step<T>(fn: () => Promise<T>): Promise<T | undefined> {
    const next = this.steps.then(() => (this.stopped ? undefined : fn()));
    this.steps = next.catch(() => undefined);
    return next;
  }

  /** Make this page's keys and announce them; resolves once the worker has a key to send with. */
  start(): Promise<void> {
    return this.step(async () => {
      this.device = await createDeviceKeys();
      this.chain = await SenderChain.create();
      this.worker.postMessage({ type: 'send', material: this.chain.material() });
      const devices = await this.signal.announce(toBase64Url(this.device.publicRaw));
      for (const d of devices ?? []) {
        const raw = fromBase64Url(d.publicKey);
        if (raw) this.peers.set(d.participantId, raw);
      }
      if (!(await this.reconcile())) await this.report();
    }).then(() => undefined);
  }

  /**
   * Someone announced a device (joined, or a new page of someone here): once they can receive this
   * page's media, the chain ratchets forward and they get it at its new step.
   */
  deviceAnnounced(d: E2eeDevice): Promise<void> {
    return this.step(async () => {
      const raw = fromBase64Url(d.publicKey);
      if (!raw || d.participantId === this.selfId || !this.chain) return;
      // A new page of someone already here has no keys of ours either; the old page's keys of theirs go.
      if (this.peers.has(d.participantId)) {
        this.worker.postMessage({ type: 'forget', senderId: d.participantId });
        this.sharedWith.delete(d.participantId);
      }
      this.peers.set(d.participantId, raw);
      await this.reconcile();
    }).then(() => undefined);
  }

  /** A chain wrapped to this page arrived. */
  keyReceived(from: string, blob: string): Promise<void> {
    return this.step(async () => {
      const theirs = this.peers.get(from);
      const bytes = fromBase64Url(blob);
      if (!theirs || !bytes || !this.device) return;
      const material = await unwrapChain(this.device, this.selfId, from, theirs, bytes);
      if (!material) return;
      this.worker.postMessage({ type: 'recv', senderId: from, material });
      this.given.set(from, [...(this.given.get(from) ?? []), material.chainId]);
    }).then(() => undefined);
  }

  /**
   * Who is in the room now (`present`: admitted and connected) and who of them can receive this page's
   * media (`audience`: the same space — a practice pair, a private side room, or the group). Anyone
   * whose device key this page held and who is gone loses their keys here. Anyone who holds this page's
   * chain and can no longer receive it (left, removed, dropped, or now in another space) makes the chain
   * change for those who stay: a pair or a side room has chains of its own, which the group never held.
   * Anyone who can now receive it gets it a ratchet step on.
   */
  people(present: ReadonlySet<string>, audience: ReadonlySet<string>): Promise<void> {
    const departed = [...(this.told ? this.present : this.peers.keys())].filter((id) => !present.has(id));
    this.told = true;
    this.present = new Set(present);
    this.audience = new Set([...audience].filter((id) => present.has(id)));
    return this.step(async () => {
      for (const id of departed) {
        if (this.present.has(id) || !this.peers.delete(id)) continue;
        this.worker.postMessage({ type: 'forget', senderId: id });
      }
      await this.reconcile();
    }).then(() => undefined);
  }

  /** Bring who holds this chain in line with who may receive it now; true when anything changed. */
  private async reconcile(): Promise<boolean> {
    if (!this.chain) return false;
    // Until the room is told, everyone with a device can receive this page (tests; the first moments).
    const audience = this.told ? this.audience : new Set(this.peers.keys());
    const want = new Set([...audience].filter((id) => this.peers.has(id)));
    const lost = [...this.sharedWith].filter((id) => !want.has(id));
    const gained = [...want].filter((id) => !this.sharedWith.has(id));
    if (lost.length > 0) {
      this.chain = await SenderChain.create();
      this.sharedWith = want;
      // The new chain goes to everyone who stays first, then into use: their frames keep opening.
      await Promise.all([...want].map((id) => this.sendChainTo(id)));
      this.worker.postMessage({ type: 'send', material: this.chain.material() });
    } else if (gained.length > 0) {
      if (this.sharedWith.size > 0 && !(await this.chain.ratchet())) this.chain = await SenderChain.create();
      this.sharedWith = want;
      this.worker.postMessage({ type: 'send', material: this.chain.material() });
      // Everyone else derives the new step from the one they hold; only the newcomers need it sent.
      await Promise.all(gained.map((id) => this.sendChainTo(id)));
    } else return false;
    await this.report();
    return true;
  }

  /** The current chain's id (tests: a new chain after someone leaves). */
  get chainKid(): bigint | null {
    return this.chain?.kid ?? null;
  }

  /** Diagnostics and tests: this page's sending chain id, and every chain id it was given, by sender. */
  keys(): { sending: number | null; given: Record<string, number[]> } {
    return { sending: this.chain?.material().chainId ?? null, given: Object.fromEntries(this.given) };
  }

  stop(): void {
    this.stopped = true;
    this.peers.clear();
  }

  private async sendChainTo(id: string): Promise<void> {
    const theirs = this.peers.get(id);
    if (!theirs || !this.device || !this.chain) return;
    const blob = await wrapChain(this.device, this.selfId, id, theirs, this.chain.material());
    await this.signal.sendKey(id, toBase64Url(blob));
  }

  private async report(): Promise<void> {
    if (!this.device) return;
    // The code covers the keys of those who share this space's media: the same on each of their screens.
    const holders = [
      { participantId: this.selfId, publicRaw: this.device.publicRaw },
      ...[...this.sharedWith].map((participantId) => ({ participantId, publicRaw: this.peers.get(participantId)! })),
    ];
    this.onStatus({ code: await safetyCode(holders), holders: [...this.sharedWith] });
  }
}

/** Whether this browser can encrypt frames (the standard encoded-transform API). */
export function canEncryptFrames(): boolean {
  return typeof globalThis.RTCRtpScriptTransform === 'function';
}

/** Hand one sender or receiver to the frame worker. */
export function attachTransform(
  target: RTCRtpSender | RTCRtpReceiver,
  worker: Worker,
  options: TransformOptions,
): void {
  target.transform = new RTCRtpScriptTransform(worker, options);
}
