/**
 * Fakes of the ports the actions run over, for the client's unit tests (never imported by the app).
 * They record what was sent and answer as the server would: with a canned result, or a refusal.
 */
import type {
  Ack,
  ClientEventName,
  ClientEventResults,
  ClientPayload,
  ErrorCode,
  RoomView,
  SessionRecordResponse,
  WireError,
} from '@circle/shared';
import { errorOf } from '@circle/shared/constants';
import type { CheckResult, RoomSession, RoomSignal, TileView } from '../actions/ports';
import { checkVerdict } from '../net/checkVerdict';
import { useChatStore } from '../stores/useChatStore';
import { useHealthStore } from '../stores/useHealthStore';
import { useReactionStore } from '../stores/useReactionStore';
import { useMediaStore } from '../stores/useMediaStore';
import { useRoomStore } from '../stores/useRoomStore';

type Answers = { [E in ClientEventName]?: ClientEventResults[E] };

export interface Sent {
  event: ClientEventName;
  payload: unknown;
}

/** A room socket: answers each event with its canned result, or refuses everything with `refuse`. */
export class FakeSignal implements RoomSignal {
  readonly sent: Sent[] = [];
  private refusal: WireError | null = null;

  constructor(private readonly answers: Answers = {}) {}

  /** From now on the server refuses every request with this error. */
  refuse(code: ErrorCode): this {
    this.refusal = errorOf(code);
    return this;
  }

  async request<E extends ClientEventName>(event: E, payload: ClientPayload<E>): Promise<Ack<ClientEventResults[E]>> {
    this.sent.push({ event, payload });
    if (this.refusal) return { ok: false, error: this.refusal };
    const data = this.answers[event];
    return data === undefined ? { ok: false, error: errorOf('UNKNOWN_EVENT') } : { ok: true, data };
  }
}

/** Every store back to how a fresh page starts. */
export function resetStores(): void {
  useRoomStore.setState(useRoomStore.getInitialState(), true);
  useChatStore.setState(useChatStore.getInitialState(), true);
  useHealthStore.setState(useHealthStore.getInitialState(), true);
  useMediaStore.setState(useMediaStore.getInitialState(), true);
  useReactionStore.setState(useReactionStore.getInitialState(), true);
}

/** The smallest room view of someone with this role (no participants until given). */
export function roomView(role: RoomView['you']['role'], patch: Partial<RoomView> = {}): RoomView {
  return {
    sessionId: 'sess-1',
    title: 'Tuesday group',
    startsAt: 0,
    durationMinutes: 90,
    locked: false,
    maxMembers: 10,
    you: { id: 'me', role, status: 'admitted', displayName: 'Me', inSideRoom: false, space: { kind: 'main' } },
    onBreak: false,
    breakCause: null,
    chatEnabled: true,
    reactionsEnabled: true,
    unencrypted: [],
    backgrounds: 'blur-or-replace',
    pairs: null,
    participants: [],
    speaking: { mode: 'open', turnSeconds: 120, expiry: 'soft', queue: [], floor: null, roundRobin: null },
    agenda: {
      items: [],
      status: 'not-started',
      currentIndex: null,
      itemEndsAt: null,
      itemRemainingMs: null,
      sessionRemainingMs: null,
      asOf: 0,
      totalPlannedMinutes: 0,
      warning: null,
    },
    ...patch,
  };
}

const GOOD_FIGURES = { rttMs: 40, lossPercent: 0, videoKbps: 900, audioOk: true, videoSent: true };

/** The room client's session and media side: records each call, in order, with its arguments. */
export class FakeSession implements RoomSession {
  readonly calls: [string, ...unknown[]][] = [];
  token: string | null = 'invite-token';
  canRejoin = false;
  /** What the microphone switch answers (the server may refuse: not your turn). */
  micAllowed = true;
  readonly check: CheckResult = {
    figures: GOOD_FIGURES,
    verdict: checkVerdict(GOOD_FIGURES),
  };

  connect(token: string): void {
    this.calls.push(['connect', token]);
  }
  connectOnce(token: string): void {
    this.calls.push(['connectOnce', token]);
  }
  disconnect(): void {
    this.calls.push(['disconnect']);
  }
  async startPreview(): Promise<void> {
    this.calls.push(['startPreview']);
  }
  async chooseDevice(kind: 'audioinput' | 'videoinput', deviceId: string): Promise<void> {
    this.calls.push(['chooseDevice', kind, deviceId]);
  }
  prepareMedia(): void {
    this.calls.push(['prepareMedia']);
  }
  joinMedia(): void {
    this.calls.push(['joinMedia']);
  }
  roomOnScreen(): void {
    this.calls.push(['roomOnScreen']);
  }
  async setMic(on: boolean): Promise<boolean> {
    this.calls.push(['setMic', on]);
    return this.micAllowed;
  }
  async setCamera(on: boolean): Promise<void> {
    this.calls.push(['setCamera', on]);
  }
  async setAudioOnly(on: boolean, options?: { listenOnly?: boolean }): Promise<void> {
    this.calls.push(options ? ['setAudioOnly', on, options] : ['setAudioOnly', on]);
  }
  setTileView(participantId: string, view: TileView): void {
    this.calls.push(['setTileView', participantId, view]);
  }
  async connectionCheck(): Promise<CheckResult> {
    this.calls.push(['connectionCheck']);
    return this.check;
  }
  async leave(): Promise<void> {
    this.calls.push(['leave']);
  }
  rejoin(): void {
    this.calls.push(['rejoin']);
  }
}

/** A session record as the server sends it (GET /api/sessions/:id/record). */
export const SESSION_RECORD: SessionRecordResponse = {
  session: { id: 'sess-1', title: 'Group', startsAt: 'x', durationMinutes: 90, generatedAt: 'y' },
  agenda: [],
  attendance: [],
  turns: [],
  passes: [],
  breaks: [],
  crisis: [],
  chat: [{ at: 'z', from: 'Ana', to: 'group', text: 'hi' }],
};
