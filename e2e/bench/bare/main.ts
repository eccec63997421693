/**
 * The baseline page of bench:join: mediasoup-client straight against a router, with no Circle (no
 * React, no stores, no lobby, no wire contract). It does the same media work as Circle's
 * RoomClient on join, in the same order: camera and microphone, device load, receive and send
 * transports, produce both tracks, then consume the producers already in the room.
 * `?role=publish` only publishes (the participant already in the room); `?role=join` is measured.
 */
import { Device, type types } from 'mediasoup-client';
import { io } from 'socket.io-client';

type Reply<T> = { ok: true; data: T } | { ok: false; error: string };

const role = new URLSearchParams(window.location.search).get('role') === 'publish' ? 'publish' : 'join';
const socket = io({ transports: ['websocket'] });

function request<T>(event: string, payload: unknown = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    socket.timeout(10_000).emit(event, payload, (err: Error | null, res: Reply<T>) => {
      if (err) reject(err);
      else if (!res.ok) reject(new Error(`${event}: ${res.error}`));
      else resolve(res.data);
    });
  });
}

function connected(): Promise<void> {
  if (socket.connected) return Promise.resolve();
  return new Promise((resolve) => socket.once('connect', () => resolve()));
}

async function createTransport(device: Device, direction: 'send' | 'recv'): Promise<types.Transport> {
  const params = await request<types.TransportOptions>('createTransport', { direction });
  const transport = direction === 'send' ? device.createSendTransport(params) : device.createRecvTransport(params);
  transport.on('connect', ({ dtlsParameters }, callback, errback) => {
    request('connectTransport', { transportId: transport.id, dtlsParameters }).then(() => callback(), errback);
  });
  transport.on('produce', ({ kind, rtpParameters }, callback, errback) => {
    request<{ id: string }>('produce', { transportId: transport.id, kind, rtpParameters }).then(callback, errback);
  });
  transport.on('connectionstatechange', (state) => {
    if (state === 'connected') performance.mark(`bare:${direction}-transport-connected`);
  });
  return transport;
}

async function consume(device: Device, recv: types.Transport, producerId: string): Promise<void> {
  const info = await request<{
    id: string;
    producerId: string;
    kind: types.MediaKind;
    rtpParameters: types.RtpParameters;
  }>('consume', { transportId: recv.id, producerId, rtpCapabilities: device.rtpCapabilities });
  const consumer = await recv.consume(info);
  const el = document.createElement(info.kind === 'video' ? 'video' : 'audio');
  el.className = 'remote';
  el.autoplay = true;
  if (el instanceof HTMLVideoElement) {
    el.playsInline = true;
    el.muted = true;
  }
  el.srcObject = new MediaStream([consumer.track]);
  document.getElementById('videos')?.append(el);
  void el.play().catch(() => undefined);
  await request('resume', { consumerId: consumer.id });
}

async function main(): Promise<void> {
  // The same constraints as Circle's preview.
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: true,
    video: { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 24, max: 30 } },
  });
  await connected();
  performance.mark('bare:socket-connected');
  const device = new Device();
  await device.load({ routerRtpCapabilities: await request<types.RtpCapabilities>('capabilities') });
  const producers = await request<string[]>('join');
  performance.mark('bare:media-joined');
  const recv = role === 'join' ? await createTransport(device, 'recv') : null;
  const send = await createTransport(device, 'send');
  performance.mark('bare:transports-created');
  for (const track of [stream.getAudioTracks()[0], stream.getVideoTracks()[0]]) {
    if (track) await send.produce({ track, stopTracks: false });
  }
  performance.mark('bare:published');
  if (recv) for (const id of producers) await consume(device, recv, id);
}

main().catch((err: unknown) => {
  performance.mark('bare:failed');
  console.error(err);
});
