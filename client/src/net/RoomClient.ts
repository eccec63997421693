/**
 * The one owner of the socket and of mediasoup-client. Feeds the zustand stores. Components read the
 * stores and call the named actions (client/src/actions), which reach this class through the small
 * interfaces it implements (`RoomSignal`, `RoomSession`); they never touch it or the socket.
 */
import { io, type Socket } from 'socket.io-client';
import { Device, type types } from 'mediasoup-client';
import type {
  Ack,
  ClientEventName,
  ClientEventResults,
  ClientPayload,
  ClientToServerEvents,
  ProducerInfo,
  RoomView,
  ServerToClientEvents,
  WireError,
} from '@circle/shared';
import { PROTOCOL_VERSION, errorOf } from '@circle/shared/constants';
import { pushError, pushNotice, useRoomStore } from '../stores/useRoomStore';
import { errorText, isNoticeLine } from '../i18n/texts';
import { patchRemote, useMediaStore } from '../stores/useMediaStore';
import { addStaffMessage, applyHealthSample } from '../stores/useHealthStore';
import { StatsReporter } from './StatsReporter';
import {
  addGroupMessage,
  addPrivateMessage,
  markUnreadFromHistory,
  removeGroupMessage,
  useChatStore,
} from '../stores/useChatStore';
import { showReaction } from '../stores/useReactionStore';
import { CAMERA_ENCODINGS, captureConstraints, roundTile } from './capture';
import { runConnectionCheck, type CheckResult } from './connectionCheck';
import { type ConnectionCause, nextConnection, retryableRefusal } from './connectionState';
import type { RoomSession, RoomSignal, TileView } from '../actions/ports';
import { Backoff, CONNECT_RETRY, withRetry } from './retry';
import { createBrowserEffects } from './effects/browserEffects';
import type { OutgoingEffects } from './effects/OutgoingEffects';
import { listenForRoom } from './roomPatches';
import { E2eeSession, attachTransform, canEncryptFrames } from './e2ee/E2eeSession';
import type { E2eeWorkerMessage, E2eeWorkerReport } from './e2ee/frameWorker';
import { SAFETY_PICTURES } from './e2ee/safetyCode';

type CircleSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type Source = 'mic' | 'camera';

const REQUEST_TIMEOUT_MS = 10_000;
const TOKEN_KEY = 'circle.invite';
/** Not retried on a retryable refusal: periodic or time-sensitive, the next one follows anyway. */
const NO_RETRY: ReadonlySet<ClientEventName> = new Set<ClientEventName>([
  'stats:report',
  'clock:ping',
  'reaction:send',
]);

export class RoomClient implements RoomSignal, RoomSession {
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
  /** Waits between connection attempts the server refused for now (UNAVAILABLE, RESTARTING, INTERNAL). */
  private readonly connectBackoff = new Backoff(CONNECT_RETRY);
  /**
   * Several nodes: the node that runs this room (NODE_URL, under this page's origin), once a node
   * sent us there with WRONG_NODE; null: the page's own origin (any node behind the load balancer).
   */
  private nodeUrl: string | null = null;
  /** This browser's own connection figures, sent every few seconds while media is joined. */
  private readonly statsReporter = new StatsReporter({
    transportStats: () => this.transportStats(),
    send: (report) => this.request('stats:report', report),
  });

  private effectsInstance: OutgoingEffects | null = null;
  /** The room asks for end-to-end encrypted media (`media:capabilities`). */
  private e2eeWanted = false;
  /** This page told the room that it cannot encrypt media (once: the room keeps it for the session). */
  private cannotEncryptSaid = false;
  /** What the last E2EE session held when it stopped (a removed page: which chains it ever had). */
  private lastE2eeKeys: { sending: number | null; given: Record<string, number[]> } | null = null;
  /** This page's E2EE keys and its frame worker, while media is joined with E2EE on. */
  private e2ee: { session: E2eeSession; worker: Worker; started: Promise<void> } | null = null;

  /** Background blur/replacement and noise suppression on what this browser sends (made on first use). */
  get effects(): OutgoingEffects {
    if (!this.effectsInstance) {
      const effects = createBrowserEffects();
      effects.replace = async (kind, track) => {
        await this.producers
          .get(kind === 'audio' ? 'mic' : 'camera')
          ?.replaceTrack({ track })
          .catch(() => undefined);
      };
      this.effectsInstance = effects;
    }
    return this.effectsInstance;
  }

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

  /** The token of the current socket (see `connectOnce`). */
  private socketToken: string | null = null;

  connectOnce(token: string): void {
    if (this.socket?.active && this.socketToken === token) return;
    this.connect(token);
  }

  connect(token: string): void {
    this.socket?.close();
    this.socketToken = token;
    useRoomStore.setState({ connection: this.everConnected ? 'reconnecting' : 'connecting', error: null, ended: null });
    const node = this.nodeUrl ? new URL(this.nodeUrl) : null;
    const options = {
      auth: { protocolVersion: PROTOCOL_VERSION, token },
      transports: ['websocket'],
      reconnectionDelay: 500,
      reconnectionDelayMax: 3000,
      ...(node ? { path: `${node.pathname.replace(/\/$/, '')}/socket.io` } : {}),
    };
    const socket: CircleSocket = node ? io(node.origin, options) : io(options);
    this.socket = socket;
    // The node we were sent to does not answer (it died or is stopping): back to the front door,
    // where another node takes the room over once its lease is free.
    socket.io.on('reconnect_attempt', (attempt) => {
      if (this.nodeUrl && attempt >= 2) this.moveTo(null, token);
    });

    socket.on('connect', () => {
      const wasConnected = this.everConnected;
      this.everConnected = true;
      this.connectBackoff.reset();
      performance.mark('circle:socket-connected');
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
      if (code === 'WRONG_NODE') {
        this.moveTo(err.data?.nodeUrl || null, token);
        return;
      }
      const cause = { type: 'connectError', code, everConnected: this.everConnected } as const;
      if (nextConnection(useRoomStore.getState().connection, cause) === 'failed') {
        // Refused by the server (bad invite, removed…): retrying will not help.
        socket.close();
        useRoomStore.setState({ connection: 'failed', error: err.data ?? errorOf('INTERNAL') });
        return;
      }
      this.transition(cause);
      if (retryableRefusal(code)) this.retryLater(socket);
    });
    socket.on('disconnect', (reason) => {
      const was = useRoomStore.getState().connection;
      if (this.transition({ type: 'disconnected', reason }) === 'ended' && was !== 'ended') this.resetMedia();
    });
    socket.on('server:restarting', () => this.transition({ type: 'serverRestarting' }));

    listenForRoom(socket, (view) => {
      const before = useRoomStore.getState().view?.you.status;
      useRoomStore.setState({ view });
      // E2EE: who is here and who shares this page's space decide who holds its chain; the room may be
      // in the clear (a therapist let in a browser that cannot encrypt, and everyone is told).
      if (this.e2ee) tellE2ee(this.e2ee, view);
      if (!this.cannotEncryptSaid && !canEncryptFrames()) {
        // Said at the door, so the therapist decides before admitting; a room without E2EE refuses it.
        this.cannotEncryptSaid = true;
        void this.request('e2ee:cannotEncrypt', {}).then((r) => {
          if (r.ok) useMediaStore.setState({ e2ee: { state: 'unsupported' } });
        });
      }
      void this.effects.applyRule(view.backgrounds, view.you.role);
      // Load the chat once on arrival and again when admitted (the group chat is for the room only).
      if (before !== view.you.status && (view.you.status === 'admitted' || view.you.status === 'waiting')) {
        void this.loadChat();
      }
    });
    socket.on('notice', (n) => {
      if (n.kind === 'muted-by-therapist') this.localMicOff();
      if (n.kind === 'network-audio-only') {
        useMediaStore.setState({ audioOnly: true, audioOnlyReason: 'network', cameraOn: false });
        // No media connected at all: "you are on audio only" would be untrue (the banner says what is).
        if (useMediaStore.getState().mediaLink !== 'up') return;
      }
      // The line as data, written in this person's language; an unreadable one shows the English text.
      pushNotice(n.kind, n.text, isNoticeLine(n.message) ? { type: 'notice', message: n.message } : undefined);
    });
    socket.on('chat:message', (m) => addGroupMessage(m, m.fromId === useRoomStore.getState().view?.you.id));
    socket.on('chat:removed', ({ messageId }) => removeGroupMessage(messageId));
    socket.on('chat:privateDelivered', (m) => {
      const view = useRoomStore.getState().view;
      const mine = m.fromId === view?.you.id;
      addPrivateMessage(m, mine);
      // Name the sender, never the text (a notice may be read over someone's shoulder).
      if (!mine)
        pushNotice('message', `New private message from ${m.fromName}.`, {
          type: 'client',
          key: 'privateMessage',
          name: m.fromName,
        });
    });
    socket.on('reaction:shown', ({ participantId, kind }) =>
      showReaction(participantId, kind, participantId === useRoomStore.getState().view?.you.id),
    );
    socket.on('speaking:levels', ({ speaking }) => useRoomStore.setState({ speaking }));
    socket.on('health:sampled', (health) => applyHealthSample(health));
    socket.on('staff:messageDelivered', (m) => addStaffMessage(m));
    socket.on('session:ended', (p) => {
      useRoomStore.setState({ connection: 'ended', ended: p });
      this.joinWanted = false;
      // Let any pending ack arrive, then close: the server will not take us back.
      setTimeout(() => socket.close(), 1000);
      this.resetMedia();
      this.stopPreview();
    });
    socket.on('e2ee:device', (d) => void this.e2ee?.session.deviceAnnounced(d));
    socket.on('e2ee:key', ({ from, blob }) => void this.e2ee?.session.keyReceived(from, blob));
    socket.on('media:producerAdded', (p) => this.enqueueMedia(() => this.consume(p)));
    socket.on('media:producerClosed', ({ producerId }) => this.dropConsumerOfProducer(producerId));
    socket.on('media:consumerClosed', ({ consumerId }) => this.dropConsumer(consumerId));
    socket.on('media:producerPaused', ({ producerId, paused }) => this.onProducerPaused(producerId, paused));
    socket.on('media:restart', () => {
      pushNotice('media-restarted', 'Reconnecting audio and video…', { type: 'client', key: 'mediaRestarted' });
      this.resetMedia();
      if (this.joinWanted) this.enqueueMedia(() => this.joinMediaNow());
    });
  }

  disconnect(): void {
    this.socket?.close();
    this.socket = null;
  }

  /** Apply what happened to the connection state in the store; returns the new state. */
  private transition(cause: ConnectionCause): ReturnType<typeof nextConnection> {
    const next = nextConnection(useRoomStore.getState().connection, cause);
    useRoomStore.setState({ connection: next });
    return next;
  }

  /**
   * The server refused this attempt for now (it is restarting, or could not store): socket.io does not
   * retry a refusal by itself, so try again after a pause that grows (with jitter) up to RETRY_MAX_MS.
   */
  private retryLater(socket: CircleSocket): void {
    setTimeout(() => {
      if (this.socket === socket && !socket.connected) socket.connect();
    }, this.connectBackoff.next());
  }

  /** Another node runs this room (or the one we knew went away): connect there, keeping our media wishes. */
  private moveTo(nodeUrl: string | null, token: string): void {
    const socket = this.socket;
    this.nodeUrl = nodeUrl;
    socket?.close();
    // A short pause, so a lease still held by a node that just died does not make a tight loop.
    setTimeout(() => {
      if (this.socket === socket) this.connect(token);
    }, 300);
  }

  /** Staff have been told about messages that came before they joined (once per page). */
  private historyNoticed = false;
  /** Senders to name once the room is on screen (a notice on the pre-join screen would be gone by then). */
  private pendingSenders: string[] | null = null;
  private roomShown = false;

  /** The room is on screen: name whoever wrote before this staff member joined. */
  roomOnScreen(): void {
    this.roomShown = true;
    for (const name of this.pendingSenders ?? []) {
      pushNotice('message', `${name} sent you a private message before you joined.`, {
        type: 'client',
        key: 'privateMessageBefore',
        name,
      });
    }
    this.pendingSenders = null;
  }

  private async loadChat(): Promise<void> {
    const res = await this.request('chat:history', {});
    if (!res.ok) return;
    useChatStore.setState({ group: res.data.group, private: res.data.private });
    const view = useRoomStore.getState().view;
    if (view && view.you.role !== 'member' && !this.historyNoticed) {
      this.historyNoticed = true;
      const staffIds = new Set(view.participants.filter((p) => p.role !== 'member').map((p) => p.id));
      this.pendingSenders = markUnreadFromHistory(staffIds);
      if (this.roomShown) this.roomOnScreen();
    }
  }

  /**
   * Send one event and wait for its ack (or a timeout). A retryable refusal (the server could not
   * store it just now, nothing changed) is sent again a few times, with backoff, before it is shown.
   */
  request<E extends ClientEventName>(event: E, payload: ClientPayload<E>): Promise<Ack<ClientEventResults[E]>> {
    if (NO_RETRY.has(event)) return this.requestOnce(event, payload);
    return withRetry(() => this.requestOnce(event, payload));
  }

  private requestOnce<E extends ClientEventName>(
    event: E,
    payload: ClientPayload<E>,
  ): Promise<Ack<ClientEventResults[E]>> {
    const socket = this.socket;
    if (!socket?.connected) return Promise.resolve({ ok: false, error: errorOf('INTERNAL') });
    return new Promise((resolve) => {
      const emit = socket.timeout(REQUEST_TIMEOUT_MS).emit as unknown as (
        e: string,
        p: unknown,
        cb: (err: Error | null, res: Ack<ClientEventResults[E]>) => void,
      ) => void;
      emit.call(socket.timeout(REQUEST_TIMEOUT_MS), event, payload, (err, res) => {
        const ack = err ? { ok: false as const, error: errorOf('INTERNAL') } : res;
        // A refusal's text in this person's language (its code decides; the server's English is the fallback).
        resolve(ack.ok ? ack : { ok: false, error: { ...ack.error, message: errorText(ack.error) } });
      });
    });
  }

  /** Run a media step and show its error, if any, as a notice. */
  private async act<E extends ClientEventName>(event: E, payload: ClientPayload<E>): Promise<boolean> {
    const res = await this.request(event, payload);
    if (!res.ok) pushError(res.error);
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

  /** The camera/microphone request in flight; media waits for it so a quick "Join" still publishes. */
  private preview: Promise<void> = Promise.resolve();

  startPreview(): Promise<void> {
    this.preview = this.openPreview();
    return this.preview;
  }

  private async openPreview(): Promise<void> {
    const { micId, cameraId, cameraOn, localStream: previous } = useMediaStore.getState();
    // A camera the person switched off stays off when they pick another device (or reopen the preview).
    const cameraKeptOff = !!previous?.getVideoTracks().length && !cameraOn;
    const audio: MediaTrackConstraints | boolean = micId ? { deviceId: { exact: micId } } : true;
    const video: MediaTrackConstraints = {
      ...captureConstraints(window.screen),
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
    // (No mediaDevices at all in a browser without device access: no devices, rather than a throw.)
    const devices = (await navigator.mediaDevices?.enumerateDevices().catch(() => [])) ?? [];
    const camera = stream?.getVideoTracks()[0];
    // Off: a disabled track (no frames, the camera light goes out); `setCamera(true)` enables it.
    if (camera) camera.enabled = !cameraKeptOff;
    useMediaStore.setState({
      localStream: stream,
      problem,
      cameraOn: !!camera && !cameraKeptOff,
      devices: {
        audioinput: devices.filter((d) => d.kind === 'audioinput' && d.deviceId),
        videoinput: devices.filter((d) => d.kind === 'videoinput' && d.deviceId),
        audiooutput: devices.filter((d) => d.kind === 'audiooutput' && d.deviceId),
      },
    });
    // Replace tracks on live producers when the person picks another device.
    for (const [source, producer] of this.producers) {
      const track =
        source === 'mic'
          ? await this.effects.audioFor(stream?.getAudioTracks()[0])
          : this.effects.videoFor(stream?.getVideoTracks()[0]);
      if (track) await producer.replaceTrack({ track }).catch(() => undefined);
    }
    // Before joining, a background effect chosen (now or last time) already applies to the preview:
    // what the group will see, from the first frame sent.
    if (camera && !this.producers.has('camera')) this.effects.videoFor(camera);
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

  /** A device loaded with the room's codecs ahead of time (see `prepareMedia`), if any. */
  private prepared: Promise<Device | null> | null = null;

  /**
   * While an admitted participant checks their camera: fetch the room's codecs and load the device,
   * so "Join" goes straight to the transports. Nothing is sent or received yet.
   */
  prepareMedia(): void {
    if (this.prepared || useMediaStore.getState().joined) return;
    this.prepared = this.loadDevice().catch(() => null);
  }

  private async loadDevice(): Promise<Device> {
    const caps = await this.request('media:capabilities', {});
    if (!caps.ok) throw new Error(caps.error.code);
    this.ice = { iceServers: caps.data.iceServers, iceTransportPolicy: caps.data.iceTransportPolicy };
    this.e2eeWanted = caps.data.e2ee === true;
    const device = new Device();
    await device.load({ routerRtpCapabilities: caps.data.routerRtpCapabilities as types.RtpCapabilities });
    return device;
  }

  private async joinMediaNow(): Promise<void> {
    if (useMediaStore.getState().joined) return;
    const prepared = this.prepared ? await this.prepared : null;
    this.prepared = null;
    const device = prepared ?? (await this.loadDevice());
    this.device = device;
    const joined = await this.request('media:join', {
      rtpCapabilities: device.rtpCapabilities as unknown as Record<string, unknown>,
    });
    if (!joined.ok) throw new Error(joined.error.code);
    performance.mark('circle:media-joined');
    this.startE2ee();
    // Audio-only survives a reconnect: tell the fresh media session again (before any consumer, so
    // each starts on the layers it keeps).
    if (useMediaStore.getState().audioOnly) await this.request('media:setAudioOnly', { audioOnly: true });
    const role = useRoomStore.getState().view?.you.role;
    // Receiving and sending are independent (a transport each): the group is seen and heard while
    // this person's own camera and microphone are still being set up.
    const receive = async () => {
      this.recvTransport = await this.createTransport('recv');
      // All at once: mediasoup-client answers consumers created together in one negotiation, and the
      // camera does not wait for the microphone's resume (nor the other way round).
      await Promise.all(joined.data.producers.map((p) => this.consume(p)));
    };
    const receiving = receive();
    const send = async () => {
      if (role === 'supervisor') return;
      this.sendTransport = await this.createTransport('send');
      performance.mark('circle:transports-created');
      await this.preview.catch(() => undefined);
      // The group first: a page's peer connections share one signalling thread, and setting up this
      // camera's three encoders there held the receiving side's answer back (bench:join: click →
      // first frame ≈ 500 → ≈ 280 ms with this wait).
      // The transport is ready meanwhile; the camera and microphone go out once the group's media
      // is set up and resumed (or failed).
      await receiving.catch(() => undefined);
      // E2EE: nothing goes out before this page's key is set.
      await this.e2ee?.started;
      await this.publish();
    };
    const [received, sent] = await Promise.allSettled([receiving, send()]);
    for (const r of [received, sent]) if (r.status === 'rejected') throw r.reason;
    useMediaStore.setState({ joined: true });
    if (role === 'member' || role === 'therapist') this.statsReporter.start();
  }

  private async createTransport(direction: 'send' | 'recv'): Promise<types.Transport> {
    const res = await this.request('transport:create', { direction });
    if (!res.ok || !this.device) throw new Error(res.ok ? 'no device' : res.error.code);
    const params: types.TransportOptions = {
      ...(res.data as unknown as types.TransportOptions),
      iceServers: this.ice.iceServers,
      iceTransportPolicy: this.ice.iceTransportPolicy,
      // E2EE: Chromium routes frames through a transform set after negotiation (a consumer's receiver
      // before its resume, a producer's sender once created) only on a connection made with this
      // setting; without it such frames bypass the transform. With it, nothing is sent or shown
      // before its transform is set.
      ...(this.e2ee ? { additionalSettings: { encodedInsertableStreams: true } as Partial<RTCConfiguration> } : {}),
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
      // Join-time stages, read by the join benchmark (e2e/bench/join.ts).
      if (state === 'connected') performance.mark(`circle:${direction}-transport-connected`);
      if (state === 'failed') void this.restartIce(transport);
      // What the room tells the person: their sound and video connected, or could not (kept until it does).
      if (state === 'connected' || state === 'failed')
        useMediaStore.setState({ mediaLink: state === 'connected' ? 'up' : 'failed' });
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
    // What is sent: the camera after its background effect (if any); the microphone as it is, then denoised.
    const audio = stream.getAudioTracks()[0];
    const video = this.effects.videoFor(stream.getVideoTracks()[0]);
    if (audio) {
      // Chosen before joining ("Microphone on" on the pre-join screen): sent paused, then opened
      // through the server, which may refuse (not your turn) and leave it muted.
      const wantMic = useMediaStore.getState().micOn;
      useMediaStore.setState({ micOn: false });
      const producer = await this.produceSealed(transport, {
        track: audio,
        stopTracks: false,
        appData: { source: 'mic' },
      });
      this.producers.set('mic', producer);
      producer.pause();
      // Noise suppression's worklet loads beside the join (it does not delay it), then takes the microphone's place.
      void this.effects
        .audioFor(audio)
        .then((track) => (track && !producer.closed ? producer.replaceTrack({ track }) : undefined))
        .catch(() => undefined);
      // "Unmute" pressed while the microphone was being set up counts as well.
      const wanted = wantMic || useMediaStore.getState().micOn;
      useMediaStore.setState({ micOn: false });
      if (wanted) await this.setMic(true);
    }
    if (video && useMediaStore.getState().cameraOn) {
      const producer = await this.produceSealed(transport, {
        track: video,
        stopTracks: false,
        // Paused (camera off, audio only) sends no video at all, not a disabled track's frames.
        zeroRtpOnPause: true,
        encodings: CAMERA_ENCODINGS,
        codecOptions: { videoGoogleStartBitrate: 1000 },
        appData: { source: 'camera' },
      });
      this.producers.set('camera', producer);
    }
  }

  /**
   * Produce a track; with E2EE on, the sender is handed to the frame worker before any of the track's
   * content can go out: it starts on a disabled copy (silence, black), then takes the real track.
   */
  private async produceSealed(
    transport: types.Transport,
    options: types.ProducerOptions & { track: MediaStreamTrack },
  ): Promise<types.Producer> {
    const e2ee = this.e2ee;
    if (!e2ee) return transport.produce(options);
    const enabled = options.track.enabled;
    const placeholder = options.track.clone();
    placeholder.enabled = false;
    const producer = await transport.produce({ ...options, track: placeholder, stopTracks: false });
    if (producer.rtpSender)
      attachTransform(producer.rtpSender, e2ee.worker, { side: 'send', kind: producer.kind as 'audio' | 'video' });
    await producer.replaceTrack({ track: options.track });
    placeholder.stop();
    // mediasoup-client took the disabled copy for a paused producer: as it would have been with the track itself.
    if (enabled) producer.resume();
    return producer;
  }

  /** With E2EE asked for: this page's keys and frame worker (or, where frames cannot be encrypted, why not). */
  private startE2ee(): void {
    this.stopE2ee();
    const selfId = useRoomStore.getState().view?.you.id;
    if (!this.e2eeWanted || !selfId) return;
    if (!canEncryptFrames()) {
      useMediaStore.setState({ e2ee: { state: 'unsupported' } });
      return;
    }
    const worker = new Worker(new URL('./e2ee/frame.worker.ts', import.meta.url), {
      type: 'module',
      name: 'circle-e2ee',
    });
    worker.onerror = (event) => console.warn('E2EE worker failed', event.message);
    worker.onmessage = (event: MessageEvent<E2eeWorkerReport>) => {
      const r = event.data;
      if (r.type !== 'receiving' || r.kind !== 'video') return;
      useMediaStore.setState((s) => ({ e2eeOpened: { ...s.e2eeOpened, [r.senderId]: r.decrypting } }));
    };
    const session = new E2eeSession(
      selfId,
      {
        announce: async (publicKey) => {
          const r = await this.request('e2ee:announce', { publicKey });
          return r.ok ? r.data.devices : null;
        },
        sendKey: async (to, blob) => (await this.request('e2ee:key', { to, blob })).ok,
      },
      worker,
      (status) => {
        if (this.e2ee?.session !== session) return;
        const code = status.code.map((i) => {
          const [picture, name] = SAFETY_PICTURES[i]!;
          return { picture, name };
        });
        useMediaStore.setState({ e2ee: { state: 'on', code } });
      },
    );
    useMediaStore.setState({ e2ee: { state: 'on', code: null }, e2eeOpened: {} });
    const view = useRoomStore.getState().view;
    if (view) tellE2ee({ session, worker }, view);
    this.e2ee = { session, worker, started: session.start().catch(() => undefined) };
  }

  private stopE2ee(): void {
    if (!this.e2ee) return;
    this.lastE2eeKeys = this.e2ee.session.keys();
    this.e2ee.session.stop();
    this.e2ee.worker.terminate();
    this.e2ee = null;
    useMediaStore.setState({ e2ee: { state: 'off' }, e2eeOpened: {} });
  }

  private async consume(p: ProducerInfo): Promise<void> {
    if (!this.recvTransport) return;
    for (const entry of this.consumers.values()) if (entry.consumer.producerId === p.producerId) return;
    const res = await this.request('consumer:create', { producerId: p.producerId });
    if (!res.ok || !this.recvTransport) return;
    const info = res.data;
    // Join-time stages, read by the join benchmark (e2e/bench/join.ts).
    if (info.kind === 'video') performance.mark('circle:video-created');
    const consumer = await this.recvTransport.consume({
      id: info.id,
      producerId: info.producerId,
      kind: info.kind,
      rtpParameters: info.rtpParameters as types.RtpParameters,
    });
    // E2EE: the receiver is handed to the frame worker before any frame can arrive (it is resumed below).
    if (this.e2ee && consumer.rtpReceiver)
      attachTransform(consumer.rtpReceiver, this.e2ee.worker, {
        side: 'recv',
        kind: info.kind,
        senderId: info.participantId,
      });
    this.consumers.set(consumer.id, { consumer, participantId: info.participantId, source: info.source });
    patchRemote(
      info.participantId,
      info.kind === 'audio' ? { audio: consumer.track } : { video: consumer.track, videoPaused: info.producerPaused },
    );
    if (info.kind === 'video') performance.mark('circle:video-consumed');
    // The tile's size (when the tile already reported it) goes out before the resume on the same
    // socket, without waiting for its answer: the SFU starts a new consumer on its lowest layer
    // whatever the size, and takes the tile's layer once that first layer flows.
    if (info.kind === 'video') void this.sendTileView(consumer.id, info.participantId);
    await this.request('consumer:resume', { consumerId: consumer.id });
    if (info.kind === 'video') performance.mark('circle:video-resumed');
  }

  // ------------------------------------------------------------ layers and audio-only

  /** Last tile size per participant (device pixels), as their tile reported it. */
  private readonly tileViews = new Map<string, TileView>();
  /** Last size sent per consumer, so unchanged sizes send nothing. */
  private readonly sentViews = new Map<string, string>();
  private readonly viewTimers = new Map<string, ReturnType<typeof setTimeout>>();

  /** A tile's size on this screen changed: the SFU picks that participant's video layer from it. */
  setTileView(participantId: string, view: TileView): void {
    const first = !this.tileViews.has(participantId);
    this.tileViews.set(participantId, {
      width: roundTile(view.width),
      height: roundTile(view.height),
      visible: view.visible,
    });
    const send = () => {
      for (const [id, entry] of this.consumers) {
        if (entry.participantId === participantId && entry.source === 'camera')
          void this.sendTileView(id, participantId);
      }
    };
    // The tile's first size goes at once (its video may be starting); later ones settle first (a
    // resize fires many times), then go once.
    if (first) return send();
    clearTimeout(this.viewTimers.get(participantId));
    this.viewTimers.set(
      participantId,
      setTimeout(() => {
        this.viewTimers.delete(participantId);
        send();
      }, 250),
    );
  }

  private async sendTileView(consumerId: string, participantId: string): Promise<void> {
    const view = this.tileViews.get(participantId);
    if (!view) return;
    const key = `${view.width}x${view.height}:${view.visible}`;
    if (this.sentViews.get(consumerId) === key) return;
    this.sentViews.set(consumerId, key);
    const r = await this.request('consumer:setView', { consumerId, ...view });
    if (!r.ok) this.sentViews.delete(consumerId);
  }

  /** Audio-only: stop sending video, receive the lowest video layers. `listenOnly` also mutes. */
  async setAudioOnly(on: boolean, options: { listenOnly?: boolean } = {}): Promise<void> {
    const ok = await this.act('media:setAudioOnly', { audioOnly: on, reason: 'chosen' });
    if (!ok) return;
    useMediaStore.setState({ audioOnly: on, audioOnlyReason: on ? 'chosen' : null });
    const member = useRoomStore.getState().view?.you.role === 'member';
    if (on) {
      this.producers.get('camera')?.pause();
      this.effectsInstance?.cameraSending(false);
      useMediaStore.setState({ cameraOn: false, listenOnly: !!options.listenOnly });
      if (options.listenOnly) await this.setMic(false);
      // A member who listens only is passed over in a round robin.
      if (options.listenOnly && member) await this.request('speaking:listenOnly', { on: true });
    } else {
      const wasListening = useMediaStore.getState().listenOnly;
      useMediaStore.setState({ listenOnly: false });
      await this.setCamera(true);
      if (wasListening && member) await this.request('speaking:listenOnly', { on: false });
    }
  }

  /** The connection check before entering: a short loopback through the SFU, then a verdict. */
  async connectionCheck(): Promise<CheckResult> {
    // The camera and microphone first: a check started before the preview would send nothing.
    await this.preview.catch(() => undefined);
    return runConnectionCheck({
      request: (event, payload) => this.request(event, payload),
      stream: useMediaStore.getState().localStream,
      ping: async () => {
        const sent = performance.now();
        const r = await this.request('clock:ping', { clientTime: Date.now() });
        return r.ok ? performance.now() - sent : null;
      },
    });
  }

  private dropConsumer(consumerId: string): void {
    const entry = this.consumers.get(consumerId);
    if (!entry) return;
    entry.consumer.close();
    this.consumers.delete(consumerId);
    patchRemote(entry.participantId, entry.source === 'mic' ? { audio: null } : { video: null });
  }

  private dropConsumerOfProducer(producerId: string): void {
    for (const [id, entry] of this.consumers) if (entry.consumer.producerId === producerId) this.dropConsumer(id);
  }

  private onProducerPaused(producerId: string, paused: boolean): void {
    for (const [source, producer] of this.producers) {
      if (producer.id === producerId && paused) {
        producer.pause();
        if (source === 'camera') this.effectsInstance?.cameraSending(false);
        useMediaStore.setState(source === 'mic' ? { micOn: false } : { cameraOn: false });
      }
    }
    for (const entry of this.consumers.values()) {
      if (entry.consumer.producerId === producerId && entry.source === 'camera') {
        patchRemote(entry.participantId, { videoPaused: paused });
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
    const camera = useMediaStore.getState().localStream?.getVideoTracks()[0];
    if (camera && on) camera.enabled = true;
    useMediaStore.setState({ cameraOn: on });
    // Before joining there is nothing to pause: the preview's track goes dark instead.
    if (camera && !on && !this.sendTransport) camera.enabled = false;
    this.effectsInstance?.cameraSending(on);
    if (producer) {
      if (await this.act('producer:setPaused', { producerId: producer.id, paused: !on })) {
        if (on) producer.resume();
        else producer.pause();
      }
    } else if (on && this.sendTransport) {
      const track = this.effects.videoFor(useMediaStore.getState().localStream?.getVideoTracks()[0]);
      if (track) {
        const p = await this.produceSealed(this.sendTransport, {
          track,
          stopTracks: false,
          zeroRtpOnPause: true,
          encodings: CAMERA_ENCODINGS,
          appData: { source: 'camera' },
        });
        this.producers.set('camera', p);
      }
    }
  }

  private resetMedia(): void {
    this.statsReporter.stop();
    this.stopE2ee();
    for (const { consumer } of this.consumers.values()) consumer.close();
    this.consumers.clear();
    for (const p of this.producers.values()) p.close();
    this.producers.clear();
    this.sendTransport?.close();
    this.recvTransport?.close();
    this.sendTransport = null;
    this.recvTransport = null;
    this.device = null;
    this.prepared = null;
    this.sentViews.clear();
    useMediaStore.setState({ joined: false, remote: {}, mediaLink: 'connecting' });
  }

  /** The invitation of someone who left, kept in memory (not in the tab's storage) so "Rejoin" works. */
  private leftToken: string | null = null;

  async leave(): Promise<void> {
    this.joinWanted = false;
    this.leftToken = this.token;
    await this.request('room:leave', {});
    this.resetMedia();
    this.stopPreview();
    this.effectsInstance?.stop();
    useRoomStore.setState({ connection: 'ended', ended: { reason: 'left' }, notices: [] });
    this.socket?.close();
    sessionStorage.removeItem(TOKEN_KEY);
  }

  /** Changed their mind: within the reconnect grace the server lets them straight back in. */
  get canRejoin(): boolean {
    return this.leftToken !== null;
  }

  rejoin(): void {
    const token = this.leftToken;
    if (!token) return;
    this.leftToken = null;
    sessionStorage.setItem(TOKEN_KEY, token);
    useRoomStore.setState({ view: null, ended: null });
    void this.startPreview();
    this.connect(token);
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

  /** The browser's own getStats of its send and receive transports (for the stats reporter). */
  async transportStats(): Promise<RTCStatsReport[]> {
    const out: RTCStatsReport[] = [];
    for (const t of [this.sendTransport, this.recvTransport]) {
      if (t && !t.closed) out.push(await t.getStats());
    }
    return out;
  }

  /** For diagnostics and tests: the ids of the tracks the producers send now. */
  publishedTrackIds(): { mic: string | null; camera: string | null } {
    return {
      mic: this.producers.get('mic')?.track?.id ?? null,
      camera: this.producers.get('camera')?.track?.id ?? null,
    };
  }

  /** For diagnostics and tests: the raw and outgoing tracks and the effects' figures. */
  effectsDiagnostics(): ReturnType<OutgoingEffects['diagnostics']> {
    return this.effects.diagnostics();
  }

  /** For diagnostics and tests: video bytes this browser has sent (all simulcast layers). */
  async outboundVideoBytes(): Promise<number> {
    const producer = this.producers.get('camera');
    if (!producer) return 0;
    let bytes = 0;
    (await producer.getStats()).forEach((s: { type: string; bytesSent?: number }) => {
      if (s.type === 'outbound-rtp') bytes += s.bytesSent ?? 0;
    });
    return bytes;
  }

  /** For diagnostics and tests: E2EE chain ids, this page's and those it was given (ids only, never keys). */
  e2eeKeys(): { sending: number | null; given: Record<string, number[]> } | null {
    return this.e2ee?.session.keys() ?? this.lastE2eeKeys;
  }

  /** For diagnostics and tests: bytes received per remote participant and kind. */
  async inboundStats(): Promise<
    { participantId: string; kind: string; bytes: number; framesDecoded?: number; audioEnergy?: number }[]
  > {
    const out: { participantId: string; kind: string; bytes: number; framesDecoded?: number; audioEnergy?: number }[] =
      [];
    for (const { consumer, participantId } of this.consumers.values()) {
      const stats = await consumer.getStats();
      stats.forEach(
        (s: { type: string; bytesReceived?: number; framesDecoded?: number; totalAudioEnergy?: number }) => {
          if (s.type === 'inbound-rtp')
            out.push({
              participantId,
              kind: consumer.kind,
              bytes: s.bytesReceived ?? 0,
              // What was decoded and heard, not only received (E2EE: frames that could not be opened are not).
              ...(s.framesDecoded === undefined ? {} : { framesDecoded: s.framesDecoded }),
              ...(s.totalAudioEnergy === undefined ? {} : { audioEnergy: s.totalAudioEnergy }),
            });
        },
      );
    }
    return out;
  }
}

export const roomClient = new RoomClient();
// Exposed for diagnostics and the e2e tests (read-only use).
(window as unknown as { circle: RoomClient }).circle = roomClient;

/**
 * What E2EE takes from each room view: who else is in the room (admitted and connected), who of them can
 * receive this page's media (the same space: the group, a practice pair or a private side room), and
 * whether the room is in the clear (the worker acts only on a change).
 */
function tellE2ee(e2ee: { session: E2eeSession; worker: Worker }, view: RoomView): void {
  const present = view.participants.filter((p) => p.status === 'admitted' && p.connected && p.id !== view.you.id);
  void e2ee.session.people(new Set(present.map((p) => p.id)), new Set(present.filter((p) => !p.away).map((p) => p.id)));
  e2ee.worker.postMessage({ type: 'clear', on: view.unencrypted.length > 0 } satisfies E2eeWorkerMessage);
}
