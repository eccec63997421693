/**
 * The agenda in the room: its clock's changes and warnings, and each item's speaking policy.
 */
import { say, type SpeakingMode, type AgendaItemInput, templateItems } from '@circle/shared';
import * as agendaClock from './agenda.js';
import {
  type Ctx,
  DEFAULT_TURN_SECONDS,
  type Decision,
  type DomainEvent,
  type Handlers,
  MAIN_SPACE,
  type RoomState,
  type RoundRobin,
  TURN_TIMER,
  admittedMembers,
  done,
  muteLocally,
  no,
  type ResultOf,
} from './roomState.js';
import { endPairs, startPairs } from './pairs.js';
import { endFloor, giveFloor, nextInRoundRobin } from './floor.js';

export const AGENDA_TIMER = 'agenda';

/** Apply an agenda change; entering a new item applies its speaking policy and announces it. */
export function agendaChange(state: RoomState, r: agendaClock.AgendaResult, now: number, entering: boolean): Decision {
  if (!r.ok) return no(r.code);
  const before = agendaClock.currentItem(state.agenda);
  let next: RoomState = { ...state, agenda: r.agenda };
  const events: DomainEvent[] = [{ type: 'cancel', key: AGENDA_TIMER }];
  const item = agendaClock.currentItem(r.agenda);
  if (
    entering &&
    item &&
    r.agenda.status !== 'finished' &&
    (item.id !== before?.id || state.agenda.status === 'not-started')
  ) {
    events.push({
      type: 'roomNotice',
      kind: 'agenda-item-started',
      ...say('agendaItemStarted', { title: item.title }),
    });
    const applied = applyPolicy(next, item.policy, item.plannedMinutes, now, before?.policy === 'round-robin');
    next = applied.state;
    events.push(...applied.events);
  }
  const t = agendaClock.tick(next.agenda, now);
  next = { ...next, agenda: t.agenda };
  events.push(...agendaWarnings(t.warnings));
  if (t.nextAt !== null)
    events.push({ type: 'schedule', key: AGENDA_TIMER, at: t.nextAt, command: { type: 'agendaTick' } });
  return done(next, events);
}

export function agendaWarnings(warnings: agendaClock.AgendaWarning[]): DomainEvent[] {
  return warnings.map((w) =>
    w.kind === 'soon'
      ? { type: 'roomNotice', kind: 'agenda-warning', ...say('agendaItemSoon', { title: w.title }) }
      : { type: 'roomNotice', kind: 'agenda-item-ended', ...say('agendaItemEnded', { title: w.title }) },
  );
}

/** An agenda item's speaking policy drives the room: open, facilitated, or a round robin of everyone present. */
export function applyPolicy(
  state: RoomState,
  policy: AgendaItemInput['policy'],
  plannedMinutes: number,
  now: number,
  leavingRoundRobin: boolean,
): { state: RoomState; events: DomainEvent[] } {
  const events: DomainEvent[] = [];
  let next = state;
  if (leavingRoundRobin || next.speaking.roundRobin) {
    // The round robin's order and hard turn length end with it.
    next = {
      ...next,
      speaking: { ...next.speaking, turnSeconds: DEFAULT_TURN_SECONDS, expiry: 'soft', roundRobin: null },
    };
  }
  if (next.pairs) {
    const ended = endPairs(next);
    next = ended.state;
    events.push(...ended.events);
  }
  if (next.speaking.floor) {
    if (next.speaking.mode === 'facilitated')
      events.push({ type: 'muteAudio', participantId: next.speaking.floor.participantId });
    next = endFloor(next, now);
    events.push({ type: 'cancel', key: TURN_TIMER });
  }
  if (policy === 'pairs') {
    // Practice in pairs for the item's time; the main room stays open for anyone left.
    const started = startPairs({ ...next, speaking: { ...next.speaking, mode: 'open' } }, plannedMinutes, now);
    return started.ok ? { state: started.state, events: [...events, ...started.events] } : { state: next, events };
  }
  const mode: SpeakingMode = policy === 'open' ? 'open' : 'facilitated';
  next = { ...next, speaking: { ...next.speaking, mode } };
  if (mode === 'facilitated') {
    for (const p of Object.values(next.participants)) {
      if (p.role === 'member' && p.micOn && p.space === MAIN_SPACE)
        events.push({ type: 'muteAudio', participantId: p.id });
    }
    next = muteLocally(next, events);
  }
  if (policy === 'round-robin') {
    const present = admittedMembers(next)
      .filter((p) => p.connected && p.space === MAIN_SPACE)
      .sort((a, b) => a.displayName.localeCompare(b.displayName) || a.id.localeCompare(b.id));
    if (present.length > 0) {
      // Everyone present in a visible order (not raised hands); those listening only have passed.
      // Each turn gets an equal share of the item's time.
      const speakers = present.filter((p) => !p.listenOnly);
      const turnSeconds = Math.max(30, Math.floor((plannedMinutes * 60) / Math.max(1, speakers.length)));
      const roundRobin: RoundRobin = {
        order: present.map((p) => p.id),
        done: [],
        passed: present.filter((p) => p.listenOnly).map((p) => p.id),
      };
      next = {
        ...next,
        speaking: { ...next.speaking, turnSeconds, expiry: 'hard', roundRobin },
        passLog: [
          ...(next.passLog ?? []),
          ...roundRobin.passed.map((id) => ({ participantId: id, at: now, how: 'listening-only' as const })),
        ],
      };
      const first = nextInRoundRobin(next);
      const given = first ? giveFloor(next, first.id, now) : null;
      if (given?.ok) {
        next = given.state;
        events.push(...given.events);
      }
    }
  }
  return { state: next, events };
}

const onAgendaSet = ({ state, command, now }: Ctx<'agendaSet'>): Decision<ResultOf<'agendaSet'>> => {
  return agendaChange(state, agendaClock.setItems(state.agenda, command.items), now, false);
};

const onAgendaTemplate = ({ state, command, now }: Ctx<'agendaTemplate'>): Decision<ResultOf<'agendaTemplate'>> => {
  return agendaChange(
    state,
    agendaClock.setItems(state.agenda, templateItems(command.templateId, state.language)),
    now,
    false,
  );
};

const onAgendaStart = ({ state, now }: Ctx<'agendaStart'>): Decision<ResultOf<'agendaStart'>> => {
  return agendaChange(state, agendaClock.start(state.agenda, now), now, true);
};

const onAgendaPause = ({ state, now }: Ctx<'agendaPause'>): Decision<ResultOf<'agendaPause'>> => {
  return agendaChange(state, agendaClock.pause(state.agenda, now), now, false);
};

const onAgendaResume = ({ state, now }: Ctx<'agendaResume'>): Decision<ResultOf<'agendaResume'>> => {
  return agendaChange(state, agendaClock.resume(state.agenda, now), now, false);
};

const onAgendaNext = ({ state, now }: Ctx<'agendaNext'>): Decision<ResultOf<'agendaNext'>> => {
  return agendaChange(state, agendaClock.next(state.agenda, now), now, true);
};

const onAgendaPrevious = ({ state, now }: Ctx<'agendaPrevious'>): Decision<ResultOf<'agendaPrevious'>> => {
  return agendaChange(state, agendaClock.previous(state.agenda, now), now, true);
};

const onAgendaExtend = ({ state, command, now }: Ctx<'agendaExtend'>): Decision<ResultOf<'agendaExtend'>> => {
  return agendaChange(state, agendaClock.extend(state.agenda, command.minutes), now, false);
};

const onAgendaTick = ({ state, now }: Ctx<'agendaTick'>): Decision<ResultOf<'agendaTick'>> => {
  const t = agendaClock.tick(state.agenda, now);
  const events = agendaWarnings(t.warnings);
  if (t.nextAt !== null)
    events.push({ type: 'schedule', key: AGENDA_TIMER, at: t.nextAt, command: { type: 'agendaTick' } });
  return done({ ...state, agenda: t.agenda }, events);
};

export const AGENDA_POLICY_HANDLERS: Handlers<
  | 'agendaSet'
  | 'agendaTemplate'
  | 'agendaStart'
  | 'agendaPause'
  | 'agendaResume'
  | 'agendaNext'
  | 'agendaPrevious'
  | 'agendaExtend'
  | 'agendaTick'
> = {
  agendaSet: onAgendaSet,
  agendaTemplate: onAgendaTemplate,
  agendaStart: onAgendaStart,
  agendaPause: onAgendaPause,
  agendaResume: onAgendaResume,
  agendaNext: onAgendaNext,
  agendaPrevious: onAgendaPrevious,
  agendaExtend: onAgendaExtend,
  agendaTick: onAgendaTick,
};
