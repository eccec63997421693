/**
 * The common and breached passwords refused at sign-up: `server/data/common-passwords.txt`, shipped
 * with Circle (generated once from @zxcvbn-ts/language-common's list), read once, never fetched.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
/** server/, whether this runs from server/src (vitest, tsx) or compiled into server/dist/src. */
const serverRoot = here.includes(`${path.sep}dist${path.sep}`)
  ? path.resolve(here.slice(0, here.lastIndexOf(`${path.sep}dist${path.sep}`)))
  : path.resolve(here, '../../..');

export const COMMON_PASSWORDS_FILE = path.join(serverRoot, 'data', 'common-passwords.txt');

let loaded: ReadonlySet<string> | undefined;

export function commonPasswords(file = COMMON_PASSWORDS_FILE): ReadonlySet<string> {
  if (file === COMMON_PASSWORDS_FILE && loaded) return loaded;
  const set = new Set(
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .map((l) => l.trim().toLowerCase())
      .filter((l) => l && !l.startsWith('#')),
  );
  if (file === COMMON_PASSWORDS_FILE) loaded = set;
  return set;
}
