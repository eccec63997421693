import { describe, expect, it } from 'vitest';
import type { GroupDetail } from '@circle/shared';
import { changesOf } from './groupSettingsForm';

const group = {
  title: 'Grupo de los martes',
  maxMembers: 8,
  durationMinutes: 90,
  lateJoinSessions: 0,
  lobbyOpensMinutes: 10,
  agendaTemplateId: null,
  settings: { chatEnabled: true, speakingMode: 'open', backgrounds: 'blur-or-replace', focusMode: false, e2ee: true },
  language: 'es',
  agreement: { version: 2, text: 'Sea amable.' },
  agreements: { es: { version: 2, text: 'Sea amable.' }, en: { version: 1, text: null } },
  attendancePolicy: { consecutiveUnexcused: 2, totalUnexcused: 3 },
} as unknown as GroupDetail;

const form = {
  title: 'Grupo de los martes',
  maxMembers: '8',
  durationMinutes: '90',
  lateJoinSessions: '0',
  lobbyOpensMinutes: '10',
  agendaTemplateId: '',
  settings: group.settings,
  language: 'es' as const,
  agreements: { es: 'Sea amable.', en: '' },
  consecutiveUnexcused: '2',
  totalUnexcused: '3',
};

describe('the group settings send only what changed, per language', () => {
  it('nothing changed: nothing sent', () => {
    expect(changesOf(group, form)).toEqual({});
  });
  it('end-to-end encryption switched off for the group is sent with the room settings', () => {
    expect(changesOf(group, { ...form, settings: { ...group.settings, e2ee: false } })).toEqual({
      settings: { ...group.settings, e2ee: false },
    });
  });
  it('a new English text is sent for English only; the Spanish one is left alone', () => {
    expect(changesOf(group, { ...form, agreements: { es: 'Sea amable.', en: ' Be kind. ' } })).toEqual({
      agreements: { en: 'Be kind.' },
    });
  });
  it('an emptied text goes back to the standard agreement (null); a new default language is sent', () => {
    expect(changesOf(group, { ...form, language: 'en', agreements: { es: '', en: '' } })).toEqual({
      language: 'en',
      agreements: { es: null },
    });
  });
});
