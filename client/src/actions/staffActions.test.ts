import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startI18n } from '../i18n';
import {
  type Me,
  type MySessions,
  type WireError,
  apiTokenCreatedSchema,
  apiTokenListSchema,
  auditPageSchema,
  authOptionsSchema,
  ssoApprovedSchema,
  ssoRequestsSchema,
  clinicSettingsSchema,
  recoveryCodesSchema,
  totpSetupSchema,
  totpStatusSchema,
  errorOf,
  inviteCreatedSchema,
  meSchema,
  mySessionsSchema,
  liveSessionsSchema,
  roomEntrySchema,
  sessionCreatedSchema,
  sessionDetailSchema,
  sessionRecordSchema,
  staffLinkSchema,
  staffListSchema,
} from '@circle/shared';
import {
  codeNeeded,
  confirmCodeWrong,
  codeWrong,
  signInEnded,
  signInMismatch,
  createStaffActions,
  passwordHint,
  waitText,
} from './staffActions';
import type { StaffAnswer, StaffApi } from '../net/staffApi';
import { StaffPath, useStaffStore } from '../stores/useStaffStore';

// Messages come from the catalogue (English here).
beforeAll(() => startI18n());

const ME: Me = { id: 'u1', name: 'Dr. Rivera', email: 'rivera@clinic.org', role: 'therapist' };
const SESSIONS: MySessions = {
  upcoming: [
    {
      id: 's1',
      title: 'Tuesday skills group',
      startsAt: '2026-12-01T17:00:00Z',
      durationMinutes: 90,
      status: 'scheduled',
      members: 2,
    },
  ],
  past: [],
};
const TOKEN = 'a-one-time-token-0123456789';
const GOOD_PASSWORD = 'lantern orbit pebble';

const refused = (status: number, error: WireError, retryAfterSeconds: number | null = null): StaffAnswer<never> => ({
  ok: false,
  error,
  status,
  retryAfterSeconds,
});
const ok = <T>(data: T): StaffAnswer<T> => ({ ok: true, data });

type Answers = Partial<Record<keyof StaffApi, StaffAnswer<unknown>>>;

/** The staff API as a fake: each call answers from `answers` by name (default: a 500) and is remembered. */
class FakeStaffApi implements StaffApi {
  readonly calls: [string, ...unknown[]][] = [];
  constructor(private readonly answers: Answers) {}
  private answer<T>(method: keyof StaffApi, parse: (x: unknown) => T, ...args: unknown[]): Promise<StaffAnswer<T>> {
    this.calls.push([method, ...args]);
    const a = this.answers[method] ?? refused(500, errorOf('INTERNAL'));
    return Promise.resolve(a.ok ? { ok: true, data: parse(a.data) } : a);
  }
  setup = (b: unknown) => this.answer('setup', meSchema.parse, b);
  login = (b: unknown) => this.answer('login', meSchema.parse, b);
  logout = () => this.answer('logout', () => null);
  logoutEverywhere = () => this.answer('logoutEverywhere', () => null);
  setPassword = (b: unknown) => this.answer('setPassword', meSchema.parse, b);
  me = () => this.answer('me', meSchema.parse);
  staff = () => this.answer('staff', staffListSchema.parse);
  addStaff = (b: unknown) => this.answer('addStaff', staffLinkSchema.parse, b);
  disableStaff = (id: string) => this.answer('disableStaff', () => null, id);
  resetStaff = (id: string) => this.answer('resetStaff', staffLinkSchema.parse, id);
  mySessions = () => this.answer('mySessions', mySessionsSchema.parse);
  createSession = (b: unknown) => this.answer('createSession', sessionCreatedSchema.parse, b);
  startSession = (id: string) => this.answer('startSession', roomEntrySchema.parse, id);
  liveSessions = () => this.answer('liveSessions', liveSessionsSchema.parse);
  observeSession = (id: string) => this.answer('observeSession', roomEntrySchema.parse, id);
  session = (id: string) => this.answer('session', sessionDetailSchema.parse, id);
  createInvite = (id: string, b: unknown) => this.answer('createInvite', inviteCreatedSchema.parse, id, b);
  revokeInvite = (id: string, inviteId: string) => this.answer('revokeInvite', () => null, id, inviteId);
  record = (id: string) => this.answer('record', sessionRecordSchema.parse, id);
  recordCsv = (id: string) => this.answer('recordCsv', String, id);
  audit = (q: unknown) => this.answer('audit', auditPageSchema.parse, q);
  authOptions = () => this.answer('authOptions', authOptionsSchema.parse);
  ssoRequests = () => this.answer('ssoRequests', ssoRequestsSchema.parse);
  approveSso = (id: string, b: unknown) => this.answer('approveSso', ssoApprovedSchema.parse, id, b);
  declineSso = (id: string) => this.answer('declineSso', () => null, id);
  tokens = () => this.answer('tokens', apiTokenListSchema.parse);
  createToken = (b: unknown) => this.answer('createToken', apiTokenCreatedSchema.parse, b);
  revokeToken = (id: string) => this.answer('revokeToken', () => null, id);
  totpStatus = () => this.answer('totpStatus', totpStatusSchema.parse);
  totpStart = () => this.answer('totpStart', totpSetupSchema.parse);
  totpConfirm = (b: unknown) => this.answer('totpConfirm', recoveryCodesSchema.parse, b);
  totpDisable = (b: unknown) => this.answer('totpDisable', () => null, b);
  clinicSettings = () => this.answer('clinicSettings', clinicSettingsSchema.parse);
  setClinicSettings = (b: unknown) => this.answer('setClinicSettings', clinicSettingsSchema.parse, b);
}

function setup(answers: Answers) {
  const api = new FakeStaffApi(answers);
  const calls = api.calls;
  const went: { path: string; replace: boolean }[] = [];
  const opened: string[] = [];
  const saved: { name: string; file: Blob }[] = [];
  const actions = createStaffActions({
    api,
    nav: { go: (path, o) => went.push({ path, replace: !!o?.replace }), open: (url) => opened.push(url) },
    saveFile: (name, file) => saved.push({ name, file }),
  });
  return { actions, calls, went, opened, saved };
}

beforeEach(() => useStaffStore.setState({ path: '/', me: null, status: 'unknown', notice: null }));

describe('signing in', () => {
  it('signs in and goes home, remembering who is signed in', async () => {
    const t = setup({ login: ok(ME) });
    expect(await t.actions.signIn(' Rivera@Clinic.org ', GOOD_PASSWORD)).toEqual({ ok: true });
    expect(t.calls).toEqual([['login', { email: 'rivera@clinic.org', password: GOOD_PASSWORD }]]);
    expect(useStaffStore.getState()).toMatchObject({ me: ME, status: 'signedIn' });
    expect(t.went).toEqual([{ path: StaffPath.home, replace: false }]);
  });

  it('401: the email and password do not match (and nothing else is said)', async () => {
    const t = setup({ login: refused(401, errorOf('UNAUTHORIZED')) });
    expect(await t.actions.signIn('rivera@clinic.org', 'wrong')).toEqual({
      ok: false,
      message: signInMismatch(),
      secondStep: false,
    });
    expect(t.went).toEqual([]);
  });

  it('429: says how long to wait, from Retry-After', async () => {
    const t = setup({ login: refused(429, errorOf('RATE_LIMITED'), 300) });
    const res = await t.actions.signIn('rivera@clinic.org', 'wrong');
    expect(res.ok ? null : res.message).toBe('Too many attempts. Please wait 5 minutes and try again.');
  });

  it('a refusal naming the totp field asks for the second step', async () => {
    const t = setup({
      login: refused(401, { code: 'UNAUTHORIZED', message: 'Enter the code from your app.', field: 'totp' }),
    });
    const res = await t.actions.signIn('rivera@clinic.org', GOOD_PASSWORD);
    expect(res).toEqual({ ok: false, message: codeNeeded(), field: 'totp', secondStep: true });
  });

  it('a wrong code says so and stays on the second step; the code is sent with the password', async () => {
    const t = setup({ login: refused(401, { ...errorOf('UNAUTHORIZED'), field: 'totp' }) });
    const res = await t.actions.signIn('rivera@clinic.org', GOOD_PASSWORD, '123456');
    expect(res).toEqual({ ok: false, message: codeWrong(), field: 'totp', secondStep: true });
    expect(t.calls).toEqual([['login', { email: 'rivera@clinic.org', password: GOOD_PASSWORD, totp: '123456' }]]);
  });

  it('a malformed email is caught before anything is sent', async () => {
    const t = setup({});
    const res = await t.actions.signIn('not-an-email', GOOD_PASSWORD);
    expect(res.ok ? null : res.field).toBe('email');
    expect(t.calls).toEqual([]);
  });

  it('the network failing says so', async () => {
    const t = setup({ login: refused(0, errorOf('INTERNAL')) });
    const res = await t.actions.signIn('rivera@clinic.org', GOOD_PASSWORD);
    expect(res.ok ? null : res.message).toMatch(/could not be reached/);
  });
});

describe('first start and one-time links', () => {
  it('the owner is created from the setup link and goes home', async () => {
    const owner: Me = { ...ME, role: 'owner' };
    const t = setup({ setup: ok(owner) });
    const res = await t.actions.setUp(TOKEN, 'Dr. Rivera', 'rivera@clinic.org', GOOD_PASSWORD);
    expect(res.ok).toBe(true);
    expect(t.calls[0]).toEqual([
      'setup',
      { token: TOKEN, name: 'Dr. Rivera', email: 'rivera@clinic.org', password: GOOD_PASSWORD },
    ]);
    expect(t.went.at(-1)?.path).toBe(StaffPath.home);
  });

  it('a short password is refused before sending', async () => {
    const t = setup({});
    const res = await t.actions.setPassword(TOKEN, 'short');
    expect(res).toEqual({ ok: false, field: 'password', message: passwordHint('short') });
    expect(t.calls).toEqual([]);
  });

  it('the server’s refusal of a common password is shown as it says', async () => {
    const t = setup({
      setPassword: refused(400, {
        code: 'INVALID_PAYLOAD',
        message: 'That password is too common.',
        field: 'password',
      }),
    });
    const res = await t.actions.setPassword(TOKEN, 'password12345');
    expect(res).toEqual({ ok: false, message: 'That password is too common.', field: 'password' });
    expect(t.went).toEqual([]);
  });

  it.each([
    ['', '12 more characters needed (at least 12).'],
    ['elevenchars', '1 more character needed (at least 12).'],
    ['twelve chars', null],
  ])('password hint for %j', (pw, hint) => {
    expect(passwordHint(pw)).toBe(hint);
  });
});

describe('the home', () => {
  it('who is signed in is loaded into the store', async () => {
    const t = setup({ me: ok(ME) });
    expect(await t.actions.loadMe()).toEqual(ME);
    expect(useStaffStore.getState().me).toEqual(ME);
  });

  it('not signed in when the home opens: to the sign-in page, with no “ended” notice', async () => {
    const t = setup({ me: refused(401, errorOf('UNAUTHORIZED')) });
    expect(await t.actions.loadMe()).toBeNull();
    expect(useStaffStore.getState()).toMatchObject({ me: null, status: 'signedOut', notice: null });
    expect(t.went).toEqual([{ path: StaffPath.signIn, replace: true }]);
  });

  it('401 from any cookie call: signed out, back to the sign-in page with a notice', async () => {
    useStaffStore.setState({ me: ME, status: 'signedIn' });
    const t = setup({ mySessions: refused(401, errorOf('UNAUTHORIZED')) });
    const res = await t.actions.loadMySessions();
    expect(res).toEqual({ ok: false, message: signInEnded() });
    expect(useStaffStore.getState()).toMatchObject({ me: null, status: 'signedOut', notice: signInEnded() });
    expect(t.went).toEqual([{ path: StaffPath.signIn, replace: true }]);
  });

  it('a refusal other than 401 stays on the page as text', async () => {
    const t = setup({ staff: refused(403, errorOf('FORBIDDEN')) });
    const res = await t.actions.loadStaff();
    expect(res).toEqual({ ok: false, message: errorOf('FORBIDDEN').message });
    expect(t.went).toEqual([]);
  });

  it('sessions come back parsed', async () => {
    const t = setup({ mySessions: ok(SESSIONS) });
    expect(await t.actions.loadMySessions()).toEqual({ ok: true, data: SESSIONS });
  });

  it('Start sends this tab to the room’s address', async () => {
    const t = setup({ startSession: ok({ joinUrl: 'http://c/join#therapist' }) });
    expect((await t.actions.startSession('s1')).ok).toBe(true);
    expect(t.opened).toEqual(['http://c/join#therapist']);
  });

  it('Observe sends a supervisor’s tab into the live room; a refusal stays on the page', async () => {
    const t = setup({ observeSession: ok({ joinUrl: 'http://c/join#supervisor' }) });
    expect((await t.actions.observeSession('s1')).ok).toBe(true);
    expect(t.opened).toEqual(['http://c/join#supervisor']);
    const no = setup({ observeSession: refused(403, errorOf('FORBIDDEN')) });
    expect((await no.actions.observeSession('s1')).ok).toBe(false);
    expect(no.opened).toEqual([]);
  });

  it('a new session: local date and time sent as an instant, length and group size checked', async () => {
    const t = setup({ createSession: ok({ id: 's2', therapistUrl: 'http://c/join#t' }) });
    const res = await t.actions.createSession({
      title: 'Thursday group',
      startsAtLocal: '2026-12-03T18:00',
      durationMinutes: 90,
      maxMembers: 8,
    });
    expect(res).toEqual({ ok: true, data: { id: 's2' } });
    expect(t.calls[0]).toEqual([
      'createSession',
      {
        title: 'Thursday group',
        startsAt: new Date('2026-12-03T18:00').toISOString(),
        durationMinutes: 90,
        maxMembers: 8,
      },
    ]);
  });

  it.each([
    ['too short', { durationMinutes: 45 }, 'durationMinutes'],
    ['too long', { durationMinutes: 150 }, 'durationMinutes'],
    ['a group over 16', { maxMembers: 17 }, 'maxMembers'],
    ['no title', { title: '  ' }, 'title'],
  ])('a new session %s is refused before sending', async (_what, change, field) => {
    const t = setup({});
    const res = await t.actions.createSession({
      title: 'Group',
      startsAtLocal: '',
      durationMinutes: 90,
      maxMembers: 10,
      ...change,
    });
    expect(res.ok ? null : res.field).toBe(field);
    expect(t.calls).toEqual([]);
  });

  it('invites a member by name', async () => {
    const t = setup({ createInvite: ok({ id: 'i1', role: 'member', url: 'http://c/join#m' }) });
    const res = await t.actions.inviteMember('s1', 'Ana');
    expect(res.ok && res.data.url).toBe('http://c/join#m');
    expect(t.calls[0]).toEqual(['createInvite', 's1', { role: 'member', displayName: 'Ana' }]);
  });

  it('downloads a past session’s record as CSV', async () => {
    const t = setup({ recordCsv: ok('kind,who\r\n') });
    expect((await t.actions.downloadRecord('s1', 'csv')).ok).toBe(true);
    expect(t.saved.map((s) => [s.name, s.file.type])).toEqual([['circle-session-s1.csv', 'text/csv']]);
  });

  it('sign out everywhere: signed out, on the sign-in page', async () => {
    useStaffStore.setState({ me: ME, status: 'signedIn' });
    const t = setup({ logoutEverywhere: ok(null) });
    expect((await t.actions.signOut(true)).ok).toBe(true);
    expect(t.calls).toEqual([['logoutEverywhere']]);
    expect(useStaffStore.getState()).toMatchObject({ me: null, status: 'signedOut' });
    expect(t.went.at(-1)?.path).toBe(StaffPath.signIn);
  });
});

describe('waitText', () => {
  it.each([
    [null, 'Too many attempts. Please wait a moment and try again.'],
    [1, 'Too many attempts. Please wait 1 second and try again.'],
    [45, 'Too many attempts. Please wait 45 seconds and try again.'],
    [60, 'Too many attempts. Please wait 1 minute and try again.'],
    [61, 'Too many attempts. Please wait 2 minutes and try again.'],
  ])('%s seconds', (s, text) => expect(waitText(s)).toBe(text));
});

describe('single sign-on', () => {
  it('offers it when the server says so; password only when the server cannot be asked', async () => {
    expect(await setup({ authOptions: ok({ sso: true }) }).actions.loadAuthOptions()).toEqual({ sso: true });
    expect(await setup({}).actions.loadAuthOptions()).toEqual({ sso: false });
  });

  it('approves a request with a role, or declines it, through the API', async () => {
    const t = setup({ approveSso: ok({ accountId: 'a1' }), declineSso: ok(null) });
    expect(await t.actions.approveSso('r1', { role: 'therapist' })).toEqual({ ok: true, data: { accountId: 'a1' } });
    expect(await t.actions.declineSso('r2')).toEqual({ ok: true, data: null });
    expect(t.calls).toEqual([
      ['approveSso', 'r1', { role: 'therapist' }],
      ['declineSso', 'r2'],
    ]);
  });
});

describe('API tokens', () => {
  const CREATED = { id: 't1', token: `circle_pat_${'x'.repeat(43)}` };

  it('creates a token with the ticked scopes, in the contract order, and hands back the token once', async () => {
    const t = setup({ createToken: ok(CREATED) });
    const res = await t.actions.createApiToken(' Scheduler ', ['records:read', 'sessions:write']);
    expect(res).toEqual({ ok: true, data: CREATED });
    expect(t.calls).toEqual([['createToken', { name: 'Scheduler', scopes: ['sessions:write', 'records:read'] }]]);
  });

  it.each([
    ['no scope ticked', 'Scheduler', [], 'scopes', 'Choose at least one thing the token may do.'],
    ['no name', '  ', ['audit:read'], 'name', 'Enter a name (up to 80 characters).'],
  ] as const)('refuses %s before asking the server', async (_what, name, scopes, field, message) => {
    const t = setup({});
    expect(await t.actions.createApiToken(name, scopes)).toEqual({ ok: false, field, message });
    expect(t.calls).toEqual([]);
  });

  it('lists and revokes; a refusal is text, and a 401 ends the sign-in', async () => {
    const t = setup({ tokens: ok({ tokens: [] }), revokeToken: refused(404, errorOf('NOT_FOUND')) });
    expect(await t.actions.loadApiTokens()).toEqual({ ok: true, data: { tokens: [] } });
    const res = await t.actions.revokeApiToken('t9');
    expect(res).toMatchObject({ ok: false, message: errorOf('NOT_FOUND').message });
    expect(t.calls).toEqual([['tokens'], ['revokeToken', 't9']]);
    const ended = setup({ tokens: refused(401, errorOf('UNAUTHORIZED')) });
    expect(await ended.actions.loadApiTokens()).toEqual({ ok: false, message: signInEnded() });
    expect(useStaffStore.getState().status).toBe('signedOut');
  });
});

describe('2-step sign-in', () => {
  const CODES = Array.from({ length: 10 }, (_, i) => `abcde-fgh${i}j`);

  it('confirming with a code gives the recovery codes; who is signed in is kept until they are saved', async () => {
    useStaffStore.setState({ me: { ...ME, twoStep: { enabled: false, due: true } } });
    const t = setup({ totpConfirm: ok({ recoveryCodes: CODES }) });
    expect(await t.actions.confirmTotp(' 123 456 ')).toEqual({ ok: true, data: CODES });
    expect(t.calls).toEqual([['totpConfirm', { code: '123456' }]]);
    expect(useStaffStore.getState().me?.twoStep).toEqual({ enabled: false, due: true });
  });

  it('a wrong confirmation code is a sentence on the code field, and nothing else changes', async () => {
    const t = setup({ totpConfirm: refused(400, { ...errorOf('INVALID_PAYLOAD'), field: 'code' }) });
    expect(await t.actions.confirmTotp('000000')).toEqual({ ok: false, message: confirmCodeWrong(), field: 'code' });
    expect(t.went).toEqual([]);
  });

  it('a too-short code is caught before anything is sent', async () => {
    const t = setup({});
    const res = await t.actions.confirmTotp('12');
    expect(res.ok ? null : res.field).toBe('code');
    expect(t.calls).toEqual([]);
  });

  it('turning it off with a wrong password says which, and does not sign out', async () => {
    const t = setup({ totpDisable: refused(401, { ...errorOf('UNAUTHORIZED'), field: 'password' }) });
    const res = await t.actions.disableTotp('not it', '123456');
    expect(res).toEqual({ ok: false, message: 'That password is not right.', field: 'password' });
    expect(t.went).toEqual([]);
  });

  it('turning it off: sent with the password and code, who is signed in refreshed', async () => {
    const t = setup({ totpDisable: ok(null), me: ok(ME) });
    expect(await t.actions.disableTotp(GOOD_PASSWORD, '123456')).toEqual({ ok: true, data: null });
    expect(t.calls).toEqual([['totpDisable', { password: GOOD_PASSWORD, code: '123456' }], ['me']]);
  });

  it('the clinic setting is sent as a boolean and answered with the stored value', async () => {
    const t = setup({ setClinicSettings: ok({ requireTotp: true }), me: ok(ME) });
    expect(await t.actions.setRequireTotp(true)).toEqual({ ok: true, data: { requireTotp: true } });
    expect(t.calls[0]).toEqual(['setClinicSettings', { requireTotp: true }]);
  });
});
