import { describe, expect, it } from 'vitest';
import { en, keysOf, matchLanguage, missingKeys, pseudo, PSEUDO_CLOSE, PSEUDO_OPEN } from './index.js';
import { es } from './es/index.js';

describe('the catalogue', () => {
  it('has every key in English and Spanish, and no key in only one of them', () => {
    expect(missingKeys(en, es)).toEqual({ onlyInFirst: [], onlyInSecond: [] });
  });

  it('finds a key that exists in one language and not the other', () => {
    const withExtra = { ...en, common: { ...en.common, onlyHere: 'x' } };
    expect(missingKeys(withExtra, es).onlyInFirst).toEqual(['common.onlyHere']);
    expect(missingKeys(es, withExtra).onlyInSecond).toEqual(['common.onlyHere']);
  });

  it('has no empty text, and Spanish keeps the same placeholders and link tags as English', () => {
    const flat = (tree: object, prefix = ''): [string, string][] =>
      Object.entries(tree).flatMap(([k, v]) =>
        typeof v === 'string' ? [[prefix + k, v] as [string, string]] : flat(v as object, `${prefix}${k}.`),
      );
    const spanish = new Map(flat(es));
    const marks = (s: string) => [...s.matchAll(/\{\{\s*(\w+)[^}]*\}\}|<\/?(\w+)>/g)].map((m) => m[1] ?? m[2]).sort();
    for (const [key, english] of flat(en)) {
      expect(english.trim(), key).not.toBe('');
      expect(spanish.get(key)?.trim(), key).not.toBe('');
      expect(marks(spanish.get(key) ?? ''), key).toEqual(marks(english));
    }
  });

  it('keeps the crisis numbers exact in every language', () => {
    for (const lines of [en.crisis.lines, es.crisis.lines]) {
      expect(lines.call).toContain('988');
      expect(lines.veterans).toMatch(/988.*1.*838255/);
      expect(lines.spanish).toMatch(/988.*2.*AYUDA.*988/);
      expect(lines.tty).toMatch(/711.*988/);
      expect(lines.danger).toContain('911');
    }
  });

  it('lists keys as dotted paths', () => {
    expect(keysOf({ a: 'x', b: { c: 'y' } })).toEqual(['a', 'b.c']);
  });
});

describe('choosing a language', () => {
  it('follows the browser: the first preferred language Circle speaks', () => {
    expect(matchLanguage(['es-MX', 'en-US'])).toBe('es');
    expect(matchLanguage(['fr-FR', 'es'])).toBe('es');
    expect(matchLanguage(['de-DE'])).toBe('en');
    expect(matchLanguage([])).toBe('en');
  });
});

describe('the pseudo-locale', () => {
  it('marks and accents a text but leaves placeholders and link tags alone', () => {
    const p = pseudo('Call <call>911</call> now, {{name}}');
    expect(p.startsWith(PSEUDO_OPEN) && p.endsWith(PSEUDO_CLOSE)).toBe(true);
    expect(p).toContain('<call>911</call>');
    expect(p).toContain('{{name}}');
    expect(p).toContain('Çáll');
    expect(p.length).toBeGreaterThan('Call <call>911</call> now, {{name}}'.length);
  });
});
