/** Reading settings from environment variables: the one parser every settings module uses. */
export type Env = Record<string, string | undefined>;

/** A whole number within [min, max], or `fallback` when unset; anything else stops the start with a clear message. */
export function wholeNumber(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return n;
}
