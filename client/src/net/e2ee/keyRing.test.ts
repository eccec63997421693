import { describe, expect, test } from 'vitest';
import { openFrame, sealFrame } from './frameCrypto';
import { CHAINS_KEPT, MAX_RATCHET_AHEAD, SenderChain, SenderKeys, kidOf, partsOfKid } from './keyRing';

async function send(chain: SenderChain, frame = Uint8Array.from({ length: 64 }, (_, i) => i)) {
  const { key, ctr } = chain.next();
  return { frame, sealed: await sealFrame(key, ctr, frame, 'video', false) };
}

async function opens(keys: SenderKeys, sealed: Uint8Array): Promise<boolean> {
  return (await openFrame(sealed, 'video', false, (kid) => keys.keyFor(kid))).ok;
}

describe('a sender’s chain and what a receiver can read', () => {
  test('the KID names the chain and the step', () => {
    expect(partsOfKid(kidOf(0xdead_beef, 7))).toEqual({ chainId: 0xdead_beef, step: 7 });
  });

  test('a receiver given the chain reads its frames, each with a fresh counter', async () => {
    const chain = await SenderChain.create();
    const keys = new SenderKeys();
    keys.add(chain.material());
    const a = await send(chain);
    const b = await send(chain);
    expect(await opens(keys, a.sealed)).toBe(true);
    expect(await opens(keys, b.sealed)).toBe(true);
  });

  test('after a join the chain ratchets: those already in read on by ratcheting themselves; the newcomer cannot read what came before', async () => {
    const chain = await SenderChain.create();
    const earlier = new SenderKeys();
    earlier.add(chain.material());
    const before = await send(chain);
    expect(await chain.ratchet()).toBe(true);
    const newcomer = new SenderKeys();
    newcomer.add(chain.material());
    const after = await send(chain);
    expect(await opens(earlier, after.sealed)).toBe(true);
    expect(await opens(newcomer, after.sealed)).toBe(true);
    expect(await opens(newcomer, before.sealed)).toBe(false);
  });

  test(`a receiver ratchets ahead at most ${MAX_RATCHET_AHEAD} steps on its own`, async () => {
    const chain = await SenderChain.create();
    const keys = new SenderKeys();
    keys.add(chain.material());
    for (let i = 0; i < MAX_RATCHET_AHEAD; i++) await chain.ratchet();
    expect(await opens(keys, (await send(chain)).sealed)).toBe(true);
    const far = new SenderKeys();
    const start = await SenderChain.create();
    far.add(start.material());
    for (let i = 0; i <= MAX_RATCHET_AHEAD; i++) await start.ratchet();
    expect(await opens(far, (await send(start)).sealed)).toBe(false);
  });

  test('after a leave the sender starts a new chain: a removed member holding the old one reads nothing new', async () => {
    const old = await SenderChain.create();
    const removed = new SenderKeys();
    const staying = new SenderKeys();
    removed.add(old.material());
    staying.add(old.material());
    const fresh = await SenderChain.create();
    staying.add(fresh.material());
    const next = await send(fresh);
    expect(await opens(staying, next.sealed)).toBe(true);
    expect(await opens(removed, next.sealed)).toBe(false);
    // Frames of the old chain still in flight are read by those staying.
    expect(await opens(staying, (await send(old)).sealed)).toBe(true);
  });

  test(`only the last ${CHAINS_KEPT} chains are kept`, async () => {
    const keys = new SenderKeys();
    const chains = [await SenderChain.create(), await SenderChain.create(), await SenderChain.create()];
    for (const c of chains) keys.add(c.material());
    expect(keys.chainIds).toEqual(chains.slice(-CHAINS_KEPT).map((c) => c.material().chainId));
    expect(await opens(keys, (await send(chains[0]!)).sealed)).toBe(false);
  });

  test('a chain announced again at an earlier step does not move a receiver back', async () => {
    const chain = await SenderChain.create();
    const atStep0 = chain.material();
    const before = await send(chain);
    await chain.ratchet();
    const keys = new SenderKeys();
    keys.add(chain.material());
    keys.add(atStep0);
    expect(await opens(keys, before.sealed)).toBe(false);
    expect(await opens(keys, (await send(chain)).sealed)).toBe(true);
  });

  test('clear forgets the sender', async () => {
    const chain = await SenderChain.create();
    const keys = new SenderKeys();
    keys.add(chain.material());
    keys.clear();
    expect(await opens(keys, (await send(chain)).sealed)).toBe(false);
  });
});
