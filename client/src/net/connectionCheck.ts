/**
 * The connection check: a short loopback through the real SFU on a temporary transport pair
 * (`check:*`, allowed before admission; nobody else sees it), with round trip, loss and bitrate.
 */
import { Device, type types } from 'mediasoup-client';
import type { Ack, ClientEventName, ClientEventResults, ClientPayload } from '@circle/shared';
import { checkBrowserOf, checkVerdict, type CheckFigures, type CheckVerdict } from './checkVerdict';

export interface CheckResult {
  figures: CheckFigures;
  verdict: CheckVerdict;
}

type Request = <E extends ClientEventName>(event: E, payload: ClientPayload<E>) => Promise<Ack<ClientEventResults[E]>>;

const CHECK_SEND_MS = 5_000;
const PINGS = 5;

interface InboundSample {
  bytes: number;
  packets: number;
  lost: number;
  at: number;
}

async function inbound(consumer: types.Consumer): Promise<InboundSample> {
  const out: InboundSample = { bytes: 0, packets: 0, lost: 0, at: performance.now() };
  const stats = await consumer.getStats();
  stats.forEach((s: { type: string; bytesReceived?: number; packetsReceived?: number; packetsLost?: number }) => {
    if (s.type !== 'inbound-rtp') return;
    out.bytes += s.bytesReceived ?? 0;
    out.packets += s.packetsReceived ?? 0;
    out.lost += s.packetsLost ?? 0;
  });
  return out;
}

/** The send transport's bandwidth estimate (the selected candidate pair's availableOutgoingBitrate), kbps. */
async function uplinkEstimateKbps(send: types.Transport): Promise<number | null> {
  let best: number | null = null;
  (await send.getStats()).forEach((s: { type: string; nominated?: boolean; availableOutgoingBitrate?: number }) => {
    if (s.type === 'candidate-pair' && s.nominated && typeof s.availableOutgoingBitrate === 'number') {
      best = Math.max(best ?? 0, Math.round(s.availableOutgoingBitrate / 1000));
    }
  });
  return best;
}

export async function runConnectionCheck(deps: {
  request: Request;
  stream: MediaStream | null;
  ping: () => Promise<number | null>;
}): Promise<CheckResult> {
  const { request } = deps;
  const rtts: number[] = [];
  for (let i = 0; i < PINGS; i++) {
    const rtt = await deps.ping();
    if (rtt !== null) rtts.push(rtt);
  }
  rtts.sort((a, b) => a - b);
  const rttMs = rtts.length ? Math.round(rtts[Math.floor(rtts.length / 2)]!) : null;

  const figures: CheckFigures = {
    rttMs,
    lossPercent: null,
    videoKbps: null,
    audioOk: false,
    videoSent: false,
    connected: false,
  };
  const started = await request('check:start', {});
  if (!started.ok) return { figures, verdict: checkVerdict(figures) };
  // Each transport's ICE + DTLS state: "could not connect" is told apart from "slow" by these.
  const reached = new Set<string>();
  const tracks: MediaStreamTrack[] = [];
  let send: types.Transport | null = null;
  let recv: types.Transport | null = null;
  try {
    const device = new Device();
    await device.load({ routerRtpCapabilities: started.data.routerRtpCapabilities as types.RtpCapabilities });
    figures.browser = checkBrowserOf(device.handlerName);
    const ice = started.data.iceServers ? { iceServers: started.data.iceServers } : {};
    send = device.createSendTransport({ ...(started.data.send as unknown as types.TransportOptions), ...ice });
    recv = device.createRecvTransport({ ...(started.data.recv as unknown as types.TransportOptions), ...ice });
    for (const t of [send, recv]) {
      t.on('connectionstatechange', (state) => {
        if (state === 'connected') reached.add(t.id);
      });
      t.on('connect', ({ dtlsParameters }, callback, errback) => {
        void request('check:connect', {
          transportId: t.id,
          dtlsParameters: dtlsParameters as ClientPayload<'check:connect'>['dtlsParameters'],
        }).then((r) => (r.ok ? callback() : errback(new Error(r.error.code))));
      });
    }
    send.on('produce', ({ kind, rtpParameters }, callback, errback) => {
      void request('check:produce', {
        transportId: send!.id,
        kind,
        rtpParameters: rtpParameters as unknown as Record<string, unknown>,
      }).then((r) => (r.ok ? callback({ id: r.data.producerId }) : errback(new Error(r.error.code))));
    });

    const consumers: types.Consumer[] = [];
    // Clones: the preview keeps running, and closing the check never stops the person's camera.
    const audio = deps.stream?.getAudioTracks()[0]?.clone();
    const video = deps.stream?.getVideoTracks()[0]?.clone();
    for (const track of [audio, video]) {
      if (!track) continue;
      // A camera switched off before joining is a disabled track, whose clone sends black frames that
      // measure nothing: the loopback (seen by nobody) sends the real picture.
      track.enabled = true;
      tracks.push(track);
      const producer = await send.produce({
        track,
        stopTracks: false,
        // One encoding, allowed up to 1.5 Mbps: how much gets through is the measurement.
        // Started at 1 Mbps, as the room's camera is, so five seconds show more than the ramp.
        ...(track.kind === 'video'
          ? { encodings: [{ maxBitrate: 1_500_000 }], codecOptions: { videoGoogleStartBitrate: 1000 } }
          : {}),
      });
      const res = await request('check:consume', {
        producerId: producer.id,
        rtpCapabilities: device.rtpCapabilities as unknown as Record<string, unknown>,
      });
      if (!res.ok) continue;
      consumers.push(
        await recv.consume({
          id: res.data.id,
          producerId: res.data.producerId,
          kind: res.data.kind,
          rtpParameters: res.data.rtpParameters as types.RtpParameters,
        }),
      );
    }
    // No camera and no microphone: nothing to loop back, only the round trip was measured.
    if (tracks.length === 0) figures.connected = null;
    // Let the bandwidth estimate ramp up, then measure the second half.
    await new Promise((r) => setTimeout(r, CHECK_SEND_MS / 2));
    const before = await Promise.all(consumers.map(inbound));
    await new Promise((r) => setTimeout(r, CHECK_SEND_MS / 2));
    const after = await Promise.all(consumers.map(inbound));
    let packets = 0;
    let lost = 0;
    consumers.forEach((c, i) => {
      const a = after[i]!;
      const b = before[i]!;
      packets += a.packets - b.packets;
      lost += Math.max(0, a.lost - b.lost);
      if (c.kind === 'audio') figures.audioOk = a.packets > b.packets;
      else {
        figures.videoSent = true;
        figures.videoKbps = Math.round(((a.bytes - b.bytes) * 8) / (a.at - b.at));
      }
    });
    figures.lossPercent = packets + lost > 0 ? Math.round((lost / (packets + lost)) * 1000) / 10 : null;
    figures.sendEstimateKbps = await uplinkEstimateKbps(send);
    // Connected: both directions came up (ICE and DTLS). A receive transport opens only once
    // something is consumed, so with no consumer only the send side counts.
    if (tracks.length > 0) figures.connected = reached.has(send.id) && (consumers.length === 0 || reached.has(recv.id));
  } catch (err) {
    console.warn('connection check failed', err);
  } finally {
    for (const t of tracks) t.stop();
    send?.close();
    recv?.close();
    await request('check:end', {});
  }
  return { figures, verdict: checkVerdict(figures) };
}
