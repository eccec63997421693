#!/usr/bin/env node
// Builds the mediasoup worker offline from the npm tarball's own sources, with the
// checked-in patch applied, and caches the binary outside the clone keyed by
// mediasoup version + patch hash. npm runs no install scripts (see .npmrc), so this
// is the only place the worker gets built. A second run on the same machine only
// copies the cached binary (seconds).
import { createHash } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'server', 'package.json'));
const log = (msg) => process.stdout.write(`[setup:mediasoup] ${msg}\n`);
const fail = (msg) => {
  process.stderr.write(`[setup:mediasoup] ERROR: ${msg}\n`);
  process.exit(1);
};

let msDir;
try {
  msDir = path.dirname(require.resolve('mediasoup/package.json'));
} catch {
  fail('mediasoup is not installed. Run `npm ci` first.');
}
const version = JSON.parse(fs.readFileSync(path.join(msDir, 'package.json'), 'utf8')).version;
const patchFile = path.join(root, 'patches', `mediasoup-${version}.patch`);
if (!fs.existsSync(patchFile)) fail(`no patch for mediasoup ${version} at ${patchFile}`);
const patchHash = createHash('sha256').update(fs.readFileSync(patchFile)).digest('hex').slice(0, 12);
const key = `mediasoup-${version}-${patchHash}-${process.platform}-${process.arch}`;
const cacheRoot =
  process.env.CIRCLE_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'circle');
const cachedBin = path.join(cacheRoot, key, 'mediasoup-worker');
const targetBin = path.join(msDir, 'worker', 'out', 'Release', 'mediasoup-worker');

function sameFile(a, b) {
  try {
    const sa = fs.statSync(a);
    const sb = fs.statSync(b);
    return sa.size === sb.size && sa.mtimeMs <= sb.mtimeMs;
  } catch {
    return false;
  }
}

function install() {
  fs.mkdirSync(path.dirname(targetBin), { recursive: true });
  fs.copyFileSync(cachedBin, targetBin);
  fs.chmodSync(targetBin, 0o755);
}

if (fs.existsSync(cachedBin)) {
  if (!sameFile(cachedBin, targetBin)) install();
  log(`worker ready (cached: ${cachedBin})`);
  process.exit(0);
}

for (const [tool, args] of [
  ['python3', ['--version']],
  ['make', ['--version']],
  ['g++', ['--version']],
  ['patch', ['--version']],
]) {
  const r = spawnSync(tool, args, { stdio: 'ignore' });
  if (r.error || r.status !== 0) {
    fail(
      `building the mediasoup worker needs \`${tool}\`, which was not found. ` +
        `On Debian/Ubuntu: apt-get install -y python3 make g++ patch`,
    );
  }
}

const started = Date.now();
const buildDir = fs.mkdtempSync(path.join(os.tmpdir(), 'circle-ms-build-'));
log(`building mediasoup ${version} worker (patch ${patchHash}); this takes a few minutes once per machine`);
log(`build dir: ${buildDir}`);
fs.cpSync(path.join(msDir, 'worker'), path.join(buildDir, 'worker'), { recursive: true });
fs.rmSync(path.join(buildDir, 'worker', 'out'), { recursive: true, force: true });
const p = spawnSync('patch', ['-p1', '--forward', '-i', patchFile], { cwd: buildDir, stdio: 'inherit' });
if (p.status !== 0) fail('applying the mediasoup patch failed');

const cores = String(Math.max(1, os.availableParallelism?.() ?? os.cpus().length));
const env = { ...process.env, PYTHON: 'python3', CORES: cores };
delete env.MEDIASOUP_WORKER_BIN;
const code = await new Promise((resolve) => {
  const child = spawn('make', ['-C', 'worker', 'PYTHON=python3', `CORES=${cores}`], {
    cwd: buildDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logStream = fs.createWriteStream(path.join(buildDir, 'build.log'));
  let compiled = 0;
  const onData = (chunk) => {
    logStream.write(chunk);
    compiled += (String(chunk).match(/^\s*(CXX|CC)\b/gm) ?? []).length;
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const timer = setInterval(() => {
    log(`… ${((Date.now() - started) / 1000).toFixed(0)} s, ${compiled} files compiled`);
  }, 15_000);
  child.on('close', (status) => {
    clearInterval(timer);
    logStream.end();
    resolve(status);
  });
});
const built = path.join(buildDir, 'worker', 'out', 'Release', 'mediasoup-worker');
if (code !== 0 || !fs.existsSync(built)) {
  const out = fs.readFileSync(path.join(buildDir, 'build.log'), 'utf8');
  process.stderr.write(out.split('\n').slice(-40).join('\n'));
  fail(`worker build failed (full log: ${path.join(buildDir, 'build.log')})`);
}
fs.mkdirSync(path.dirname(cachedBin), { recursive: true });
fs.copyFileSync(built, `${cachedBin}.tmp`);
fs.renameSync(`${cachedBin}.tmp`, cachedBin);
fs.rmSync(buildDir, { recursive: true, force: true });
install();
log(`worker built in ${((Date.now() - started) / 1000).toFixed(0)} s, cached at ${cachedBin}`);
