import { describe, expect, test } from 'vitest';
import { PUBLIC_KEY_BYTES, WRAPPED_BYTES, createDeviceKeys, unwrapChain, wrapChain } from './keyExchange';
import { SenderChain } from './keyRing';

describe('a chain wrapped from one participant to another', () => {
  test('opens for its recipient, as the same chain', async () => {
    const [ana, ben] = [await createDeviceKeys(), await createDeviceKeys()];
    const chain = (await SenderChain.create()).material();
    const blob = await wrapChain(ana, 'p-ana', 'p-ben', ben.publicRaw, chain);
    expect(blob.length).toBe(WRAPPED_BYTES);
    expect(await unwrapChain(ben, 'p-ben', 'p-ana', ana.publicRaw, blob)).toEqual(chain);
  });

  test('does not contain the key in the clear (what the server relays)', async () => {
    const [ana, ben] = [await createDeviceKeys(), await createDeviceKeys()];
    const chain = (await SenderChain.create()).material();
    const blob = await wrapChain(ana, 'p-ana', 'p-ben', ben.publicRaw, chain);
    const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
    expect(hex(blob)).not.toContain(hex(chain.base));
  });

  test.each([
    ['by someone else holding the blob (another member, or the server)', 'other'],
    ['as from a different sender than the one who wrapped it', 'sender'],
    ['as for a different recipient id', 'recipient'],
    ['altered in transit', 'altered'],
    ['truncated', 'truncated'],
  ] as const)('does not open %s', async (_name, how) => {
    const [ana, ben, eve] = [await createDeviceKeys(), await createDeviceKeys(), await createDeviceKeys()];
    const chain = (await SenderChain.create()).material();
    const blob = await wrapChain(ana, 'p-ana', 'p-ben', ben.publicRaw, chain);
    if (how === 'other') expect(await unwrapChain(eve, 'p-ben', 'p-ana', ana.publicRaw, blob)).toBeNull();
    if (how === 'sender') expect(await unwrapChain(ben, 'p-ben', 'p-eve', ana.publicRaw, blob)).toBeNull();
    if (how === 'recipient') expect(await unwrapChain(ben, 'p-eve', 'p-ana', ana.publicRaw, blob)).toBeNull();
    if (how === 'altered') {
      blob[WRAPPED_BYTES - 3]! ^= 1;
      expect(await unwrapChain(ben, 'p-ben', 'p-ana', ana.publicRaw, blob)).toBeNull();
    }
    if (how === 'truncated')
      expect(await unwrapChain(ben, 'p-ben', 'p-ana', ana.publicRaw, blob.subarray(0, 20))).toBeNull();
  });

  test('the device’s private key cannot be exported; its public key is a P-256 point', async () => {
    const keys = await createDeviceKeys();
    expect(keys.publicRaw.length).toBe(PUBLIC_KEY_BYTES);
    expect(keys.privateKey.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('pkcs8', keys.privateKey)).rejects.toThrow();
  });
});
