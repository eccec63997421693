import { describe, expect, test } from 'vitest';
import { clinicSettingsBody, loginBody, meSchema, totpConfirmBody, totpDisableBody } from './staff.js';

describe('2-step sign-in bodies', () => {
  test.each([
    ['confirm', totpConfirmBody, { code: '123456' }],
    ['disable', totpDisableBody, { password: 'x', code: 'abcde-fghij' }],
    ['settings', clinicSettingsBody, { requireTotp: true }],
    ['login with a code', loginBody, { email: 'a@b.example', password: 'x', totp: '123456' }],
  ] as const)('%s: the canonical body is accepted', (_name, schema, body) => {
    expect(schema.safeParse(body).success).toBe(true);
  });

  test.each([
    ['confirm: an extra key', totpConfirmBody, { code: '123456', secret: 'X' }],
    ['confirm: too short', totpConfirmBody, { code: '12345' }],
    ['confirm: too long', totpConfirmBody, { code: '1'.repeat(33) }],
    ['confirm: a number', totpConfirmBody, { code: 123456 }],
    ['disable: no password', totpDisableBody, { code: '123456' }],
    ['settings: a string', clinicSettingsBody, { requireTotp: 'true' }],
    ['settings: an extra key', clinicSettingsBody, { requireTotp: true, other: 1 }],
  ] as const)('%s is refused', (_name, schema, body) => {
    expect(schema.safeParse(body).success).toBe(false);
  });

  test('Me without twoStep (an older server) still parses', () => {
    expect(meSchema.safeParse({ id: 'a', name: 'A', email: 'a@b.example', role: 'therapist' }).success).toBe(true);
  });
});
