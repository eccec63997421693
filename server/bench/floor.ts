/**
 * bench:floor: how long after a therapist gives the floor do the member's audio packets reach the
 * others. Facilitated mode; the member's Opus producer sends continuously over plain RTP and the
 * SFU holds it paused while the member lacks the floor; a listener consumes it.
 *
 * Each grant: therapist floor:give → (on its ack) the member's producer:setPaused {paused:false}
 * → the first packet of that producer at the listener. Then floor:takeBack, and wait until the
 * packets stop before the next grant. The packet counter the member writes into each payload
 * splits the time into: signaling (give + resume acks), waiting for the next 20 ms audio frame,
 * and the SFU's forwarding. Server in its own process; loopback; writes .bench/floor.json.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Child } from './support/ipc.js';
import type { ServerInfo, ServerStats } from './support/protocol.js';
import { MediaPeer, RoomTicker, payloadOffset, type InStream } from '@circle/testkit/rtp';
import { joinRoom } from './support/room.js';
import {
  fmt,
  hardDeadline,
  line,
  rounded,
  sleep,
  summarize,
  until,
  writeResult,
  type Summary,
} from './support/stats.js';
import type { Bot } from '@circle/testkit/bot';

const here = path.dirname(fileURLToPath(import.meta.url));
const GRANTS = Number(process.env.BENCH_GRANTS ?? 200);
/** Packets must stop for this long after floor:takeBack (2.5 audio frames). */
const QUIET_MS = 50;
const FIRST_PACKET_TIMEOUT_MS = 2_000;
/** A random pause between grants, so grants fall at every phase of the 20 ms audio frame. */
const MAX_GAP_MS = 40;
const GOAL_P95_MS = 50;
const TOTAL_BUDGET_MS = 240_000;

let child: Child | null = null;
const clients: Bot[] = [];
const peers: MediaPeer[] = [];
let ticker: RoomTicker | null = null;

function cleanup(): void {
  ticker?.stop();
  for (const c of clients) c.close();
  for (const p of peers) p.close();
  child?.process.kill('SIGKILL');
}
hardDeadline(TOTAL_BUDGET_MS, cleanup);

async function ok(client: Bot, event: 'floor:give' | 'floor:takeBack', payload: object): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const r = await client.request(event, payload as never);
    if (r.ok) return;
    if (r.error.code !== 'RATE_LIMITED' || attempt > 10) throw new Error(`${event}: ${r.error.code}`);
    await sleep(100);
  }
}

interface Grant {
  /** floor:give sent → its ack at the therapist. */
  giveAckMs: number;
  /** producer:setPaused sent (on that ack) → its ack at the member. */
  resumeAckMs: number;
  /** floor:give sent → the member's room:state shows it has the floor. */
  memberSeesFloorMs: number;
  /** setPaused sent → the member sent the packet that got through (the wait for the next frame). */
  frameWaitMs: number;
  /** That packet's send → its arrival at the listener (the SFU's forwarding). */
  forwardMs: number;
  /** floor:give sent → first packet at the listener: the figure. */
  totalMs: number;
}

async function main(): Promise<void> {
  child = Child.start(path.join(here, 'support', 'server-process.ts'), ['circle']);
  await child.ready;
  const info = await child.call<ServerInfo>('info');
  const room = await joinRoom(info.url, 'Floor bench', ['Speaker', 'Listener']);
  const { therapist } = room;
  const [speaker, listener] = room.members as [Bot, Bot];
  clients.push(therapist, speaker, listener);
  await therapist.call('speaking:setMode', { mode: 'facilitated' });

  const speakerMedia = await MediaPeer.open('speaker');
  const listenerMedia = await MediaPeer.open('listener');
  peers.push(speakerMedia, listenerMedia);
  const mic = speakerMedia.addStream('audio');
  mic.level = 30;
  await speaker.joinMedia();
  const send = await speaker.openPlainSend();
  speakerMedia.sendTo(send.tuple);
  const produced = await speaker.createProducer({
    transportId: send.id,
    kind: 'audio',
    source: 'mic',
    ssrcs: [mic.ssrc],
    cname: 'speaker',
    paused: false,
  });
  mic.producerId = produced.producerId;
  if (!produced.paused) throw new Error('facilitated mode: the server should hold a member’s audio paused');
  // The member's microphone sends all along; the SFU drops it while paused. 5 ms ticks.
  ticker = new RoomTicker(5);
  ticker.add(mic);
  ticker.start(TOTAL_BUDGET_MS);

  await listener.joinMedia();
  await listener.openPlainRecv(listenerMedia.port);
  await listener.when(() => listener.remoteProducers.has(mic.producerId), 5_000, 'the speaker’s producer');
  await listener.createConsumer(mic.producerId, (ssrc) => listenerMedia.track(ssrc, mic.producerId));

  // Arrivals: the last packet's time, and the first one after each grant with its counter.
  let lastPacketAt = 0;
  let armed = false;
  let first: { at: number; counter: number } | null = null;
  listenerMedia.onPacket = (_s: InStream, packet: Buffer, now: number) => {
    lastPacketAt = now;
    if (!armed || first) return;
    const offset = payloadOffset(packet);
    if (offset < 0 || packet.length < offset + 5) return;
    first = { at: now, counter: packet.readUInt32BE(offset + 1) };
  };
  await sleep(200);
  if (listenerMedia.in.size !== 1) throw new Error('listener has no consumer');
  if (lastPacketAt !== 0) throw new Error('packets flow before any grant: the producer is not held paused');

  await child.call('reset');
  const speakerId = speaker.participantId;
  if (!speakerId) throw new Error('speaker has no room view');
  const grants: Grant[] = [];
  const started = performance.now();
  console.log(`bench:floor: ${GRANTS} grants, facilitated mode, Opus every 20 ms over plain RTP, loopback`);
  for (let i = 0; i < GRANTS; i++) {
    first = null;
    armed = true;
    let seesFloorAt = 0;
    const seen = speaker
      .when(() => speaker.view?.speaking.floor?.participantId === speakerId, 5_000, 'the floor')
      .then(() => (seesFloorAt = performance.now()));
    const t0 = performance.now();
    await ok(therapist, 'floor:give', { participantId: speakerId });
    const t1 = performance.now();
    const resumed = await speaker.request('producer:setPaused', { producerId: mic.producerId, paused: false });
    if (!resumed.ok) throw new Error(`producer:setPaused: ${resumed.error.code}`);
    const t2 = performance.now();
    await until(() => first !== null, FIRST_PACKET_TIMEOUT_MS, 'the first packet after the grant', 1);
    await seen;
    const arrival = first as unknown as { at: number; counter: number };
    const sentAt = mic.sentAt[arrival.counter % mic.sentAt.length]!;
    armed = false;
    grants.push({
      giveAckMs: t1 - t0,
      resumeAckMs: t2 - t1,
      memberSeesFloorMs: seesFloorAt - t0,
      frameWaitMs: sentAt - t1,
      forwardMs: arrival.at - sentAt,
      totalMs: arrival.at - t0,
    });

    await ok(therapist, 'floor:takeBack', {});
    await until(() => performance.now() - lastPacketAt >= QUIET_MS, 2_000, 'silence after floor:takeBack', 2);
    await speaker.when(() => speaker.view?.speaking.floor === null, 2_000, 'the floor taken back');
    await sleep(Math.random() * MAX_GAP_MS);
  }
  const seconds = (performance.now() - started) / 1000;
  const stats = await child.call<ServerStats>('stats');

  const pick = (k: keyof Grant) => rounded(summarize(grants.map((g) => g[k])));
  const result: Record<keyof Grant, Summary> = {
    totalMs: pick('totalMs'),
    giveAckMs: pick('giveAckMs'),
    resumeAckMs: pick('resumeAckMs'),
    memberSeesFloorMs: pick('memberSeesFloorMs'),
    frameWaitMs: pick('frameWaitMs'),
    forwardMs: pick('forwardMs'),
  };
  const which: ('p50' | 'p95' | 'max')[] = ['p50', 'p95', 'max'];
  console.log(`floor:give → member's audio at the listener: ${line(result.totalMs, 'ms', 1, which)}`);
  console.log(`  floor:give ack at the therapist:          ${line(result.giveAckMs, 'ms', 1, which)}`);
  console.log(`  member's room:state shows the floor:      ${line(result.memberSeesFloorMs, 'ms', 1, which)}`);
  console.log(`  producer:setPaused ack at the member:     ${line(result.resumeAckMs, 'ms', 1, which)}`);
  console.log(`  setPaused sent → next audio frame sent:   ${line(result.frameWaitMs, 'ms', 1, which)}`);
  console.log(`  that packet: member → SFU → listener:     ${line(result.forwardMs, 'ms', 1, which)}`);
  console.log(
    `server event loop during the run: p99 ${fmt(stats.eventLoop.p99)} ms, max ${fmt(stats.eventLoop.max)} ms`,
  );
  const pass = result.totalMs.p95 < GOAL_P95_MS;
  console.log(
    `goal p95 < ${GOAL_P95_MS} ms: ${pass ? 'met' : 'NOT met'} (${grants.length} grants in ${fmt(seconds)} s)`,
  );
  const file = writeResult('floor', {
    grants: grants.length,
    goalP95Ms: GOAL_P95_MS,
    goalMet: pass,
    ...result,
    serverEventLoopMs: stats.eventLoop,
    outbound: stats.outbound,
    seconds: Number(seconds.toFixed(1)),
  });
  console.log(`wrote ${file}`);
}

main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => {
    ticker?.stop();
    for (const c of clients) c.close();
    for (const p of peers) p.close();
    const c = child;
    child = null;
    void (c ? c.stop() : Promise.resolve()).then(() => process.exit());
  });
