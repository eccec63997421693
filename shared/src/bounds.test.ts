import { describe, expect, test } from 'vitest';
import { boundsProblem, type ValueBounds } from './bounds.js';

const BOUNDS: ValueBounds = { maxDepth: 4, maxNodes: 20, maxBytes: 200 };

function nested(depth: number): unknown {
  let v: unknown = 0;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

describe('bounds on untrusted values', () => {
  test.each([
    ['a number', 1],
    ['a string', 'hello'],
    ['null', null],
    ['an object four levels deep', nested(4)],
    ['an array of 20 numbers', Array.from({ length: 20 }, (_, i) => i)],
  ])('%s is within bounds', (_what, value) => {
    expect(boundsProblem(value, BOUNDS)).toBeNull();
  });

  test.each([
    ['five levels deep', nested(5), 'too deep'],
    ['a million levels deep (measured without recursion)', nested(1_000_000), 'too deep'],
    ['21 values', Array.from({ length: 21 }, (_, i) => i), 'too many values'],
    ['a long string', 'x'.repeat(300), 'too large'],
    ['a long key', { ['k'.repeat(300)]: 1 }, 'too large'],
    ['a date', new Date(0), 'not plain data'],
    ['a map', new Map(), 'not plain data'],
    ['a function', () => 1, 'not plain data'],
    ['a bigint', 1n, 'not plain data'],
  ])('%s is refused as %s', (_what, value, problem) => {
    expect(boundsProblem(value, BOUNDS)).toBe(problem);
  });

  test('binary attachments are not plain data: no client event carries them', () => {
    expect(boundsProblem(Buffer.alloc(1), BOUNDS)).toBe('not plain data');
    expect(boundsProblem({ codecs: [new Uint8Array(4)] }, BOUNDS)).toBe('not plain data');
    expect(boundsProblem(new ArrayBuffer(4), BOUNDS)).toBe('not plain data');
  });

  test.each([
    { a: 'x', b: [1, true, null, 'é"\\n'] },
    [{}, [], '', 0, -1.5e-7, false],
    { nested: { deeper: [1, 2, { k: 'v' }] } },
  ])('counts exactly the characters of the JSON form: %j', (value) => {
    const json = JSON.stringify(value).length;
    expect(boundsProblem(value, { maxDepth: 10, maxNodes: 100, maxBytes: json })).toBeNull();
    expect(boundsProblem(value, { maxDepth: 10, maxNodes: 100, maxBytes: json - 1 })).toBe('too large');
  });
});
