/**
 * The clinic's records, as the rest of the server sees them: the audit log, the link-signing
 * secret, the retention purge. PostgreSQL (PGlite embedded, or a server) implements it.
 */

/** What the audit log names: ids and an action, never names or health information. */
export type AuditAction =
  | 'session:create'
  | 'session:view'
  | 'session:end'
  | 'invite:create'
  | 'invite:revoke'
  | 'record:export'
  | 'records:purge'
  | 'backup'
  | 'session:start'
  | 'session:observe'
  | 'supervision:view'
  | 'staff:setup'
  | 'staff:login'
  | 'staff:login-failed'
  | 'staff:logout'
  | 'staff:logout-everywhere'
  | 'staff:set-password'
  | 'staff:add'
  | 'staff:disable'
  | 'staff:reset'
  | 'staff:sso-requested'
  | 'staff:sso-login'
  | 'staff:sso-refused'
  | 'staff:sso-approve'
  | 'staff:sso-decline'
  | 'audit:view'
  | 'token:create'
  | 'token:revoke'
  | 'staff:totp-enable'
  | 'staff:totp-disable'
  | 'staff:recovery-code-used'
  | 'clinic:settings'
  | 'group:create'
  | 'group:update'
  | 'group:occurrence-move'
  | 'group:occurrence-cancel'
  | 'group:occurrence-restore'
  | 'group:start'
  | 'group:member-add'
  | 'group:member-status'
  | 'group:link-view'
  | 'group:link-replace'
  | 'group:link-revoke'
  | 'group:attendance-view'
  | 'group:attendance-export'
  | 'group:attendance-correct'
  | 'group:note-read'
  | 'group:note-write'
  | 'group:member-join'
  | 'group:member-excused'
  | 'group:member-reminders';

export interface AuditEntry {
  /** `admin`, `token:<api token id>`, `participant:<id>`, `staff:<account id>`, `anonymous` (a failed sign-in with an unknown email), or `system`. */
  actor: string;
  action: AuditAction;
  sessionId?: string;
  targetId?: string;
}

export interface Records {
  /** Append to the audit log; resolves once stored. */
  audit(entry: AuditEntry): Promise<void>;
  /** The invitation links' signing secret: `configured` if given, else the stored one (made once). */
  inviteSecret(configured?: string): Promise<string>;
  /** Remove finished sessions (record, attendance, invites, room) that ended before `before`; how many. */
  purgeFinished(before: number): Promise<number>;
  ping(): Promise<boolean>;
}
