import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setLanguage, startI18n } from '../../i18n';
import { nameList } from './nameList';

beforeAll(() => startI18n());
afterAll(() => setLanguage('en'));

describe('a list of names in a sentence', () => {
  it('joins the last two with the language’s own "and"', async () => {
    await setLanguage('en');
    expect(nameList([])).toBe('');
    expect(nameList(['Ana'])).toBe('Ana');
    expect(nameList(['Ana', 'Ben'])).toBe('Ana and Ben');
    expect(nameList(['Ana', 'Ben', 'Cleo'])).toBe('Ana, Ben and Cleo');
    await setLanguage('es');
    expect(nameList(['Ana', 'Ben', 'Cleo'])).toBe('Ana, Ben y Cleo');
  });
});
