/**
 * A second browser: Firefox ESR members beside a Chromium therapist, in a private network namespace.
 *
 * Firefox gathers no 127.0.0.1 ICE candidate, so against an SFU on loopback its media never connects.
 * This file starts e2e/firefox/runner.ts under `unshare -n` (root, as in CI) after giving the new
 * namespace a veth pair (10.200.0.1 ↔ 10.200.0.2) and a default route; the SFU listens on 10.200.0.1
 * and HTTP/signalling stay on the namespace's own 127.0.0.1. The runner reports each scenario back
 * on its stdout; each becomes one test here. Where a network namespace cannot be made (not root, no
 * `unshare`/`ip`, a sandbox forbidding it) the tests are skipped with the reason printed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, test } from 'vitest';
import { SCENARIOS, type ScenarioName } from '../firefox/scenarios.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const RTC_IP = '10.200.0.1';
/** Inside the new namespace: loopback up, a veth pair, a default route (Firefox gathers nothing without one). */
const SETUP = [
  'ip link set lo up',
  'ip link add circle0 type veth peer name circle1',
  `ip addr add ${RTC_IP}/24 dev circle0`,
  'ip addr add 10.200.0.2/24 dev circle1',
  'ip link set circle0 up',
  'ip link set circle1 up',
  'ip route add default via 10.200.0.2 dev circle0',
].join(' && ');

/** Why a private network namespace with a veth pair cannot be made here, or null if it can. */
function namespaceImpossible(): string | null {
  if (process.platform !== 'linux') return `network namespaces are Linux only (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'not running as root (`unshare -n` and veth need root)';
  const probe = spawnSync('unshare', ['-n', 'sh', '-c', 'ip link add probe0 type veth peer name probe1'], {
    encoding: 'utf8',
  });
  if (probe.error) return `cannot run unshare: ${probe.error.message}`;
  if (probe.status !== 0) return `cannot make a network namespace with a veth pair: ${probe.stderr.trim()}`;
  return null;
}

const impossible = namespaceImpossible();
if (impossible) {
  console.warn(`[e2e firefox] SKIPPED: the Firefox scenarios need a private network namespace, and ${impossible}.`);
}

interface Outcome {
  ok: boolean;
  ms: number;
  error?: string;
}

describe.skipIf(impossible !== null)('Firefox members beside a Chromium therapist (private network namespace)', () => {
  const outcomes = new Map<ScenarioName, Promise<Outcome>>();
  const settle = new Map<ScenarioName, (o: Outcome) => void>();
  for (const name of SCENARIOS) outcomes.set(name, new Promise((r) => settle.set(name, r)));

  beforeAll(() => {
    if (!existsSync(FIREFOX)) {
      throw new Error(
        `Firefox is not installed at ${FIREFOX}: apt-get install firefox-esr (.ci/run does), or set FIREFOX_PATH`,
      );
    }
    const child = spawn(
      'unshare',
      ['-n', 'sh', '-c', `${SETUP} && exec "$0" --import tsx e2e/firefox/runner.ts`, process.execPath],
      {
        cwd: root,
        env: { ...process.env, CIRCLE_NETNS_RTC_IP: RTC_IP, FIREFOX_PATH: FIREFOX },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let buffered = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        const m = /^@@firefox (.*)$/.exec(line);
        if (!m) {
          if (line.trim()) console.log(line);
          continue;
        }
        const r = JSON.parse(m[1]!) as Outcome & { name: ScenarioName };
        settle.get(r.name)?.({ ok: r.ok, ms: r.ms, error: r.error });
      }
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4_000);
      if (process.env.E2E_DEBUG) process.stderr.write(chunk);
    });
    child.on('exit', (code, signal) => {
      // Anything not reported by now never will be: say why.
      for (const name of SCENARIOS)
        settle.get(name)?.({ ok: false, ms: 0, error: `runner ended (${signal ?? `exit ${code}`}) first:\n${stderr}` });
    });
  });

  for (const name of SCENARIOS) {
    test(name, async () => {
      const outcome = await outcomes.get(name)!;
      console.log(`[e2e firefox] ${name}: ${outcome.ok ? 'passed' : 'FAILED'} in ${outcome.ms} ms`);
      if (!outcome.ok) throw new Error(outcome.error);
    });
  }
});
