import { describe, expect, it, test } from 'vitest';
import { MemberStatus } from '@circle/shared';
import {
  canTransition,
  currentStatus,
  expectedAt,
  initialHistory,
  statusAt,
  transition,
  type MemberHistoryEntry,
} from './membership.js';

const ALL = Object.values(MemberStatus);
const ALLOWED: [MemberStatus, MemberStatus][] = [
  ['screening', 'waitlisted'],
  ['screening', 'active'],
  ['screening', 'discharged'],
  ['waitlisted', 'active'],
  ['waitlisted', 'screening'],
  ['waitlisted', 'discharged'],
  ['active', 'paused'],
  ['active', 'discharged'],
  ['paused', 'active'],
  ['paused', 'discharged'],
  ['discharged', 'screening'],
];
const roomy = { activeCount: 3, maxMembers: 8, rosterClosed: false };
const h = (status: MemberStatus, at = 100): MemberHistoryEntry[] => [{ status, at, note: null, by: null }];

describe('membership transitions', () => {
  const pairs = ALL.flatMap((from) => ALL.map((to) => [from, to] as const));
  test.each(pairs)('%s → %s follows the table', (from, to) => {
    const allowed = ALLOWED.some(([f, t]) => f === from && t === to);
    expect(canTransition(from, to)).toBe(allowed);
    const r = transition({ history: h(from), to, at: 200, ...roomy });
    expect(r.ok).toBe(allowed);
    if (!r.ok) expect(r.code).toBe('INVALID_STATE');
  });

  it('appends an entry with the date, the staff-only note and who made it', () => {
    const r = transition({
      history: h('screening'),
      to: 'waitlisted',
      at: 200,
      note: 'screened',
      by: 'acc-1',
      ...roomy,
    });
    expect(r).toEqual({
      ok: true,
      history: [
        { status: 'screening', at: 100, note: null, by: null },
        { status: 'waitlisted', at: 200, note: 'screened', by: 'acc-1' },
      ],
    });
  });

  it('never edits the history it was given', () => {
    const history = h('active');
    transition({ history, to: 'paused', at: 200, ...roomy });
    expect(history).toHaveLength(1);
  });

  test.each([
    ['screening', 7, 8, { ok: true }],
    ['screening', 8, 8, 'GROUP_FULL'],
    ['waitlisted', 8, 8, 'GROUP_FULL'],
    ['paused', 8, 8, 'GROUP_FULL'],
    ['paused', 9, 8, 'GROUP_FULL'],
  ] as const)('becoming active from %s with %i of %i places taken', (from, activeCount, maxMembers, expected) => {
    const r = transition({ history: h(from), to: 'active', at: 200, activeCount, maxMembers, rosterClosed: false });
    if (expected === 'GROUP_FULL') expect(r).toEqual({ ok: false, code: 'GROUP_FULL' });
    else expect(r.ok).toBe(true);
  });

  test.each([
    ['screening', false],
    ['waitlisted', false],
    ['paused', true],
  ] as const)('a closed roster: %s → active allowed: %s', (from, allowed) => {
    const r = transition({
      history: h(from),
      to: 'active',
      at: 200,
      activeCount: 0,
      maxMembers: 8,
      rosterClosed: true,
    });
    expect(r.ok ? 'ok' : r.code).toBe(allowed ? 'ok' : 'INVALID_STATE');
  });

  it('a full group is reported as full even when the roster is closed too', () => {
    const r = transition({
      history: h('waitlisted'),
      to: 'active',
      at: 200,
      activeCount: 8,
      maxMembers: 8,
      rosterClosed: true,
    });
    expect(r).toEqual({ ok: false, code: 'GROUP_FULL' });
  });

  it('leaving active is never blocked by capacity or a closed roster', () => {
    for (const to of ['paused', 'discharged'] as const) {
      expect(
        transition({ history: h('active'), to, at: 200, activeCount: 20, maxMembers: 8, rosterClosed: true }).ok,
      ).toBe(true);
    }
  });

  it('refuses an empty history and a change dated before the last one', () => {
    expect(transition({ history: [], to: 'active', at: 200, ...roomy })).toEqual({ ok: false, code: 'INVALID_STATE' });
    expect(transition({ history: h('active', 300), to: 'paused', at: 200, ...roomy })).toEqual({
      ok: false,
      code: 'INVALID_STATE',
    });
  });

  it('a discharged member can be referred again and go round once more', () => {
    let history = h('active');
    for (const [to, at] of [
      ['discharged', 200],
      ['screening', 300],
      ['active', 400],
    ] as const) {
      const r = transition({ history, to, at, ...roomy });
      if (!r.ok) throw new Error(r.code);
      history = r.history;
    }
    expect(history.map((e) => e.status)).toEqual(['active', 'discharged', 'screening', 'active']);
    expect(currentStatus(history)).toBe('active');
  });
});

describe('a new membership', () => {
  test.each(['screening', 'waitlisted'] as const)('may start as %s without limits', (status) => {
    expect(initialHistory(status, 100, 'referred', 'acc-1')).toEqual({
      ok: true,
      history: [{ status, at: 100, note: 'referred', by: 'acc-1' }],
    });
  });

  test.each([
    [{ activeCount: 2, maxMembers: 8, rosterClosed: false }, 'ok'],
    [{ activeCount: 8, maxMembers: 8, rosterClosed: false }, 'GROUP_FULL'],
    [{ activeCount: 2, maxMembers: 8, rosterClosed: true }, 'INVALID_STATE'],
  ])('starting as active checks capacity and the roster (%o)', (limits, expected) => {
    const r = initialHistory('active', 100, undefined, undefined, limits);
    expect(r.ok ? 'ok' : r.code).toBe(expected);
  });

  test.each(['paused', 'discharged'] as const)('may not start as %s', (status) => {
    expect(initialHistory(status, 100)).toEqual({ ok: false, code: 'INVALID_STATE' });
  });

  it('stores a missing note and author as null', () => {
    const r = initialHistory('screening', 100);
    expect(r.ok && r.history[0]).toEqual({ status: 'screening', at: 100, note: null, by: null });
  });
});

describe('roster changes apply to future occurrences only', () => {
  const history: MemberHistoryEntry[] = [
    { status: 'screening', at: 100, note: null, by: null },
    { status: 'active', at: 200, note: null, by: null },
    { status: 'paused', at: 500, note: null, by: null },
    { status: 'active', at: 700, note: null, by: null },
  ];

  test.each([
    [50, null],
    [100, 'screening'],
    [199, 'screening'],
    [200, 'active'],
    [499, 'active'],
    [500, 'paused'],
    [700, 'active'],
    [10_000, 'active'],
  ])('at %i the status was %s', (at, status) => {
    expect(statusAt(history, at)).toBe(status);
  });

  it('a member is expected at an occurrence when active at its start', () => {
    expect([150, 300, 600, 800].map((t) => expectedAt(history, t))).toEqual([false, true, false, true]);
  });

  it('a member who joins after an occurrence started is not expected at it', () => {
    expect(expectedAt(history, 199)).toBe(false);
  });
});
