/**
 * The bots' media, in a worker thread of the benchmark process: every participant's UDP socket,
 * synthetic Opus and VP8, one ticker per room, and the receive counters. Keeping the packets here
 * leaves the main thread's event loop to the signaling, so join and event latencies measure the
 * server rather than a bot process busy with 100,000 packets a second.
 */
import { announceReady, serveThread } from './ipc.js';
import { MediaPeer, RoomTicker, type OutStream } from '@circle/testkit/rtp';
import type { MediaCounters, ThreadParticipant, ThreadParticipantSetup } from './protocol.js';

const SPEAKER_EVERY_MS = 3_000;

interface Peer {
  media: MediaPeer;
  audio: OutStream;
  video: OutStream;
}
interface Room {
  peers: Peer[];
  ticker: RoomTicker;
}

const rooms = new Map<number, Room>();

function room(id: number): Room {
  const r = rooms.get(id);
  if (!r) throw new Error(`no room ${id}`);
  return r;
}

/** One participant speaks at a time (audio level −25 dBov), the next one every 3 s. */
function speakerRotation(r: Room): (now: number) => void {
  let current = -1;
  return (now) => {
    const speaker = Math.floor(now / SPEAKER_EVERY_MS) % r.peers.length;
    if (speaker === current) return;
    current = speaker;
    r.peers.forEach((p, i) => {
      p.audio.level = i === speaker ? 25 : 127;
    });
  };
}

serveThread({
  async openRoom(args: { room: number; names: string[] }): Promise<ThreadParticipant[]> {
    const peers = await Promise.all(
      args.names.map(async (name) => {
        const media = await MediaPeer.open(name);
        return { media, audio: media.addStream('audio'), video: media.addStream('video') };
      }),
    );
    const r: Room = { peers, ticker: new RoomTicker() };
    r.ticker.onTick = speakerRotation(r);
    r.ticker.add(...peers.flatMap((p) => [p.audio, p.video]));
    rooms.set(args.room, r);
    return peers.map((p) => ({
      port: p.media.port,
      cname: p.media.name,
      audioSsrc: p.audio.ssrc,
      videoSsrc: p.video.ssrc,
    }));
  },

  setup(args: { room: number; index: number; setup: ThreadParticipantSetup }): null {
    const peer = room(args.room).peers[args.index];
    if (!peer) throw new Error(`no participant ${args.index}`);
    if (args.setup.sendTo) peer.media.sendTo(args.setup.sendTo);
    for (const c of args.setup.consumers ?? []) peer.media.track(c.ssrc, c.producerId);
    return null;
  },

  start(args: { room: number; maxMs: number }): null {
    room(args.room).ticker.start(args.maxMs);
    return null;
  },

  counters(): MediaCounters {
    const c: MediaCounters = { sent: 0, sentBytes: 0, fanout: 0, received: 0, receivedBytes: 0, expectedSeq: 0 };
    for (const r of rooms.values()) {
      const consumersPerStream = r.peers.length - 1;
      for (const p of r.peers) {
        for (const s of [p.audio, p.video]) {
          c.sent += s.packets;
          c.sentBytes += s.bytes;
          c.fanout += s.packets * consumersPerStream;
        }
        for (const s of p.media.in.values()) {
          c.received += s.packets;
          c.receivedBytes += s.bytes;
          c.expectedSeq += s.expected;
        }
      }
    }
    return c;
  },

  closeAll(): null {
    for (const r of rooms.values()) {
      r.ticker.stop();
      for (const p of r.peers) p.media.close();
    }
    rooms.clear();
    return null;
  },
});
announceReady();
