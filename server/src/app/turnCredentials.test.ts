import { createHmac } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { iceConfigFor, turnCredential, type TurnSettings } from './turnCredentials.js';

const TURN: TurnSettings = {
  urls: ['turn:turn.clinic.example:3478?transport=udp', 'turns:turn.clinic.example:5349?transport=tcp'],
  secret: 's3cret',
  ttlSeconds: 3600,
  forceRelay: false,
};

describe('turnCredential (TURN REST scheme, as coturn use-auth-secret checks it)', () => {
  test('username is "<expiry>:<participantId>" and the credential matches one computed by openssl', () => {
    // printf %s '1795766504:alice' | openssl dgst -binary -sha1 -hmac s3cret | base64
    expect(turnCredential('s3cret', 'alice', 1795766504)).toEqual({
      username: '1795766504:alice',
      credential: 'WOf3i2Q/XqA4Ohdq9OybcyIrcEA=',
    });
  });

  test('the credential is base64(HMAC-SHA1(secret, username))', () => {
    const { username, credential } = turnCredential('another secret', 'p_Zx9-1', 1700000000);
    expect(credential).toBe(createHmac('sha1', 'another secret').update(username).digest('base64'));
  });

  test.each([
    ['a different secret', 'other', 'alice', 1795766504],
    ['a different participant', 's3cret', 'bob', 1795766504],
    ['a different expiry', 's3cret', 'alice', 1795766505],
  ])('%s gives a different credential', (_what, secret, participantId, expiry) => {
    expect(turnCredential(secret, participantId, expiry).credential).not.toBe('WOf3i2Q/XqA4Ohdq9OybcyIrcEA=');
  });

  test.each([
    ['an id with the separator', 'a:b', 1],
    ['an empty id', '', 1],
    ['a fractional expiry', 'alice', 1.5],
    ['a negative expiry', 'alice', -1],
  ])('refuses %s', (_what, participantId, expiry) => {
    expect(() => turnCredential('s3cret', participantId, expiry)).toThrow();
  });
});

describe('iceConfigFor', () => {
  test('without TURN there is nothing to add (browsers use host candidates, as before)', () => {
    expect(iceConfigFor(undefined, 'alice', Date.now())).toEqual({});
  });

  test('with TURN: every URL, credentials that expire TTL seconds from now, policy all', () => {
    const now = 1_700_000_000_400;
    const ice = iceConfigFor(TURN, 'alice', now);
    expect(ice.iceTransportPolicy).toBe('all');
    expect(ice.iceServers).toEqual([{ urls: TURN.urls, ...turnCredential('s3cret', 'alice', 1_700_003_600) }]);
  });

  test('forced relay tells browsers to use TURN only', () => {
    expect(iceConfigFor({ ...TURN, forceRelay: true }, 'alice', 0).iceTransportPolicy).toBe('relay');
  });
});
