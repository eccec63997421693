/**
 * The staff HTTP API (shared/src/staff.ts), typed: the browser's session cookie is the credential
 * (`credentials: 'same-origin'`, no bearer token), every request goes to this page's own origin (the
 * server checks Origin on state-changing ones), and each answer is parsed with its schema from
 * `@circle/shared` (never a cast). A refusal comes back as data with its HTTP status and, for 429,
 * the seconds the server asked us to wait (Retry-After): the actions decide what a person reads.
 * Nothing is retried here: a refused sign-in must not be sent again on its own.
 */
import {
  type AddStaffBody,
  type ApproveSsoBody,
  type AuthOptions,
  type SsoApproved,
  type SsoRequests,
  type ApiTokenCreated,
  type ApiTokenList,
  type CreateTokenBody,
  type AuditPage,
  type AuditQuery,
  type ClinicSettings,
  type ClinicSettingsBody,
  type RecoveryCodes,
  type TotpConfirmBody,
  type TotpDisableBody,
  type TotpSetup,
  type TotpStatus,
  clinicSettingsSchema,
  recoveryCodesSchema,
  totpSetupSchema,
  totpStatusSchema,
  type CreateInviteBody,
  type CreateSessionBody,
  type InviteCreated,
  type LoginBody,
  type Me,
  type MySessions,
  type RoomEntry,
  type SessionCreated,
  type SessionDetail,
  type SessionRecordResponse,
  type SetPasswordBody,
  type SetupBody,
  type StaffLink,
  type StaffList,
  type WireError,
  apiTokenCreatedSchema,
  apiTokenListSchema,
  auditPageSchema,
  authOptionsSchema,
  ssoApprovedSchema,
  ssoRequestsSchema,
  errorOf,
  httpErrorSchema,
  inviteCreatedSchema,
  meSchema,
  mySessionsSchema,
  liveSessionsSchema,
  type LiveSessions,
  roomEntrySchema,
  sessionCreatedSchema,
  sessionDetailSchema,
  sessionRecordSchema,
  staffLinkSchema,
  staffListSchema,
} from '@circle/shared';
import { errorText } from '../i18n/texts';

type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/** A refusal: the server's error, the HTTP status (0: no answer) and Retry-After in seconds, if sent. */
export interface StaffRefusal {
  ok: false;
  error: WireError;
  status: number;
  retryAfterSeconds: number | null;
}
export type StaffAnswer<T> = { ok: true; data: T } | StaffRefusal;

export interface StaffApi {
  setup(body: SetupBody): Promise<StaffAnswer<Me>>;
  login(body: LoginBody): Promise<StaffAnswer<Me>>;
  logout(): Promise<StaffAnswer<null>>;
  logoutEverywhere(): Promise<StaffAnswer<null>>;
  setPassword(body: SetPasswordBody): Promise<StaffAnswer<Me>>;
  me(): Promise<StaffAnswer<Me>>;
  staff(): Promise<StaffAnswer<StaffList>>;
  addStaff(body: AddStaffBody): Promise<StaffAnswer<StaffLink>>;
  disableStaff(id: string): Promise<StaffAnswer<null>>;
  resetStaff(id: string): Promise<StaffAnswer<StaffLink>>;
  mySessions(): Promise<StaffAnswer<MySessions>>;
  createSession(body: CreateSessionBody): Promise<StaffAnswer<SessionCreated>>;
  startSession(id: string): Promise<StaffAnswer<RoomEntry>>;
  /** Supervisors and admins: every live session with its health and open alerts. */
  liveSessions(): Promise<StaffAnswer<LiveSessions>>;
  /** A supervisor enters a live session, openly. */
  observeSession(id: string): Promise<StaffAnswer<RoomEntry>>;
  session(id: string): Promise<StaffAnswer<SessionDetail>>;
  createInvite(id: string, body: CreateInviteBody): Promise<StaffAnswer<InviteCreated>>;
  revokeInvite(id: string, inviteId: string): Promise<StaffAnswer<null>>;
  record(id: string): Promise<StaffAnswer<SessionRecordResponse>>;
  recordCsv(id: string): Promise<StaffAnswer<string>>;
  audit(query: AuditQuery): Promise<StaffAnswer<AuditPage>>;
  authOptions(): Promise<StaffAnswer<AuthOptions>>;
  ssoRequests(): Promise<StaffAnswer<SsoRequests>>;
  approveSso(id: string, body: ApproveSsoBody): Promise<StaffAnswer<SsoApproved>>;
  declineSso(id: string): Promise<StaffAnswer<null>>;
  tokens(): Promise<StaffAnswer<ApiTokenList>>;
  createToken(body: CreateTokenBody): Promise<StaffAnswer<ApiTokenCreated>>;
  revokeToken(id: string): Promise<StaffAnswer<null>>;
  totpStatus(): Promise<StaffAnswer<TotpStatus>>;
  totpStart(): Promise<StaffAnswer<TotpSetup>>;
  totpConfirm(body: TotpConfirmBody): Promise<StaffAnswer<RecoveryCodes>>;
  totpDisable(body: TotpDisableBody): Promise<StaffAnswer<null>>;
  clinicSettings(): Promise<StaffAnswer<ClinicSettings>>;
  setClinicSettings(body: ClinicSettingsBody): Promise<StaffAnswer<ClinicSettings>>;
}

type Reader<T> = (res: Response) => Promise<T | undefined>;
type Schema<T> = { safeParse(x: unknown): { success: true; data: T } | { success: false } };

const json =
  <T>(schema: Schema<T>): Reader<T> =>
  async (res) => {
    const parsed = schema.safeParse(await res.json().catch(() => undefined));
    return parsed.success ? parsed.data : undefined;
  };
const empty: Reader<null> = async () => null;
const text: Reader<string> = (res) => res.text();

/** Retry-After as seconds: a number of seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/** One request to this origin's /api: the answer parsed by `read`, or the refusal as data. */
export function createCall(fetch: Fetch) {
  return async <T>(method: string, path: string, read: Reader<T>, body?: unknown): Promise<StaffAnswer<T>> => {
    let res: Response;
    try {
      res = await fetch(`/api${path}`, {
        method,
        credentials: 'same-origin',
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      return { ok: false, error: errorOf('INTERNAL'), status: 0, retryAfterSeconds: null };
    }
    if (!res.ok) {
      const refused = httpErrorSchema.safeParse(await res.json().catch(() => undefined));
      const error = refused.success ? refused.data.error : errorOf('INTERNAL');
      return {
        ok: false,
        // The code's text in this person's language; the server's English only for a code this page does not know.
        error: { ...error, message: errorText(error) },
        status: res.status,
        retryAfterSeconds: retryAfterSeconds(res.headers.get('retry-after')),
      };
    }
    const data = await read(res);
    if (data === undefined) {
      console.warn('unexpected answer to', method, path);
      return { ok: false, error: errorOf('INTERNAL'), status: res.status, retryAfterSeconds: null };
    }
    return { ok: true, data };
  };
}

export function createStaffApi(deps: { fetch: Fetch }): StaffApi {
  const call = createCall(deps.fetch);
  const session = (id: string) => `/sessions/${encodeURIComponent(id)}`;
  const staff = (id: string) => `/staff/${encodeURIComponent(id)}`;

  return {
    setup: (body) => call('POST', '/setup', json(meSchema), body),
    login: (body) => call('POST', '/auth/login', json(meSchema), body),
    logout: () => call('POST', '/auth/logout', empty),
    logoutEverywhere: () => call('POST', '/auth/logout-everywhere', empty),
    setPassword: (body) => call('POST', '/auth/password', json(meSchema), body),
    me: () => call('GET', '/me', json(meSchema)),
    staff: () => call('GET', '/staff', json(staffListSchema)),
    addStaff: (body) => call('POST', '/staff', json(staffLinkSchema), body),
    disableStaff: (id) => call('POST', `${staff(id)}/disable`, empty),
    resetStaff: (id) => call('POST', `${staff(id)}/reset`, json(staffLinkSchema)),
    mySessions: () => call('GET', '/my/sessions', json(mySessionsSchema)),
    createSession: (body) => call('POST', '/sessions', json(sessionCreatedSchema), body),
    startSession: (id) => call('POST', `${session(id)}/start`, json(roomEntrySchema)),
    liveSessions: () => call('GET', '/supervision/live', json(liveSessionsSchema)),
    observeSession: (id) => call('POST', `${session(id)}/observe`, json(roomEntrySchema)),
    session: (id) => call('GET', session(id), json(sessionDetailSchema)),
    createInvite: (id, body) => call('POST', `${session(id)}/invites`, json(inviteCreatedSchema), body),
    revokeInvite: (id, inviteId) => call('DELETE', `${session(id)}/invites/${encodeURIComponent(inviteId)}`, empty),
    record: (id) => call('GET', `${session(id)}/record?format=json`, json(sessionRecordSchema)),
    recordCsv: (id) => call('GET', `${session(id)}/record?format=csv`, text),
    audit: (query) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
      const qs = params.toString();
      return call('GET', `/audit${qs ? `?${qs}` : ''}`, json(auditPageSchema));
    },
    authOptions: () => call('GET', '/auth/options', json(authOptionsSchema)),
    ssoRequests: () => call('GET', '/staff/sso', json(ssoRequestsSchema)),
    approveSso: (id, body) =>
      call('POST', `/staff/sso/${encodeURIComponent(id)}/approve`, json(ssoApprovedSchema), body),
    declineSso: (id) => call('POST', `/staff/sso/${encodeURIComponent(id)}/decline`, empty),
    tokens: () => call('GET', '/tokens', json(apiTokenListSchema)),
    createToken: (body) => call('POST', '/tokens', json(apiTokenCreatedSchema), body),
    revokeToken: (id) => call('DELETE', `/tokens/${encodeURIComponent(id)}`, empty),
    totpStatus: () => call('GET', '/me/totp', json(totpStatusSchema)),
    totpStart: () => call('POST', '/me/totp/start', json(totpSetupSchema)),
    totpConfirm: (body) => call('POST', '/me/totp/confirm', json(recoveryCodesSchema), body),
    totpDisable: (body) => call('POST', '/me/totp/disable', empty, body),
    clinicSettings: () => call('GET', '/clinic/settings', json(clinicSettingsSchema)),
    setClinicSettings: (body) => call('PUT', '/clinic/settings', json(clinicSettingsSchema), body),
  };
}
