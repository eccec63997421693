import i18next from 'i18next';
/**
 * The staff pages' actions by name: sign in, first start, set a password, sign out; the clinician's
 * home (sessions, invitations, records) and the admin's (staff, API tokens, audit log). They go through the
 * staff API (net/staffApi.ts), keep who is signed in in `useStaffStore`, move between pages through
 * a `StaffNavigator`, and give the page either the data or the text a person reads. Any call made
 * with the session cookie that comes back 401 means the sign-in has ended: back to /signin.
 */
import {
  type AddStaffBody,
  type ApproveSsoBody,
  type AuthOptions,
  type SsoApproved,
  type SsoOutcome,
  type SsoRequests,
  type ApiScope,
  type ApiTokenCreated,
  type ApiTokenList,
  type AuditPage,
  type AuditQuery,
  type ClinicSettings,
  type TotpSetup,
  type TotpStatus,
  type InviteCreated,
  type Me,
  type MySessions,
  type LiveSessions,
  type SessionDetail,
  type StaffLink,
  type StaffList,
  API_SCOPES,
  LIMITS,
  STAFF_LIMITS,
  addStaffBody,
  createTokenBody,
  clinicSettingsBody,
  totpConfirmBody,
  totpDisableBody,
  createInviteBody,
  createSessionBody,
  loginBody,
  setPasswordBody,
  setupBody,
} from '@circle/shared';
import type { StaffAnswer, StaffApi, StaffRefusal } from '../net/staffApi';
import { type StaffAppPath, StaffPath, useStaffStore } from '../stores/useStaffStore';
import type { RecordFormat } from './httpActions';

/** Moving this tab: between the staff pages (history), or away to a room's address (a full load). */
export interface StaffNavigator {
  go(path: StaffAppPath, options?: { replace?: boolean }): void;
  open(url: string): void;
}

export interface StaffActionDeps {
  api: StaffApi;
  nav: StaffNavigator;
  saveFile: (name: string, file: Blob) => void;
}

/** What a page gets back: the data, or the sentence to show (and the field at fault, if any). */
export type StaffResult<T> = { ok: true; data: T } | { ok: false; message: string; field?: string };

export type SignInResult = { ok: true } | { ok: false; message: string; field?: string; secondStep: boolean };

export interface NewSession {
  title: string;
  /** From a `datetime-local` input: local time, no zone. Empty: now. */
  startsAtLocal: string;
  durationMinutes: number;
  maxMembers: number;
}

/** The staff pages' messages, in this person's language. */
const msg = () => i18next.getFixedT(null, 'clinic');
export const signInMismatch = () => msg()('msg.mismatch');
export const signInEnded = () => msg()('msg.ended');
export const codeNeeded = () => msg()('msg.codeNeeded');
export const confirmCodeWrong = () => msg()('msg.confirmCodeWrong');
export const codeWrong = () => msg()('msg.codeWrong');
export const unreachable = () => msg()('msg.unreachable');

/** "Please wait 5 minutes", from Retry-After. */
export function waitText(seconds: number | null): string {
  if (seconds === null || seconds <= 0) return msg()('msg.waitMoment');
  if (seconds < 60) return msg()('msg.waitSeconds', { count: seconds });
  return msg()('msg.waitMinutes', { count: Math.ceil(seconds / 60) });
}

/** The length rule the page can check as the person types (the server also refuses common passwords). */
export function passwordHint(password: string): string | null {
  const missing = STAFF_LIMITS.PASSWORD_MIN - password.length;
  if (missing > 0) return msg()('password.missing', { count: missing, min: STAFF_LIMITS.PASSWORD_MIN });
  if (password.length > STAFF_LIMITS.PASSWORD_MAX) return msg()('password.tooLong', { max: STAFF_LIMITS.PASSWORD_MAX });
  return null;
}

function refusalText(r: StaffRefusal): { message: string; field?: string } {
  if (r.status === 0) return { message: unreachable() };
  if (r.error.code === 'RATE_LIMITED') return { message: waitText(r.retryAfterSeconds) };
  return r.error.field === undefined
    ? { message: r.error.message }
    : { message: r.error.message, field: r.error.field };
}

/** The first problem zod found, as a sentence about that field. */
function invalid(field: string, message: string): { ok: false; message: string; field: string } {
  return { ok: false, message, field };
}

/** What a field needs, in this person's language. */
function fieldText(field: string): string {
  const known = [
    'email',
    'name',
    'password',
    'token',
    'title',
    'displayName',
    'durationMinutes',
    'maxMembers',
    'startsAt',
    'role',
    'scopes',
    'code',
  ];
  return msg()(`field.${known.includes(field) ? (field as 'email') : 'other'}`, {
    nameChars: STAFF_LIMITS.NAME_CHARS,
    passwordMin: STAFF_LIMITS.PASSWORD_MIN,
    titleChars: LIMITS.TITLE_CHARS,
    displayNameChars: LIMITS.DISPLAY_NAME_CHARS,
    maxMembers: LIMITS.MAX_MEMBERS,
  });
}
function firstIssue(error: { issues: { path: PropertyKey[] }[] }): { ok: false; message: string; field: string } {
  const field = String(error.issues[0]?.path[0] ?? '');
  return invalid(field, fieldText(field));
}

export function createStaffActions({ api, nav, saveFile }: StaffActionDeps) {
  const signedIn = (me: Me) => {
    useStaffStore.setState({ me, status: 'signedIn', notice: null });
    nav.go(StaffPath.home);
  };
  const signedOut = (notice: string | null) => {
    useStaffStore.setState({ me: null, status: 'signedOut', notice });
    nav.go(StaffPath.signIn, { replace: true });
  };

  /** Who is signed in, again (after a change to their 2-step sign-in). */
  const refreshMe = async () => {
    const res = await api.me();
    if (res.ok) useStaffStore.setState({ me: res.data });
  };

  /**
   * A call made with the session cookie: a 401 ends this sign-in (with `ended` as the sign-in page's
   * notice); other refusals become text.
   */
  async function authed<T>(
    answer: Promise<StaffAnswer<T>>,
    ended: string | null = signInEnded(),
  ): Promise<StaffResult<T>> {
    const res = await answer;
    if (res.ok) return res;
    if (res.status === 401) {
      signedOut(ended);
      return { ok: false, message: signInEnded() };
    }
    return { ok: false, ...refusalText(res) };
  }

  return {
    /**
     * Sign in. A refusal naming the `totp` field means the account needs its second step: the page
     * asks for the code and signs in again with it (the server does not ask for it yet).
     */
    async signIn(email: string, password: string, totp?: string): Promise<SignInResult> {
      const body = loginBody.safeParse(totp ? { email, password, totp } : { email, password });
      if (!body.success) return { ...firstIssue(body.error), secondStep: !!totp };
      const res = await api.login(body.data);
      if (res.ok) {
        signedIn(res.data);
        return { ok: true };
      }
      if (res.error.field === 'totp')
        return { ok: false, message: totp ? codeWrong() : codeNeeded(), field: 'totp', secondStep: true };
      if (res.status === 401) return { ok: false, message: signInMismatch(), secondStep: !!totp };
      return { ok: false, ...refusalText(res), secondStep: !!totp };
    },

    /** First start: the owner's account, from the one-time link printed by the server. */
    async setUp(token: string, name: string, email: string, password: string): Promise<StaffResult<Me>> {
      const body = setupBody.safeParse({ token, name, email, password });
      if (!body.success) return firstIssue(body.error);
      if (passwordHint(password)) return invalid('password', passwordHint(password)!);
      const res = await api.setup(body.data);
      if (!res.ok) return { ok: false, ...refusalText(res) };
      signedIn(res.data);
      return res;
    },

    /** A staff member's one-time link: their password, then their home. */
    async setPassword(token: string, password: string): Promise<StaffResult<Me>> {
      const body = setPasswordBody.safeParse({ token, password });
      if (!body.success) return firstIssue(body.error);
      if (passwordHint(password)) return invalid('password', passwordHint(password)!);
      const res = await api.setPassword(body.data);
      if (!res.ok) return { ok: false, ...refusalText(res) };
      signedIn(res.data);
      return res;
    },

    /** Who is signed in (each time the home opens); not signed in → the sign-in page, without a notice. */
    async loadMe(): Promise<Me | null> {
      const res = await authed(api.me(), null);
      if (!res.ok) return null;
      useStaffStore.setState({ me: res.data, status: 'signedIn' });
      return res.data;
    },

    /** Sign out in this browser (or, `everywhere`, every browser of this account). */
    async signOut(everywhere = false): Promise<StaffResult<null>> {
      const res = await (everywhere ? api.logoutEverywhere() : api.logout());
      // 401: already signed out; the page goes to sign-in either way.
      if (!res.ok && res.status !== 401) return { ok: false, ...refusalText(res) };
      signedOut(everywhere ? msg()('msg.signedOutEverywhere') : msg()('msg.signedOut'));
      return { ok: true, data: null };
    },

    // ------------------------------------------------------------ therapist and supervisor

    loadMySessions: (): Promise<StaffResult<MySessions>> => authed(api.mySessions()),

    loadLiveSessions: (): Promise<StaffResult<LiveSessions>> => authed(api.liveSessions()),

    /** Enter a live session openly as a supervisor: this tab goes to the room. */
    async observeSession(id: string): Promise<StaffResult<null>> {
      const res = await authed(api.observeSession(id));
      if (!res.ok) return res;
      nav.open(res.data.joinUrl);
      return { ok: true, data: null };
    },

    async createSession(s: NewSession): Promise<StaffResult<{ id: string }>> {
      const startsAt = s.startsAtLocal ? new Date(s.startsAtLocal) : null;
      if (startsAt && Number.isNaN(startsAt.getTime())) return invalid('startsAt', fieldText('startsAt'));
      const body = createSessionBody.safeParse({
        title: s.title,
        ...(startsAt ? { startsAt: startsAt.toISOString() } : {}),
        durationMinutes: s.durationMinutes,
        maxMembers: s.maxMembers,
      });
      if (!body.success) return firstIssue(body.error);
      const res = await authed(api.createSession(body.data));
      return res.ok ? { ok: true, data: { id: res.data.id } } : res;
    },

    /** Enter the room as its therapist: this tab goes to the room's address. */
    async startSession(id: string): Promise<StaffResult<null>> {
      const res = await authed(api.startSession(id));
      if (!res.ok) return res;
      nav.open(res.data.joinUrl);
      return { ok: true, data: null };
    },

    loadSession: (id: string): Promise<StaffResult<SessionDetail>> => authed(api.session(id)),

    async inviteMember(sessionId: string, displayName: string): Promise<StaffResult<InviteCreated>> {
      const body = createInviteBody.safeParse({ role: 'member', displayName });
      if (!body.success) return firstIssue(body.error);
      return authed(api.createInvite(sessionId, body.data));
    },

    revokeInvite: (sessionId: string, inviteId: string): Promise<StaffResult<null>> =>
      authed(api.revokeInvite(sessionId, inviteId)),

    /** The session's record as a file: JSON (checked against the contract) or one CSV sheet. */
    async downloadRecord(sessionId: string, format: RecordFormat): Promise<StaffResult<null>> {
      if (format === 'json') {
        const res = await authed(api.record(sessionId));
        if (!res.ok) return res;
        saveFile(
          `circle-session-${sessionId}.json`,
          new Blob([JSON.stringify(res.data, null, 2)], { type: 'application/json' }),
        );
      } else {
        const res = await authed(api.recordCsv(sessionId));
        if (!res.ok) return res;
        saveFile(`circle-session-${sessionId}.csv`, new Blob([res.data], { type: 'text/csv' }));
      }
      return { ok: true, data: null };
    },

    // ------------------------------------------------------------ admin

    loadStaff: (): Promise<StaffResult<StaffList>> => authed(api.staff()),

    async addStaff(person: AddStaffBody): Promise<StaffResult<StaffLink>> {
      const body = addStaffBody.safeParse(person);
      if (!body.success) return firstIssue(body.error);
      return authed(api.addStaff(body.data));
    },

    disableStaff: (id: string): Promise<StaffResult<null>> => authed(api.disableStaff(id)),
    resetStaffAccess: (id: string): Promise<StaffResult<StaffLink>> => authed(api.resetStaff(id)),

    loadAudit: (query: AuditQuery): Promise<StaffResult<AuditPage>> => authed(api.audit(query)),

    // ------------------------------------------------------------ single sign-on

    /** Which ways to sign in the server offers; on any failure, password only. */
    async loadAuthOptions(): Promise<AuthOptions> {
      const res = await api.authOptions();
      return res.ok ? res.data : { sso: false };
    },

    loadSsoRequests: (): Promise<StaffResult<SsoRequests>> => authed(api.ssoRequests()),
    approveSso: (id: string, body: ApproveSsoBody): Promise<StaffResult<SsoApproved>> =>
      authed(api.approveSso(id, body)),
    declineSso: (id: string): Promise<StaffResult<null>> => authed(api.declineSso(id)),
    loadApiTokens: (): Promise<StaffResult<ApiTokenList>> => authed(api.tokens()),

    /** A new API token: the answer holds the token itself, to show once. */
    async createApiToken(name: string, scopes: readonly ApiScope[]): Promise<StaffResult<ApiTokenCreated>> {
      const body = createTokenBody.safeParse({ name, scopes: API_SCOPES.filter((s) => scopes.includes(s)) });
      if (!body.success) return firstIssue(body.error);
      return authed(api.createToken(body.data));
    },

    revokeApiToken: (id: string): Promise<StaffResult<null>> => authed(api.revokeToken(id)),
    // ------------------------------------------------------------ 2-step sign-in

    loadTotpStatus: (): Promise<StaffResult<TotpStatus>> => authed(api.totpStatus()),

    /** A new secret for the authenticator app (not on until a code confirms it). */
    startTotp: (): Promise<StaffResult<TotpSetup>> => authed(api.totpStart()),

    /**
     * The first code turns it on: the recovery codes (shown once). Who is signed in is loaded again
     * (no longer due) only once the person has saved them (`loadMe`), so the page stays on the codes.
     */
    async confirmTotp(code: string): Promise<StaffResult<string[]>> {
      const body = totpConfirmBody.safeParse({ code: code.replace(/\s/g, '') });
      if (!body.success) return firstIssue(body.error);
      const res = await authed(api.totpConfirm(body.data));
      if (!res.ok) return res.field === 'code' ? invalid('code', confirmCodeWrong()) : res;
      return { ok: true, data: res.data.recoveryCodes };
    },

    async disableTotp(password: string, code: string): Promise<StaffResult<null>> {
      const body = totpDisableBody.safeParse({ password, code: code.replace(/\s/g, '') });
      if (!body.success) return firstIssue(body.error);
      const res = await api.totpDisable(body.data);
      if (res.ok) {
        await refreshMe();
        return res;
      }
      // 401 on a field: the password or the code was wrong (the sign-in itself goes on).
      if (res.status === 401 && res.error.field === 'password') return invalid('password', msg()('msg.passwordWrong'));
      if (res.status === 401 && res.error.field === 'code') return invalid('code', codeWrong());
      return authed(Promise.resolve(res));
    },

    loadClinicSettings: (): Promise<StaffResult<ClinicSettings>> => authed(api.clinicSettings()),

    async setRequireTotp(requireTotp: boolean): Promise<StaffResult<ClinicSettings>> {
      const body = clinicSettingsBody.parse({ requireTotp });
      const res = await authed(api.setClinicSettings(body));
      if (res.ok) await refreshMe();
      return res;
    },
  };
}

export type StaffActions = ReturnType<typeof createStaffActions>;

/**
 * Whether what single sign-on said when it sent the browser back (`/signin?sso=…`) is a problem
 * (an alert) or news (a status); the words are the catalogue's (clinic `ssoOutcome.*`).
 */
export const SSO_OUTCOME_ALERT: Record<SsoOutcome, boolean> = {
  pending: false,
  declined: true,
  refused: true,
  unverified: true,
  failed: true,
  unavailable: true,
  off: true,
};
