import { describe, expect, test } from 'vitest';
import {
  base32Decode,
  base32Encode,
  hotp,
  isTotpCode,
  matchTotp,
  newRecoveryCode,
  normalRecoveryCode,
  otpauthUrl,
  totpAt,
} from './totp.js';

// RFC 6238 appendix B (SHA-1 seed), the last 6 of its 8 digits.
const RFC_SECRET = Buffer.from('12345678901234567890', 'ascii');

describe('RFC 6238 / RFC 4226', () => {
  test.each([
    [59, '287082'],
    [1111111109, '081804'],
    [1111111111, '050471'],
    [1234567890, '005924'],
    [2000000000, '279037'],
    [20000000000, '353130'],
  ])('at %i s the code is %s', (seconds, code) => {
    expect(totpAt(RFC_SECRET, seconds * 1000)).toBe(code);
  });

  test.each([
    [0, '755224'],
    [1, '287082'],
    [9, '520489'],
  ])('HOTP counter %i is %s (RFC 4226 appendix D)', (counter, code) => {
    expect(hotp(RFC_SECRET, counter)).toBe(code);
  });
});

describe('base32 (the key people type into an authenticator)', () => {
  test('RFC 4648 vectors, and back', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Decode('MZXW6YTBOI')?.toString()).toBe('foobar');
    expect(base32Decode('mzxw 6ytb-oi======')?.toString()).toBe('foobar');
    expect(base32Encode(RFC_SECRET)).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  });
  test('a character outside the alphabet is refused', () => {
    expect(base32Decode('MZXW1')).toBeUndefined();
  });
});

describe('matching a code', () => {
  const now = 1111111111 * 1000;
  test('the current step, one before and one after are accepted; two away are not', () => {
    for (const d of [-1, 0, 1])
      expect(matchTotp(RFC_SECRET, totpAt(RFC_SECRET, now + d * 30_000), now, null)).not.toBeNull();
    for (const d of [-2, 2]) expect(matchTotp(RFC_SECRET, totpAt(RFC_SECRET, now + d * 30_000), now, null)).toBeNull();
  });
  test('a code of a step already used (or older) is not accepted again: no replay', () => {
    const code = totpAt(RFC_SECRET, now);
    const step = matchTotp(RFC_SECRET, code, now, null);
    expect(step).toBe(Math.floor(now / 30_000));
    expect(matchTotp(RFC_SECRET, code, now, step)).toBeNull();
    expect(matchTotp(RFC_SECRET, totpAt(RFC_SECRET, now - 30_000), now, step)).toBeNull();
    expect(matchTotp(RFC_SECRET, totpAt(RFC_SECRET, now + 30_000), now, step)).toBe((step ?? 0) + 1);
  });
  test.each(['', '12345', '1234567', 'abcdef', '12 345'])('%j is not a code', (code) => {
    expect(matchTotp(RFC_SECRET, code, now, null)).toBeNull();
  });
});

describe('recovery codes and the setup link', () => {
  test('a recovery code is ten base32 letters in two groups, typed in any case or spacing', () => {
    const code = newRecoveryCode();
    expect(code).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
    expect(normalRecoveryCode(` ${code.toUpperCase().replace('-', ' ')} `)).toBe(code.replace('-', ''));
    expect(isTotpCode(code)).toBe(false);
    expect(isTotpCode('123 456')).toBe(true);
  });
  test('otpauth link: issuer, account, SHA1, 6 digits, 30 s', () => {
    const url = new URL(otpauthUrl({ issuer: 'Circle', account: 'a@b.example', secret: 'ABC' }));
    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    expect(decodeURIComponent(url.pathname)).toBe('/Circle:a@b.example');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      secret: 'ABC',
      issuer: 'Circle',
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
  });
});
