/** The group settings form as data: its values from a group, and the changes it sends (pure, tested). */
import type { GroupDetail, UpdateGroupBody } from '@circle/shared';
import { LANGUAGES, type Language } from '@circle/shared/i18n';
import type { RoomSettingsValue } from './Groups';

export type Form = {
  title: string;
  maxMembers: string;
  durationMinutes: string;
  lateJoinSessions: string;
  lobbyOpensMinutes: string;
  agendaTemplateId: string;
  settings: RoomSettingsValue;
  language: Language;
  /** The agreement's text per language (empty: none of its own). */
  agreements: Record<Language, string>;
  consecutiveUnexcused: string;
  totalUnexcused: string;
};

export const fromGroup = (g: GroupDetail): Form => ({
  title: g.title,
  maxMembers: String(g.maxMembers),
  durationMinutes: String(g.durationMinutes),
  lateJoinSessions: String(g.lateJoinSessions),
  lobbyOpensMinutes: String(g.lobbyOpensMinutes),
  agendaTemplateId: g.agendaTemplateId ?? '',
  settings: g.settings,
  language: g.language,
  agreements: { en: g.agreements.en.text ?? '', es: g.agreements.es.text ?? '' },
  consecutiveUnexcused: String(g.attendancePolicy.consecutiveUnexcused),
  totalUnexcused: String(g.attendancePolicy.totalUnexcused),
});

const num = (s: string) => (s.trim() === '' ? NaN : Number(s));

/** Only what changed is sent (a new agreement text is a new version of its language's). */
export function changesOf(g: GroupDetail, f: Form): UpdateGroupBody {
  const body: UpdateGroupBody = {};
  if (f.title !== g.title) body.title = f.title;
  if (num(f.maxMembers) !== g.maxMembers) body.maxMembers = num(f.maxMembers);
  if (num(f.durationMinutes) !== g.durationMinutes) body.durationMinutes = num(f.durationMinutes);
  if (num(f.lateJoinSessions) !== g.lateJoinSessions) body.lateJoinSessions = num(f.lateJoinSessions);
  if (num(f.lobbyOpensMinutes) !== g.lobbyOpensMinutes) body.lobbyOpensMinutes = num(f.lobbyOpensMinutes);
  if ((f.agendaTemplateId || null) !== g.agendaTemplateId) body.agendaTemplateId = f.agendaTemplateId || null;
  const s = g.settings;
  if (
    f.settings.chatEnabled !== s.chatEnabled ||
    f.settings.speakingMode !== s.speakingMode ||
    f.settings.backgrounds !== s.backgrounds ||
    f.settings.focusMode !== s.focusMode ||
    f.settings.e2ee !== s.e2ee
  )
    body.settings = f.settings;
  if (f.language !== g.language) body.language = f.language;
  for (const lang of LANGUAGES) {
    if (f.agreements[lang].trim() !== (g.agreements[lang].text ?? '').trim()) {
      body.agreements = { ...body.agreements, [lang]: f.agreements[lang].trim() || null };
    }
  }
  const p = g.attendancePolicy;
  if (num(f.consecutiveUnexcused) !== p.consecutiveUnexcused || num(f.totalUnexcused) !== p.totalUnexcused)
    body.attendancePolicy = {
      consecutiveUnexcused: num(f.consecutiveUnexcused),
      totalUnexcused: num(f.totalUnexcused),
    };
  return body;
}
