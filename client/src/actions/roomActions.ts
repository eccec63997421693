/**
 * The room's commands by name: what a person does (`admit`, `raiseHand`, `giveFloor`), not which wire
 * event carries it. Each sends one typed request through a `RoomSignal` and shows a refusal where the
 * person will see it: as an error notice, or as the result the screen shows inline.
 */
import type {
  AgendaItemInput,
  AgendaTemplateId,
  ClientEventName,
  ClientPayload,
  ReactionKind,
  SpeakingMode,
  TurnExpiry,
} from '@circle/shared';
import { pushError } from '../stores/useRoomStore';
import { errorText } from '../i18n/texts';
import { addStaffMessage, seedHealthHistory, useHealthStore } from '../stores/useHealthStore';
import type { RoomSignal } from './ports';

/** A request the screen answers inline (a form's own error line), rather than with a notice. */
export type Outcome = { ok: true } | { ok: false; message: string };

/** The safety check-in a member gives before the waiting room. */
export type CheckInAnswers = Omit<ClientPayload<'session:checkIn'>, 'privateSafePlace'>;

export function createRoomActions(signal: RoomSignal) {
  /** Send a command; a refusal becomes an error notice. Resolves to whether the server accepted it. */
  const act = async <E extends ClientEventName>(event: E, payload: ClientPayload<E>): Promise<boolean> => {
    const res = await signal.request(event, payload);
    if (!res.ok) pushError(res.error);
    return res.ok;
  };

  return {
    // ------------------------------------------------------------ arriving and the lobby
    /** The member's agreement and safety check-in; a refusal is shown in the form. */
    async checkIn(answers: CheckInAnswers): Promise<Outcome> {
      const res = await signal.request('session:checkIn', {
        agreementVersion: answers.agreementVersion,
        location: answers.location,
        privateSafePlace: true,
        ...(answers.emergencyContact?.trim() ? { emergencyContact: answers.emergencyContact } : {}),
        ...(answers.language ? { language: answers.language } : {}),
      });
      return res.ok ? { ok: true } : { ok: false, message: errorText(res.error) };
    },
    /** `unencrypted`: a browser that cannot encrypt comes in, and the room's media goes in the clear. */
    admit: (participantId: string, unencrypted?: boolean) =>
      act('lobby:admit', unencrypted ? { participantId, unencrypted: true } : { participantId }),
    admitAll: () => act('lobby:admitAll', {}),
    /** Without a message the member reads the standard sentence in their own language. */
    decline: (participantId: string, message?: string) =>
      act('lobby:decline', message === undefined ? { participantId } : { participantId, message }),

    // ------------------------------------------------------------ hands, the floor and turns
    raiseHand: () => act('hand:raise', {}),
    lowerHand: () => act('hand:lower', {}),
    giveFloor: (participantId: string) => act('floor:give', { participantId }),
    giveFloorToNext: () => act('floor:next', {}),
    takeFloorBack: () => act('floor:takeBack', {}),
    /** "I'm done": the speaker ends their own turn. */
    endMyTurn: () => act('floor:end', {}),
    /** "Not now" in a round robin, before or during one's turn. */
    passTurn: () => act('turn:pass', {}),
    setSpeakingMode: (mode: SpeakingMode) => act('speaking:setMode', { mode }),
    setTurn: (turnSeconds: number, expiry: TurnExpiry) => act('speaking:setTurn', { turnSeconds, expiry }),

    // ------------------------------------------------------------ people in the room
    mute: (participantId: string) => act('participant:mute', { participantId }),
    muteAll: () => act('participant:muteAll', {}),
    askToUnmute: (participantId: string) => act('participant:askUnmute', { participantId }),
    stopCameraOf: (participantId: string) => act('participant:stopCamera', { participantId }),
    removeParticipant: (participantId: string) => act('participant:remove', { participantId }),
    lockRoom: (locked: boolean) => act('room:lock', { locked }),
    startBreak: () => act('room:break', { on: true }),
    endBreak: () => act('room:break', { on: false }),
    endSessionForEveryone: () => act('room:end', {}),

    // ------------------------------------------------------------ crisis
    /** A member tells the therapists privately; the crisis panel shows its own failure line. */
    async raiseCrisisAlert(): Promise<boolean> {
      return (await signal.request('crisis:alert', {})).ok;
    },
    acknowledgeAlert: (alertId: string) => act('crisis:acknowledge', { alertId }),
    openSideRoom: (alertId: string) => act('crisis:sideRoom', { alertId }),
    returnToGroup: (alertId: string) => act('crisis:return', { alertId }),
    resolveAlert: (alertId: string, note: string) =>
      act('crisis:resolve', note.trim() ? { alertId, note } : { alertId }),

    // ------------------------------------------------------------ chat and the staff line
    sendChat: (text: string) => act('chat:send', { text }),
    deleteChatMessage: (messageId: string) => act('chat:delete', { messageId }),
    setChatEnabled: (enabled: boolean) => act('chat:setEnabled', { enabled }),
    setFocusMode: (on: boolean) => act('room:setFocusMode', { on }),
    /** A member writes to the therapists (no `memberId`); staff reply in a member's thread. */
    sendPrivateMessage: (text: string, memberId?: string) =>
      act('chat:private', memberId === undefined ? { text } : { memberId, text }),
    /** Therapists and supervisors: the message shows at once in the sender's own list. */
    async sendStaffMessage(text: string): Promise<boolean> {
      const res = await signal.request('staff:message', { text });
      if (!res.ok) {
        pushError(res.error);
        return false;
      }
      addStaffMessage(res.data);
      return true;
    },

    // ------------------------------------------------------------ quiet reactions
    /**
     * A nod, a heart, a thank-you on one's own tile. Too soon after the last one is dropped quietly
     * (the picker waits a moment between reactions anyway); any other refusal is a notice.
     */
    async sendReaction(kind: ReactionKind): Promise<boolean> {
      const res = await signal.request('reaction:send', { kind });
      if (!res.ok && res.error.code !== 'RATE_LIMITED') pushError(res.error);
      return res.ok;
    },
    setReactionsEnabled: (enabled: boolean) => act('reactions:setEnabled', { enabled }),

    // ------------------------------------------------------------ agenda
    setAgenda: (items: AgendaItemInput[]) => act('agenda:set', { items }),
    applyAgendaTemplate: (templateId: AgendaTemplateId) => act('agenda:useTemplate', { templateId }),
    startAgenda: () => act('agenda:start', {}),
    pauseAgenda: () => act('agenda:pause', {}),
    resumeAgenda: () => act('agenda:resume', {}),
    previousAgendaItem: () => act('agenda:previous', {}),
    nextAgendaItem: () => act('agenda:next', {}),
    extendAgendaItem: (minutes: 1 | 5) => act('agenda:extend', { minutes }),

    // ------------------------------------------------------------ practice in pairs
    startPairs: (minutes: number) => act('pairs:start', { minutes }),
    visitPair: (pairId: string) => act('pairs:visit', { pairId }),
    backToMainRoom: () => act('pairs:visit', { pairId: null }),
    endPairs: () => act('pairs:end', {}),
    messageAllPairs: (text: string) => act('pairs:broadcast', { text }),

    // ------------------------------------------------------------ supervision
    /** The last ten minutes of health, merged with samples that arrived meanwhile. */
    async loadHealthHistory(): Promise<void> {
      const res = await signal.request('health:history', {});
      if (res.ok) seedHealthHistory(res.data.history, res.data.current);
    },
    /** Every live session on this server, for the supervisor's overview. */
    async refreshSessions(): Promise<void> {
      const res = await signal.request('health:sessions', {});
      if (res.ok) useHealthStore.setState({ sessions: res.data.sessions });
    },
  };
}

export type RoomActions = ReturnType<typeof createRoomActions>;
