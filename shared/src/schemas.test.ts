import { describe, test, expect } from 'vitest';
import { z } from 'zod';
import { AGENDA_TEMPLATE_IDS, AgendaPolicy } from './agenda.js';
import { AGREEMENT_VERSION } from './agreement.js';
import { STAFF_MESSAGE_CHARS } from './health.js';
import {
  LIMITS,
  type ClientEventName,
  type ClientPayload,
  clientEventSchemas,
  createInviteBody,
  createSessionBody,
  fieldOf,
  handshakeSchema,
  idSchema,
  isClientEventName,
} from './schemas.js';

const long = (chars: number) => 'a'.repeat(chars);
const TOO_LONG_ID = long(LIMITS.ID_CHARS + 1);

/** An opaque media blob whose JSON form is exactly `chars` characters long. */
function blobOfSize(chars: number): Record<string, string> {
  return { pad: 'x'.repeat(chars - JSON.stringify({ pad: '' }).length) };
}

const RTP_CAPABILITIES = {
  codecs: [{ kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 }],
  headerExtensions: [],
};
const RTP_PARAMETERS = {
  mid: '0',
  codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2 }],
  encodings: [{ ssrc: 1111 }],
};
const FINGERPRINT = { algorithm: 'sha-256', value: 'AB:CD:EF:01:23:45:67:89' } as const;
const AGENDA_ITEM = {
  title: 'Check-in',
  plannedMinutes: 15,
  note: 'One word for how you arrive today',
  policy: 'round-robin',
} as const;
/** The most items a plan may have. */
const MAX_AGENDA_ITEMS = 12;
/** The most breakout groups a manual pairing may have. */
const MAX_PAIR_GROUPS = 8;

const DTLS_PARAMETERS: ClientPayload<'transport:connect'>['dtlsParameters'] = {
  role: 'client',
  fingerprints: [FINGERPRINT],
};

interface EventCase<E extends ClientEventName> {
  /** A canonical payload with every optional field set. */
  valid: ClientPayload<E>;
  /** Fields that may be left out. */
  optional?: readonly (keyof ClientPayload<E>)[];
  /** One wrongly typed value for every field (the type forces an entry per field). */
  wrongType: { [K in keyof ClientPayload<E>]-?: unknown };
  /** One value just over the limit for every field that carries a length-limited string or a blob. */
  oversize: { [K in keyof ClientPayload<E>]?: unknown };
}

/** Every client event, keyed by name: adding an event to clientEventSchemas without a row here fails. */
const EVENTS: { [E in ClientEventName]: EventCase<E> } = {
  'session:checkIn': {
    valid: {
      agreementVersion: AGREEMENT_VERSION,
      location: 'Home office, Portland',
      privateSafePlace: true,
      emergencyContact: 'Sam (partner) 555-0100',
      language: 'es',
    },
    optional: ['emergencyContact', 'language'],
    wrongType: {
      agreementVersion: 2026,
      location: ['Home'],
      privateSafePlace: 'true',
      emergencyContact: 5550100,
      language: 'fr',
    },
    oversize: {
      agreementVersion: long(17),
      location: long(LIMITS.LOCATION_CHARS + 1),
      emergencyContact: long(LIMITS.EMERGENCY_CONTACT_CHARS + 1),
    },
  },
  'lobby:admit': {
    valid: { participantId: 'member-1', unencrypted: true },
    optional: ['unencrypted'],
    wrongType: { participantId: 1, unencrypted: false },
    oversize: { participantId: TOO_LONG_ID },
  },
  'lobby:admitAll': { valid: {}, wrongType: {}, oversize: {} },
  'lobby:decline': {
    valid: { participantId: 'member-1', message: 'The group is full today; your therapist will call you.' },
    optional: ['message'],
    wrongType: { participantId: null, message: 42 },
    oversize: { participantId: TOO_LONG_ID, message: long(LIMITS.MESSAGE_CHARS + 1) },
  },
  'participant:remove': {
    valid: { participantId: 'member-1' },
    wrongType: { participantId: {} },
    oversize: { participantId: TOO_LONG_ID },
  },
  'room:lock': { valid: { locked: true }, wrongType: { locked: 'yes' }, oversize: {} },
  'room:end': { valid: {}, wrongType: {}, oversize: {} },
  'room:leave': { valid: {}, wrongType: {}, oversize: {} },
  'clock:ping': { valid: { clientTime: 1_795_000_000_000 }, wrongType: { clientTime: '1795000000000' }, oversize: {} },
  'room:resync': { valid: {}, wrongType: {}, oversize: {} },
  'media:capabilities': { valid: {}, wrongType: {}, oversize: {} },
  'media:join': {
    valid: { rtpCapabilities: RTP_CAPABILITIES },
    wrongType: { rtpCapabilities: 'opus' },
    oversize: { rtpCapabilities: blobOfSize(LIMITS.MEDIA_BLOB_BYTES + 1) },
  },
  'transport:create': {
    valid: { direction: 'send', plain: false },
    optional: ['plain'],
    wrongType: { direction: 1, plain: 'no' },
    oversize: {},
  },
  'transport:connectPlain': {
    valid: { transportId: 'transport-1', ip: '127.0.0.1', port: 40000 },
    wrongType: { transportId: 7, ip: 2130706433, port: '40000' },
    oversize: { transportId: TOO_LONG_ID },
  },
  'transport:connect': {
    valid: { transportId: 'transport-1', dtlsParameters: DTLS_PARAMETERS },
    wrongType: { transportId: true, dtlsParameters: 'sha-256 AB:CD' },
    oversize: {
      transportId: TOO_LONG_ID,
      dtlsParameters: { fingerprints: [{ algorithm: 'sha-256', value: long(201) }] },
    },
  },
  'transport:restartIce': {
    valid: { transportId: 'transport-1' },
    wrongType: { transportId: 1 },
    oversize: { transportId: TOO_LONG_ID },
  },
  'producer:create': {
    valid: { transportId: 'transport-1', kind: 'audio', source: 'mic', rtpParameters: RTP_PARAMETERS, paused: true },
    optional: ['paused'],
    wrongType: { transportId: 1, kind: 0, source: null, rtpParameters: [RTP_PARAMETERS], paused: 'true' },
    oversize: { transportId: TOO_LONG_ID, rtpParameters: blobOfSize(LIMITS.MEDIA_BLOB_BYTES + 1) },
  },
  'producer:setPaused': {
    valid: { producerId: 'producer-1', paused: false },
    wrongType: { producerId: 1, paused: 0 },
    oversize: { producerId: TOO_LONG_ID },
  },
  'producer:close': {
    valid: { producerId: 'producer-1' },
    wrongType: { producerId: 1 },
    oversize: { producerId: TOO_LONG_ID },
  },
  'consumer:create': {
    valid: { producerId: 'producer-1' },
    wrongType: { producerId: 1 },
    oversize: { producerId: TOO_LONG_ID },
  },
  'consumer:resume': {
    valid: { consumerId: 'consumer-1' },
    wrongType: { consumerId: 1 },
    oversize: { consumerId: TOO_LONG_ID },
  },
  'consumer:setView': {
    valid: { consumerId: 'consumer-1', width: 640, height: 360, visible: true },
    wrongType: { consumerId: 1, width: '640', height: 360.5, visible: 'yes' },
    oversize: { consumerId: TOO_LONG_ID },
  },
  'media:setAudioOnly': {
    valid: { audioOnly: true, reason: 'chosen' },
    optional: ['reason'],
    wrongType: { audioOnly: 'true', reason: 'bored' },
    oversize: {},
  },
  'check:start': { valid: {}, wrongType: {}, oversize: {} },
  'check:connect': {
    valid: { transportId: 'transport-1', dtlsParameters: DTLS_PARAMETERS },
    wrongType: { transportId: true, dtlsParameters: 'sha-256 AB:CD' },
    oversize: {
      transportId: TOO_LONG_ID,
      dtlsParameters: { fingerprints: [{ algorithm: 'sha-256', value: long(201) }] },
    },
  },
  'check:produce': {
    valid: { transportId: 'transport-1', kind: 'audio', rtpParameters: RTP_PARAMETERS },
    wrongType: { transportId: 1, kind: 'screen', rtpParameters: [RTP_PARAMETERS] },
    oversize: { transportId: TOO_LONG_ID, rtpParameters: blobOfSize(LIMITS.MEDIA_BLOB_BYTES + 1) },
  },
  'check:consume': {
    valid: { producerId: 'producer-1', rtpCapabilities: RTP_CAPABILITIES },
    wrongType: { producerId: 1, rtpCapabilities: 'vp8' },
    oversize: { producerId: TOO_LONG_ID, rtpCapabilities: blobOfSize(LIMITS.MEDIA_BLOB_BYTES + 1) },
  },
  'check:end': { valid: {}, wrongType: {}, oversize: {} },
  'hand:raise': { valid: {}, wrongType: {}, oversize: {} },
  'hand:lower': { valid: {}, wrongType: {}, oversize: {} },
  'floor:give': {
    valid: { participantId: 'member-1' },
    wrongType: { participantId: 1 },
    oversize: { participantId: TOO_LONG_ID },
  },
  'floor:next': { valid: {}, wrongType: {}, oversize: {} },
  'floor:takeBack': { valid: {}, wrongType: {}, oversize: {} },
  'floor:end': { valid: {}, wrongType: {}, oversize: {} },
  'turn:pass': { valid: {}, wrongType: {}, oversize: {} },
  'speaking:listenOnly': { valid: { on: true }, wrongType: { on: 'yes' }, oversize: {} },
  'speaking:setMode': { valid: { mode: 'facilitated' }, wrongType: { mode: true }, oversize: {} },
  'speaking:setTurn': {
    valid: { turnSeconds: 180, expiry: 'hard' },
    wrongType: { turnSeconds: '180', expiry: 1 },
    oversize: {},
  },
  'participant:mute': {
    valid: { participantId: 'member-1' },
    wrongType: { participantId: 1 },
    oversize: { participantId: TOO_LONG_ID },
  },
  'participant:muteAll': { valid: {}, wrongType: {}, oversize: {} },
  'participant:askUnmute': {
    valid: { participantId: 'member-1' },
    wrongType: { participantId: 1 },
    oversize: { participantId: TOO_LONG_ID },
  },
  'participant:stopCamera': {
    valid: { participantId: 'member-1' },
    wrongType: { participantId: 1 },
    oversize: { participantId: TOO_LONG_ID },
  },
  'agenda:set': {
    valid: { items: [AGENDA_ITEM, { title: 'Sharing', plannedMinutes: 40, policy: 'facilitated' }] },
    wrongType: { items: 'Check-in, Sharing' },
    oversize: { items: Array.from({ length: MAX_AGENDA_ITEMS + 1 }, () => AGENDA_ITEM) },
  },
  'agenda:useTemplate': { valid: { templateId: 'cbt-90' }, wrongType: { templateId: 90 }, oversize: {} },
  'agenda:start': { valid: {}, wrongType: {}, oversize: {} },
  'agenda:pause': { valid: {}, wrongType: {}, oversize: {} },
  'agenda:resume': { valid: {}, wrongType: {}, oversize: {} },
  'agenda:next': { valid: {}, wrongType: {}, oversize: {} },
  'agenda:previous': { valid: {}, wrongType: {}, oversize: {} },
  'agenda:extend': { valid: { minutes: 5 }, wrongType: { minutes: '5' }, oversize: {} },
  'crisis:alert': { valid: {}, wrongType: {}, oversize: {} },
  'crisis:acknowledge': {
    valid: { alertId: 'alert-1' },
    wrongType: { alertId: 1 },
    oversize: { alertId: TOO_LONG_ID },
  },
  'crisis:resolve': {
    valid: { alertId: 'alert-1', note: 'Called her; she is safe at home with her sister.' },
    optional: ['note'],
    wrongType: { alertId: 1, note: ['safe'] },
    oversize: { alertId: TOO_LONG_ID, note: long(LIMITS.NOTE_CHARS + 1) },
  },
  'crisis:sideRoom': {
    valid: { alertId: 'alert-1' },
    wrongType: { alertId: 1 },
    oversize: { alertId: TOO_LONG_ID },
  },
  'crisis:return': {
    valid: { alertId: 'alert-1' },
    wrongType: { alertId: ['alert-1'] },
    oversize: { alertId: TOO_LONG_ID },
  },
  'room:break': { valid: { on: true }, wrongType: { on: 'on' }, oversize: {} },
  'chat:send': {
    valid: { text: 'Thank you for sharing that, Ben.' },
    wrongType: { text: 42 },
    oversize: { text: long(LIMITS.MESSAGE_CHARS + 1) },
  },
  'chat:delete': {
    valid: { messageId: 'message-1' },
    wrongType: { messageId: 1 },
    oversize: { messageId: TOO_LONG_ID },
  },
  'chat:setEnabled': { valid: { enabled: false }, wrongType: { enabled: 'off' }, oversize: {} },
  'room:setFocusMode': { valid: { on: true }, wrongType: { on: 'yes' }, oversize: {} },
  'chat:private': {
    valid: { memberId: 'member-1', text: 'I am here if you want to talk after the group.' },
    optional: ['memberId'],
    wrongType: { memberId: 7, text: { body: 'hi' } },
    oversize: { memberId: TOO_LONG_ID, text: long(LIMITS.MESSAGE_CHARS + 1) },
  },
  'chat:history': { valid: {}, wrongType: {}, oversize: {} },
  'reaction:send': { valid: { kind: 'heart' }, wrongType: { kind: 'hug' }, oversize: {} },
  'reactions:setEnabled': { valid: { enabled: false }, wrongType: { enabled: 'off' }, oversize: {} },
  'pairs:start': {
    valid: {
      minutes: 10,
      groups: [
        ['member-1', 'member-2'],
        ['member-3', 'member-4', 'member-5'],
      ],
    },
    optional: ['groups'],
    wrongType: { minutes: '10', groups: 'member-1,member-2' },
    oversize: { groups: Array.from({ length: MAX_PAIR_GROUPS + 1 }, (_, i) => [`a${i}`, `b${i}`]) },
  },
  'pairs:end': { valid: {}, wrongType: {}, oversize: {} },
  'pairs:visit': {
    valid: { pairId: 'p1' },
    wrongType: { pairId: 1 },
    oversize: { pairId: TOO_LONG_ID },
  },
  'pairs:broadcast': {
    valid: { text: 'Two minutes left: swap roles now.' },
    wrongType: { text: false },
    oversize: { text: long(LIMITS.MESSAGE_CHARS + 1) },
  },
  'stats:report': {
    valid: { sendKbps: 812.5, recvKbps: 2400, lossPct: 1.5, rttMs: 48, jitterMs: 6.2 },
    wrongType: { sendKbps: '812', recvKbps: null, lossPct: '1%', rttMs: '48', jitterMs: [6] },
    oversize: {},
  },
  'health:history': { valid: {}, wrongType: {}, oversize: {} },
  'health:sessions': { valid: {}, wrongType: {}, oversize: {} },
  'staff:message': {
    valid: { text: 'Alex has been quiet since the check-in; worth a gentle question?' },
    wrongType: { text: 42 },
    oversize: { text: long(STAFF_MESSAGE_CHARS + 1) },
  },
  'e2ee:announce': {
    valid: { publicKey: 'B'.repeat(87) },
    wrongType: { publicKey: 65 },
    oversize: { publicKey: 'B'.repeat(88) },
  },
  'e2ee:key': {
    valid: { to: 'p-1', blob: 'A'.repeat(88) },
    wrongType: { to: 1, blob: ['A'] },
    oversize: { to: TOO_LONG_ID, blob: 'A'.repeat(89) },
  },
  'e2ee:cannotEncrypt': { valid: {}, wrongType: {}, oversize: {} },
};

/** The same table, seen without the per-event types, for building test rows. */
const CASES: Readonly<
  Record<ClientEventName, { valid: object; optional?: readonly PropertyKey[]; wrongType: object; oversize: object }>
> = EVENTS;
const EVENT_NAMES = Object.keys(clientEventSchemas).filter(isClientEventName);

function parse(event: ClientEventName, payload: unknown) {
  return clientEventSchemas[event].safeParse(payload);
}

/**
 * Fields of an event whose schema carries a length limit: free strings, objects (blobs, nested strings)
 * and arrays with a maximum length.
 */
function limitedFields(event: ClientEventName): string[] {
  const json = z.toJSONSchema(clientEventSchemas[event], { io: 'input' });
  // A nullable field is `anyOf: [limited, null]`: limited if any branch is.
  const limited = (p: z.core.JSONSchema._JSONSchema): boolean =>
    typeof p === 'object' &&
    (p.type === 'object' ||
      (p.type === 'string' && p.maxLength !== undefined) ||
      (p.type === 'array' && p.maxItems !== undefined) ||
      (p.anyOf ?? []).some(limited));
  return Object.entries(json.properties ?? {})
    .filter(([, p]) => limited(p))
    .map(([name]) => name);
}

const fieldRows = (pick: (c: (typeof CASES)[ClientEventName]) => object) =>
  EVENT_NAMES.flatMap((event) =>
    Object.entries(pick(CASES[event])).map(([field, value]): [ClientEventName, string, unknown] => [
      event,
      field,
      value,
    ]),
  );

describe('client event schemas', () => {
  test('every client event has a row in the table', () => {
    expect(Object.keys(EVENTS).sort()).toEqual(EVENT_NAMES.sort());
  });

  test.each(EVENT_NAMES)('%s: every length-limited field has an oversize case', (event) => {
    expect(Object.keys(EVENTS[event].oversize).sort()).toEqual(limitedFields(event).sort());
  });

  test.each(EVENT_NAMES)('%s accepts its canonical payload unchanged', (event) => {
    const r = parse(event, EVENTS[event].valid);
    expect(r.error).toBeUndefined();
    expect(r.data).toEqual(EVENTS[event].valid);
  });

  test.each(EVENT_NAMES)('%s rejects an extra key', (event) => {
    expect(parse(event, { ...EVENTS[event].valid, extra: 1 }).success).toBe(false);
  });

  test.each(
    EVENT_NAMES.flatMap((event) =>
      [null, undefined, 'payload', 42, []].map((p): [ClientEventName, unknown] => [event, p]),
    ),
  )('%s rejects a payload that is not an object (%j)', (event, payload) => {
    expect(parse(event, payload).success).toBe(false);
  });

  test.each(fieldRows((c) => c.wrongType))('%s rejects a wrongly typed %s', (event, field, value) => {
    const r = parse(event, { ...EVENTS[event].valid, [field]: value });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path[0]).toBe(field);
  });

  test.each(fieldRows((c) => c.oversize))('%s rejects an oversize %s', (event, field, value) => {
    const r = parse(event, { ...EVENTS[event].valid, [field]: value });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path[0]).toBe(field);
  });

  const requiredRows = EVENT_NAMES.flatMap((event) => {
    const optional = CASES[event].optional ?? [];
    return Object.keys(CASES[event].valid).map((field): [ClientEventName, string, boolean] => [
      event,
      field,
      optional.includes(field),
    ]);
  });
  test.each(requiredRows)('%s without %s: accepted only if optional (optional=%s)', (event, field, optional) => {
    const payload: Record<string, unknown> = { ...EVENTS[event].valid };
    delete payload[field];
    expect(parse(event, payload).success).toBe(optional);
  });
});

describe('text fields', () => {
  const schemas = clientEventSchemas;
  const checkIn = EVENTS['session:checkIn'].valid;
  const decline = EVENTS['lobby:decline'].valid;
  const resolve = EVENTS['crisis:resolve'].valid;
  const privately = EVENTS['chat:private'].valid;
  const agendaItem = (change: object) =>
    schemas['agenda:set'].safeParse({ items: [{ ...AGENDA_ITEM, ...change }] }).data?.items[0];
  const session = { title: 'Tuesday evening group' };
  const invite = { role: 'member', displayName: 'Ana' };

  /** [field, parse with the field set to a value → the parsed field or undefined when rejected] */
  const TEXT_FIELDS: [string, (v: string) => unknown][] = [
    [
      'session:checkIn location',
      (v) => schemas['session:checkIn'].safeParse({ ...checkIn, location: v }).data?.location,
    ],
    [
      'session:checkIn emergencyContact',
      (v) => schemas['session:checkIn'].safeParse({ ...checkIn, emergencyContact: v }).data?.emergencyContact,
    ],
    ['lobby:decline message', (v) => schemas['lobby:decline'].safeParse({ ...decline, message: v }).data?.message],
    ['crisis:resolve note', (v) => schemas['crisis:resolve'].safeParse({ ...resolve, note: v }).data?.note],
    ['agenda:set item title', (v) => agendaItem({ title: v })?.title],
    ['agenda:set item note', (v) => agendaItem({ note: v })?.note],
    ['createSessionBody title', (v) => createSessionBody.safeParse({ ...session, title: v }).data?.title],
    [
      'createInviteBody displayName',
      (v) => createInviteBody.safeParse({ ...invite, displayName: v }).data?.displayName,
    ],
    ['chat:send text', (v) => schemas['chat:send'].safeParse({ text: v }).data?.text],
    ['chat:private text', (v) => schemas['chat:private'].safeParse({ ...privately, text: v }).data?.text],
    ['pairs:broadcast text', (v) => schemas['pairs:broadcast'].safeParse({ text: v }).data?.text],
    ['staff:message text', (v) => schemas['staff:message'].safeParse({ text: v }).data?.text],
  ];

  test.each(TEXT_FIELDS)('%s is trimmed', (_name, parsed) => {
    expect(parsed('  Kitchen table \t')).toBe('Kitchen table');
  });

  const CONTROL_CHARACTERS = ['\u0000', '\u0007', '\n', '\r', '\u001b', '\u007f'];
  test.each(
    TEXT_FIELDS.flatMap(([name, parsed]) =>
      CONTROL_CHARACTERS.map((c): [string, string, (v: string) => unknown] => [
        name,
        JSON.stringify(c),
        (v) => parsed(v.replace('|', c)),
      ]),
    ),
  )('%s rejects the control character %s', (_name, _char, parsed) => {
    expect(parsed('Kitchen|table')).toBeUndefined();
  });

  const REQUIRED = [
    ['session:checkIn location', (v: string) => parse('session:checkIn', { ...checkIn, location: v }).success],
    ['createSessionBody title', (v: string) => createSessionBody.safeParse({ ...session, title: v }).success],
    ['createInviteBody displayName', (v: string) => createInviteBody.safeParse({ ...invite, displayName: v }).success],
    ['agenda:set item title', (v: string) => agendaItem({ title: v }) !== undefined],
    ['chat:send text', (v: string) => parse('chat:send', { text: v }).success],
    ['chat:private text', (v: string) => parse('chat:private', { ...privately, text: v }).success],
    ['pairs:broadcast text', (v: string) => parse('pairs:broadcast', { text: v }).success],
    ['staff:message text', (v: string) => parse('staff:message', { text: v }).success],
  ] as const;
  test.each(REQUIRED)('%s may not be blank once trimmed', (_name, accepts) => {
    expect(accepts('')).toBe(false);
    expect(accepts('   ')).toBe(false);
  });

  const LIMITED = [
    ['session:checkIn location', LIMITS.LOCATION_CHARS, TEXT_FIELDS[0]![1]],
    ['session:checkIn emergencyContact', LIMITS.EMERGENCY_CONTACT_CHARS, TEXT_FIELDS[1]![1]],
    ['lobby:decline message', LIMITS.MESSAGE_CHARS, TEXT_FIELDS[2]![1]],
    ['crisis:resolve note', LIMITS.NOTE_CHARS, TEXT_FIELDS[3]![1]],
    ['agenda:set item title', 60, TEXT_FIELDS[4]![1]],
    ['agenda:set item note', 280, TEXT_FIELDS[5]![1]],
    ['createSessionBody title', LIMITS.TITLE_CHARS, TEXT_FIELDS[6]![1]],
    ['createInviteBody displayName', LIMITS.DISPLAY_NAME_CHARS, TEXT_FIELDS[7]![1]],
    ['chat:send text', LIMITS.MESSAGE_CHARS, TEXT_FIELDS[8]![1]],
    ['chat:private text', LIMITS.MESSAGE_CHARS, TEXT_FIELDS[9]![1]],
    ['pairs:broadcast text', LIMITS.MESSAGE_CHARS, TEXT_FIELDS[10]![1]],
    ['staff:message text', STAFF_MESSAGE_CHARS, TEXT_FIELDS[11]![1]],
  ] as const;
  test.each(LIMITED)('%s accepts exactly %i characters and no more', (_name, max, parsed) => {
    expect(parsed(long(max))).toBe(long(max));
    expect(parsed(long(max + 1))).toBeUndefined();
  });
});

describe('session:checkIn', () => {
  const valid = EVENTS['session:checkIn'].valid;

  test.each([false, 'true', 1, null])('privateSafePlace must be literally true, not %j', (value) => {
    expect(parse('session:checkIn', { ...valid, privateSafePlace: value }).success).toBe(false);
  });

  test('privateSafePlace may not be left out', () => {
    const { privateSafePlace: _omitted, ...rest } = valid;
    expect(parse('session:checkIn', rest).success).toBe(false);
  });
});

describe('media blobs', () => {
  const BLOB_FIELDS = [
    ['media:join rtpCapabilities', (blob: unknown) => parse('media:join', { rtpCapabilities: blob }).success],
    [
      'producer:create rtpParameters',
      (blob: unknown) =>
        parse('producer:create', {
          ...EVENTS['producer:create'].valid,
          // What it carries must match what it claims: the padding rides beside real Opus codecs.
          rtpParameters: typeof blob === 'object' && blob !== null ? { codecs: RTP_PARAMETERS.codecs, ...blob } : blob,
        }).success,
    ],
  ] as const;

  /** A blob whose JSON form, beside `base`, is exactly `chars` long. */
  const sized = (chars: number, base: object) => {
    const bare = JSON.stringify({ ...base, pad: '' }).length;
    return { pad: 'x'.repeat(chars - bare) };
  };
  const baseOf = (name: string) => (name.startsWith('producer:create') ? { codecs: RTP_PARAMETERS.codecs } : {});

  test.each(BLOB_FIELDS)('%s accepts a blob of exactly LIMITS.MEDIA_BLOB_BYTES', (name, accepts) => {
    expect(accepts(sized(LIMITS.MEDIA_BLOB_BYTES, baseOf(name)))).toBe(true);
  });

  test.each(BLOB_FIELDS)('%s rejects a blob over LIMITS.MEDIA_BLOB_BYTES', (name, accepts) => {
    expect(accepts(sized(LIMITS.MEDIA_BLOB_BYTES + 1, baseOf(name)))).toBe(false);
  });

  test.each(BLOB_FIELDS)('%s rejects nesting deeper than RTP parameters go, without overflowing', (_name, accepts) => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(accepts({ codecs: deep })).toBe(false);
    expect(accepts({ headerExtensions: [[[[[[[1]]]]]]] })).toBe(false);
  });

  test.each(BLOB_FIELDS)('%s rejects a key longer than 64 characters', (_name, accepts) => {
    expect(accepts({ [long(65)]: 1 })).toBe(false);
  });
});

describe('transport:connect dtlsParameters', () => {
  const valid = EVENTS['transport:connect'].valid;
  const fingerprint = FINGERPRINT;

  test.each([
    ['an extra key', { ...DTLS_PARAMETERS, extra: 1 }],
    ['an extra key in a fingerprint', { fingerprints: [{ ...fingerprint, extra: 1 }] }],
    ['no fingerprints', { fingerprints: [] }],
    ['more than 8 fingerprints', { fingerprints: Array.from({ length: 9 }, () => fingerprint) }],
    ['an unknown algorithm', { fingerprints: [{ ...fingerprint, algorithm: 'md5' }] }],
    ['an unknown role', { ...DTLS_PARAMETERS, role: 'peer' }],
  ])('rejects %s', (_name, dtlsParameters) => {
    expect(parse('transport:connect', { ...valid, dtlsParameters }).success).toBe(false);
  });
});

describe('ids', () => {
  test.each(['', 'has space', 'semi;colon', '../etc', 'ünicode'])(
    'an id must be 1-64 of A-Z a-z 0-9 _ -, not %j',
    (bad) => {
      expect(parse('lobby:admit', { participantId: bad }).success).toBe(false);
    },
  );

  test('an id of exactly LIMITS.ID_CHARS is accepted', () => {
    expect(parse('lobby:admit', { participantId: long(LIMITS.ID_CHARS) }).success).toBe(true);
  });

  // Every name an ordinary object already has: as an id it would reach an inherited property of a record.
  test.each(Object.getOwnPropertyNames(Object.prototype))('the object property name %s is never an id', (name) => {
    expect(parse('lobby:admit', { participantId: name }).success).toBe(false);
    expect(idSchema.safeParse(name).success).toBe(false);
  });
});

describe('producers carry what they claim', () => {
  const opus = [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2 }];
  const vp8 = [
    { mimeType: 'video/VP8', payloadType: 96, clockRate: 90000 },
    { mimeType: 'video/rtx', payloadType: 97, clockRate: 90000, parameters: { apt: 96 } },
  ];
  const produce = (kind: string, source: string, codecs: unknown) =>
    parse('producer:create', { transportId: 't1', kind, source, rtpParameters: { mid: '0', codecs, encodings: [] } });

  test.each([
    ['audio', 'mic', opus],
    ['video', 'camera', vp8],
    ['video', 'camera', [{ mimeType: 'video/H264', payloadType: 102, clockRate: 90000 }]],
  ])('a %s producer from the %s with its own codecs is accepted', (kind, source, codecs) => {
    expect(produce(kind, source, codecs).success).toBe(true);
  });

  test.each([
    ['a "camera" carrying Opus', 'video', 'camera', opus],
    ['a microphone carrying VP8', 'audio', 'mic', vp8],
    ['audio from the camera', 'audio', 'camera', opus],
    ['video from the microphone', 'video', 'mic', vp8],
    ['Opus hidden behind VP8', 'video', 'camera', [...vp8, ...opus]],
    ['no codecs at all', 'audio', 'mic', []],
    ['codecs that are not a list', 'audio', 'mic', { 0: opus[0] }],
    ['a codec without a MIME type', 'audio', 'mic', [{ payloadType: 111 }]],
    ['an audio codec that is not Opus', 'audio', 'mic', [{ mimeType: 'audio/PCMU', payloadType: 0, clockRate: 8000 }]],
    ['RTX alone', 'video', 'camera', [vp8[1]]],
  ])('%s is refused', (_what, kind, source, codecs) => {
    const r = produce(kind, source, codecs);
    expect(r.success).toBe(false);
    expect(r.success ? null : fieldOf(r.error)).toMatch(/^(source|rtpParameters\.codecs)$/);
  });

  test('the connection check holds its producers to their kind too', () => {
    expect(parse('check:produce', { transportId: 't1', kind: 'video', rtpParameters: { codecs: opus } }).success).toBe(
      false,
    );
    expect(parse('check:produce', { transportId: 't1', kind: 'audio', rtpParameters: { codecs: opus } }).success).toBe(
      true,
    );
  });
});

describe('number ranges', () => {
  test.each([
    ['clock:ping clientTime is finite', 'clock:ping', { clientTime: Infinity }],
    ['clock:ping clientTime is a number', 'clock:ping', { clientTime: NaN }],
    ['speaking:setTurn turnSeconds is at least 30', 'speaking:setTurn', { turnSeconds: 29, expiry: 'soft' }],
    ['speaking:setTurn turnSeconds is at most 1800', 'speaking:setTurn', { turnSeconds: 1801, expiry: 'soft' }],
    ['speaking:setTurn turnSeconds is whole', 'speaking:setTurn', { turnSeconds: 90.5, expiry: 'soft' }],
    [
      'transport:connectPlain port is not privileged',
      'transport:connectPlain',
      { transportId: 't', ip: '127.0.0.1', port: 80 },
    ],
    [
      'transport:connectPlain ip is loopback',
      'transport:connectPlain',
      { transportId: 't', ip: '10.0.0.5', port: 40000 },
    ],
    ...(['width', 'height'] as const).flatMap((side) => [
      [
        `consumer:setView ${side} is at most LIMITS.TILE_PIXELS`,
        'consumer:setView',
        { ...EVENTS['consumer:setView'].valid, [side]: LIMITS.TILE_PIXELS + 1 },
      ] as const,
      [
        `consumer:setView ${side} is not negative`,
        'consumer:setView',
        { ...EVENTS['consumer:setView'].valid, [side]: -1 },
      ] as const,
    ]),
    ['pairs:start minutes is at least 1', 'pairs:start', { minutes: 0 }],
    ['pairs:start minutes is at most 60', 'pairs:start', { minutes: 61 }],
    ['pairs:start minutes is whole', 'pairs:start', { minutes: 7.5 }],
  ] as const)('%s', (_rule, event: ClientEventName, payload) => {
    expect(parse(event, payload).success).toBe(false);
  });
});

describe('agenda events', () => {
  const setItems = (items: unknown[]) => parse('agenda:set', { items });

  test.each(Object.values(AgendaPolicy))('an item may use the %s speaking policy', (policy) => {
    expect(setItems([{ ...AGENDA_ITEM, policy }]).success).toBe(true);
  });

  test.each([
    ['an empty plan (clearing it) is accepted', 0, true],
    ['a plan of 12 items is accepted', MAX_AGENDA_ITEMS, true],
    ['a plan of 13 items is refused', MAX_AGENDA_ITEMS + 1, false],
  ])('%s', (_rule, count, accepted) => {
    expect(setItems(Array.from({ length: count }, () => AGENDA_ITEM)).success).toBe(accepted);
  });

  test.each([
    ['a planned length under 1 minute', { plannedMinutes: 0 }],
    ['a planned length over 90 minutes', { plannedMinutes: 91 }],
    ['a fractional planned length', { plannedMinutes: 2.5 }],
    ['a planned length as a string', { plannedMinutes: '15' }],
    ['an unknown speaking policy', { policy: 'free-for-all' }],
    ['no speaking policy', { policy: undefined }],
    ['a title that is not a string', { title: 7 }],
    ['an extra key', { extra: 1 }],
  ])('an agenda item with %s is refused', (_rule, change) => {
    const r = setItems([AGENDA_ITEM, { ...AGENDA_ITEM, ...change }]);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path.slice(0, 2)).toEqual(['items', 1]);
  });

  test.each(AGENDA_TEMPLATE_IDS)('the template %s can be chosen', (templateId) => {
    expect(parse('agenda:useTemplate', { templateId }).success).toBe(true);
  });

  test.each(['cbt-120', '', 'CBT-90', 'constructor'])('an unknown template %j is refused', (templateId) => {
    expect(parse('agenda:useTemplate', { templateId }).success).toBe(false);
  });

  test.each([
    [1, true],
    [5, true],
    [0, false],
    [2, false],
    [10, false],
    [-1, false],
    [1.5, false],
  ])('an extension of %d minutes is accepted: %s', (minutes, accepted) => {
    expect(parse('agenda:extend', { minutes }).success).toBe(accepted);
  });
});

describe('breakout pairs', () => {
  const start = (groups: unknown) => parse('pairs:start', { minutes: 10, groups });

  test.each([
    ['a group of one', [['ana']], false],
    ['a pair', [['ana', 'ben']], true],
    ['a trio', [['ana', 'ben', 'cy']], true],
    ['a group of four', [['ana', 'ben', 'cy', 'dee']], false],
    ['no groups at all (nobody to pair)', [], true],
    [`${MAX_PAIR_GROUPS} groups`, Array.from({ length: MAX_PAIR_GROUPS }, (_, i) => [`a${i}`, `b${i}`]), true],
    ['a member id that is not an id', [['ana', 'ben cy']], false],
  ])('manual pairing with %s is accepted: %s', (_rule, groups, accepted) => {
    expect(start(groups).success).toBe(accepted);
  });

  test('random pairing leaves the groups out', () => {
    expect(parse('pairs:start', { minutes: 10 }).data).toEqual({ minutes: 10 });
  });

  test.each([
    ['null (back to the main room)', null, true],
    ['a pair id', 'p3', true],
    ['an empty id', '', false],
  ])('a therapist may visit %s: %s', (_rule, pairId, accepted) => {
    expect(parse('pairs:visit', { pairId }).success).toBe(accepted);
  });
});

describe('chat:private', () => {
  test('a member writing to the therapists leaves memberId out', () => {
    expect(parse('chat:private', { text: 'Can we talk after?' }).data).toEqual({ text: 'Can we talk after?' });
  });
});

describe('createSessionBody', () => {
  const valid = {
    title: 'Tuesday evening group',
    startsAt: '2026-12-01T18:00:00-08:00',
    durationMinutes: 120,
    maxMembers: 8,
  };

  test('accepts a canonical body', () => {
    expect(createSessionBody.parse(valid)).toEqual(valid);
  });

  test('defaults to 90 minutes and 10 members', () => {
    expect(createSessionBody.parse({ title: 'Group' })).toEqual({
      title: 'Group',
      durationMinutes: 90,
      maxMembers: 10,
    });
  });

  test.each([
    ['an extra key', { ...valid, extra: 1 }],
    ['an oversize title', { ...valid, title: long(LIMITS.TITLE_CHARS + 1) }],
    ['a title that is not a string', { ...valid, title: 7 }],
    ['startsAt without a time zone offset', { ...valid, startsAt: '2026-12-01T18:00:00' }],
    ['startsAt that is not a date', { ...valid, startsAt: 'next Tuesday' }],
    ['startsAt as a number', { ...valid, startsAt: 1_795_000_000_000 }],
    ['a session under 60 minutes', { ...valid, durationMinutes: 59 }],
    ['a session over 120 minutes', { ...valid, durationMinutes: 121 }],
    ['durationMinutes as a string', { ...valid, durationMinutes: '90' }],
    ['no members', { ...valid, maxMembers: 0 }],
    ['more than LIMITS.MAX_MEMBERS members', { ...valid, maxMembers: LIMITS.MAX_MEMBERS + 1 }],
    ['a fractional member count', { ...valid, maxMembers: 2.5 }],
  ])('rejects %s', (_name, body) => {
    expect(createSessionBody.safeParse(body).success).toBe(false);
  });
});

describe('createInviteBody', () => {
  test.each(['member', 'therapist', 'supervisor'])('accepts a %s invite', (role) => {
    expect(createInviteBody.parse({ role, displayName: 'Ana' })).toEqual({ role, displayName: 'Ana' });
  });

  test.each([
    ['an extra key', { role: 'member', displayName: 'Ana', extra: 1 }],
    ['an unknown role', { role: 'admin', displayName: 'Ana' }],
    ['an oversize name', { role: 'member', displayName: long(LIMITS.DISPLAY_NAME_CHARS + 1) }],
    ['a name that is not a string', { role: 'member', displayName: 42 }],
    ['no role', { displayName: 'Ana' }],
    ['no name', { role: 'member' }],
  ])('rejects %s', (_name, body) => {
    expect(createInviteBody.safeParse(body).success).toBe(false);
  });
});

describe('handshakeSchema', () => {
  const valid = { protocolVersion: 1, token: 'eyJzIjoiYWJjIn0.c2lnbmF0dXJl' };

  test('accepts a canonical handshake', () => {
    expect(handshakeSchema.parse(valid)).toEqual(valid);
  });

  test.each([
    ['an extra key', { ...valid, extra: 1 }],
    ['an oversize token', { ...valid, token: long(LIMITS.TOKEN_CHARS + 1) }],
    ['an empty token', { ...valid, token: '' }],
    ['a token that is not a string', { ...valid, token: 12345 }],
    ['a protocol version as a string', { ...valid, protocolVersion: '1' }],
    ['a fractional protocol version', { ...valid, protocolVersion: 1.5 }],
    ['no protocol version', { token: valid.token }],
  ])('rejects %s', (_name, body) => {
    expect(handshakeSchema.safeParse(body).success).toBe(false);
  });

  test('accepts a token of exactly LIMITS.TOKEN_CHARS', () => {
    expect(handshakeSchema.safeParse({ ...valid, token: long(LIMITS.TOKEN_CHARS) }).success).toBe(true);
  });
});
