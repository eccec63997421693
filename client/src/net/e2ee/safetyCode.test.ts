import { describe, expect, test } from 'vitest';
import { SAFETY_CODE_LENGTH, SAFETY_PICTURES, safetyCode } from './safetyCode';
import { createDeviceKeys } from './keyExchange';

async function holders(n: number) {
  const out = [];
  for (let i = 0; i < n; i++) out.push({ participantId: `p-${i}`, publicRaw: (await createDeviceKeys()).publicRaw });
  return out;
}

describe('the safety code', () => {
  test('is the same on every screen holding the same keys, whatever order they arrived in', async () => {
    const h = await holders(5);
    const code = await safetyCode(h);
    expect(code).toHaveLength(SAFETY_CODE_LENGTH);
    expect(await safetyCode([...h].reverse())).toEqual(code);
    for (const i of code) expect(SAFETY_PICTURES[i]).toBeDefined();
  });

  test('differs on a screen given a substituted key (a server in the middle)', async () => {
    const h = await holders(4);
    const swapped = h.map((x, i) => (i === 2 ? { ...x, publicRaw: crypto.getRandomValues(new Uint8Array(65)) } : x));
    expect(await safetyCode(swapped)).not.toEqual(await safetyCode(h));
  });

  test('changes when someone joins or leaves', async () => {
    const h = await holders(4);
    const code = await safetyCode(h);
    expect(await safetyCode(h.slice(0, 3))).not.toEqual(code);
    expect(await safetyCode([...h, ...(await holders(1)).map((x) => ({ ...x, participantId: 'p-new' }))])).not.toEqual(
      code,
    );
  });

  test('has 64 distinct pictures with distinct names', () => {
    expect(SAFETY_PICTURES).toHaveLength(64);
    expect(new Set(SAFETY_PICTURES.map(([e]) => e)).size).toBe(64);
    expect(new Set(SAFETY_PICTURES.map(([, n]) => n)).size).toBe(64);
  });
});
