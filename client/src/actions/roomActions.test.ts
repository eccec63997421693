import { beforeEach, describe, expect, it } from 'vitest';
import type { ClientEventName, HealthPoint, StaffMessageView } from '@circle/shared';
import { createRoomActions, type RoomActions } from './roomActions';
import { FakeSignal, resetStores } from '../test/fakes';
import { useRoomStore } from '../stores/useRoomStore';
import { useHealthStore } from '../stores/useHealthStore';

/** Every command the accepting server answers with no data (or with a small count). */
const ACCEPTING = new FakeSignal({
  'lobby:admit': null,
  'lobby:admitAll': { admitted: 2 },
  'lobby:decline': null,
  'hand:raise': null,
  'hand:lower': null,
  'floor:give': null,
  'floor:next': null,
  'floor:takeBack': null,
  'floor:end': null,
  'turn:pass': null,
  'speaking:setMode': null,
  'speaking:setTurn': null,
  'participant:mute': null,
  'participant:muteAll': { muted: 3 },
  'participant:askUnmute': null,
  'participant:stopCamera': null,
  'participant:remove': null,
  'room:lock': null,
  'room:break': null,
  'room:end': null,
  'crisis:acknowledge': null,
  'crisis:sideRoom': null,
  'crisis:return': null,
  'crisis:resolve': null,
  'chat:send': { messageId: 'm1' },
  'chat:delete': null,
  'chat:setEnabled': null,
  'room:setFocusMode': null,
  'chat:private': { messageId: 'm2' },
  'agenda:set': null,
  'agenda:useTemplate': null,
  'agenda:start': null,
  'agenda:pause': null,
  'agenda:resume': null,
  'agenda:previous': null,
  'agenda:next': null,
  'agenda:extend': null,
  'pairs:start': { pairs: 2 },
  'pairs:visit': null,
  'pairs:end': null,
  'pairs:broadcast': null,
});

const ITEM = { title: 'Check-in', plannedMinutes: 10, policy: 'round-robin' } as const;

/** Each named action, the one event it sends and its payload. */
const COMMANDS: [string, (a: RoomActions) => Promise<boolean>, ClientEventName, unknown][] = [
  ['admit', (a) => a.admit('p1'), 'lobby:admit', { participantId: 'p1' }],
  ['admit without encryption', (a) => a.admit('p1', true), 'lobby:admit', { participantId: 'p1', unencrypted: true }],
  ['admitAll', (a) => a.admitAll(), 'lobby:admitAll', {}],
  ['decline', (a) => a.decline('p1', 'Not today.'), 'lobby:decline', { participantId: 'p1', message: 'Not today.' }],
  ['decline, in the member’s own words', (a) => a.decline('p1'), 'lobby:decline', { participantId: 'p1' }],
  ['raiseHand', (a) => a.raiseHand(), 'hand:raise', {}],
  ['lowerHand', (a) => a.lowerHand(), 'hand:lower', {}],
  ['giveFloor', (a) => a.giveFloor('p2'), 'floor:give', { participantId: 'p2' }],
  ['giveFloorToNext', (a) => a.giveFloorToNext(), 'floor:next', {}],
  ['takeFloorBack', (a) => a.takeFloorBack(), 'floor:takeBack', {}],
  ['endMyTurn', (a) => a.endMyTurn(), 'floor:end', {}],
  ['passTurn', (a) => a.passTurn(), 'turn:pass', {}],
  ['setSpeakingMode', (a) => a.setSpeakingMode('facilitated'), 'speaking:setMode', { mode: 'facilitated' }],
  ['setTurn', (a) => a.setTurn(180, 'hard'), 'speaking:setTurn', { turnSeconds: 180, expiry: 'hard' }],
  ['mute', (a) => a.mute('p3'), 'participant:mute', { participantId: 'p3' }],
  ['muteAll', (a) => a.muteAll(), 'participant:muteAll', {}],
  ['askToUnmute', (a) => a.askToUnmute('p3'), 'participant:askUnmute', { participantId: 'p3' }],
  ['stopCameraOf', (a) => a.stopCameraOf('p3'), 'participant:stopCamera', { participantId: 'p3' }],
  ['removeParticipant', (a) => a.removeParticipant('p3'), 'participant:remove', { participantId: 'p3' }],
  ['lockRoom', (a) => a.lockRoom(true), 'room:lock', { locked: true }],
  ['startBreak', (a) => a.startBreak(), 'room:break', { on: true }],
  ['endBreak', (a) => a.endBreak(), 'room:break', { on: false }],
  ['endSessionForEveryone', (a) => a.endSessionForEveryone(), 'room:end', {}],
  ['acknowledgeAlert', (a) => a.acknowledgeAlert('a1'), 'crisis:acknowledge', { alertId: 'a1' }],
  ['openSideRoom', (a) => a.openSideRoom('a1'), 'crisis:sideRoom', { alertId: 'a1' }],
  ['returnToGroup', (a) => a.returnToGroup('a1'), 'crisis:return', { alertId: 'a1' }],
  [
    'resolveAlert with a note',
    (a) => a.resolveAlert('a1', 'Called back'),
    'crisis:resolve',
    { alertId: 'a1', note: 'Called back' },
  ],
  ['resolveAlert with a blank note', (a) => a.resolveAlert('a1', '  '), 'crisis:resolve', { alertId: 'a1' }],
  ['sendChat', (a) => a.sendChat('hello'), 'chat:send', { text: 'hello' }],
  ['deleteChatMessage', (a) => a.deleteChatMessage('m1'), 'chat:delete', { messageId: 'm1' }],
  ['setChatEnabled', (a) => a.setChatEnabled(false), 'chat:setEnabled', { enabled: false }],
  ['setFocusMode', (a) => a.setFocusMode(true), 'room:setFocusMode', { on: true }],
  ['sendPrivateMessage (a member)', (a) => a.sendPrivateMessage('help'), 'chat:private', { text: 'help' }],
  [
    'sendPrivateMessage (a reply)',
    (a) => a.sendPrivateMessage('ok', 'p1'),
    'chat:private',
    { memberId: 'p1', text: 'ok' },
  ],
  ['setAgenda', (a) => a.setAgenda([ITEM]), 'agenda:set', { items: [ITEM] }],
  ['applyAgendaTemplate', (a) => a.applyAgendaTemplate('dbt-90'), 'agenda:useTemplate', { templateId: 'dbt-90' }],
  ['startAgenda', (a) => a.startAgenda(), 'agenda:start', {}],
  ['pauseAgenda', (a) => a.pauseAgenda(), 'agenda:pause', {}],
  ['resumeAgenda', (a) => a.resumeAgenda(), 'agenda:resume', {}],
  ['previousAgendaItem', (a) => a.previousAgendaItem(), 'agenda:previous', {}],
  ['nextAgendaItem', (a) => a.nextAgendaItem(), 'agenda:next', {}],
  ['extendAgendaItem', (a) => a.extendAgendaItem(5), 'agenda:extend', { minutes: 5 }],
  ['startPairs', (a) => a.startPairs(10), 'pairs:start', { minutes: 10 }],
  ['visitPair', (a) => a.visitPair('pair-1'), 'pairs:visit', { pairId: 'pair-1' }],
  ['backToMainRoom', (a) => a.backToMainRoom(), 'pairs:visit', { pairId: null }],
  ['endPairs', (a) => a.endPairs(), 'pairs:end', {}],
  ['messageAllPairs', (a) => a.messageAllPairs('2 minutes left'), 'pairs:broadcast', { text: '2 minutes left' }],
];

const notices = () => useRoomStore.getState().notices.map((n) => [n.kind, n.text]);

describe('room actions', () => {
  beforeEach(() => {
    resetStores();
    ACCEPTING.sent.length = 0;
  });

  it.each(COMMANDS)('%s sends one %s with its payload', async (_name, run, event, payload) => {
    const ok = await run(createRoomActions(ACCEPTING));
    expect(ok).toBe(true);
    expect(ACCEPTING.sent).toEqual([{ event, payload }]);
    expect(notices()).toEqual([]);
  });

  it.each(COMMANDS)('%s refused: the person sees why, as an error notice', async (_name, run) => {
    const ok = await run(createRoomActions(new FakeSignal().refuse('NOT_YOUR_TURN')));
    expect(ok).toBe(false);
    expect(notices()).toEqual([['error', 'It is not your turn to speak yet.']]);
  });

  describe('check-in', () => {
    it('sends the answers, confirming the private place, without an empty emergency contact', async () => {
      const signal = new FakeSignal({ 'session:checkIn': { status: 'waiting' } });
      const res = await createRoomActions(signal).checkIn({
        agreementVersion: '3',
        location: 'Portland, OR',
        emergencyContact: '   ',
      });
      expect(res).toEqual({ ok: true });
      expect(signal.sent).toEqual([
        {
          event: 'session:checkIn',
          payload: { agreementVersion: '3', location: 'Portland, OR', privateSafePlace: true },
        },
      ]);
    });

    it('sends an emergency contact when one is given', async () => {
      const signal = new FakeSignal({ 'session:checkIn': { status: 'waiting' } });
      await createRoomActions(signal).checkIn({ agreementVersion: '3', location: 'Here', emergencyContact: 'Jo 555' });
      expect(signal.sent[0]?.payload).toMatchObject({ emergencyContact: 'Jo 555' });
    });

    it('a refusal is returned for the form to show, not as a notice', async () => {
      const res = await createRoomActions(new FakeSignal().refuse('ROOM_LOCKED')).checkIn({
        agreementVersion: '3',
        location: 'Here',
      });
      expect(res).toEqual({ ok: false, message: 'The therapist has locked this session.' });
      expect(notices()).toEqual([]);
    });
  });

  describe('crisis alert', () => {
    it('tells the therapists with one crisis:alert', async () => {
      const signal = new FakeSignal({ 'crisis:alert': { alertId: 'a9' } });
      expect(await createRoomActions(signal).raiseCrisisAlert()).toBe(true);
      expect(signal.sent).toEqual([{ event: 'crisis:alert', payload: {} }]);
    });

    it('a failure is left to the crisis panel (its own line pointing to 988), with no notice over it', async () => {
      expect(await createRoomActions(new FakeSignal().refuse('INTERNAL')).raiseCrisisAlert()).toBe(false);
      expect(notices()).toEqual([]);
    });
  });

  describe('staff line', () => {
    const MESSAGE: StaffMessageView = { id: 's1', fromId: 'me', fromRole: 'therapist', text: 'Ana seems low', at: 5 };

    it('a sent message shows at once in the sender’s own list', async () => {
      const signal = new FakeSignal({ 'staff:message': MESSAGE });
      expect(await createRoomActions(signal).sendStaffMessage('Ana seems low')).toBe(true);
      expect(signal.sent).toEqual([{ event: 'staff:message', payload: { text: 'Ana seems low' } }]);
      expect(useHealthStore.getState().staffMessages).toEqual([MESSAGE]);
    });

    it('a refused message is not listed, and the refusal is a notice', async () => {
      expect(await createRoomActions(new FakeSignal().refuse('FORBIDDEN')).sendStaffMessage('x')).toBe(false);
      expect(useHealthStore.getState().staffMessages).toEqual([]);
      expect(notices()).toEqual([['error', 'Your role in this session does not allow that.']]);
    });
  });

  describe('supervision', () => {
    const POINT: HealthPoint = { at: 1_000, cpuPct: 12, participants: { p1: [300, 900, 0, 40] } };

    it('loading the health history fills the charts', async () => {
      const signal = new FakeSignal({ 'health:history': { history: [POINT], current: null } });
      await createRoomActions(signal).loadHealthHistory();
      expect(useHealthStore.getState().history).toEqual([POINT]);
    });

    it('refreshing the sessions lists them; a refusal leaves the list as it was', async () => {
      const summary = {
        sessionId: 's2',
        title: null,
        yours: false,
        participants: { member: 4, therapist: 1, supervisor: 0 },
        openAlerts: 0,
        openCrisisAlerts: 1,
        worst: 'fair',
        sampledAt: 10,
      } as const;
      await createRoomActions(new FakeSignal({ 'health:sessions': { sessions: [summary] } })).refreshSessions();
      expect(useHealthStore.getState().sessions).toEqual([summary]);
      await createRoomActions(new FakeSignal().refuse('FORBIDDEN')).refreshSessions();
      expect(useHealthStore.getState().sessions).toEqual([summary]);
    });
  });
});
