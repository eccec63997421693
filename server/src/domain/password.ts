/**
 * Whether a new staff password is strong enough: long enough, not a common or breached password
 * (the list shipped with Circle, `server/data/common-passwords.txt`), and not built from the person's
 * own name or email. Pure: the list is passed in.
 */
import { STAFF_LIMITS } from '@circle/shared';

export const PasswordProblem = {
  tooShort: 'tooShort',
  tooLong: 'tooLong',
  common: 'common',
  personal: 'personal',
} as const;
export type PasswordProblem = (typeof PasswordProblem)[keyof typeof PasswordProblem];

/** Parts of a name or email shorter than this are too common to refuse (e.g. "al", "jo"). */
const PERSONAL_PART_MIN = 3;
/** A password made of this few different characters ("aaaaaaaaaaaa", "abababababab") is refused as common. */
const DISTINCT_CHARS_MIN = 5;

/** The lowercase words of a name or an email's local part ("dana.rivera@x" → dana, rivera, danarivera). */
function personalParts(person: { email: string; name: string }): string[] {
  const local = person.email.toLowerCase().split('@')[0] ?? '';
  const words = [...local.split(/[^\p{L}\p{N}]+/u), ...person.name.toLowerCase().split(/[^\p{L}\p{N}]+/u)];
  const joined = [local.replace(/[^\p{L}\p{N}]+/gu, ''), person.name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '')];
  return [...new Set([...words, ...joined])].filter((w) => w.length >= PERSONAL_PART_MIN);
}

/** The password without what people add to a common word to pass a rule: case, trailing digits and symbols. */
function cores(password: string): string[] {
  const lower = password.toLowerCase();
  const stripped = lower.replace(/[\d\W_]+$/u, '').replace(/^[\d\W_]+/u, '');
  return stripped && stripped !== lower ? [lower, stripped] : [lower];
}

export function passwordProblem(
  password: string,
  person: { email: string; name: string },
  isCommon: (lowercase: string) => boolean,
): PasswordProblem | null {
  const length = [...password].length;
  if (length < STAFF_LIMITS.PASSWORD_MIN) return PasswordProblem.tooShort;
  if (length > STAFF_LIMITS.PASSWORD_MAX) return PasswordProblem.tooLong;
  if (new Set(password.toLowerCase()).size < DISTINCT_CHARS_MIN) return PasswordProblem.common;
  if (cores(password).some(isCommon)) return PasswordProblem.common;
  const lower = password.toLowerCase();
  if (personalParts(person).some((part) => lower.includes(part))) return PasswordProblem.personal;
  return null;
}
