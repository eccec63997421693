/** The Firefox scenarios, in the order runner.ts runs them (one session, one after another). */
export const SCENARIOS = [
  'connection check on a clean link says good (Firefox calibration)',
  'lobby and admit',
  'join: each sees and hears the other',
  'facilitated floor: refused without the floor, heard with it',
  'crisis panel and a private alert to the therapist',
  'connection check that cannot connect says so (SFU on 127.0.0.1)',
  'in the room, media that cannot connect is said so, never "audio only"',
  'E2EE: a Firefox member and a Chromium therapist see and hear each other through sealed frames',
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];
/** Against a second Circle whose SFU is on 127.0.0.1 (unreachable for Firefox): run even if the others failed. */
export const LOOPBACK_SCENARIOS: readonly ScenarioName[] = SCENARIOS.slice(-3, -1);
/** Against a third Circle with E2EE=true, its own session: run whatever happened before. */
export const E2EE_SCENARIO: ScenarioName = SCENARIOS[SCENARIOS.length - 1]!;
