/**
 * Every notice the room gives people, in one table (like the error codes in errors.ts): the domain
 * picks a line by key and fills in its details; each client writes the sentence in its person's own
 * language from the catalogue (`notices` namespace), so two people in one room each read theirs.
 * The English sentence still travels in `text`, for clients older than the keys.
 */
import './zodConfig.js';
import { z } from 'zod';
import type { NoticeKind } from './views.js';

const NONE = z.strictObject({});
const name = z.string().max(200);
const title = z.string().max(200);

/** Each notice's details, bounded (a client parses what it receives with `noticeMessageSchema`). */
export const NOTICE_PARAMS = {
  welcomeBack: NONE,
  mutedByTherapist: NONE,
  mutedEveryone: NONE,
  askedToUnmute: NONE,
  cameraStopped: NONE,
  floorGiven: NONE,
  floorEnded: NONE,
  turnWarning: NONE,
  turnOverHard: NONE,
  turnOverSoft: NONE,
  /** `how`: the member chose "Not now" or to listen only. */
  turnPassedStaff: z.strictObject({ name, how: z.enum(['notNow', 'listenOnly']) }),
  turnPassedMember: NONE,
  crisisEscalatedMember: NONE,
  crisisEscalatedStaff: NONE,
  agendaItemStarted: z.strictObject({ title }),
  agendaItemSoon: z.strictObject({ title }),
  agendaItemEnded: z.strictObject({ title }),
  breakStarted: NONE,
  breakEnded: NONE,
  /** Partners' names (the client joins them as its language lists things). */
  pairsStarted: z.strictObject({
    partners: z.array(name).min(1).max(8),
    minutes: z.number().int().min(1).max(600),
  }),
  pairsBroadcast: z.strictObject({ text: z.string().max(2000) }),
  pairsEnded: NONE,
  networkAudioOnly: NONE,
  /** To staff: an admitted member came back from a browser that cannot encrypt (E2EE rooms). */
  cannotEncryptInRoom: z.strictObject({ name }),
} as const;

export type NoticeKey = keyof typeof NOTICE_PARAMS;
export const NOTICE_KEYS = Object.keys(NOTICE_PARAMS) as NoticeKey[];
export type NoticeParams<K extends NoticeKey> = z.infer<(typeof NOTICE_PARAMS)[K]>;
/** A notice as data: which line, with which details. */
export type NoticeMessage = { [K in NoticeKey]: { key: K; params: NoticeParams<K> } }[NoticeKey];

/** The wire form of a notice's line: the key, and the details that key takes (strict, bounded). */
export const noticeMessageSchema = z
  .strictObject({ key: z.enum(NOTICE_KEYS as [NoticeKey, ...NoticeKey[]]), params: z.record(z.string(), z.unknown()) })
  .refine((m) => NOTICE_PARAMS[m.key].safeParse(m.params).success, { path: ['params'] })
  .transform((m) => m as NoticeMessage);

/** The English sentence of each line (for clients older than the keys, and for tests). */
export const NOTICE_TEXT: { readonly [K in NoticeKey]: (p: NoticeParams<K>) => string } = {
  welcomeBack: () => "You're back. Your microphone is muted.",
  mutedByTherapist: () => 'Your therapist muted your microphone.',
  mutedEveryone: () => 'Your therapist muted everyone.',
  askedToUnmute: () => 'Your therapist invites you to unmute. It is your choice.',
  cameraStopped: () => 'Your therapist turned off your camera.',
  floorGiven: () => 'You have the floor. Unmute when you are ready.',
  floorEnded: () => 'Your turn has ended.',
  turnWarning: () => '30 seconds left in your turn.',
  turnOverHard: () => 'Your time is up. Thank you.',
  turnOverSoft: () => 'Your time is up. Please finish your thought.',
  turnPassedStaff: (p) => `${p.name} passed (${p.how === 'notNow' ? 'Not now' : 'listening only'}).`,
  turnPassedMember: () => 'You passed. That is fine: raise your hand later if you want to speak.',
  crisisEscalatedMember: () =>
    'We have asked the clinical supervisor to reach you too. If you are in danger now, call or text 988, or call 911.',
  crisisEscalatedStaff: () => 'A crisis alert has not been acknowledged.',
  agendaItemStarted: (p) => `Now: ${p.title}.`,
  agendaItemSoon: (p) => `2 minutes left in ${p.title}.`,
  agendaItemEnded: (p) => `Time is up for ${p.title}.`,
  breakStarted: () => 'The group is taking a short break.',
  breakEnded: () => 'The group is back from the break.',
  pairsStarted: (p) => `You are practising with ${p.partners.join(' and ')} for ${p.minutes} minutes.`,
  pairsBroadcast: (p) => `From your therapist: ${p.text}`,
  pairsEnded: () => 'Everyone is back in the main room.',
  networkAudioOnly: () => 'Your connection is struggling, so we switched you to audio only. Others can still hear you.',
  cannotEncryptInRoom: (p) =>
    `${p.name} is back on a browser that cannot encrypt: they see and hear no one until you let them in without encryption (People).`,
};

/**
 * A notice line for a domain event: the key and details (what clients translate) and the English
 * sentence (what older clients show). `say('floorEnded')`, `say('agendaItemStarted', { title })`.
 */
export function say<K extends NoticeKey>(
  key: K,
  ...params: NoticeParams<K> extends Record<string, never> ? [] : [NoticeParams<K>]
): { text: string; message: NoticeMessage } {
  const p = (params[0] ?? {}) as NoticeParams<K>;
  return { text: NOTICE_TEXT[key](p), message: { key, params: p } as NoticeMessage };
}

/** The `notice` event: the line as data, its English sentence, and whom it is about (staff notices). */
export interface NoticePayload {
  kind: NoticeKind;
  message: NoticeMessage;
  /** The English sentence, for clients older than `message`. */
  text: string;
  participantId?: string;
}
