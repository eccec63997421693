import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../src/adapters/auth/passwordHash.js';
import { commonPasswords } from '../src/adapters/auth/commonPasswords.js';

describe('password hashing (scrypt)', () => {
  it('salts each hash, encodes its parameters, and verifies only the right password', async () => {
    const a = await hashPassword('amber-window-falcon-19');
    const b = await hashPassword('amber-window-falcon-19');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$1\$15\$8\$1\$/);
    expect(await verifyPassword('amber-window-falcon-19', a)).toBe(true);
    expect(await verifyPassword('amber-window-falcon-20', a)).toBe(false);
  });

  it('never matches a malformed or unknown encoding', async () => {
    for (const encoded of [
      '',
      'plain',
      'scrypt$2$15$8$1$abc$def',
      'scrypt$1$40$8$1$c2FsdA$aGFzaA',
      'bcrypt$1$15$8$1$a$b',
    ]) {
      expect(await verifyPassword('anything-at-all', encoded)).toBe(false);
    }
  });
});

describe('the common-password list shipped with Circle', () => {
  it('has tens of thousands of lowercase entries and the usual suspects', () => {
    const list = commonPasswords();
    expect(list.size).toBeGreaterThan(10_000);
    for (const p of ['123456', 'password', 'qwertyuiop', 'iloveyou', 'sunshine']) expect(list.has(p)).toBe(true);
  });
});
