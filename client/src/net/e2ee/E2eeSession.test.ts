import { describe, expect, test } from 'vitest';
import type { E2eeDevice } from '@circle/shared';
import { E2eeSession, type E2eeStatus, fromBase64Url, toBase64Url } from './E2eeSession';
import type { E2eeWorkerMessage } from './frameWorker';
import { partsOfKid } from './keyRing';

/** A room: each page's session, what its worker was told, and a server that relays like Circle's. */
function room() {
  const pages = new Map<
    string,
    { session: E2eeSession; worker: E2eeWorkerMessage[]; status: E2eeStatus | null; publicKey?: string }
  >();
  const relayed: { from: string; to: string; blob: string }[] = [];
  const pending: Promise<unknown>[] = [];
  function join(id: string) {
    const worker: E2eeWorkerMessage[] = [];
    const page = {
      worker,
      status: null as E2eeStatus | null,
      publicKey: undefined as string | undefined,
      session: new E2eeSession(
        id,
        {
          announce: async (publicKey) => {
            page.publicKey = publicKey;
            const devices: E2eeDevice[] = [];
            for (const [other, p] of pages) {
              if (other === id || !p.publicKey) continue;
              devices.push({ participantId: other, publicKey: p.publicKey });
              pending.push(p.session.deviceAnnounced({ participantId: id, publicKey }));
            }
            return devices;
          },
          sendKey: async (to, blob) => {
            relayed.push({ from: id, to, blob });
            const target = pages.get(to);
            if (target) pending.push(target.session.keyReceived(id, blob));
            return !!target;
          },
        },
        { postMessage: (m) => worker.push(m) },
        (s) => (page.status = s),
      ),
    };
    pages.set(id, page);
    return page;
  }
  async function settle() {
    while (pending.length > 0) await Promise.all(pending.splice(0));
  }
  const page = (id: string) => pages.get(id)!;
  /** The chains page `to`'s worker was given by `from`. */
  const chainsFrom = (to: string, from: string) =>
    page(to).worker.flatMap((m) => (m.type === 'recv' && m.senderId === from ? [m.material] : []));
  const lastSend = (id: string) =>
    page(id)
      .worker.filter((m) => m.type === 'send')
      .at(-1)!;
  return { join, settle, page, pages, chainsFrom, lastSend, relayed };
}

describe('E2eeSession', () => {
  test('two pages give each other their chains, and show the same safety code', async () => {
    const r = room();
    await r.join('therapist').session.start();
    await r.join('alex').session.start();
    await r.settle();
    const [fromAlex] = r.chainsFrom('therapist', 'alex');
    const alexSend = r.lastSend('alex');
    expect(alexSend.type === 'send' && fromAlex).toBeTruthy();
    if (alexSend.type !== 'send' || !fromAlex) return;
    expect(fromAlex).toEqual(alexSend.material);
    const fromTherapist = r.chainsFrom('alex', 'therapist').at(-1);
    const therapistSend = r.lastSend('therapist');
    expect(therapistSend.type === 'send' && fromTherapist?.base).toEqual(
      therapistSend.type === 'send' ? therapistSend.material.base : null,
    );
    expect(r.page('alex').status!.code).toHaveLength(6);
    expect(r.page('alex').status!.code).toEqual(r.page('therapist').status!.code);
    // The server saw public keys and 66-byte blobs, never a chain in the clear.
    for (const { blob } of r.relayed) expect(fromBase64Url(blob)).toHaveLength(66);
  });

  test('a newcomer gets each chain a step further on, not the step the room used before', async () => {
    const r = room();
    await r.join('therapist').session.start();
    await r.join('alex').session.start();
    await r.settle();
    const before = r.lastSend('therapist');
    await r.join('sam').session.start();
    await r.settle();
    const after = r.lastSend('therapist');
    if (before.type !== 'send' || after.type !== 'send') throw new Error('no send keys');
    expect(after.material.chainId).toBe(before.material.chainId);
    expect(after.material.step).toBe(before.material.step + 1);
    expect(after.material.base).not.toEqual(before.material.base);
    // Sam holds the therapist's chain at the new step only; Alex was sent nothing new (Alex ratchets alone).
    expect(r.chainsFrom('sam', 'therapist').map((c) => c.step)).toEqual([after.material.step]);
    expect(r.chainsFrom('alex', 'therapist')).toHaveLength(1);
    expect(r.page('sam').status!.code).toEqual(r.page('therapist').status!.code);
    expect(r.page('sam').status!.code).toEqual(r.page('alex').status!.code);
  });

  test('someone leaves: a new chain for everyone who stays, and nothing of it for the one who left', async () => {
    const r = room();
    for (const id of ['therapist', 'alex', 'sam']) await r.join(id).session.start();
    await r.settle();
    const codeBefore = r.page('therapist').status!.code;
    const kidBefore = r.page('therapist').session.chainKid!;
    const samHad = r.chainsFrom('sam', 'therapist').length;
    r.pages.delete('sam');
    await r.page('therapist').session.people(new Set(['alex']), new Set(['alex']));
    await r.page('alex').session.people(new Set(['therapist']), new Set(['therapist']));
    await r.settle();
    const kidAfter = r.page('therapist').session.chainKid!;
    expect(partsOfKid(kidAfter).chainId).not.toBe(partsOfKid(kidBefore).chainId);
    expect(r.chainsFrom('alex', 'therapist').at(-1)!.chainId).toBe(partsOfKid(kidAfter).chainId);
    expect(r.relayed.filter((k) => k.to === 'sam')).toHaveLength(samHad + 1);
    expect(r.relayed.slice(-2).every((k) => k.to !== 'sam')).toBe(true);
    expect(r.page('therapist').worker).toContainEqual({ type: 'forget', senderId: 'sam' });
    expect(r.page('therapist').status!.code).not.toEqual(codeBefore);
    expect(r.page('therapist').status!.holders).toEqual(['alex']);
  });

  test('a practice pair has a chain of its own: the group never held it, and gets a new one back', async () => {
    const r = room();
    const ids = ['therapist', 'alex', 'sam', 'kim'];
    for (const id of ids) await r.join(id).session.start();
    await r.settle();
    const everyone = new Set(ids);
    const tell = async (space: Record<string, string[]>) => {
      for (const id of ids) {
        const mine = Object.values(space).find((s) => s.includes(id))!;
        const present = new Set([...everyone].filter((o) => o !== id));
        await r.page(id).session.people(present, new Set(mine.filter((o) => o !== id)));
      }
      await r.settle();
    };
    await tell({ main: ids });
    const groupCode = r.page('therapist').status!.code;
    const alexGroupChain = partsOfKid(r.page('alex').session.chainKid!).chainId;

    // Alex and Sam go into a pair; the therapist and Kim stay with the group.
    await tell({ pair: ['alex', 'sam'], main: ['therapist', 'kim'] });
    const alexPairChain = partsOfKid(r.page('alex').session.chainKid!).chainId;
    expect(alexPairChain).not.toBe(alexGroupChain);
    expect(r.chainsFrom('sam', 'alex').at(-1)!.chainId).toBe(alexPairChain);
    for (const outside of ['therapist', 'kim'])
      expect(r.chainsFrom(outside, 'alex').map((c) => c.chainId)).not.toContain(alexPairChain);
    // Each space shows its own code, the same on both screens of it.
    expect(r.page('alex').status!.code).toEqual(r.page('sam').status!.code);
    expect(r.page('alex').status!.code).not.toEqual(groupCode);
    expect(r.page('therapist').status!.holders).toEqual(['kim']);

    // Back together: the group gets Alex's pair chain a step on (nothing said in the pair can be opened
    // with what they held before), and everyone shares one code again.
    await tell({ main: ids });
    const back = partsOfKid(r.page('alex').session.chainKid!);
    expect(back.chainId).toBe(alexPairChain);
    expect(r.chainsFrom('therapist', 'alex').at(-1)).toMatchObject({ chainId: alexPairChain, step: back.step });
    expect(back.step).toBeGreaterThan(0);
    expect(r.page('kim').status!.code).toEqual(r.page('alex').status!.code);
  });

  test('someone whose device arrives before the room shows them gets nothing until they can receive', async () => {
    const r = room();
    await r.join('therapist').session.start();
    await r.page('therapist').session.people(new Set(), new Set());
    await r.join('alex').session.start();
    await r.settle();
    expect(r.relayed.filter((k) => k.to === 'alex')).toHaveLength(0);
    await r.page('therapist').session.people(new Set(['alex']), new Set(['alex']));
    await r.settle();
    expect(r.chainsFrom('alex', 'therapist')).toHaveLength(1);
  });

  test('a key from someone unknown, or altered, gives the worker nothing', async () => {
    const r = room();
    await r.join('therapist').session.start();
    await r.join('alex').session.start();
    await r.settle();
    const count = r.page('therapist').worker.length;
    const real = r.relayed.find((k) => k.to === 'therapist')!.blob;
    const bytes = fromBase64Url(real)!;
    bytes[40]! ^= 1;
    await r.page('therapist').session.keyReceived('alex', toBase64Url(bytes));
    await r.page('therapist').session.keyReceived('stranger', real);
    await r.page('therapist').session.keyReceived('alex', 'not base64!');
    expect(r.page('therapist').worker).toHaveLength(count);
  });

  test('base64url round-trips every byte value', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(fromBase64Url(toBase64Url(all))).toEqual(all);
    expect(toBase64Url(all)).toMatch(/^[A-Za-z0-9_-]+$/);
  });
});
