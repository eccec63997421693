/** Reading infra/Dockerfile in tests: Docker cannot run here, so its instructions are parsed. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface DockerStep {
  /** The instruction, upper case: FROM, COPY, RUN… */
  op: string;
  args: string;
}

/** infra/Dockerfile's instructions, continuation lines joined, comments dropped. */
export function dockerfileSteps(file = path.join(REPO_ROOT, 'infra/Dockerfile')): DockerStep[] {
  return fs
    .readFileSync(file, 'utf8')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [op, ...rest] = l.split(/\s+/);
      return { op: op!.toUpperCase(), args: rest.join(' ') };
    });
}

/** The steps of the stage named `name` (`FROM … AS name`), its FROM line first. */
export function dockerStage(steps: DockerStep[], name: string): DockerStep[] {
  const start = steps.findIndex((s) => s.op === 'FROM' && new RegExp(`\\bAS\\s+${name}$`, 'i').test(s.args));
  if (start < 0) throw new Error(`no stage named ${name}`);
  const next = steps.findIndex((s, i) => i > start && s.op === 'FROM');
  return steps.slice(start, next < 0 ? undefined : next);
}
