/**
 * The HTTP API, typed: each call sends this tab's invitation as the bearer token and parses the
 * answer with its schema from `@circle/shared` (never a cast). Failures come back as a `WireError`,
 * like a refused socket request: the server's own error, or INTERNAL when the network failed or the
 * answer was not what the contract says. A retryable refusal (UNAVAILABLE: nothing was changed) is
 * sent again a few times with backoff before it is returned.
 */
import {
  type Ack,
  type CreateInviteBody,
  type InviteCreated,
  type SessionDetail,
  type SessionRecordResponse,
  errorOf,
  httpErrorSchema,
  inviteCreatedSchema,
  sessionDetailSchema,
  sessionRecordSchema,
} from '@circle/shared';
import { errorText } from '../i18n/texts';
import { type RetryDeps, withRetry } from './retry';

type Fetch = (url: string, init: RequestInit) => Promise<Response>;

export interface ApiDeps {
  fetch: Fetch;
  /** The bearer token: this tab's invitation. */
  token: () => string | null;
  /** Waits between retries (tests pass their own). */
  retry?: RetryDeps;
}

export interface Api {
  /** `POST /api/sessions/:id/invites` */
  createInvite(sessionId: string, body: CreateInviteBody): Promise<Ack<InviteCreated>>;
  /** `DELETE /api/sessions/:id/invites/:inviteId` */
  revokeInvite(sessionId: string, inviteId: string): Promise<Ack<null>>;
  /** `GET /api/sessions/:id` */
  session(sessionId: string): Promise<Ack<SessionDetail>>;
  /** `GET /api/sessions/:id/record` (JSON) */
  record(sessionId: string): Promise<Ack<SessionRecordResponse>>;
  /** `GET /api/sessions/:id/record?format=csv`: one sheet, as text. */
  recordCsv(sessionId: string): Promise<Ack<string>>;
}

/** Parse a successful answer (`null` for an empty one); anything else is the contract broken. */
type Reader<T> = (res: Response) => Promise<T | undefined>;

const json =
  <T>(schema: { safeParse(x: unknown): { success: true; data: T } | { success: false } }): Reader<T> =>
  async (res) => {
    const parsed = schema.safeParse(await res.json().catch(() => undefined));
    return parsed.success ? parsed.data : undefined;
  };
const empty: Reader<null> = async () => null;
const text: Reader<string> = (res) => res.text();

export function createApi(deps: ApiDeps): Api {
  const call = <T>(method: string, path: string, read: Reader<T>, body?: unknown): Promise<Ack<T>> =>
    withRetry(() => callOnce(method, path, read, body), deps.retry);
  const callOnce = async <T>(method: string, path: string, read: Reader<T>, body?: unknown): Promise<Ack<T>> => {
    let res: Response;
    try {
      res = await deps.fetch(`/api${path}`, {
        method,
        headers: {
          authorization: `Bearer ${deps.token() ?? ''}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      return { ok: false, error: errorOf('INTERNAL') };
    }
    if (!res.ok) {
      const refused = httpErrorSchema.safeParse(await res.json().catch(() => undefined));
      const error = refused.success ? refused.data.error : errorOf('INTERNAL');
      // The code's text in this person's language; the server's English only for a code this page does not know.
      return { ok: false, error: { ...error, message: errorText(error) } };
    }
    const data = await read(res);
    if (data === undefined) {
      console.warn('unexpected answer to', method, path);
      return { ok: false, error: errorOf('INTERNAL') };
    }
    return { ok: true, data };
  };
  const session = (id: string) => `/sessions/${encodeURIComponent(id)}`;

  return {
    createInvite: (id, body) => call('POST', `${session(id)}/invites`, json(inviteCreatedSchema), body),
    revokeInvite: (id, inviteId) => call('DELETE', `${session(id)}/invites/${encodeURIComponent(inviteId)}`, empty),
    session: (id) => call('GET', session(id), json(sessionDetailSchema)),
    record: (id) => call('GET', `${session(id)}/record?format=json`, json(sessionRecordSchema)),
    recordCsv: (id) => call('GET', `${session(id)}/record?format=csv`, text),
  };
}
