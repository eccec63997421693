/**
 * The deployment files under infra/ agree with the code: Docker cannot run here, so the compose
 * file, the Dockerfile, the systemd unit and the example environment files are parsed and checked
 * against the variables Circle reads (server/src/config.ts and the modules it reads them through),
 * the README's configuration table, and the ports Circle, coturn and the proxy use.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { dockerfileSteps } from './support/dockerfile.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (...p: string[]) => fs.readFileSync(path.join(root, ...p), 'utf8');

/** Every variable name loadConfig reads: `env.NAME`, `env['NAME']` and `helper(env, 'NAME', …)`. */
function configEnvNames(): Set<string> {
  const names = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const src = fs.readFileSync(file, 'utf8');
    for (const m of src.matchAll(
      /\benv\.([A-Z][A-Z0-9_]*)|\benv\[['"]([A-Z][A-Z0-9_]*)['"]\]|\(env, '([A-Z][A-Z0-9_]*)'/g,
    )) {
      names.add((m[1] ?? m[2] ?? m[3])!);
    }
    // Settings read in other modules that config.ts calls (e.g. clusterConfig.ts), not type-only imports.
    for (const m of src.matchAll(/^import (?!type )[^;]*? from '(\.[^']+)\.js';/gm)) {
      visit(path.resolve(path.dirname(file), `${m[1]}.ts`));
    }
  };
  visit(path.join(root, 'server/src/config.ts'));
  return names;
}

/** Variables named in the first column of README.md's configuration table, in order, repeats kept. */
function readmeEnvRows(): string[] {
  const readme = read('README.md');
  const section = readme.slice(readme.indexOf('## Configuration'));
  const table = section.slice(0, section.indexOf('\n\n', section.indexOf('| Variable')));
  const names: string[] = [];
  for (const line of table.split('\n').filter((l) => l.startsWith('| `'))) {
    for (const m of line.split('|')[1]!.matchAll(/`([A-Z][A-Z0-9_]*)`/g)) names.push(m[1]!);
  }
  return names;
}

/** KEY=value lines of an environment file. */
function envFile(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) out.set(m[1]!, m[2]!);
  }
  return out;
}

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  expose?: string[];
  volumes?: string[];
  user?: string;
  depends_on?: Record<string, { condition?: string }>;
  healthcheck?: { test?: string[] };
}

interface Port {
  host: [number, number];
  container: [number, number];
  protocol: 'tcp' | 'udp';
}

/** "40000-40499:40000-40499/udp" → ranges and protocol. */
function portOf(spec: string): Port {
  const m = /^(\d+)(?:-(\d+))?:(\d+)(?:-(\d+))?(?:\/(tcp|udp))?$/.exec(spec);
  if (!m) throw new Error(`unexpected port mapping ${spec}`);
  const range = (a: string, b: string | undefined): [number, number] => [Number(a), Number(b ?? a)];
  return {
    host: range(m[1]!, m[2]),
    container: range(m[3]!, m[4]),
    protocol: (m[5] as 'tcp' | 'udp' | undefined) ?? 'tcp',
  };
}

const publishes = (s: Service, from: number, to: number, protocol: 'tcp' | 'udp') =>
  (s.ports ?? [])
    .map(portOf)
    .some(
      (p) =>
        p.protocol === protocol &&
        p.container[0] === from &&
        p.container[1] === to &&
        p.host[0] === from &&
        p.host[1] === to,
    );

const compose = parse(read('infra/docker-compose.yml'), { merge: true }) as {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
};
const services = compose.services;
const circleNodes = Object.entries(services).filter(([, s]) => s.build?.dockerfile === 'infra/Dockerfile');
const configNames = configEnvNames();
const documentedRows = readmeEnvRows();
const documented = new Set(documentedRows);

describe('the variables Circle reads', () => {
  it('are found in config.ts (sanity check of the extraction)', () => {
    for (const name of ['PORT', 'PUBLIC_URL', 'RTC_MIN_PORT', 'TURN_URLS', 'TURN_SECRET', 'TRUST_PROXY']) {
      expect(configNames).toContain(name);
    }
  });

  it('are every one documented in the README’s configuration table, and nothing else is', () => {
    expect([...configNames].filter((n) => !documented.has(n)).sort()).toEqual([]);
    expect([...documented].filter((n) => !configNames.has(n)).sort()).toEqual([]);
  });

  it('are each documented once: no variable has two rows in the README’s table', () => {
    expect(documentedRows.filter((n, i) => documentedRows.indexOf(n) !== i)).toEqual([]);
  });
});

describe('infra/docker-compose.yml', () => {
  it('runs two Circle nodes from infra/Dockerfile, Redis, coturn and Caddy', () => {
    expect(circleNodes.map(([name]) => name).sort()).toEqual(['circle-1', 'circle-2']);
    for (const name of ['redis', 'postgres', 'coturn', 'caddy']) expect(services[name], name).toBeDefined();
  });

  it.each(circleNodes)('%s sets only variables Circle reads', (_name, node) => {
    const keys = Object.keys(node.environment ?? {});
    expect(keys.length).toBeGreaterThan(10);
    expect(keys.filter((k) => !configNames.has(k))).toEqual([]);
  });

  it.each(circleNodes)('%s publishes its own RTC port range for UDP and TCP, and no HTTP port', (_name, node) => {
    const env = node.environment!;
    const min = Number(env.RTC_MIN_PORT);
    const max = Number(env.RTC_MAX_PORT);
    expect(max).toBeGreaterThan(min);
    expect(publishes(node, min, max, 'udp')).toBe(true);
    expect(publishes(node, min, max, 'tcp')).toBe(true);
    // HTTP only through the TLS proxy.
    expect(node.expose).toEqual([env.PORT]);
    expect((node.ports ?? []).map(portOf).some((p) => p.container[0] <= 3000 && p.container[1] >= 3000)).toBe(false);
    expect(env.RTC_LISTEN_IP).toBe('0.0.0.0');
    expect(env.RTC_ANNOUNCED_IP).toMatch(/\$\{PUBLIC_IP/);
  });

  it('gives the nodes separate RTC ranges, distinct ids and the shared Redis', () => {
    const [a, b] = circleNodes.map(([, s]) => s.environment!);
    expect(Number(a!.RTC_MAX_PORT) < Number(b!.RTC_MIN_PORT) || Number(b!.RTC_MAX_PORT) < Number(a!.RTC_MIN_PORT)).toBe(
      true,
    );
    expect(a!.NODE_ID).not.toBe(b!.NODE_ID);
    expect(a!.NODE_URL).not.toBe(b!.NODE_URL);
    expect(a!.REDIS_URL).toBe('redis://redis:6379');
    expect(b!.REDIS_URL).toBe(a!.REDIS_URL);
  });

  it('hands browsers TURN on coturn’s port 3478 with the secret coturn checks', () => {
    const coturn = services.coturn!;
    expect(publishes(coturn, 3478, 3478, 'udp')).toBe(true);
    expect(publishes(coturn, 3478, 3478, 'tcp')).toBe(true);
    const args = coturn.command!;
    expect(args).toContain('--use-auth-secret');
    expect(args).toContain('--listening-port=3478');
    expect(args).not.toContain('--allow-loopback-peers');
    const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
    // The relay range coturn allocates from is published.
    expect(publishes(coturn, Number(flag('min-port')), Number(flag('max-port')), 'udp')).toBe(true);
    for (const [, node] of circleNodes) {
      const env = node.environment!;
      const urls = env.TURN_URLS!.split(',');
      expect(urls.length).toBeGreaterThan(0);
      for (const url of urls) expect(url).toMatch(/^turns?:[^:]+:3478\?transport=(udp|tcp)$/);
      expect(env.TURN_SECRET).toBe('${TURN_SECRET:?set TURN_SECRET}');
      expect(flag('static-auth-secret')).toBe('${TURN_SECRET}');
    }
  });

  it('Redis keeps its data: append-only file and snapshots on a volume', () => {
    const redis = services.redis!;
    const cmd = redis.command!.join(' ');
    expect(cmd).toContain('--appendonly yes');
    expect(cmd).toContain('--appendfsync always');
    expect(cmd).toContain('--save');
    expect(redis.volumes).toContain('redis-data:/data');
    expect(compose.volumes).toHaveProperty('redis-data');
    expect(redis.ports ?? []).toEqual([]); // not reachable from outside
  });

  it('PostgreSQL keeps the records on a volume, unpublished, and every node waits for it and uses it', () => {
    const postgres = services.postgres!;
    const env = postgres.environment!;
    expect(postgres.volumes).toContain('postgres-data:/var/lib/postgresql/data');
    expect(compose.volumes).toHaveProperty('postgres-data');
    expect(postgres.ports ?? []).toEqual([]); // not reachable from outside
    expect(postgres.healthcheck?.test?.join(' ')).toContain('pg_isready');
    const url = `postgres://${env.POSTGRES_USER}:${env.POSTGRES_PASSWORD}@postgres:5432/${env.POSTGRES_DB}`;
    for (const [name, node] of circleNodes) {
      expect(node.environment!.DATABASE_URL, name).toBe(url);
      expect(node.environment!.DATA_DIR, name).toBeUndefined();
      expect(node.depends_on?.postgres?.condition, name).toBe('service_healthy');
      expect(node.environment, name).toHaveProperty('RECORD_RETENTION_DAYS');
    }
  });

  it('Caddy terminates TLS on 443 (and 80 for the redirect and ACME) and proxies to the nodes’ HTTP port', () => {
    const caddy = services.caddy!;
    expect(publishes(caddy, 443, 443, 'tcp')).toBe(true);
    expect(publishes(caddy, 80, 80, 'tcp')).toBe(true);
    const caddyfile = read('infra/Caddyfile');
    for (const [name, node] of circleNodes) {
      const env = node.environment!;
      // The front door reaches every node, and each node has its own path on the page's origin (its
      // NODE_URL, where a room's people are sent): the CSP allows WebSockets to that origin only.
      expect(caddyfile).toMatch(new RegExp(`reverse_proxy [^\\n]*\\b${name}:${env.PORT}\\b[^\\n]* \\{`));
      expect(env.NODE_URL).toBe(`${env.PUBLIC_URL}/n/${name}`);
      expect(caddyfile).toMatch(
        new RegExp(`handle_path /n/${name}/\\* \\{\\s*reverse_proxy ${name}:${env.PORT}\\s*\\}`),
      );
      // Trust X-Forwarded-* from the proxy's fixed address only.
      expect(node.environment!.TRUST_PROXY).toBe(
        (caddy as { networks: Record<string, { ipv4_address: string }> }).networks.circle!.ipv4_address,
      );
    }
    expect(caddyfile).toMatch(/@metrics path \/metrics \/n\/\*\/metrics\s+handle @metrics \{\s*respond 404/);
  });
});

describe('infra/Dockerfile', () => {
  const steps = dockerfileSteps();
  const final = steps.slice(steps.map((s) => s.op).lastIndexOf('FROM'));

  it('builds the mediasoup worker offline with the project’s own script and patch, in its own stage', () => {
    expect(steps.filter((s) => s.op === 'FROM').length).toBeGreaterThanOrEqual(2);
    expect(steps.some((s) => s.op === 'COPY' && s.args === 'patches patches')).toBe(true);
    expect(steps.some((s) => s.op === 'RUN' && s.args.includes('node scripts/setup-mediasoup.mjs'))).toBe(true);
    expect(final.some((s) => s.op === 'COPY' && s.args.includes('--from=worker'))).toBe(true);
  });

  it('runs as a non-root user', () => {
    const users = final.filter((s) => s.op === 'USER').map((s) => s.args);
    expect(users.length).toBeGreaterThan(0);
    expect(['root', '0', '0:0']).not.toContain(users.at(-1));
  });

  it('sets only variables Circle reads, and exposes the HTTP port and the RTC range it sets', () => {
    const env = new Map<string, string>();
    for (const s of final.filter((x) => x.op === 'ENV')) {
      for (const m of s.args.matchAll(/([A-Z][A-Z0-9_]*)=(\S+)/g)) env.set(m[1]!, m[2]!);
    }
    expect([...env.keys()].filter((k) => k !== 'NODE_ENV' && !configNames.has(k))).toEqual([]);
    const exposed = final
      .filter((s) => s.op === 'EXPOSE')
      .flatMap((s) => s.args.split(/\s+/))
      .filter(Boolean);
    const range = `${env.get('RTC_MIN_PORT')}-${env.get('RTC_MAX_PORT')}`;
    expect(exposed).toEqual(expect.arrayContaining([`${env.get('PORT')}/tcp`, `${range}/udp`, `${range}/tcp`]));
    expect(final.find((s) => s.op === 'HEALTHCHECK')?.args).toContain('/readyz');
  });
});

describe('single-server files', () => {
  it('the systemd unit runs the built server as an unprivileged user with the example environment file', () => {
    const unit = read('infra/circle.service');
    const value = (key: string) => new RegExp(`^${key}=(.*)$`, 'm').exec(unit)?.[1];
    expect(value('User')).toBe('circle');
    expect(value('EnvironmentFile')).toBe('/etc/circle/circle.env');
    expect(value('ExecStart')).toBe('/usr/bin/node server/dist/src/main.js');
    expect(value('NoNewPrivileges')).toBe('yes');
    expect(value('ProtectSystem')).toBe('strict');
    // The only place it writes: the embedded database, the folder the example environment names.
    expect(value('StateDirectory')).toBe('circle');
    expect(value('StateDirectoryMode')).toBe('0700');
    expect(envFile(read('infra/circle.env.example')).get('DATA_DIR')).toBe('/var/lib/circle');
    for (const name of ['DATA_DIR', 'DATABASE_URL', 'RECORD_RETENTION_DAYS'])
      expect(unit + read('infra/circle.env.example')).toContain(name);
  });

  it.each(['infra/circle.env.example'])('%s sets only variables Circle reads, TURN included', (file) => {
    const env = envFile(read(file));
    expect([...env.keys()].filter((k) => !configNames.has(k))).toEqual([]);
    for (const k of ['PUBLIC_URL', 'ADMIN_TOKEN', 'INVITE_SECRET', 'RTC_ANNOUNCED_IP', 'TURN_URLS', 'TURN_SECRET']) {
      expect(env.has(k), k).toBe(true);
    }
    // Loopback only: the proxy on this machine is the way in.
    expect(env.get('HOST')).toBe('127.0.0.1');
  });

  it('infra/README.md points at the one configuration table', () => {
    expect(read('infra/README.md')).toContain('../README.md#configuration');
  });
});
