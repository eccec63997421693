import { describe, expect, test } from 'vitest';
import { clusterSettings } from './clusterConfig.js';

describe('clusterSettings: several nodes only with REDIS_URL', () => {
  test('without REDIS_URL Circle is one embedded node', () => {
    expect(clusterSettings({})).toBeUndefined();
  });

  test('defaults: a 5 s lease renewed every 1.5 s, no replica wait, a generated node id', () => {
    const c = clusterSettings({ REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(c).toMatchObject({ leaseMs: 5_000, renewMs: 1_500, waitReplicas: 0, nodeUrl: undefined });
    expect(c?.nodeId).toMatch(/^[\w-]+$/);
  });

  test('NODE_URL loses its trailing slash', () => {
    const c = clusterSettings({ REDIS_URL: 'redis://r:6379', NODE_URL: 'https://circle.example/n/a/', NODE_ID: 'a' });
    expect(c).toMatchObject({ nodeUrl: 'https://circle.example/n/a', nodeId: 'a' });
  });

  test.each([
    [{ NODE_URL: 'https://circle.example/n/a' }, /REDIS_URL is empty/],
    [{ REDIS_URL: 'http://not-redis' }, /redis:\/\//],
    [{ REDIS_URL: 'redis://r', NODE_URL: 'circle.example' }, /NODE_URL must be/],
    [{ REDIS_URL: 'redis://r', LEASE_MS: '2000', LEASE_RENEW_MS: '1500' }, /at most half/],
    [{ REDIS_URL: 'redis://r', LEASE_MS: '10' }, /LEASE_MS/],
  ])('refuses %o', (env, message) => {
    expect(() => clusterSettings(env)).toThrow(message);
  });
});
