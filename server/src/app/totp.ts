/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226): 30-second steps, 6 digits, HMAC-SHA1
 * (what every authenticator app understands). Pure functions: time is an argument, secrets are bytes.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const TOTP_STEP_MS = 30_000;
export const TOTP_DIGITS = 6;
/** Steps accepted either side of now (clock drift between the phone and the server). */
export const TOTP_WINDOW_STEPS = 1;
/** 160 bits, as RFC 4226 recommends for HMAC-SHA1. */
export const TOTP_SECRET_BYTES = 20;
export const RECOVERY_CODE_COUNT = 10;

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** Spaces, dashes and padding are ignored, case too; undefined when a character is not base32. */
export function base32Decode(text: string): Buffer | undefined {
  const clean = text.replace(/[\s=-]/g, '').toUpperCase();
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const index = BASE32.indexOf(ch);
    if (index < 0) return undefined;
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 4226: the code for one counter value. */
export function hotp(secret: Uint8Array, counter: number, digits = TOTP_DIGITS): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', secret).update(message).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

export const totpStep = (nowMs: number) => Math.floor(nowMs / TOTP_STEP_MS);

export const totpAt = (secret: Uint8Array, nowMs: number) => hotp(secret, totpStep(nowMs));

/**
 * The step a code matches within ±TOTP_WINDOW_STEPS of now and later than `lastUsedStep` (a code,
 * or an older one, already used is not accepted again: no replay), or null.
 */
export function matchTotp(
  secret: Uint8Array,
  code: string,
  nowMs: number,
  lastUsedStep: number | null,
  window = TOTP_WINDOW_STEPS,
): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const now = totpStep(nowMs);
  let matched: number | null = null;
  // Every candidate is computed and compared: the time taken does not tell which one matched.
  for (let step = now - window; step <= now + window; step++) {
    const same = timingSafeEqual(Buffer.from(hotp(secret, step)), Buffer.from(code));
    if (same && matched === null && (lastUsedStep === null || step > lastUsedStep)) matched = step;
  }
  return matched;
}

export function newTotpSecret(): Buffer {
  return randomBytes(TOTP_SECRET_BYTES);
}

/** The link an authenticator app reads (Key URI Format): issuer and account label, base32 secret. */
export function otpauthUrl(input: { issuer: string; account: string; secret: string }): string {
  const label = `${encodeURIComponent(input.issuer)}:${encodeURIComponent(input.account)}`;
  const query = new URLSearchParams({
    secret: input.secret,
    issuer: input.issuer,
    algorithm: 'SHA1',
    digits: String(TOTP_DIGITS),
    period: String(TOTP_STEP_MS / 1000),
  });
  return `otpauth://totp/${label}?${query.toString()}`;
}

/** A recovery code: 50 random bits as two groups of five base32 letters (`k7qpx-m2ahz`). */
export function newRecoveryCode(): string {
  const text = base32Encode(randomBytes(7)).slice(0, 10).toLowerCase();
  return `${text.slice(0, 5)}-${text.slice(5)}`;
}

/** The form a typed recovery code is compared in: lower case, no spaces or dashes. */
export const normalRecoveryCode = (code: string) => code.replace(/[\s-]/g, '').toLowerCase();

/** Does this look like an authenticator code (6 digits) rather than a recovery code? */
export const isTotpCode = (code: string) => /^\d{6}$/.test(code.replace(/\s/g, ''));
