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

describe('single sign-on settings (OIDC_*)', () => {
  const all = { OIDC_ISSUER: 'https://id.clinic.example', OIDC_CLIENT_ID: 'circle', OIDC_CLIENT_SECRET: 's3cret' };

  test('none set: off; all three: on', () => {
    expect(loadConfig({}).oidc).toBeUndefined();
    expect(loadConfig(all).oidc).toEqual({
      issuer: 'https://id.clinic.example',
      clientId: 'circle',
      clientSecret: 's3cret',
    });
  });

  test.each([
    ['an issuer alone', { OIDC_ISSUER: all.OIDC_ISSUER }, /all of OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET/],
    ['no secret', { OIDC_ISSUER: all.OIDC_ISSUER, OIDC_CLIENT_ID: 'circle' }, /OIDC_CLIENT_SECRET/],
    ['a client without an issuer', { OIDC_CLIENT_ID: 'circle', OIDC_CLIENT_SECRET: 'x' }, /OIDC_ISSUER/],
    ['an issuer that is not a URL', { ...all, OIDC_ISSUER: 'id.clinic.example' }, /OIDC_ISSUER must be a URL/],
    ['plain http to another machine', { ...all, OIDC_ISSUER: 'http://id.clinic.example' }, /https/],
  ])('refused at start: %s', (_what, env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  test('plain http only to a provider on this machine', () => {
    expect(loadConfig({ ...all, OIDC_ISSUER: 'http://127.0.0.1:4000' }).oidc?.issuer).toBe('http://127.0.0.1:4000');
  });
});

describe('email reminder settings (SMTP_*)', () => {
  test('none set: no mail server, so nothing is sent', () => {
    expect(loadConfig({}).mail).toBeUndefined();
  });

  test.each([
    ['smtp://user:pa%40ss@mail.clinic.example:587', 'Circle <no-reply@localhost>', {}],
    [
      'smtps://mail.clinic.example',
      'Clinic reminders <reminders@clinic.example>',
      { SMTP_FROM: 'Clinic reminders <reminders@clinic.example>' },
    ],
    ['smtp://127.0.0.1:2525', 'reminders@clinic.example', { SMTP_FROM: ' reminders@clinic.example ' }],
  ])('SMTP_URL=%s sends from %s', (url, from, extra) => {
    expect(loadConfig({ SMTP_URL: url, ...extra }).mail).toEqual({ url, from });
  });

  test.each([
    ['a sender without a server', { SMTP_FROM: 'a@b.example' }, /SMTP_URL is empty/],
    ['an http URL', { SMTP_URL: 'https://mail.clinic.example' }, /smtp:\/\/ or smtps:\/\//],
    ['no URL at all', { SMTP_URL: 'mail.clinic.example:587' }, /smtp/],
    ['a sender that is not an address', { SMTP_URL: 'smtp://m.example', SMTP_FROM: 'Circle' }, /SMTP_FROM/],
  ])('refused at start: %s', (_what, env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  test('a refused SMTP_URL is not repeated in the error (it may hold a password)', () => {
    expect(() => loadConfig({ SMTP_URL: 'ftp://user:hunter2@mail.example' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter2') as unknown }),
    );
  });
});

describe('end-to-end encrypted media', () => {
  test('on by default; E2EE=false turns it off, and a value that is neither refuses to start', () => {
    expect(loadConfig({}).e2ee).toBe(true);
    expect(loadConfig({ E2EE: 'true' }).e2ee).toBe(true);
    expect(loadConfig({ E2EE: 'false' }).e2ee).toBe(false);
    expect(() => loadConfig({ E2EE: 'off' })).toThrow(/E2EE must be true or false/);
  });
});
