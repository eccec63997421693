/**
 * The image's build cannot silently break again: the server is compiled from exactly the files
 * infra/Dockerfile's build stage copies (no Docker engine runs here, so the stage is replayed): its
 * COPY lines are applied to a temporary folder, node_modules is laid out as its `npm ci` would (the
 * installed packages, and a link for each workspace whose package.json the stage copied), and its
 * compile command runs there.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, dockerStage, dockerfileSteps } from './support/dockerfile.js';

const COMPILE_TIMEOUT_MS = 180_000;

/** Files of the build context under `source`, as a clean clone has them (tracked or not ignored). */
function contextFiles(source: string): string[] {
  const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', source], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  return out
    .split('\0')
    .filter(Boolean)
    .filter((f) => fs.existsSync(path.join(REPO_ROOT, f)));
}

/**
 * `COPY src… dest` (relative to the stage's WORKDIR) as Docker does it: a directory's contents go
 * into dest; a file goes into dest when dest ends with `/` (or several sources are given), else
 * becomes dest. A source the context does not have fails the build, as it fails `docker build`.
 */
function applyCopy(args: string, into: string): void {
  const words = args.split(/\s+/).filter((w) => !w.startsWith('--'));
  const dest = words.pop()!;
  const sources = words;
  const destDir = dest.endsWith('/') || sources.length > 1;
  for (const source of sources) {
    const clean = source.replace(/\/$/, '');
    const files = contextFiles(clean);
    if (files.length === 0) throw new Error(`COPY ${args}: ${source} is not in the build context`);
    const isDir = fs.statSync(path.join(REPO_ROOT, clean)).isDirectory();
    for (const file of files) {
      const target = isDir
        ? path.join(into, dest, path.relative(clean, file))
        : destDir
          ? path.join(into, dest, path.basename(file))
          : path.join(into, dest);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(path.join(REPO_ROOT, file), target);
    }
  }
}

/** node_modules as the stage's `npm ci` lays it out: the registry packages, and its own workspaces. */
function linkNodeModules(into: string): void {
  const modules = path.join(into, 'node_modules');
  fs.mkdirSync(path.join(modules, '@circle'), { recursive: true });
  for (const entry of fs.readdirSync(path.join(REPO_ROOT, 'node_modules'))) {
    if (entry === '@circle') continue;
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules', entry), path.join(modules, entry));
  }
  const rootPackage = JSON.parse(fs.readFileSync(path.join(into, 'package.json'), 'utf8')) as { workspaces: string[] };
  for (const workspace of rootPackage.workspaces) {
    const manifest = path.join(into, workspace, 'package.json');
    if (!fs.existsSync(manifest)) continue;
    const { name } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name: string };
    fs.symlinkSync(path.join('..', '..', workspace), path.join(modules, name));
  }
}

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => fs.statSync(path.join(dir, f)).isFile());
}

describe('infra/Dockerfile build stage', () => {
  const stage = dockerStage(dockerfileSteps(), 'build');
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it(
    'compiles the server from exactly the files it copies, without its tests',
    () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'circle-docker-build-'));
      dirs.push(dir);
      const workdir = stage.find((s) => s.op === 'WORKDIR')?.args ?? '/';
      const root = path.join(dir, workdir);
      const compiles: string[] = [];
      for (const step of stage) {
        if (step.op === 'COPY') {
          expect(step.args, 'the build stage copies from the build context only').not.toMatch(/--from=/);
          applyCopy(step.args, root);
        } else if (step.op === 'RUN' && /^npm ci\b/.test(step.args)) {
          linkNodeModules(root);
        } else if (step.op === 'RUN') {
          // The server's compile: the RUN's `npx tsc …` commands (the client's Vite build is left out).
          compiles.push(
            ...step.args
              .split('&&')
              .map((c) => c.trim())
              .filter((c) => /^npx tsc\b/.test(c)),
          );
        }
      }
      expect(compiles.length, 'the build stage runs tsc').toBeGreaterThan(0);
      for (const command of compiles) {
        const run = spawnSync('sh', ['-c', command], { cwd: root, encoding: 'utf8', timeout: COMPILE_TIMEOUT_MS });
        expect(run.status, `${command} failed:\n${run.stdout}${run.stderr}`).toBe(0);
      }

      expect(fs.existsSync(path.join(root, 'server/dist/src/main.js'))).toBe(true);
      const emitted = filesUnder(path.join(root, 'server/dist'));
      expect(emitted.filter((f) => /\.test\.js$/.test(f) || f.startsWith('test/') || f.startsWith('bench/'))).toEqual(
        [],
      );
    },
    COMPILE_TIMEOUT_MS,
  );
});
