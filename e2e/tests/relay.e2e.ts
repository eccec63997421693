/**
 * Media through TURN only: Debian's coturn on loopback with the TURN REST shared secret, Circle
 * configured with it and TURN_FORCE_RELAY, a therapist and a member in two browser contexts. Proves
 * that every peer connection's selected pair is a relay candidate allocated with the credentials
 * Circle issued (and coturn logged that user's allocation), that the remote video plays, that no
 * Content-Security-Policy violation happened on the way, and that an expired credential is refused.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Circle } from '../../server/src/compose.js';
import { turnCredential } from '../../server/src/app/turnCredentials.js';
import {
  checkInAsMember,
  createSession,
  launchChromium,
  participantIdOf,
  pollUntil,
  startServer,
  waitForRemoteVideos,
} from '../support/index.js';

const TURNSERVER = process.env.TURNSERVER_PATH ?? '/usr/bin/turnserver';
const REALM = 'circle.test';

/** A port free for both UDP and TCP on loopback (coturn listens on both). */
async function freeUdpTcpPort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const udp = dgram.createSocket('udp4');
    const port = await new Promise<number>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(0, '127.0.0.1', () => resolve(udp.address().port));
    });
    const tcpFree = await new Promise<boolean>((resolve) => {
      const srv = net.createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
    await new Promise<void>((resolve) => udp.close(() => resolve()));
    if (tcpFree) return port;
  }
  throw new Error('no free UDP+TCP port on 127.0.0.1');
}

class Coturn {
  log = '';
  private exited: string | null = null;

  private constructor(
    readonly proc: ChildProcess,
    readonly port: number,
    readonly secret: string,
    private readonly dir: string,
  ) {
    const append = (chunk: Buffer) => {
      this.log += chunk.toString();
    };
    proc.stdout?.on('data', append);
    proc.stderr?.on('data', append);
    proc.on('exit', (code, signal) => {
      this.exited = `exited with ${code ?? signal}`;
    });
  }

  static async start(): Promise<Coturn> {
    if (!fs.existsSync(TURNSERVER)) {
      throw new Error(`${TURNSERVER} not found: apt-get install -y coturn (or set TURNSERVER_PATH)`);
    }
    const port = await freeUdpTcpPort();
    const secret = randomBytes(24).toString('base64url');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'circle-coturn-'));
    const proc = spawn(
      TURNSERVER,
      [
        '-n', // no config file: everything is on this command line
        '--listening-ip=127.0.0.1',
        '--relay-ip=127.0.0.1',
        `--listening-port=${port}`,
        '--use-auth-secret',
        `--static-auth-secret=${secret}`,
        `--realm=${REALM}`,
        // coturn refuses loopback peers by default; Circle's SFU listens on 127.0.0.1 here.
        '--allow-loopback-peers',
        '--no-multicast-peers',
        '--no-tls',
        '--no-dtls',
        '--no-cli',
        '--no-rfc5780',
        `--db=${path.join(dir, 'turndb')}`,
        `--pidfile=${path.join(dir, 'turnserver.pid')}`,
        '--log-file=stdout',
        '--simple-log',
        '--verbose', // logs each request's user and outcome, which the test reads
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const coturn = new Coturn(proc, port, secret, dir);
    await coturn.waitForLog(/Total General servers/, 15_000);
    // Listening: a TCP connect to the TURN port succeeds.
    await pollUntil(
      () =>
        new Promise<true | null>((resolve) => {
          const s = net.connect(port, '127.0.0.1');
          s.once('connect', () => {
            s.destroy();
            resolve(true);
          });
          s.once('error', () => resolve(null));
        }),
      15_000,
      100,
    );
    return coturn;
  }

  get url(): string {
    return `turn:127.0.0.1:${this.port}?transport=udp`;
  }

  async waitForLog(pattern: RegExp, timeoutMs = 30_000): Promise<void> {
    await pollUntil(
      async () => {
        if (this.exited) throw new Error(`coturn ${this.exited}:\n${this.log}`);
        return pattern.test(this.log) ? true : null;
      },
      timeoutMs,
      50,
    ).catch((err: unknown) => {
      throw new Error(`${String(err)}: ${pattern} not in coturn's log:\n${this.log.slice(-4000)}`);
    });
  }

  async stop(): Promise<void> {
    if (process.env.E2E_DEBUG) fs.writeFileSync(path.join(os.tmpdir(), 'circle-coturn-e2e.log'), this.log);
    if (!this.exited) {
      const gone = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
      this.proc.kill('SIGTERM');
      await gone;
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

interface PcReport {
  policy: string | undefined;
  username: string | undefined;
  state: string;
  localType: string | undefined;
  remoteType: string | undefined;
  localTypes: string[];
  bytesReceived: number;
  bytesSent: number;
}

/** Before any page script: keep every RTCPeerConnection and every CSP violation. */
function instrument(): void {
  const w = window as unknown as {
    __pcs: { pc: RTCPeerConnection; config: RTCConfiguration | undefined }[];
    __cspViolations: string[];
  };
  w.__pcs = [];
  w.__cspViolations = [];
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(config?: RTCConfiguration) {
      super(config);
      w.__pcs.push({ pc: this, config });
    }
  };
  document.addEventListener('securitypolicyviolation', (e) => {
    w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
  });
}

async function openInstrumented(
  browser: Browser,
  name: string,
  url: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(['camera', 'microphone']);
  await context.addInitScript(instrument);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.warn(`[${name}] page error: ${err.message}`));
  if (process.env.E2E_DEBUG) page.on('console', (m) => console.log(`[${name}] ${m.type()}: ${m.text()}`));
  await page.goto(url);
  return { context, page };
}

/** Each peer connection of the page: its ICE config and the selected candidate pair from getStats. */
async function peerConnections(page: Page): Promise<PcReport[]> {
  return page.evaluate(async () => {
    const w = window as unknown as { __pcs: { pc: RTCPeerConnection; config: RTCConfiguration | undefined }[] };
    return Promise.all(
      w.__pcs.map(async ({ pc, config }) => {
        const all: Record<string, unknown>[] = [];
        (await pc.getStats()).forEach((s: Record<string, unknown>) => all.push(s));
        const byId = (id: unknown) => all.find((s) => s.id === id);
        const transport = all.find((s) => s.type === 'transport' && s.selectedCandidatePairId);
        const pair = byId(transport?.selectedCandidatePairId);
        const local = byId(pair?.localCandidateId);
        const remote = byId(pair?.remoteCandidateId);
        const server = config?.iceServers?.[0];
        return {
          policy: config?.iceTransportPolicy,
          username: server?.username,
          state: pc.connectionState,
          localType: local?.candidateType as string | undefined,
          remoteType: remote?.candidateType as string | undefined,
          localTypes: all.filter((s) => s.type === 'local-candidate').map((s) => String(s.candidateType)),
          bytesReceived: Number(pair?.bytesReceived ?? 0),
          bytesSent: Number(pair?.bytesSent ?? 0),
        };
      }),
    );
  });
}

/** Gather candidates with only this TURN server, relay only; what came back, and the errors. */
async function gatherRelay(
  page: Page,
  server: { urls: string; username: string; credential: string },
): Promise<{ types: string[]; errors: string[] }> {
  return page.evaluate(async (iceServer) => {
    const pc = new RTCPeerConnection({ iceServers: [iceServer], iceTransportPolicy: 'relay' });
    const types: string[] = [];
    const errors: string[] = [];
    pc.addEventListener('icecandidate', (e) => {
      if (e.candidate) types.push(e.candidate.type ?? 'unknown');
    });
    pc.addEventListener('icecandidateerror', (e) => {
      const err = e as RTCPeerConnectionIceErrorEvent;
      errors.push(`${err.errorCode} ${err.errorText}`);
    });
    const complete = new Promise<void>((resolve) => {
      pc.addEventListener('icegatheringstatechange', () => {
        if (pc.iceGatheringState === 'complete') resolve();
      });
    });
    pc.createDataChannel('probe');
    await pc.setLocalDescription(await pc.createOffer());
    await complete;
    pc.close();
    return { types, errors };
  }, server);
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('media relayed through coturn with credentials Circle issues', () => {
  let coturn: Coturn;
  let circle: Circle;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    coturn = await Coturn.start();
    circle = await startServer({
      TURN_URLS: coturn.url,
      TURN_SECRET: coturn.secret,
      TURN_FORCE_RELAY: 'true',
      TURN_TTL_SECONDS: '600',
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await circle?.close();
    await coturn?.stop();
  });

  test('therapist and member see each other, every peer connection on a TURN relay', async () => {
    const { therapistUrl, urls } = await createSession(circle, [{ name: 'Alex', role: 'member' }]);
    const therapist = await openInstrumented(browser, 'therapist', therapistUrl);
    contexts.push(therapist.context);
    // Join once the camera preview is up, as a person would (the client publishes what it has then).
    await therapist.page.getByLabel('Your camera preview').waitFor();
    await therapist.page.getByRole('button', { name: 'Join the session' }).click();
    const alex = await openInstrumented(browser, 'Alex', urls.Alex!);
    contexts.push(alex.context);
    await alex.page.getByLabel('Your camera preview').waitFor();
    await checkInAsMember(alex.page);
    await therapist.page.getByRole('button', { name: 'Admit Alex' }).click();

    await Promise.all([waitForRemoteVideos(therapist.page, 1), waitForRemoteVideos(alex.page, 1)]).catch(
      async (err: unknown) => {
        const pcs = await Promise.all([therapist.page, alex.page].map((p) => peerConnections(p)));
        throw new Error(`${String(err)}\npeer connections: ${JSON.stringify(pcs)}\ncoturn: ${coturn.log.slice(-3000)}`);
      },
    );

    const startedAt = Math.floor(Date.now() / 1000);
    for (const page of [therapist.page, alex.page]) {
      const participantId = await participantIdOf(page);
      // Both transports (send and receive) connected, then read their selected pairs. (The device
      // opens and closes one more connection to learn the browser's capabilities.)
      let last: PcReport[] = [];
      const pcs = await pollUntil(async () => {
        last = (await peerConnections(page)).filter((p) => p.state !== 'closed');
        return last.length === 2 && last.every((p) => p.state === 'connected' && p.localType) ? last : null;
      }, 30_000).catch((err: unknown) => {
        throw new Error(`${String(err)}; peer connections: ${JSON.stringify(last)}`);
      });
      for (const pc of pcs) {
        expect(pc.policy).toBe('relay');
        expect(pc.localType).toBe('relay');
        expect(pc.localTypes.length).toBeGreaterThan(0);
        expect(new Set(pc.localTypes)).toEqual(new Set(['relay']));
        // The credential Circle issued for this participant, valid for TURN_TTL_SECONDS.
        const m = /^(\d+):(.+)$/.exec(pc.username ?? '');
        expect(m?.[2]).toBe(participantId);
        const expiry = Number(m?.[1]);
        expect(expiry).toBeGreaterThan(startedAt);
        expect(expiry).toBeLessThanOrEqual(startedAt + 600);
        expect(pc.bytesSent + pc.bytesReceived).toBeGreaterThan(0);
        // coturn authenticated that very user and allocated a relay for it.
        await coturn.waitForLog(new RegExp(`user <${escapeRe(pc.username!)}>.*ALLOCATE processed, success`));
      }
      // Media actually crosses the relay: the receive side keeps getting bytes.
      const before = (await peerConnections(page)).reduce((n, p) => n + p.bytesReceived, 0);
      await pollUntil(async () => {
        const now = (await peerConnections(page)).reduce((n, p) => n + p.bytesReceived, 0);
        return now > before ? now : null;
      }, 15_000);
    }

    // The CSP refused nothing: the client parses without generated code (zod jitless).
    for (const page of [therapist.page, alex.page]) {
      const violations = await page.evaluate(
        () => (window as unknown as { __cspViolations: string[] }).__cspViolations,
      );
      expect(violations).toEqual([]);
    }
  });

  test('an expired credential is refused; a current one from the same secret gets a relay', async () => {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    const now = Math.floor(Date.now() / 1000);

    const fresh = turnCredential(coturn.secret, 'probe-fresh', now + 300);
    const current = await gatherRelay(page, { urls: coturn.url, ...fresh });
    expect(current.types).toContain('relay');

    const expired = turnCredential(coturn.secret, 'probe-expired', now - 60);
    const refused = await gatherRelay(page, { urls: coturn.url, ...expired });
    expect(refused.types).toEqual([]);
    await coturn.waitForLog(new RegExp(`user <${escapeRe(expired.username)}>`));
    expect(coturn.log).not.toMatch(new RegExp(`user <${escapeRe(expired.username)}>.*ALLOCATE processed, success`));

    const forged = turnCredential('not the secret', 'probe-forged', now + 300);
    expect((await gatherRelay(page, { urls: coturn.url, ...forged })).types).toEqual([]);
  });
});
