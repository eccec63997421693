/**
 * bench:downlink: downstream video bitrate per member in a 10-person room, with every camera in
 * simulcast (100k/300k/900k), before (no tile sizes: every consumer on the top layer) and after
 * (each receiver reports grid-size tiles, as a 10-person grid on a 1280x800 laptop shows them).
 * Bots over plain RTP, one mediasoup worker, the server in this process. Prints the figures and
 * writes them to .bench/downlink.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCircle, type Circle } from '../src/compose.js';
import { loadConfig } from '../src/config.js';
import type { Bot } from '@circle/testkit/bot';
import { admittedBots, untilProducersKnown } from './support/inProcessRoom.js';

const ROOM_SIZE = 10;
const LADDER_KBPS = [100, 300, 900] as const;
/** A 10-person grid on a 1280x800 laptop: four columns of about 300x225 CSS pixels. */
const GRID_TILE = { width: 300, height: 225, visible: true };
const SETTLE_MS = 4_000;
const MEASURE_MS = 4_000;
const SEND_LIMIT_MS = 60_000;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How many video consumers sit on each current spatial layer (from the SFU). */
async function layerCounts(circle: Circle, sessionId: string, bots: Bot[]): Promise<Record<string, number>> {
  const media = (await circle.sessions.get(sessionId))?.mediaRoom;
  const counts: Record<string, number> = {};
  for (const bot of bots) {
    for (const c of media?.consumerLayers(bot.participantId ?? '') ?? []) {
      const key = c.paused ? 'paused' : String(c.currentLayers?.spatialLayer ?? 'none');
      counts[key] = (counts[key] ?? 0) + 1;
    }
  }
  return counts;
}

async function buildRoom(circle: Circle): Promise<{ bots: Bot[]; cameras: Set<string>; sessionId: string }> {
  const { bots, sessionId } = await admittedBots(circle, ROOM_SIZE, 'Downlink bench');
  const cameras = new Set<string>();
  for (const bot of bots) {
    await bot.joinMedia();
    const camera = await bot.produce('camera', { simulcastKbps: LADDER_KBPS });
    for (const layer of camera.layers) layer.start({ maxDurationMs: SEND_LIMIT_MS });
    cameras.add(camera.stream.producerId);
  }
  await untilProducersKnown(bots, ROOM_SIZE - 1);
  return { bots, cameras, sessionId };
}

/** Video kbps each bot receives (all its consumers together) over `ms`. */
async function downlinkKbps(bots: Bot[], cameras: Set<string>, ms: number): Promise<number[]> {
  const bytes = (bot: Bot) => [...cameras].reduce((sum, id) => sum + bot.receivedFrom(id).bytes, 0);
  const before = bots.map(bytes);
  await sleep(ms);
  return bots.map((bot, i) => Math.round(((bytes(bot) - before[i]!) * 8) / ms));
}

const summary = (xs: number[]) => ({
  meanKbps: Math.round(xs.reduce((a, b) => a + b, 0) / xs.length),
  minKbps: Math.min(...xs),
  maxKbps: Math.max(...xs),
});

async function main(): Promise<void> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    ADMIN_TOKEN: 'bench-admin-token',
    // PGlite in memory: never the ./data folder a running Circle may hold.
    DATA_DIR: ':memory:',
    MEDIASOUP_WORKERS: '1',
    LOG_LEVEL: 'silent',
    ALLOW_PLAIN_RTP: 'true',
  });
  const circle = await startCircle(config);
  let bots: Bot[] = [];
  try {
    const room = await buildRoom(circle);
    bots = room.bots;
    // Let every layer run a while first, so new consumers can start on the top layer.
    await sleep(3_000);
    const consumers = new Map<Bot, string[]>();
    for (const bot of bots)
      consumers.set(
        bot,
        (await bot.consumeAll()).map((c) => c.id),
      );

    await sleep(SETTLE_MS);
    const before = await downlinkKbps(bots, room.cameras, MEASURE_MS);
    const layersBefore = layerCounts(circle, room.sessionId, bots);

    for (const bot of bots) {
      for (const consumerId of consumers.get(bot) ?? [])
        await bot.call('consumer:setView', { consumerId, ...GRID_TILE });
    }
    await sleep(SETTLE_MS);
    const after = await downlinkKbps(bots, room.cameras, MEASURE_MS);
    const layersAfter = layerCounts(circle, room.sessionId, bots);
    console.log(
      `[bench:downlink] consumers per current spatial layer: before ${JSON.stringify(await layersBefore)}, after ${JSON.stringify(await layersAfter)}`,
    );

    const result = {
      roomSize: ROOM_SIZE,
      ladderKbps: LADDER_KBPS,
      gridTile: GRID_TILE,
      allTopLayer: summary(before),
      gridSizeTiles: summary(after),
      perMember: { before, after },
      at: new Date().toISOString(),
    };
    console.log(
      `[bench:downlink] ${ROOM_SIZE}-person room, simulcast ${LADDER_KBPS.join('/')} kbps: downstream video per member ` +
        `${result.allTopLayer.meanKbps} kbps with every consumer on the top layer → ${result.gridSizeTiles.meanKbps} kbps with ` +
        `grid-size tiles (${GRID_TILE.width}x${GRID_TILE.height}); ` +
        `${Math.round((1 - result.gridSizeTiles.meanKbps / result.allTopLayer.meanKbps) * 100)}% less`,
    );
    const out = path.join(root, '.bench', 'downlink.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`[bench:downlink] wrote ${path.relative(root, out)}`);
  } finally {
    for (const bot of bots) bot.close();
    await circle.close();
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
