/**
 * End-to-end encrypted media, whose keys (issue 25). Each sender encrypts with its own chain: a
 * random base key under a random chain id, ratcheted one way (`ratchetBaseKey`) when someone joins,
 * so the newcomer, given the chain at its new step, cannot read what was said before; replaced by a
 * new chain when someone leaves or is removed, so they cannot read what follows. A frame's KID is
 * `chainId << 8 | step`.
 *
 * Receivers keep, per sender, the chains they were given; a frame at a later step of a known chain
 * is read by ratcheting forward (at most `MAX_RATCHET_AHEAD` steps), never backward.
 */
import { type FrameKey, deriveFrameKey, randomBaseKey, ratchetBaseKey } from './frameCrypto';

/** Steps in a chain before it must be replaced (the KID's low byte). */
export const MAX_STEP = 255;
/** How far a receiver ratchets ahead on its own for a frame from a later step. */
export const MAX_RATCHET_AHEAD = 16;
/** Chains kept per sender: the current one and the one before (frames still in flight across a change). */
export const CHAINS_KEPT = 2;

/** What a sender hands each receiver (wrapped to them): enough to derive this step's key and later ones. */
export interface ChainMaterial {
  /** 32-bit, random per chain. */
  chainId: number;
  step: number;
  base: Uint8Array;
}

export function kidOf(chainId: number, step: number): bigint {
  return (BigInt(chainId >>> 0) << 8n) | BigInt(step & 0xff);
}

export function partsOfKid(kid: bigint): { chainId: number; step: number } {
  return { chainId: Number((kid >> 8n) & 0xffffffffn), step: Number(kid & 0xffn) };
}

function randomChainId(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]!;
}

/** This browser's own sending chain. */
export class SenderChain {
  private ctr = 0n;

  private constructor(
    private current: ChainMaterial,
    private key: FrameKey,
  ) {}

  static async create(): Promise<SenderChain> {
    const material = { chainId: randomChainId(), step: 0, base: randomBaseKey() };
    return new SenderChain(material, await deriveFrameKey(material.base, kidOf(material.chainId, 0)));
  }

  /** The key and a fresh counter for the next frame. */
  next(): { key: FrameKey; ctr: bigint } {
    const ctr = this.ctr;
    this.ctr += 1n;
    return { key: this.key, ctr };
  }

  get kid(): bigint {
    return this.key.kid;
  }

  /** What receivers need, as of now. */
  material(): ChainMaterial {
    return { ...this.current, base: this.current.base.slice() };
  }

  /**
   * One step forward (someone joined): false when the chain has no steps left, and the caller replaces
   * it with a new chain instead.
   */
  async ratchet(): Promise<boolean> {
    if (this.current.step >= MAX_STEP) return false;
    const base = await ratchetBaseKey(this.current.base);
    const step = this.current.step + 1;
    const key = await deriveFrameKey(base, kidOf(this.current.chainId, step));
    this.current = { chainId: this.current.chainId, step, base };
    this.key = key;
    this.ctr = 0n;
    return true;
  }
}

interface KnownChain {
  chainId: number;
  /** The earliest step held; keys for it and later steps can be derived. */
  step: number;
  base: Uint8Array;
  keys: Map<number, FrameKey>;
}

/** The chains one receiver holds for one sender. */
export class SenderKeys {
  private chains: KnownChain[] = [];

  /** A chain given by the sender (newest last); older chains beyond `CHAINS_KEPT` are forgotten. */
  add(material: ChainMaterial): void {
    const same = this.chains.find((c) => c.chainId === material.chainId);
    if (same) {
      // The same chain again at a later step (a ratchet announced): move forward, never back.
      if (material.step > same.step) {
        same.step = material.step;
        same.base = material.base.slice();
        for (const s of same.keys.keys()) if (s < material.step) same.keys.delete(s);
      }
      return;
    }
    this.chains.push({ chainId: material.chainId, step: material.step, base: material.base.slice(), keys: new Map() });
    if (this.chains.length > CHAINS_KEPT) this.chains.splice(0, this.chains.length - CHAINS_KEPT);
  }

  /** Forget every chain (the sender left). */
  clear(): void {
    this.chains = [];
  }

  get chainIds(): number[] {
    return this.chains.map((c) => c.chainId);
  }

  /** The key of a frame's KID, ratcheting forward as far as needed (within reach); null when out of reach. */
  async keyFor(kid: bigint): Promise<FrameKey | null> {
    const { chainId, step } = partsOfKid(kid);
    const chain = this.chains.find((c) => c.chainId === chainId);
    if (!chain) return null;
    const cached = chain.keys.get(step);
    if (cached) return cached;
    if (step < chain.step || step - chain.step > MAX_RATCHET_AHEAD) return null;
    let base = chain.base;
    for (let s = chain.step; s < step; s++) base = await ratchetBaseKey(base);
    const key = await deriveFrameKey(base, kid);
    // A later step in use: the chain moves to it and forgets the bases before (a key taken from this
    // browser later does not open earlier frames); the previous step's key stays for frames in flight.
    if (step > chain.step) {
      chain.step = step;
      chain.base = base;
      for (const s of chain.keys.keys()) if (s < step - 1) chain.keys.delete(s);
    }
    chain.keys.set(step, key);
    return key;
  }
}
