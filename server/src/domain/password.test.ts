import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password.js';

const COMMON = new Set(['password', 'sunshine', 'qwertyuiop123', 'iloveyou']);
const isCommon = (p: string) => COMMON.has(p);
const dana = { email: 'dana.rivera@clinic.example', name: 'Dana Rivera' };

describe('passwordProblem', () => {
  it.each([
    ['short-pw', 'tooShort'],
    ['x'.repeat(257), 'tooLong'],
    ['QWERTYUIOP123', 'common'],
    ['Sunshine2024!!', 'common'],
    ['!!password!!!', 'common'],
    ['abababababababab', 'common'],
    ['I am dana, hello', 'personal'],
    ['rivera-1234-abcd', 'personal'],
    ['danarivera#2026', 'personal'],
  ] as const)('refuses %j (%s)', (password, problem) => {
    expect(passwordProblem(password, dana, isCommon)).toBe(problem);
  });

  it.each(['amber-window-falcon-19', 'correct horse battery', 'Tr0ub4dor&3-xyzzy'])('accepts %j', (password) => {
    expect(passwordProblem(password, dana, isCommon)).toBeNull();
  });

  it('counts characters, not UTF-16 units, for the minimum', () => {
    expect(passwordProblem('ключ-секрет-9', dana, isCommon)).toBeNull();
    expect(passwordProblem('😀😀😀😀😀😀', dana, isCommon)).toBe('tooShort');
  });
});
