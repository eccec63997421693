import { describe, expect, it } from 'vitest';
import { clockTime, sessionTimeText } from './clockTime';

const UTC = { locale: 'en-GB', timeZone: 'UTC' };
const AT = Date.UTC(2026, 2, 3, 14, 5, 37); // a Tuesday, 14:05:37 UTC

describe('times on screen', () => {
  it('show hours and minutes, never seconds', () => {
    expect(clockTime(AT, UTC)).toBe('14:05');
    expect(clockTime(AT, { locale: 'en-US', timeZone: 'UTC' })).toMatch(/^0?2:05\s?PM$/);
  });

  it('a session reads as its day, start and end', () => {
    expect(sessionTimeText(AT, 90, UTC)).toBe('Tue 14:05–15:35');
  });
});
