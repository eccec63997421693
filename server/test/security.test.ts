/**
 * HTTP hardening as a browser or a proxy sees it: security headers with a CSP that fits the
 * built client, no CORS, HSTS only over HTTPS (X-Forwarded-Proto from a trusted proxy), no caching
 * of API answers, and no admin token in the logs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { TEST_ADMIN_TOKEN, startTestCircle, type TestCircle } from './support/harness.js';

/** The CSP header as directive → sources. */
function csp(header: string | null): Record<string, string[]> {
  expect(header, 'Content-Security-Policy header').toBeTruthy();
  return Object.fromEntries(
    (header ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

describe('security headers', () => {
  let t: TestCircle;
  const logLines: string[] = [];

  beforeAll(async () => {
    const logger = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
    t = await startTestCircle({ logger }, { PUBLIC_URL: 'https://circle.clinic.example' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each(['/', '/join', '/healthz', '/api/sessions/nope'])('%s carries the hardening headers', async (path) => {
    const res = await fetch(`${t.url}${path}`);
    const h = res.headers;
    expect(h.get('x-content-type-options')).toBe('nosniff');
    expect(h.get('x-frame-options')).toBe('DENY');
    expect(h.get('referrer-policy')).toBe('no-referrer');
    expect(h.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(h.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(h.get('permissions-policy')).toContain('camera=(self)');
    expect(h.get('permissions-policy')).toContain('microphone=(self)');
    expect(h.get('x-powered-by')).toBeNull();
    expect(csp(h.get('content-security-policy'))['frame-ancestors']).toEqual(["'none'"]);
  });

  it('the CSP allows only this origin: no inline or eval’d script, WebAssembly only, no foreign connections', async () => {
    const policy = csp((await fetch(`${t.url}/`)).headers.get('content-security-policy'));
    expect(policy['default-src']).toEqual(["'self'"]);
    // Compiling WebAssembly (background blur, noise suppression) and nothing else: no 'unsafe-eval'.
    expect(policy['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(policy['style-src']).toEqual(["'self'"]);
    expect(policy['connect-src']).toEqual(["'self'", 'wss://circle.clinic.example']);
    expect(policy['media-src']).toEqual(["'self'", 'blob:']);
    expect(policy['object-src']).toEqual(["'none'"]);
    expect(policy['base-uri']).toEqual(["'none'"]);
    expect(policy['upgrade-insecure-requests']).toEqual([]);
    expect(JSON.stringify(policy).replace("'wasm-unsafe-eval'", '')).not.toMatch(/unsafe|\*|data:|http:/);
  });

  it('HSTS only for requests that came over HTTPS (via the trusted proxy on loopback)', async () => {
    expect((await fetch(`${t.url}/healthz`)).headers.get('strict-transport-security')).toBeNull();
    const viaProxy = await fetch(`${t.url}/healthz`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(viaProxy.headers.get('strict-transport-security')).toBe('max-age=31536000');
  });

  it('sends no CORS headers: another site cannot call the API or the socket from a browser', async () => {
    const origin = 'https://evil.example';
    const preflight = await fetch(`${t.url}/api/sessions`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    const post = await fetch(`${t.url}/api/sessions`, {
      method: 'POST',
      headers: { origin, authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Cross-site' }),
    });
    const socket = await fetch(`${t.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin } });
    for (const res of [preflight, post, socket]) {
      const cors = [...res.headers.keys()].filter((k) => k.startsWith('access-control-'));
      expect(cors, `${res.url} ${res.status}`).toEqual([]);
    }
  });

  it('API answers are never cached', async () => {
    const res = await fetch(`${t.url}/api/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'No cache' }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const refused = await fetch(`${t.url}/api/sessions`, { method: 'POST', body: 'x' });
    expect(refused.headers.get('cache-control')).toBe('no-store');
  });

  it('the admin token and invitation tokens never reach the logs, even at debug level', async () => {
    const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };
    const created = await fetch(`${t.url}/api/sessions`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ title: 'Logged?' }),
    });
    const { id, therapistUrl } = (await created.json()) as { id: string; therapistUrl: string };
    const therapistToken = new URL(therapistUrl).hash.slice(1);
    await fetch(`${t.url}/api/sessions/${id}/invites`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ role: 'member', displayName: 'Alex' }),
    });
    await fetch(`${t.url}/api/sessions/${id}`, { headers: { authorization: `Bearer ${therapistToken}` } });
    await fetch(`${t.url}/api/sessions/${id}`, { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}x` } });
    await fetch(`${t.url}/api/sessions`, { method: 'POST', headers: auth, body: '{"title":' });

    const logs = logLines.join('');
    expect(logs).toContain(id); // the calls were logged, by id
    expect(logs).not.toContain(TEST_ADMIN_TOKEN);
    expect(logs).not.toContain(therapistToken);
    expect(logs.toLowerCase()).not.toContain('bearer');
  });
});

describe('behind a proxy that is not trusted', () => {
  let t: TestCircle;
  beforeAll(async () => {
    t = await startTestCircle({}, { TRUST_PROXY: 'false' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a forged X-Forwarded-Proto is ignored; the CSP names the http origin and does not upgrade', async () => {
    const res = await fetch(`${t.url}/healthz`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(res.headers.get('strict-transport-security')).toBeNull();
    const policy = csp(res.headers.get('content-security-policy'));
    expect(policy['connect-src']).toEqual(["'self'", `ws://localhost:${t.config.port}`]);
    expect(policy['upgrade-insecure-requests']).toBeUndefined();
  });
});

describe('the browser effects’ files come from this origin', () => {
  let t: TestCircle;
  let dir: string;

  beforeAll(async () => {
    // A built client in miniature: the page, the worklet module and MediaPipe's files where the build puts them.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'circle-client-'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Circle</title>');
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'assets', 'noise.worklet-abc.js'), 'registerProcessor("x", class {});');
    const mp = path.join(dir, 'vendor', 'mediapipe', 'selfie_segmentation');
    fs.mkdirSync(mp, { recursive: true });
    fs.writeFileSync(path.join(mp, 'selfie_segmentation_solution_simd_wasm_bin.wasm'), Buffer.from([0, 97, 115, 109]));
    fs.writeFileSync(path.join(mp, 'selfie_segmentation.js'), '// loader');
    fs.writeFileSync(path.join(mp, 'selfie_segmentation_landscape.tflite'), Buffer.from([1, 2, 3]));
    t = await startTestCircle({}, { CLIENT_DIR: dir });
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['/vendor/mediapipe/selfie_segmentation/selfie_segmentation_solution_simd_wasm_bin.wasm', 'application/wasm'],
    ['/vendor/mediapipe/selfie_segmentation/selfie_segmentation.js', 'text/javascript'],
    ['/vendor/mediapipe/selfie_segmentation/selfie_segmentation_landscape.tflite', 'application/octet-stream'],
    ['/assets/noise.worklet-abc.js', 'text/javascript'],
  ])('%s is served as %s, under the page’s CSP', async (file, type) => {
    const res = await fetch(`${t.url}${file}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain(type);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(csp(res.headers.get('content-security-policy'))['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'"]);
  });
});
