import {
  type AgreementView,
  type CrisisAlertView,
  type Language,
  type ParticipantDetailView,
  type ParticipantView,
  type RoomView,
  LANGUAGES,
} from '@circle/shared';
import { agendaView } from './agenda.js';
import type { RoundRobinView, SpaceView } from '@circle/shared';
import { MAIN_SPACE, handQueue, isStaffRole, sideRoomSpace, type ParticipantState, type RoomState } from './room.js';
import { agreementOf, byId, unencryptedIn } from './roomState.js';
import { reactionsEnabled } from './reactions.js';
import { seesTile } from './focus.js';

const copyAgreement = (a: AgreementView): AgreementView => ({ ...a, points: [...a.points] });

function publicView(p: ParticipantState, speaking: ReadonlySet<string>, viewerSpace: string): ParticipantView {
  // Someone in another space (a private side room, another pair) is "away": whether their microphone
  // or camera is on there is not for the people outside it.
  const here = p.space === viewerSpace;
  return {
    id: p.id,
    role: p.role,
    displayName: p.displayName,
    status: p.status,
    connected: p.connected,
    reconnecting: p.status === 'admitted' && !p.connected,
    micOn: here && p.micOn,
    cameraOn: here && p.cameraOn,
    handRaisedAt: p.handRaisedAt,
    speaking: speaking.has(p.id) && p.space === viewerSpace,
    away: p.space !== viewerSpace,
    audioOnly: p.audioOnly ?? false,
  };
}

function detailView(p: ParticipantState, speaking: ReadonlySet<string>, viewerSpace: string): ParticipantDetailView {
  const last = p.attendance[p.attendance.length - 1];
  return {
    ...publicView(p, speaking, viewerSpace),
    // Staff see every space's state.
    micOn: p.micOn,
    cameraOn: p.cameraOn,
    listenOnly: p.listenOnly ?? false,
    checkIn: p.checkIn,
    joinedAt: last?.joinedAt ?? null,
    disconnectedAt: p.disconnectedAt,
    reconnects: p.reconnects,
    talkMs: p.talkMs,
    turns: p.turns,
    cannotEncrypt: p.cannotEncrypt ?? false,
  };
}

/** Where the viewer is, and with whom, in words the client can say truthfully. */
function spaceOf(state: RoomState, viewer: ParticipantState): SpaceView {
  if (viewer.space === MAIN_SPACE) return { kind: 'main' };
  const withIds = Object.values(state.participants)
    .filter((p) => p.id !== viewer.id && p.space === viewer.space && p.connected)
    .map((p) => p.id);
  if (viewer.space.startsWith('pair:')) {
    const pairId = viewer.space.slice('pair:'.length);
    const members = state.pairs?.groups.find((g) => g.id === pairId)?.memberIds ?? [];
    // The partners, whether or not they are connected; then anyone visiting (a therapist).
    const ids = [...members.filter((id) => id !== viewer.id), ...withIds.filter((id) => !members.includes(id))];
    return { kind: 'pair', pairId, withIds: ids };
  }
  return { kind: 'side-room', withIds };
}

function roundRobinView(state: RoomState): RoundRobinView | null {
  const rr = state.speaking.roundRobin;
  if (!rr) return null;
  let nextGiven = false;
  return {
    order: rr.order.map((participantId) => {
      let s: RoundRobinView['order'][number]['state'];
      if (state.speaking.floor?.participantId === participantId) s = 'speaking';
      else if (rr.passed.includes(participantId)) s = 'passed';
      else if (rr.done.includes(participantId)) s = 'done';
      else if (!nextGiven) {
        s = 'next';
        nextGiven = true;
      } else s = 'waiting';
      return { participantId, state: s };
    }),
  };
}

export function crisisViews(state: RoomState): CrisisAlertView[] {
  return state.crisis.map((a) => {
    const p = byId(state.participants, a.participantId);
    return {
      id: a.id,
      participantId: a.participantId,
      displayName: p?.displayName ?? '',
      location: p?.checkIn?.location ?? null,
      emergencyContact: p?.checkIn?.emergencyContact ?? null,
      raisedAt: a.raisedAt,
      state: a.state,
      escalated: a.escalated,
      acknowledgedBy: a.acknowledgedBy,
      note: a.note,
      history: a.history,
      sideRoom: Object.values(state.participants)
        .filter((x) => x.space === sideRoomSpace(a.id))
        .map((x) => x.id),
    };
  });
}

/**
 * Parts of views shared by several viewers. `get`: parts of one state (one broadcast), keyed by the
 * part and by every viewer attribute it depends on; never reuse a cache across states for these.
 * `entry`: participant entries, kept across states in `entries` for as long as the participant's
 * state object lives (the domain never changes one in place: a changed participant is a new object).
 */
export class ViewCache {
  private readonly parts = new Map<string, unknown>();
  constructor(private readonly entries: WeakMap<ParticipantState, Map<string, unknown>> = new WeakMap()) {}

  get<T>(key: string, make: () => T): T {
    if (this.parts.has(key)) return this.parts.get(key) as T;
    const value = make();
    this.parts.set(key, value);
    return value;
  }

  entry<T>(p: ParticipantState, variant: string, make: () => T): T {
    let variants = this.entries.get(p);
    if (!variants) this.entries.set(p, (variants = new Map()));
    if (variants.has(variant)) return variants.get(variant) as T;
    const value = make();
    variants.set(variant, value);
    return value;
  }
}

/**
 * The room as one viewer may see it. Members never receive check-ins, lobby entries,
 * talk-time figures or anyone else's crisis alert: privacy is decided here, once. With `cache`
 * (one per state), parts that do not depend on who is looking are built once for all viewers.
 */
export function viewFor(
  state: RoomState,
  viewerId: string,
  now: number,
  speaking: ReadonlySet<string> = new Set(),
  cache?: ViewCache,
): RoomView | null {
  const viewer = byId(state.participants, viewerId);
  if (!viewer) return null;
  const staff = isStaffRole(viewer.role);
  const inRoomOrStaff = staff || viewer.status === 'admitted';
  const part = cache
    ? <T>(key: string, make: () => T): T => cache.get(key, make)
    : <T>(_: string, make: () => T) => make();
  // An entry depends on the participant's state, whether they speak, and the viewer's kind and space.
  const entry = <T>(p: ParticipantState, kind: string, make: () => T): T =>
    cache ? cache.entry(p, `${kind}|${viewer.space}|${speaking.has(p.id)}`, make) : make();
  // Staff see everyone, lobby included; members in the room see who is in the room; the lobby sees no one.
  const visible = Object.values(state.participants).filter(
    (p) => staff || (viewer.status === 'admitted' && p.status === 'admitted'),
  );
  const base: RoomView = {
    sessionId: state.sessionId,
    title: state.title,
    startsAt: state.startsAt,
    durationMinutes: state.durationMinutes,
    locked: state.locked,
    maxMembers: state.maxMembers,
    you: {
      id: viewer.id,
      role: viewer.role,
      status: viewer.status,
      displayName: viewer.displayName,
      inSideRoom: viewer.space !== MAIN_SPACE,
      space: spaceOf(state, viewer),
    },
    onBreak: state.onBreak,
    breakCause: state.onBreak ? (state.breakState?.cause ?? 'therapist') : null,
    chatEnabled: state.chat.enabled,
    reactionsEnabled: reactionsEnabled(state),
    unencrypted: unencryptedIn(state),
    backgrounds: state.backgrounds ?? 'blur-or-replace',
    pairs: state.pairs
      ? {
          endsAt: state.pairs.endsAt,
          groups: staff ? state.pairs.groups : state.pairs.groups.filter((g) => g.memberIds.includes(viewer.id)),
        }
      : null,
    ...(state.language === undefined ? {} : { language: state.language }),
    ...(viewer.status === 'arriving'
      ? {
          agreement: copyAgreement(agreementOf(state)),
          agreements: Object.fromEntries(
            LANGUAGES.map((lang) => [lang, copyAgreement(agreementOf(state, lang))]),
          ) as Record<Language, AgreementView>,
        }
      : {}),
    ...(state.focusMode ? { focusMode: true } : {}),
    // Each entry depends on the viewer only through its kind (staff or not; for members, whether they
    // see the tile) and space.
    participants: staff
      ? visible.map((p) => entry(p, 'S', () => detailView(p, speaking, viewer.space)))
      : // In focus mode a member knows the others by name (the floor, the hands, the chat), not by their camera.
        visible.map((p) =>
          seesTile(state, viewer.id, p.id)
            ? entry(p, 'M', () => publicView(p, speaking, viewer.space))
            : entry(p, 'M-', () => ({ ...publicView(p, speaking, viewer.space), cameraOn: false, tile: false })),
        ),
    speaking: part(`speaking|${inRoomOrStaff}`, () => ({
      mode: state.speaking.mode,
      turnSeconds: state.speaking.turnSeconds,
      expiry: state.speaking.expiry,
      // The lobby sees no one in the room, so neither the queue nor who has the floor.
      queue: inRoomOrStaff ? handQueue(state).map((p) => ({ participantId: p.id, raisedAt: p.handRaisedAt ?? 0 })) : [],
      floor: inRoomOrStaff ? state.speaking.floor : null,
      roundRobin: inRoomOrStaff ? roundRobinView(state) : null,
    })),
    agenda: part('agenda', () => agendaView(state.agenda, now)),
  };
  if (staff) return { ...base, crisisAlerts: part('crisis', () => crisisViews(state)) };
  const mine = [...state.crisis].reverse().find((a) => a.participantId === viewer.id);
  return {
    ...base,
    myCrisis: mine ? { id: mine.id, state: mine.state, raisedAt: mine.raisedAt, escalated: mine.escalated } : null,
  };
}
