/**
 * Texts the client writes from data rather than from a component: a refusal's code, a server
 * notice's key and details, the client's own notices. In the person's language at the moment of
 * asking (components call these while rendering, so a change of language redraws them).
 */
import i18next from 'i18next';
import type { ErrorCode, NoticeMessage } from '@circle/shared';
import { ERRORS } from '@circle/shared/constants';
import { en } from '@circle/shared/i18n';
import type { NoticeLine } from '../stores/useRoomStore';

function ready(): boolean {
  return i18next.isInitialized;
}

function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERRORS, code);
}

/**
 * What a person reads for a refusal: its code's text from the catalogue; the server's own (English)
 * message only for a code this client does not know (a newer server), or before i18n has started.
 */
export function errorText(error: { code: string; message: string }): string {
  if (!ready() || !isErrorCode(error.code)) return error.message;
  return i18next.t(`errors:${error.code}`);
}

/** The server could not be reached at all. */
export function unreachableText(): string {
  return i18next.t('errors:client.unreachable');
}

/** "Please wait 5 minutes", from Retry-After. */
export function waitText(seconds: number | null): string {
  if (seconds === null || seconds <= 0) return i18next.t('errors:client.tooManyAttempts');
  if (seconds < 60) return i18next.t('errors:client.waitSeconds', { count: seconds });
  return i18next.t('errors:client.waitMinutes', { count: Math.ceil(seconds / 60) });
}

/** "Ana, Ben and Cy" as the person's language lists names. */
function list(names: readonly string[]): string {
  return new Intl.ListFormat(i18next.language === 'es' ? 'es' : 'en', { type: 'conjunction' }).format(names);
}

/**
 * A notice line this client can write (its key is in the catalogue, its details an object). Checked
 * by hand, not with the contract's zod schema, so the first screen loads without zod.
 */
export function isNoticeLine(m: unknown): m is NoticeMessage {
  if (typeof m !== 'object' || m === null) return false;
  const { key, params } = m as { key?: unknown; params?: unknown };
  return typeof key === 'string' && Object.hasOwn(NOTICE_LINES, key) && typeof params === 'object' && params !== null;
}
/** The catalogue's notice keys without their plural or variant endings ("pairsStarted_one" → pairsStarted). */
const NOTICE_LINES: Record<string, true> = Object.fromEntries(
  Object.keys(en.notices).map((k) => [k.replace(/_(one|other|notNow|listenOnly)$/, ''), true]),
);

/** A server notice in the person's language. */
export function noticeMessageText(m: NoticeMessage): string {
  switch (m.key) {
    case 'turnPassedStaff':
      return m.params.how === 'notNow'
        ? i18next.t('notices:turnPassedStaff_notNow', { name: m.params.name })
        : i18next.t('notices:turnPassedStaff_listenOnly', { name: m.params.name });
    case 'pairsStarted':
      return i18next.t('notices:pairsStarted', { partners: list(m.params.partners), count: m.params.minutes });
    case 'agendaItemStarted':
    case 'agendaItemSoon':
    case 'agendaItemEnded':
      return i18next.t(`notices:${m.key}`, { title: m.params.title });
    case 'pairsBroadcast':
      return i18next.t('notices:pairsBroadcast', { text: m.params.text });
    case 'cannotEncryptInRoom':
      return i18next.t('notices:cannotEncryptInRoom', { name: m.params.name });
    default:
      return i18next.t(`notices:${m.key}`);
  }
}

/** A notice on screen: its line in the person's language, else the text it came with. */
export function noticeLineText(text: string, line: NoticeLine | undefined): string {
  if (!line || !ready()) return text;
  switch (line.type) {
    case 'notice':
      return noticeMessageText(line.message);
    case 'error':
      return errorText({ code: line.code, message: text });
    case 'client':
      return line.key === 'mediaRestarted'
        ? i18next.t('notices:mediaRestarted')
        : i18next.t(`notices:${line.key}`, { name: line.name });
  }
}
