import { describe, expect, it, test } from 'vitest';
import {
  canCancel,
  canMove,
  canRestore,
  lobbyOpen,
  nextOccurrence,
  occurrenceEndsAt,
  occurrenceStatus,
  rosterClosed,
  type OccurrenceRecord,
} from './occurrences.js';

const MIN = 60_000;
const T = Date.parse('2027-01-05T23:00:00Z');
const WEEK = 7 * 24 * 60 * MIN;

const occ = (over: Partial<OccurrenceRecord> = {}): OccurrenceRecord => ({
  id: 'o1',
  index: 1,
  plannedStartsAt: T,
  startsAt: T,
  durationMinutes: 90,
  cancelledAt: null,
  sessionId: null,
  sessionEndedAt: null,
  live: false,
  ...over,
});
const series = (n: number, over: (i: number) => Partial<OccurrenceRecord> = () => ({})) =>
  Array.from({ length: n }, (_, i) =>
    occ({ id: `o${i + 1}`, index: i + 1, plannedStartsAt: T + i * WEEK, startsAt: T + i * WEEK, ...over(i) }),
  );

describe('occurrence status', () => {
  test.each([
    ['scheduled before its start', occ(), T - MIN, 'scheduled'],
    ['scheduled during its time while nobody is in the room', occ(), T + 10 * MIN, 'scheduled'],
    ['ended once its time is over', occ(), T + 90 * MIN, 'ended'],
    ['ended when its room ended early', occ({ sessionId: 's', sessionEndedAt: T + 30 * MIN }), T + 31 * MIN, 'ended'],
    ['live while its room has people, even past its time', occ({ sessionId: 's', live: true }), T + 200 * MIN, 'live'],
    ['cancelled beats live', occ({ cancelledAt: T - WEEK, live: true }), T, 'cancelled'],
    ['cancelled beats ended', occ({ cancelledAt: T - WEEK }), T + WEEK, 'cancelled'],
    ['a moved one follows its new time', occ({ startsAt: T + 2 * 60 * MIN }), T + 100 * MIN, 'scheduled'],
  ] as const)('%s', (_, o, now, status) => {
    expect(occurrenceStatus(o, now)).toBe(status);
  });

  it('ends durationMinutes after its (moved) start', () => {
    expect(occurrenceEndsAt(occ({ startsAt: T + MIN, durationMinutes: 60 }))).toBe(T + 61 * MIN);
  });
});

describe('next occurrence', () => {
  const list = series(4);

  test.each([
    ['the first one before anything started', T - WEEK, 'o1'],
    ['one that has started but not ended still counts', T + 89 * MIN, 'o1'],
    ['the following one once it is over', T + 90 * MIN, 'o2'],
  ])('%s', (_, now, id) => {
    expect(nextOccurrence(list, now)?.id).toBe(id);
  });

  it('skips a cancelled one', () => {
    const l = series(3, (i) => (i === 0 ? { cancelledAt: T - WEEK } : {}));
    expect(nextOccurrence(l, T - MIN)?.id).toBe('o2');
  });

  it('skips one whose room ended early', () => {
    const l = series(3, (i) => (i === 0 ? { sessionId: 's', sessionEndedAt: T + 20 * MIN } : {}));
    expect(nextOccurrence(l, T + 30 * MIN)?.id).toBe('o2');
  });

  it('a live one running over is still the next', () => {
    const l = series(2, (i) => (i === 0 ? { live: true, sessionId: 's' } : {}));
    expect(nextOccurrence(l, T + 100 * MIN)?.id).toBe('o1');
  });

  it('orders by the moved time, not the index', () => {
    const l = series(3, (i) => (i === 1 ? { startsAt: T - 2 * 24 * 60 * MIN } : {}));
    expect(nextOccurrence(l, T - WEEK)?.id).toBe('o2');
  });

  it('is null when the series is over', () => {
    expect(nextOccurrence(list, T + 4 * WEEK)).toBeNull();
    expect(nextOccurrence([], T)).toBeNull();
  });
});

describe('the lobby opens a set time before the start', () => {
  test.each([
    ['closed 11 minutes before', occ(), T - 11 * MIN, false],
    ['open 10 minutes before', occ(), T - 10 * MIN, true],
    ['open during the session', occ(), T + 45 * MIN, true],
    ['closed at the planned end', occ(), T + 90 * MIN, false],
    ['closed when cancelled', occ({ cancelledAt: T - WEEK }), T, false],
    ['closed when the room ended early', occ({ sessionId: 's', sessionEndedAt: T + 5 * MIN }), T + 6 * MIN, false],
    ['open while the room is live past its planned end', occ({ sessionId: 's', live: true }), T + 95 * MIN, true],
  ] as const)('%s', (_, o, now, open) => {
    expect(lobbyOpen(o, 10, now)).toBe(open);
  });

  it('with 0 minutes it opens exactly at the start', () => {
    expect(lobbyOpen(occ(), 0, T - 1)).toBe(false);
    expect(lobbyOpen(occ(), 0, T)).toBe(true);
  });
});

describe('moving, cancelling and restoring one occurrence', () => {
  const bad = { ok: false, code: 'INVALID_STATE' };
  test.each([
    ['a scheduled one to a later time', occ(), T + WEEK, T - MIN, { ok: true }],
    ['a scheduled one to an earlier time still ahead', occ(), T - 60 * MIN, T - 120 * MIN, { ok: true }],
    ['not to a time already past', occ(), T - 10 * MIN, T - 5 * MIN, bad],
    ['not to now', occ(), T - 5 * MIN, T - 5 * MIN, bad],
    ['not a live one', occ({ live: true, sessionId: 's' }), T + WEEK, T, bad],
    ['not an ended one', occ(), T + WEEK, T + 90 * MIN, bad],
    ['not a cancelled one', occ({ cancelledAt: T - WEEK }), T + WEEK, T - MIN, bad],
  ])('move: %s', (_, o, to, now, result) => {
    expect(canMove(o, to, now)).toEqual(result);
  });

  test.each([
    ['a scheduled one', occ(), T - MIN, { ok: true }],
    ['not one already cancelled', occ({ cancelledAt: T - WEEK }), T - MIN, bad],
    ['not a live one', occ({ live: true }), T, bad],
    ['not an ended one', occ({ sessionEndedAt: T + 80 * MIN }), T + 85 * MIN, bad],
  ])('cancel: %s', (_, o, now, result) => {
    expect(canCancel(o, now)).toEqual(result);
  });

  test.each([
    ['a cancelled one still ahead', occ({ cancelledAt: T - WEEK }), T - MIN, { ok: true }],
    ['not one that is not cancelled', occ(), T - MIN, bad],
    ['not a cancelled one whose start has passed', occ({ cancelledAt: T - WEEK }), T + MIN, bad],
  ])('restore: %s', (_, o, now, result) => {
    expect(canRestore(o, now)).toEqual(result);
  });
});

describe('roster closed', () => {
  const list = series(6);

  test.each([
    ['an open group never closes', 'open', 0, list, T + 10 * WEEK, false],
    ['a closed group is open before its first session', 'closed', 0, list, T - MIN, false],
    ['a closed group closes when its first session starts', 'closed', 0, list, T, true],
    ['a late-join window of 2 keeps it open through the second session', 'closed', 2, list, T + WEEK + MIN, false],
    ['…and closes when the third starts', 'closed', 2, list, T + 2 * WEEK, true],
    ['a window longer than the series never closes', 'closed', 10, list, T + 10 * WEEK, false],
  ] as const)('%s', (_, kind, late, l, now, closed) => {
    expect(rosterClosed(kind, late, l, now)).toBe(closed);
  });

  it('a cancelled first session does not count', () => {
    const l = series(3, (i) => (i === 0 ? { cancelledAt: T - WEEK } : {}));
    expect(rosterClosed('closed', 0, l, T + MIN)).toBe(false);
    expect(rosterClosed('closed', 0, l, T + WEEK)).toBe(true);
  });

  it('a first session opened early and live closes it', () => {
    const l = series(3, (i) => (i === 0 ? { live: true, sessionId: 's' } : {}));
    expect(rosterClosed('closed', 0, l, T - 5 * MIN)).toBe(true);
  });

  it('counts sessions in the order they happen, after moves', () => {
    // The second occurrence moved before the first: it is the first to happen.
    const l = series(3, (i) => (i === 1 ? { startsAt: T - 3 * 24 * 60 * MIN } : {}));
    expect(rosterClosed('closed', 0, l, T - 3 * 24 * 60 * MIN)).toBe(true);
  });
});
