import { describe, expect, test } from 'vitest';
import { loadConfig } from './config.js';

describe('TURN and proxy settings from the environment', () => {
  test('nothing set: no TURN, trust a proxy on loopback only', () => {
    const c = loadConfig({});
    expect(c.turn).toBeUndefined();
    expect(c.trustProxy).toBe('loopback');
  });

  test('TURN_URLS is comma-separated; TTL defaults to an hour', () => {
    const c = loadConfig({ TURN_URLS: ' turn:a:3478?transport=udp , turns:a:5349 ', TURN_SECRET: 'x' });
    expect(c.turn).toEqual({
      urls: ['turn:a:3478?transport=udp', 'turns:a:5349'],
      secret: 'x',
      ttlSeconds: 3600,
      forceRelay: false,
    });
  });

  test('TURN_TTL_SECONDS and TURN_FORCE_RELAY', () => {
    const c = loadConfig({ TURN_URLS: 'turn:a', TURN_SECRET: 'x', TURN_TTL_SECONDS: '600', TURN_FORCE_RELAY: 'true' });
    expect(c.turn).toMatchObject({ ttlSeconds: 600, forceRelay: true });
  });

  test.each([
    ['URLs without a secret', { TURN_URLS: 'turn:a' }],
    ['a secret without URLs', { TURN_SECRET: 'x' }],
    ['forced relay without TURN', { TURN_FORCE_RELAY: 'true' }],
    ['an http URL', { TURN_URLS: 'https://a', TURN_SECRET: 'x' }],
    ['a TTL under a minute', { TURN_URLS: 'turn:a', TURN_SECRET: 'x', TURN_TTL_SECONDS: '5' }],
  ])('refuses %s at start', (_what, env) => {
    expect(() => loadConfig(env)).toThrow();
  });

  test.each([
    ['false', false],
    ['true', true],
    ['1', 1],
    ['10.0.0.0/8, 127.0.0.1', '10.0.0.0/8, 127.0.0.1'],
  ])('TRUST_PROXY=%s', (raw, expected) => {
    expect(loadConfig({ TRUST_PROXY: raw }).trustProxy).toEqual(expected);
  });
});
