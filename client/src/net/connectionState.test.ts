import { describe, expect, it, test } from 'vitest';
import type { ConnectionState } from '../stores/useRoomStore';
import { type ConnectionCause, nextConnection } from './connectionState';

const run = (from: ConnectionState, causes: ConnectionCause[]): ConnectionState[] => {
  const seen: ConnectionState[] = [];
  let state = from;
  for (const c of causes) {
    state = nextConnection(state, c);
    seen.push(state);
  }
  return seen;
};

describe('a server restart', () => {
  it('is a calm reconnecting state from the announcement until the server is back, never a failure', () => {
    expect(
      run('connected', [
        { type: 'serverRestarting' },
        { type: 'disconnected', reason: 'transport close' },
        { type: 'connectError', code: undefined, everConnected: true },
        { type: 'connectError', code: 'RESTARTING', everConnected: true },
        { type: 'connected' },
      ]),
    ).toEqual(['restarting', 'restarting', 'restarting', 'restarting', 'connected']);
  });

  it('a server that refuses with RESTARTING without having announced it is a restart too', () => {
    expect(run('reconnecting', [{ type: 'connectError', code: 'RESTARTING', everConnected: true }])).toEqual([
      'restarting',
    ]);
  });
});

describe('other connection changes', () => {
  test.each<[string, ConnectionState, ConnectionCause, ConnectionState]>([
    ['a dropped network reconnects', 'connected', { type: 'disconnected', reason: 'transport close' }, 'reconnecting'],
    [
      'the server closing this socket ends it',
      'connected',
      { type: 'disconnected', reason: 'io server disconnect' },
      'ended',
    ],
    [
      'a bad invite is final',
      'connecting',
      { type: 'connectError', code: 'INVITE_INVALID', everConnected: false },
      'failed',
    ],
    [
      'a store outage at connect is retried',
      'reconnecting',
      { type: 'connectError', code: 'UNAVAILABLE', everConnected: true },
      'reconnecting',
    ],
    [
      'no answer before the first connection is still connecting',
      'connecting',
      { type: 'connectError', code: undefined, everConnected: false },
      'connecting',
    ],
    [
      'an ended session stays ended when the transport drops',
      'ended',
      { type: 'disconnected', reason: 'transport close' },
      'ended',
    ],
    ['an ended session ignores a restart', 'ended', { type: 'serverRestarting' }, 'ended'],
  ])('%s', (_name, from, cause, to) => {
    expect(nextConnection(from, cause)).toBe(to);
  });
});
