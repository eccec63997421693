/**
 * The one owner of the socket and of mediasoup-client. Feeds the zustand stores; components call
 * its actions and read the stores, never the socket.
 */
import { io, type Socket } from 'socket.io-client';
import { Device, type types } from 'mediasoup-client';
import {
  type Ack,
  type ClientEventName,
  type ClientEventResults,
  type ClientPayload,
  type ClientToServerEvents,
  type ProducerInfo,
  type ServerToClientEvents,
  type WireError,
  PROTOCOL_VERSION,
  errorOf,
} from '@circle/shared';
import { pushNotice, useRoomStore } from '../stores/useRoomStore';
import { useMediaStore, type RemoteMedia } from '../stores/useMediaStore';
import { addGroupMessage, addPrivateMessage, removeGroupMessage, useChatStore } from '../stores/useChatStore';

type CircleSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type Source = 'mic' | 'camera';

const REQUEST_TIMEOUT_MS = 10_000;
const TOKEN_KEY = 'circle.invite';

function setRemote(participantId: string, patch: Partial<RemoteMedia>): void {
  useMediaStore.setState((s) => {
    const current = s.remote[participantId] ?? { audio: null, video: null, videoPaused: false };
    return { remote: { ...s.remote, [participantId]: { ...current, ...patch } } };
  });
}

export class RoomClient {
  private socket: CircleSocket | null = null;
  private device: Device | null = null;
  private sendTransport: types.Transport | null = null;
  private recvTransport: types.Transport | null = null;
  /** TURN servers (short-lived credentials) and policy from the server; empty without TURN. */
  private ice: Pick<ClientEventResults['media:capabilities'], 'iceServers' | 'iceTransportPolicy'> = {};
  private readonly producers = new Map<Source, types.Producer>();
  private readonly consumers = new Map<string, { consumer: types.Consumer; participantId: string; source: Source }>();
  private mediaQueue: Promise<unknown> = Promise.resolve();
  private joinWanted = false;
  private everConnected = false;

  /** The invite token: from the link's #fragment, kept for this tab so a reload rejoins. */
  static takeToken(): string | null {
    const hash = window.location.hash.slice(1);
    if (hash) {
      sessionStorage.setItem(TOKEN_KEY, hash);
      history.replaceState(null, '', window.location.pathname);
      return hash;
    }
    return sessionStorage.getItem(TOKEN_KEY);
  }

  get token(): string | null {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  connect(token: string): void {
    this.socket?.close();
    useRoomStore.setState({ connection: 'connecting', error: null, ended: null });
    const socket: CircleSocket = io({
      auth: { protocolVersion: PROTOCOL_VERSION, token },
      transports: ['websocket'],
      reconnectionDelay: 500,
      reconnectionDelayMax: 3000,
    });
    this.socket = socket;

    socket.on('connect', () => {
      const wasConnected = this.everConnected;
      this.everConnected = true;
      useRoomStore.setState({ connection: 'connected', error: null });
      void this.syncClock();
      if (wasConnected) {
        void this.loadChat();
        // The server dropped our media with the old connection: start it again, muted.
        this.resetMedia();
        useMediaStore.setState({ micOn: false });
        if (this.joinWanted) this.enqueueMedia(() => this.joinMediaNow());
      }
    });
    socket.on('connect_error', (err: Error & { data?: WireError }) => {
      const code = err.data?.code;
      if (code) {
        // Refused by the server (bad invite, removed…): retrying will not help.
        socket.close();
        useRoomStore.setState({ connection: 'failed', error: err.data ?? errorOf('INTERNAL') });
      } else {
        useRoomStore.setState({ connection: this.everConnected ? 'reconnecting' : 'connecting' });
      }
    });
    socket.on('disconnect', (reason) => {
      if (useRoomStore.getState().connection === 'ended') return;
      if (reason === 'io server disconnect' || reason === 'io client disconnect') {
        useRoomStore.setState({ connection: 'ended' });
        this.resetMedia();
        return;
      }
      useRoomStore.setState({ connection: 'reconnecting' });
    });

    socket.on('room:state', (view) => {
      const before = useRoomStore.getState().view?.you.status;
      useRoomStore.setState({ view });
      // Load the chat once on arrival and again when admitted (the group chat is for the room only).
      if (before !== view.you.status && (view.you.status === 'admitted' || view.you.status === 'waiting')) {
        void this.loadChat();
      }
    });
    socket.on('notice', (n) => {
      if (n.kind === 'muted-by-therapist') this.localMicOff();
      pushNotice(n.kind, n.text);
    });
    socket.on('chat:message', (m) => addGroupMessage(m, m.fromId === useRoomStore.getState().view?.you.id));
    socket.on('chat:removed', ({ messageId }) => removeGroupMessage(messageId));
    socket.on('chat:private', (m) => addPrivateMessage(m, m.fromId === useRoomStore.getState().view?.you.id));
    socket.on('speaking:levels', ({ speaking }) => useRoomStore.setState({ speaking }));
    socket.on('session:ended', (p) => {
      useRoomStore.setState({ connection: 'ended', ended: p });
      this.joinWanted = false;
      // Let any pending ack arrive, then close: the server will not take us back.
      setTimeout(() => socket.close(), 1000);
      this.resetMedia();
      this.stopPreview();
    });
    socket.on('media:producerAdded', (p) => this.enqueueMedia(() => this.consume(p)));
    socket.on('media:producerClosed', ({ producerId }) => this.dropConsumerOfProducer(producerId));
    socket.on('media:consumerClosed', ({ consumerId }) => this.dropConsumer(consumerId));
    socket.on('media:producerPaused', ({ producerId, paused }) => this.onProducerPaused(producerId, paused));
    socket.on('media:restart', () => {
      pushNotice('media-restarted', 'Reconnecting audio and video…');
      this.resetMedia();
      if (this.joinWanted) this.enqueueMedia(() => this.joinMediaNow());
    });
  }

  disconnect(): void {
    this.socket?.close();
    this.socket = null;
  }

  private async loadChat(): Promise<void> {
    const res = await this.request('chat:history', {});
    if (res.ok) useChatStore.setState({ group: res.data.group, private: res.data.private });
  }

  /** Send one event and wait for its ack (or a timeout). */
  request<E extends ClientEventName>(event: E, payload: ClientPayload<E>): Promise<Ack<ClientEventResults[E]>> {
    const socket = this.socket;
    if (!socket?.connected) return Promise.resolve({ ok: false, error: errorOf('INTERNAL') });
    return new Promise((resolve) => {
      const emit = socket.timeout(REQUEST_TIMEOUT_MS).emit as unknown as (
        e: string,
        p: unknown,
        cb: (err: Error | null, res: Ack<ClientEventResults[E]>) => void,
      ) => void;
      emit.call(socket.timeout(REQUEST_TIMEOUT_MS), event, payload, (err, res) => {
        resolve(err ? { ok: false, error: errorOf('INTERNAL') } : res);
      });
    });
  }

  /** Run an action and show its error, if any, as a notice. */
  async act<E extends ClientEventName>(event: E, payload: ClientPayload<E>): Promise<boolean> {
    const res = await this.request(event, payload);
    if (!res.ok) pushNotice('error', res.error.message);
    return res.ok;
  }

  private async syncClock(): Promise<void> {
    let best: { rtt: number; offset: number } | null = null;
    for (let i = 0; i < 5; i++) {
      const sent = Date.now();
      const res = await this.request('clock:ping', { clientTime: sent });
      const received = Date.now();
      if (!res.ok) return;
      const rtt = received - sent;
      const offset = res.data.serverTime - (sent + rtt / 2);
      if (!best || rtt < best.rtt) best = { rtt, offset };
    }
    if (best) useRoomStore.setState({ clockOffsetMs: best.offset });
  }

  // ------------------------------------------------------------ local preview

  async startPreview(): Promise<void> {
    const { micId, cameraId } = useMediaStore.getState();
    const audio: MediaTrackConstraints | boolean = micId ? { deviceId: { exact: micId } } : true;
    const video: MediaTrackConstraints = {
      width: { ideal: 640 },
      height: { ideal: 480 },
      frameRate: { ideal: 24, max: 30 },
      ...(cameraId ? { deviceId: { exact: cameraId } } : {}),
    };
    this.stopPreview();
    let stream: MediaStream | null = null;
    let problem: 'none' | 'no-camera' | 'no-microphone' | 'no-devices' = 'none';
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio, video });
    } catch {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ audio });
        problem = 'no-camera';
      } catch {
        try {
          stream = await navigator.mediaDevices.getUserMedia({ video });
          problem = 'no-microphone';
        } catch {
          problem = 'no-devices';
        }
      }
    }
    const devices = await navigator.mediaDevices.enumerateDevices().catch(() => []);
    useMediaStore.setState({
      localStream: stream,
      problem,
      cameraOn: !!stream?.getVideoTracks().length,
      devices: {
        audioinput: devices.filter((d) => d.kind === 'audioinput' && d.deviceId),
        videoinput: devices.filter((d) => d.kind === 'videoinput' && d.deviceId),
      },
    });
    // Replace tracks on live producers when the person picks another device.
    for (const [source, producer] of this.producers) {
      const track = source === 'mic' ? stream?.getAudioTracks()[0] : stream?.getVideoTracks()[0];
      if (track) await producer.replaceTrack({ track }).catch(() => undefined);
    }
  }

  async chooseDevice(kind: 'audioinput' | 'videoinput', deviceId: string): Promise<void> {
    useMediaStore.setState(kind === 'audioinput' ? { micId: deviceId } : { cameraId: deviceId });
    await this.startPreview();
  }

  stopPreview(): void {
    useMediaStore
      .getState()
      .localStream?.getTracks()
      .forEach((t) => t.stop());
    useMediaStore.setState({ localStream: null });
  }

  // ------------------------------------------------------------ SFU media

  private enqueueMedia(fn: () => Promise<void>): void {
    this.mediaQueue = this.mediaQueue.then(fn).catch((err: unknown) => {
      console.warn('media step failed', err);
    });
  }

  /** Enter the room's media: load the device, open transports, send and receive. */
  joinMedia(): void {
    this.joinWanted = true;
    this.enqueueMedia(() => this.joinMediaNow());
  }

  private async joinMediaNow(): Promise<void> {
    if (useMediaStore.getState().joined) return;
    const caps = await this.request('media:capabilities', {});
    if (!caps.ok) throw new Error(caps.error.code);
    this.ice = { iceServers: caps.data.iceServers, iceTransportPolicy: caps.data.iceTransportPolicy };
    const device = new Device();
    await device.load({ routerRtpCapabilities: caps.data.routerRtpCapabilities as types.RtpCapabilities });
    this.device = device;
    const joined = await this.request('media:join', {
      rtpCapabilities: device.rtpCapabilities as unknown as Record<string, unknown>,
    });
    if (!joined.ok) throw new Error(joined.error.code);
    this.recvTransport = await this.createTransport('recv');
    const role = useRoomStore.getState().view?.you.role;
    if (role !== 'supervisor') {
      this.sendTransport = await this.createTransport('send');
      await this.publish();
    }
    useMediaStore.setState({ joined: true });
    for (const p of joined.data.producers) await this.consume(p);
  }

  private async createTransport(direction: 'send' | 'recv'): Promise<types.Transport> {
    const res = await this.request('transport:create', { direction });
    if (!res.ok || !this.device) throw new Error(res.ok ? 'no device' : res.error.code);
    const params: types.TransportOptions = {
      ...(res.data as unknown as types.TransportOptions),
      iceServers: this.ice.iceServers,
      iceTransportPolicy: this.ice.iceTransportPolicy,
    };
    const transport =
      direction === 'send' ? this.device.createSendTransport(params) : this.device.createRecvTransport(params);
    transport.on('connect', ({ dtlsParameters }, callback, errback) => {
      void this.request('transport:connect', {
        transportId: transport.id,
        dtlsParameters: dtlsParameters as ClientPayload<'transport:connect'>['dtlsParameters'],
      }).then((r) => (r.ok ? callback() : errback(new Error(r.error.code))));
    });
    if (direction === 'send') {
      transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
        const source = (appData as { source: Source }).source;
        void this.request('producer:create', {
          transportId: transport.id,
          kind,
          source,
          rtpParameters: rtpParameters as unknown as Record<string, unknown>,
          paused: source === 'mic' ? !useMediaStore.getState().micOn : false,
        }).then((r) => (r.ok ? callback({ id: r.data.producerId }) : errback(new Error(r.error.code))));
      });
    }
    transport.on('connectionstatechange', (state) => {
      if (state === 'failed') void this.restartIce(transport);
    });
    return transport;
  }

  private async restartIce(transport: types.Transport): Promise<void> {
    if (this.ice.iceServers) {
      // TURN credentials are short-lived: take fresh ones before gathering again.
      const caps = await this.request('media:capabilities', {});
      if (caps.ok && caps.data.iceServers) {
        this.ice = { iceServers: caps.data.iceServers, iceTransportPolicy: caps.data.iceTransportPolicy };
        await transport.updateIceServers({ iceServers: caps.data.iceServers });
      }
    }
    const r = await this.request('transport:restartIce', { transportId: transport.id });
    if (r.ok) await transport.restartIce({ iceParameters: r.data.iceParameters as types.IceParameters });
  }

  private async publish(): Promise<void> {
    const stream = useMediaStore.getState().localStream;
    const transport = this.sendTransport;
    if (!stream || !transport) return;
    const audio = stream.getAudioTracks()[0];
    const video = stream.getVideoTracks()[0];
    if (audio) {
      const micOn = useMediaStore.getState().micOn;
      const producer = await transport.produce({ track: audio, stopTracks: false, appData: { source: 'mic' } });
      this.producers.set('mic', producer);
      // The server may have kept it paused (not your turn): mirror that locally.
      if (!micOn || producer.paused) producer.pause();
    }
    if (video && useMediaStore.getState().cameraOn) {
      const producer = await transport.produce({
        track: video,
        stopTracks: false,
        appData: { source: 'camera' },
      });
      this.producers.set('camera', producer);
    }
  }

  private async consume(p: ProducerInfo): Promise<void> {
    if (!this.recvTransport) return;
    for (const entry of this.consumers.values()) if (entry.consumer.producerId === p.producerId) return;
    const res = await this.request('consumer:create', { producerId: p.producerId });
    if (!res.ok || !this.recvTransport) return;
    const info = res.data;
    const consumer = await this.recvTransport.consume({
      id: info.id,
      producerId: info.producerId,
      kind: info.kind,
      rtpParameters: info.rtpParameters as types.RtpParameters,
    });
    this.consumers.set(consumer.id, { consumer, participantId: info.participantId, source: info.source });
    setRemote(
      info.participantId,
      info.kind === 'audio' ? { audio: consumer.track } : { video: consumer.track, videoPaused: info.producerPaused },
    );
    await this.request('consumer:resume', { consumerId: consumer.id });
  }

  private dropConsumer(consumerId: string): void {
    const entry = this.consumers.get(consumerId);
    if (!entry) return;
    entry.consumer.close();
    this.consumers.delete(consumerId);
    setRemote(entry.participantId, entry.source === 'mic' ? { audio: null } : { video: null });
  }

  private dropConsumerOfProducer(producerId: string): void {
    for (const [id, entry] of this.consumers) if (entry.consumer.producerId === producerId) this.dropConsumer(id);
  }

  private onProducerPaused(producerId: string, paused: boolean): void {
    for (const [source, producer] of this.producers) {
      if (producer.id === producerId && paused) {
        producer.pause();
        useMediaStore.setState(source === 'mic' ? { micOn: false } : { cameraOn: false });
      }
    }
    for (const entry of this.consumers.values()) {
      if (entry.consumer.producerId === producerId && entry.source === 'camera') {
        setRemote(entry.participantId, { videoPaused: paused });
      }
    }
  }

  private localMicOff(): void {
    this.producers.get('mic')?.pause();
    useMediaStore.setState({ micOn: false });
  }

  /** Turn the microphone on or off. The server may refuse (not your turn). */
  async setMic(on: boolean): Promise<boolean> {
    const producer = this.producers.get('mic');
    if (!producer) {
      useMediaStore.setState({ micOn: on });
      return true;
    }
    const ok = await this.act('producer:setPaused', { producerId: producer.id, paused: !on });
    if (!ok) return false;
    if (on) producer.resume();
    else producer.pause();
    useMediaStore.setState({ micOn: on });
    return true;
  }

  async setCamera(on: boolean): Promise<void> {
    const producer = this.producers.get('camera');
    useMediaStore.setState({ cameraOn: on });
    if (producer) {
      if (await this.act('producer:setPaused', { producerId: producer.id, paused: !on })) {
        if (on) producer.resume();
        else producer.pause();
      }
    } else if (on && this.sendTransport) {
      const track = useMediaStore.getState().localStream?.getVideoTracks()[0];
      if (track) {
        const p = await this.sendTransport.produce({ track, stopTracks: false, appData: { source: 'camera' } });
        this.producers.set('camera', p);
      }
    }
  }

  private resetMedia(): void {
    for (const { consumer } of this.consumers.values()) consumer.close();
    this.consumers.clear();
    for (const p of this.producers.values()) p.close();
    this.producers.clear();
    this.sendTransport?.close();
    this.recvTransport?.close();
    this.sendTransport = null;
    this.recvTransport = null;
    this.device = null;
    useMediaStore.setState({ joined: false, remote: {} });
  }

  async leave(): Promise<void> {
    this.joinWanted = false;
    await this.request('room:leave', {});
    this.resetMedia();
    this.stopPreview();
    useRoomStore.setState({ connection: 'ended', ended: { reason: 'left' } });
    this.socket?.close();
    sessionStorage.removeItem(TOKEN_KEY);
  }

  /** The server's clock as this browser estimates it. */
  serverNow(): number {
    return Date.now() + useRoomStore.getState().clockOffsetMs;
  }

  /** For diagnostics and tests: the current agenda item's time left by this browser's estimate. */
  agendaRemainingMs(): number | null {
    const agenda = useRoomStore.getState().view?.agenda;
    if (!agenda || agenda.itemEndsAt === null) return agenda?.itemRemainingMs ?? null;
    return agenda.itemEndsAt - this.serverNow();
  }

  /** For diagnostics and tests: bytes received per remote participant and kind. */
  async inboundStats(): Promise<{ participantId: string; kind: string; bytes: number }[]> {
    const out: { participantId: string; kind: string; bytes: number }[] = [];
    for (const { consumer, participantId } of this.consumers.values()) {
      const stats = await consumer.getStats();
      stats.forEach((s: { type: string; bytesReceived?: number }) => {
        if (s.type === 'inbound-rtp') out.push({ participantId, kind: consumer.kind, bytes: s.bytesReceived ?? 0 });
      });
    }
    return out;
  }
}

export const roomClient = new RoomClient();
// Exposed for diagnostics and the e2e tests (read-only use).
(window as unknown as { circle: RoomClient }).circle = roomClient;
