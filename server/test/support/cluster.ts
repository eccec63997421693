/**
 * Several Circle nodes in this process over one real redis-server and one real PostgreSQL (both
 * started for the test file on their own ports): the shape of a clinic's deployment. Nodes, and the
 * bots that follow rooms to their owners, are closed after each test; the servers after the file.
 * Anything that reaches `unhandledRejection` or `uncaughtException` meanwhile is collected: what
 * would have ended a real node.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Bot } from '@circle/testkit/bot';
import { connectFollowingOwner } from '@circle/testkit/followOwner';
import { redisServerAvailable, startRedisServer, type RedisServer } from '@circle/testkit/redisServer';
import { postgresServerAvailable, startPostgresServer, type PostgresServer } from '@circle/testkit/postgresServer';
import type { ComposeOverrides } from '../../src/compose.js';
import type { Env } from '../../src/env.js';
import { startTestCircle, type TestCircle } from './harness.js';

/** Whether redis-server and PostgreSQL can run here (the tests say so when they skip). */
export const clusterServersAvailable = (): boolean => redisServerAvailable() && postgresServerAvailable();

export interface TestCluster {
  readonly redis: RedisServer;
  readonly postgres: PostgresServer;
  /** A node over the shared Redis and PostgreSQL; `env` adds to (or overrides) the file's settings. */
  startNode(nodeId: string, env?: Env, overrides?: ComposeOverrides): Promise<TestCircle>;
  /** One node on the shared PostgreSQL and no Redis. */
  startSingle(env?: Env, overrides?: ComposeOverrides): Promise<TestCircle>;
  /** Connect through `entry` nodes, following the room to its owner; waits for the first room state. */
  follow(entry: TestCircle[], token: string, name: string): ReturnType<typeof connectFollowingOwner>;
  /** Close `bot` after the test. */
  track(bot: Bot): Bot;
  /** Close every bot now. */
  closeBots(): void;
  /** What escaped to the process so far, as `Name: message`. */
  escaped(): string[];
}

export function useTestCluster(settings: Env = {}): TestCluster {
  let redis: RedisServer | undefined;
  let postgres: PostgresServer | undefined;
  const nodes: TestCircle[] = [];
  const bots: Bot[] = [];
  const escaped: unknown[] = [];
  const onEscape = (err: unknown) => escaped.push(err);
  const servers = () => {
    if (!redis || !postgres) throw new Error('the cluster’s servers are not started');
    return { redis, postgres };
  };
  const start = async (env: Env, overrides: ComposeOverrides) => {
    const node = await startTestCircle(overrides, { DATABASE_URL: servers().postgres.url, ...env });
    nodes.push(node);
    return node;
  };

  beforeAll(async () => {
    redis = await startRedisServer();
    postgres = await startPostgresServer();
    process.on('unhandledRejection', onEscape);
    process.on('uncaughtException', onEscape);
  });
  afterEach(async () => {
    for (const b of bots.splice(0)) b.close();
    for (const n of nodes.splice(0)) await n.close().catch(() => undefined);
  });
  afterAll(async () => {
    process.off('unhandledRejection', onEscape);
    process.off('uncaughtException', onEscape);
    await redis?.stop();
    await postgres?.close();
  });

  return {
    get redis() {
      return servers().redis;
    },
    get postgres() {
      return servers().postgres;
    },
    startNode: (nodeId, env = {}, overrides = {}) =>
      start(
        {
          REDIS_URL: servers().redis.url,
          NODE_ID: nodeId,
          LEASE_MS: '1500',
          LEASE_RENEW_MS: '400',
          ...settings,
          ...env,
        },
        overrides,
      ),
    startSingle: (env = {}, overrides = {}) => start({ ...settings, ...env }, overrides),
    async follow(entry, token, name) {
      const r = await connectFollowingOwner(
        entry.map((n) => n.url),
        token,
        { name },
      );
      bots.push(r.bot);
      await r.bot.nextEvent('room:state', () => true, { timeoutMs: 5_000 });
      return r;
    },
    track(bot) {
      bots.push(bot);
      return bot;
    },
    closeBots() {
      for (const b of bots.splice(0)) b.close();
    },
    escaped: () => escaped.map((e) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e))),
  };
}
