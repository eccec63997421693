import { describe, expect, it } from 'vitest';
import type { ParticipantDetailView, ParticipantView } from '@circle/shared';
import { displayNameOf, hasDetails, participantDetails, participantsOf } from './roster';
import { roomView } from '../test/fakes';

const ana: ParticipantView = {
  id: 'p1',
  role: 'member',
  displayName: 'Ana',
  status: 'admitted',
  connected: true,
  reconnecting: false,
  micOn: false,
  cameraOn: true,
  handRaisedAt: null,
  speaking: false,
  away: false,
  audioOnly: false,
};
const anaInDetail: ParticipantDetailView = {
  ...ana,
  listenOnly: false,
  cannotEncrypt: false,
  checkIn: null,
  joinedAt: 1,
  disconnectedAt: null,
  reconnects: 0,
  talkMs: 0,
  turns: 0,
};

describe('roster selectors', () => {
  it('staff get everyone with the details the server sent them', () => {
    const view = roomView('therapist', { participants: [anaInDetail] });
    expect(participantDetails(view)).toEqual([anaInDetail]);
  });

  it('a member’s view has no details, so nothing is read as if it had', () => {
    expect(participantDetails(roomView('member', { participants: [ana] }))).toEqual([]);
    expect(hasDetails(ana)).toBe(false);
    expect(hasDetails(anaInDetail)).toBe(true);
  });

  it('everyone may see names', () => {
    const view = roomView('member', { participants: [ana] });
    expect(participantsOf(view)).toEqual([ana]);
    expect(displayNameOf(view, 'p1')).toBe('Ana');
    expect(displayNameOf(view, 'nobody')).toBeUndefined();
  });
});
