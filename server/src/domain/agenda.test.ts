import { describe, test, expect } from 'vitest';
import {
  AGENDA_TEMPLATES,
  AGENDA_TEMPLATE_IDS,
  AGENDA_WARNING_MS,
  type AgendaItemInput,
  type AgendaPolicy,
  type AgendaTemplateId,
} from '@circle/shared';
import {
  type Agenda,
  type AgendaResult,
  agendaView,
  emptyAgenda,
  extend,
  itemRemainingMs,
  next,
  pause,
  previous,
  resume,
  setItems,
  start,
  tick,
  totalPlannedMinutes,
} from './agenda.js';

// ------------------------------------------------------------------ helpers

const T0 = Date.UTC(2026, 11, 1, 18, 0, 0);
const MINUTE = 60_000;
const SECOND = 1000;
/** `m` minutes after T0. */
const at = (m: number) => T0 + m * MINUTE;

const item = (title: string, plannedMinutes: number, policy: AgendaPolicy = 'facilitated'): AgendaItemInput => ({
  title,
  plannedMinutes,
  policy,
});

/** Check-in 15, Teaching 10, Practice 20: 45 minutes. */
const PLAN = [item('Check-in', 15, 'round-robin'), item('Teaching', 10), item('Practice', 20, 'open')];

/** The agenda after a change that must succeed. */
function must(r: AgendaResult): Agenda {
  if (!r.ok) throw new Error(`refused: ${r.code}`);
  return r.agenda;
}

/** The agenda a change was refused with, or 'accepted'. */
const codeOf = (r: AgendaResult) => (r.ok ? 'accepted' : r.code);

const planned = (items: readonly AgendaItemInput[] = PLAN) => must(setItems(emptyAgenda(), items));
/** PLAN, started at T0. */
const started = (items: readonly AgendaItemInput[] = PLAN) => must(start(planned(items), T0));

type Step = (a: Agenda) => AgendaResult;
const run = (a: Agenda, steps: readonly Step[]) => steps.reduce((s, step) => must(step(s)), a);

/** A change made at minute `m`. */
function atMinute(change: (a: Agenda, now: number) => AgendaResult): (m: number) => Step {
  return (m) => (a) => change(a, at(m));
}
const pauseAt = atMinute(pause);
const resumeAt = atMinute(resume);
const nextAt = atMinute(next);
const previousAt = atMinute(previous);
/** Run the timer at minute `m`, keeping what it recorded. */
const tickAt = atMinute((a, now) => ({ ok: true, agenda: tick(a, now).agenda }));
function extendBy(minutes: number): Step {
  return (a) => extend(a, minutes);
}

const titles = (a: Agenda) => a.items.map((i) => i.title);
const warningsAt = (a: Agenda, m: number) => tick(a, at(m)).warnings.map((w) => w.kind);

/** Run the timer at each minute in turn, as the room would; the warnings each tick gave. */
function warningsOver(a: Agenda, minutes: readonly number[]): string[][] {
  const given: string[][] = [];
  minutes.reduce((s, m) => {
    const t = tick(s, at(m));
    given.push(t.warnings.map((w) => w.kind));
    return t.agenda;
  }, a);
  return given;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

// ------------------------------------------------------------------ starting

describe('starting', () => {
  test.each([
    ['an empty plan cannot start (INVALID_STATE)', () => start(emptyAgenda(), T0), 'INVALID_STATE'],
    ['a plan with items starts', () => start(planned(), T0), 'accepted'],
    ['a started plan cannot start again (INVALID_STATE)', () => start(started(), at(1)), 'INVALID_STATE'],
    [
      'a finished plan cannot start again (INVALID_STATE)',
      () => start(run(started(), [nextAt(1), nextAt(2), nextAt(3)]), at(4)),
      'INVALID_STATE',
    ],
  ] as const)('%s', (_rule, change, code) => {
    expect(codeOf(change())).toBe(code);
  });

  test('starting runs the first item from now', () => {
    const view = agendaView(started(), T0);
    expect(view).toMatchObject({
      status: 'running',
      currentIndex: 0,
      itemRemainingMs: 15 * MINUTE,
      itemEndsAt: at(15),
    });
    expect(view.items.map((i) => i.state)).toEqual(['current', 'upcoming', 'upcoming']);
  });

  test('before the start every item is upcoming and nothing is running', () => {
    const view = agendaView(planned(), at(5));
    expect(view).toMatchObject({ status: 'not-started', currentIndex: null, itemRemainingMs: null, itemEndsAt: null });
    expect(view.items.map((i) => [i.state, i.actualMs])).toEqual([
      ['upcoming', null],
      ['upcoming', null],
      ['upcoming', null],
    ]);
  });

  test.each([
    ['pause', (a: Agenda) => pause(a, T0)],
    ['resume', (a: Agenda) => resume(a, T0)],
    ['next', (a: Agenda) => next(a, T0)],
    ['previous', (a: Agenda) => previous(a, T0)],
    ['extend', (a: Agenda) => extend(a, 5)],
  ])('%s before the start is refused (INVALID_STATE)', (_what, change) => {
    expect(codeOf(change(planned()))).toBe('INVALID_STATE');
  });
});

// ------------------------------------------------------------------ the clock

describe('the item clock', () => {
  test.each([
    ['remaining time counts down with now', [], at(5), 10 * MINUTE],
    ['remaining time counts down to the millisecond', [], at(5) + 1, 10 * MINUTE - 1],
    ['pause freezes the remaining time', [pauseAt(5)], at(12), 10 * MINUTE],
    ['resume continues from where it paused', [pauseAt(5), resumeAt(12)], at(15), 7 * MINUTE],
    ['two pauses both stop the clock', [pauseAt(2), resumeAt(4), pauseAt(6), resumeAt(10)], at(11), 10 * MINUTE],
    ['extend +1 adds a minute', [extendBy(1)], at(5), 11 * MINUTE],
    ['extend +5 adds five minutes', [extendBy(5)], at(5), 15 * MINUTE],
    ['extensions add up', [extendBy(5), extendBy(1), extendBy(5)], at(5), 21 * MINUTE],
    ['extend while paused adds time', [pauseAt(5), extendBy(5)], at(30), 15 * MINUTE],
    ['past the planned end the remaining time is negative (overtime)', [], at(17), -2 * MINUTE],
    ['overtime is counted from the extended end', [extendBy(1)], at(17), -1 * MINUTE],
  ] as const)('%s', (_rule, steps, now, remaining) => {
    const a = run(started(), steps);
    expect(itemRemainingMs(a, now)).toBe(remaining);
    expect(agendaView(a, now).itemRemainingMs).toBe(remaining);
  });

  test('overtime shows in the view as a negative remaining time, with the end in the past', () => {
    const view = agendaView(started(), at(17.5));
    expect(view).toMatchObject({ itemRemainingMs: -2.5 * MINUTE, itemEndsAt: at(15), asOf: at(17.5) });
    expect(view.items[0]).toMatchObject({ state: 'current', actualMs: 17.5 * MINUTE });
  });

  test('a paused item has no end time; a resumed one ends later by the pause', () => {
    const paused = run(started(), [pauseAt(5)]);
    expect(agendaView(paused, at(8))).toMatchObject({ status: 'paused', itemEndsAt: null });
    expect(agendaView(must(resume(paused, at(8))), at(8)).itemEndsAt).toBe(at(18));
  });

  test.each([
    ['pause while paused', [pauseAt(5)], pauseAt(6)],
    ['resume while running', [], resumeAt(6)],
    ['resume after the last item', [nextAt(1), nextAt(2), nextAt(3)], resumeAt(6)],
    ['extend after the last item', [nextAt(1), nextAt(2), nextAt(3)], extendBy(5)],
  ] as const)('%s is refused (INVALID_STATE)', (_what, steps, change) => {
    expect(codeOf(change(run(started(), steps)))).toBe('INVALID_STATE');
  });
});

// ------------------------------------------------------------------ moving between items

describe('next and previous', () => {
  test('next closes the item with its actual time and starts the next one from now', () => {
    const a = run(started(), [nextAt(12)]);
    const view = agendaView(a, at(13));
    expect(view.items.map((i) => [i.state, i.actualMs])).toEqual([
      ['done', 12 * MINUTE],
      ['current', 1 * MINUTE],
      ['upcoming', null],
    ]);
    expect(view).toMatchObject({ currentIndex: 1, itemRemainingMs: 9 * MINUTE, itemEndsAt: at(22) });
    expect(a.items[0]).toMatchObject({ startedAt: T0, endedAt: at(12) });
    expect(a.items[1]).toMatchObject({ startedAt: at(12), endedAt: null });
  });

  test.each([
    ['an item left early', [nextAt(12)], 12 * MINUTE],
    ['an item run over time', [nextAt(18)], 18 * MINUTE],
    ['an item paused along the way (the pause does not count)', [pauseAt(5), resumeAt(10), nextAt(20)], 15 * MINUTE],
    ['an item left while paused', [pauseAt(5), nextAt(20)], 5 * MINUTE],
  ] as const)('the actual time of %s is the time it ran', (_what, steps, actual) => {
    expect(agendaView(run(started(), steps), at(30)).items[0]?.actualMs).toBe(actual);
  });

  test('next while paused moves on without starting the clock', () => {
    const a = run(started(), [pauseAt(5), nextAt(6)]);
    expect(agendaView(a, at(20))).toMatchObject({ status: 'paused', currentIndex: 1, itemRemainingMs: 10 * MINUTE });
  });

  test('next after the last item finishes the agenda', () => {
    const a = run(started(), [nextAt(15), nextAt(25), nextAt(46)]);
    const view = agendaView(a, at(50));
    expect(view).toMatchObject({
      status: 'finished',
      currentIndex: null,
      itemRemainingMs: null,
      itemEndsAt: null,
      sessionRemainingMs: 0,
    });
    expect(view.items.map((i) => [i.state, i.actualMs])).toEqual([
      ['done', 15 * MINUTE],
      ['done', 10 * MINUTE],
      ['done', 21 * MINUTE],
    ]);
    expect(codeOf(next(a, at(51)))).toBe('INVALID_STATE');
  });

  test('previous reopens the item before, whose clock carries on from its actual time', () => {
    const a = run(started(), [nextAt(10), previousAt(12)]);
    expect(a.items[0]).toMatchObject({ startedAt: T0, endedAt: null });
    const view = agendaView(a, at(13));
    expect(view).toMatchObject({ status: 'running', currentIndex: 0, itemRemainingMs: 4 * MINUTE });
    expect(view.items.map((i) => [i.state, i.actualMs])).toEqual([
      ['current', 11 * MINUTE],
      ['upcoming', 2 * MINUTE],
      ['upcoming', null],
    ]);
  });

  test('previous while paused reopens the item before, still paused', () => {
    const a = run(started(), [nextAt(10), pauseAt(12), previousAt(13)]);
    expect(agendaView(a, at(20))).toMatchObject({ status: 'paused', currentIndex: 0, itemRemainingMs: 5 * MINUTE });
  });

  test('previous after the agenda finished reopens the last item and runs it', () => {
    // Practice ran 15 of its 20 minutes; the agenda then stood finished for a minute.
    const a = run(started(), [nextAt(15), nextAt(25), nextAt(40), previousAt(41)]);
    expect(a.items[2]?.endedAt).toBeNull();
    expect(agendaView(a, at(42))).toMatchObject({ status: 'running', currentIndex: 2, itemRemainingMs: 4 * MINUTE });
  });

  test('next onto an item that ran before reopens it: no end time while it runs again', () => {
    // Teaching ran from minute 15 to 18, the group went back, then on to Teaching again at 20.
    const a = run(started(), [nextAt(15), previousAt(18), nextAt(20)]);
    expect(agendaView(a, at(21)).items[1]).toMatchObject({ state: 'current', actualMs: 4 * MINUTE });
    expect(a.items[1]).toMatchObject({ startedAt: at(15), endedAt: null });
  });

  test('previous on the first item is refused (INVALID_STATE)', () => {
    expect(codeOf(previous(started(), at(1)))).toBe('INVALID_STATE');
  });
});

// ------------------------------------------------------------------ editing

describe('editing the plan', () => {
  test('before the start an edit replaces the whole plan', () => {
    const a = must(setItems(planned(), [item('Mindfulness', 10), item('Sharing', 50)]));
    expect(titles(a)).toEqual(['Mindfulness', 'Sharing']);
    expect(new Set(a.items.map((i) => i.id)).size).toBe(2);
  });

  test('after the start an edit keeps the items that ran and replaces only the later ones', () => {
    const before = run(started(), [nextAt(15)]);
    const a = must(setItems(before, [item('Role play', 25), item('Check-out', 5, 'round-robin')]));
    expect(titles(a)).toEqual(['Check-in', 'Teaching', 'Role play', 'Check-out']);
    expect(a.items.slice(0, 2)).toEqual(before.items.slice(0, 2));
    const ids = a.items.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('an edit does not disturb the running item', () => {
    const a = must(setItems(run(started(), [nextAt(15)]), [item('Role play', 25)]));
    const view = agendaView(a, at(20));
    expect(view).toMatchObject({ status: 'running', currentIndex: 1, itemRemainingMs: 5 * MINUTE, itemEndsAt: at(25) });
    expect(view.items[0]).toMatchObject({ state: 'done', actualMs: 15 * MINUTE });
  });

  test('an edit after going back keeps the item that already ran', () => {
    // Teaching ran from minute 15 to 18 before the therapist went back to the check-in.
    const before = run(started(), [nextAt(15), previousAt(18)]);
    const a = must(setItems(before, [item('Role play', 25)]));
    expect(titles(a)).toEqual(['Check-in', 'Teaching', 'Role play']);
    expect(agendaView(a, at(19)).items[1]?.actualMs).toBe(3 * MINUTE);
  });
});

// ------------------------------------------------------------------ warnings

describe('warnings', () => {
  test.each([
    ['at the start: none; look again 2 minutes before the end', T0, [], at(13)],
    ['just before the 2-minute mark: none yet', at(13) - 1, [], at(13)],
    ['at the 2-minute mark: the 2-minute warning; look again at the end', at(13), ['soon'], at(15)],
    ['a late timer inside the last 2 minutes: the 2-minute warning', at(14), ['soon'], at(15)],
    ['at the end: the end warning only; nothing more to look for', at(15), ['end'], null],
    ['in overtime: the end warning only', at(20), ['end'], null],
  ] as const)('a tick %s', (_rule, now, warnings, nextTickAt) => {
    const t = tick(started(), now);
    expect(t.warnings.map((w) => w.kind)).toEqual(warnings);
    expect(t.nextAt).toBe(nextTickAt);
  });

  test('the warnings name the item', () => {
    expect(tick(started(), at(13)).warnings).toEqual([{ kind: 'soon', title: 'Check-in' }]);
    expect(tick(started(), at(15)).warnings).toEqual([{ kind: 'end', title: 'Check-in' }]);
  });

  test('the 2-minute warning and the end warning are each given once', () => {
    expect(warningsOver(started(), [12, 13, 13.5, 14, 15, 15.5, 20])).toEqual([[], ['soon'], [], [], ['end'], [], []]);
  });

  test.each([
    ['a paused item', [pauseAt(5)], 14],
    ['a finished agenda', [nextAt(1), nextAt(2), nextAt(3)], 14],
  ] as const)('%s gives no warnings and needs no timer', (_what, steps, minute) => {
    const t = tick(run(started(), steps), at(minute));
    expect(t).toMatchObject({ warnings: [], nextAt: null });
  });

  test('a plan that has not started needs no timer', () => {
    expect(tick(planned(), at(14))).toMatchObject({ warnings: [], nextAt: null });
  });

  test('after a pause the next tick moves later by the pause', () => {
    const a = run(started(), [pauseAt(5), resumeAt(10)]);
    expect(tick(a, at(10)).nextAt).toBe(at(18));
    expect(warningsAt(a, 17.9)).toEqual([]);
    expect(warningsAt(a, 18)).toEqual(['soon']);
  });

  // Each row: extended at `minute` (after the warnings due by then), then the timer runs at `ticks`.
  test.each([
    [
      '+5 after the end warning: both warnings again, at the new times',
      15,
      5,
      at(18),
      [15, 17.5, 18, 19, 20, 21],
      [[], [], ['soon'], [], ['end'], []],
    ],
    [
      '+1 after the 2-minute warning: 2 minutes are left again, so the 2-minute warning again now',
      14,
      1,
      at(16),
      [14, 15, 16, 17],
      [['soon'], [], ['end'], []],
    ],
    [
      '+5 after the 2-minute warning: the 2-minute warning 5 minutes later',
      14,
      5,
      at(18),
      [14, 17.5, 18, 20],
      [[], [], ['soon'], ['end']],
    ],
  ] as const)('extend %s', (_rule, minute, minutes, firstNextAt, ticks, warnings) => {
    const warned = run(started(), [tickAt(13), tickAt(minute)]);
    const a = must(extend(warned, minutes));
    expect(tick(a, at(minute)).nextAt).toBe(firstNextAt);
    expect(warningsOver(a, ticks)).toEqual(warnings);
  });

  test('each item gets its own warnings', () => {
    const a = run(started(), [tickAt(13), tickAt(15), nextAt(16)]);
    expect(tick(a, at(16)).nextAt).toBe(at(24));
    expect(tick(a, at(24)).warnings).toEqual([{ kind: 'soon', title: 'Teaching' }]);
  });

  test('the warning comes AGENDA_WARNING_MS (2 minutes) before the end', () => {
    expect(AGENDA_WARNING_MS).toBe(2 * MINUTE);
    expect(tick(started(), at(15) - AGENDA_WARNING_MS - SECOND).nextAt).toBe(at(15) - AGENDA_WARNING_MS);
  });
});

// ------------------------------------------------------------------ session totals

describe('session time', () => {
  test.each([
    ['before the start: the whole plan', () => planned(), 5, 45 * MINUTE],
    [
      'the current item’s remaining time plus the later items’ planned time',
      () => started(),
      5,
      10 * MINUTE + 30 * MINUTE,
    ],
    [
      'on a later item: its remaining time plus the items after it',
      () => run(started(), [nextAt(12)]),
      14,
      8 * MINUTE + 20 * MINUTE,
    ],
    ['on the last item: its remaining time', () => run(started(), [nextAt(15), nextAt(25)]), 30, 15 * MINUTE],
    ['paused: frozen', () => run(started(), [pauseAt(5)]), 30, 10 * MINUTE + 30 * MINUTE],
    ['with an extension: the extra time counts', () => run(started(), [extendBy(5)]), 5, 15 * MINUTE + 30 * MINUTE],
    [
      'in overtime: the later items’ planned time (the overrun is not taken from them)',
      () => started(),
      18,
      30 * MINUTE,
    ],
    ['finished: nothing', () => run(started(), [nextAt(15), nextAt(25), nextAt(45)]), 46, 0],
  ] as const)('the time left in the session %s', (_rule, agenda, minute, remaining) => {
    expect(agendaView(agenda(), at(minute)).sessionRemainingMs).toBe(remaining);
  });
});

describe('plan length', () => {
  const minutesPlan = (...minutes: number[]) => minutes.map((m, i) => item(`Item ${i + 1}`, m));

  test.each([
    [
      '59 minutes is outside 60–120: warned',
      [30, 29],
      59,
      'The plan adds up to 59 minutes; sessions usually run 60–120.',
    ],
    ['60 minutes is inside: no warning', [30, 30], 60, null],
    ['90 minutes is inside: no warning', [45, 45], 90, null],
    ['120 minutes is inside: no warning', [60, 60], 120, null],
    [
      '121 minutes is outside 60–120: warned',
      [60, 61],
      121,
      'The plan adds up to 121 minutes; sessions usually run 60–120.',
    ],
    ['an empty plan: no warning', [], 0, null],
  ] as const)('%s', (_rule, minutes, total, warning) => {
    const a = planned(minutesPlan(...minutes));
    expect(agendaView(a, T0)).toMatchObject({ totalPlannedMinutes: total, warning });
  });

  test('a plan outside 60–120 minutes is a warning, not an error: it is kept and can start', () => {
    const r = setItems(emptyAgenda(), minutesPlan(20));
    expect(r.ok).toBe(true);
    expect(codeOf(start(must(r), T0))).toBe('accepted');
  });

  test('an extension that takes the plan past 120 minutes brings the warning', () => {
    const a = must(start(planned(minutesPlan(60, 60)), T0));
    expect(agendaView(a, T0).warning).toBeNull();
    expect(agendaView(must(extend(a, 1)), T0)).toMatchObject({ totalPlannedMinutes: 121, warning: expect.any(String) });
    expect(totalPlannedMinutes(must(extend(a, 1)))).toBe(121);
  });
});

describe('templates', () => {
  test.each([
    ['cbt-90', 90],
    ['dbt-90', 90],
    ['support-60', 60],
    ['blank', 0],
  ] as const)('the %s template adds up to %i minutes', (templateId: AgendaTemplateId, total) => {
    const a = planned(AGENDA_TEMPLATES[templateId].items);
    expect(totalPlannedMinutes(a)).toBe(total);
    expect(agendaView(a, T0)).toMatchObject({ totalPlannedMinutes: total, warning: null });
  });

  test('every template is listed', () => {
    expect([...AGENDA_TEMPLATE_IDS].sort()).toEqual(['blank', 'cbt-90', 'dbt-90', 'support-60']);
  });
});

// ------------------------------------------------------------------ purity

describe('purity', () => {
  const CHANGES: [string, (a: Agenda) => unknown][] = [
    ['setItems', (a) => setItems(a, [item('Role play', 25)])],
    ['pause', (a) => pause(a, at(5))],
    ['next', (a) => next(a, at(5))],
    ['previous', (a) => previous(a, at(5))],
    ['extend', (a) => extend(a, 5)],
    ['tick', (a) => tick(a, at(14))],
    ['agendaView', (a) => agendaView(a, at(14))],
  ];

  test.each(CHANGES)('%s leaves the agenda it was given unchanged', (_name, change) => {
    const a = deepFreeze(run(started(), [nextAt(10)]));
    const before = structuredClone(a);
    change(a);
    expect(a).toEqual(before);
  });
});
