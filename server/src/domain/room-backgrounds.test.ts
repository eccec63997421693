/** The group's backgrounds rule reaches every viewer's room view (browsers apply it: the server sees no pixels). */
import { describe, expect, test } from 'vitest';
import type { BackgroundPolicy } from '@circle/shared';
import { createRoom } from './room.js';
import { DAY, T0, THERAPIST, join } from '../../test/support/roomFixture.js';
import { viewFor } from './views.js';

function room(backgrounds?: BackgroundPolicy) {
  let s = createRoom({
    sessionId: 'session-1',
    title: 'Tuesday evening group',
    now: T0 - DAY,
    ...(backgrounds ? { backgrounds } : {}),
  });
  s = join(s, THERAPIST, 'therapist', 'admitted');
  s = join(s, 'ana', 'member', 'admitted');
  return join(s, 'cy', 'member', 'waiting');
}

describe('backgrounds rule in the room view', () => {
  test.each(['blur-or-replace', 'blur-only', 'none'] as const)(
    'a group set to %s: therapist, admitted member and waiting member all see it',
    (rule) => {
      const s = room(rule);
      for (const viewer of [THERAPIST, 'ana', 'cy']) expect(viewFor(s, viewer, T0)?.backgrounds).toBe(rule);
    },
  );

  test('a room without a group setting offers blur or replacement', () => {
    expect(viewFor(room(), 'ana', T0)?.backgrounds).toBe('blur-or-replace');
  });
});
