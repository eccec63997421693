/**
 * The schema, as numbered steps that only go forward. Each runs once, in its own transaction, at
 * start; a database newer than this code is refused (an older Circle must not write to it).
 * Never edit a step that has shipped: add the next one.
 */
import type { Db } from './Db.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'sessions, invites, live rooms, records, audit log',
    sql: `
      create table circle_settings (
        key text primary key,
        value text not null,
        created_at timestamptz not null default now()
      );
      create table sessions (
        id text primary key,
        title text not null,
        created_at timestamptz not null,
        starts_at timestamptz not null,
        duration_minutes integer not null,
        max_members integer not null,
        settings jsonb not null default '{}',
        roles jsonb not null default '{}',
        ended_at timestamptz
      );
      create table invites (
        id text primary key,
        session_id text not null references sessions(id) on delete cascade,
        role text not null,
        display_name text not null,
        created_at timestamptz not null,
        expires_at timestamptz not null,
        revoked_at timestamptz
      );
      create index invites_session on invites(session_id);
      -- The live room, checkpointed on every accepted change (embedded and single-node).
      create table room_state (
        session_id text primary key references sessions(id) on delete cascade,
        state jsonb not null,
        saved_at timestamptz not null
      );
      create table session_records (
        session_id text primary key references sessions(id) on delete cascade,
        finished_at timestamptz not null,
        record jsonb not null
      );
      create table attendance (
        session_id text not null references sessions(id) on delete cascade,
        participant_id text not null,
        role text not null,
        joined_at timestamptz not null,
        left_at timestamptz,
        primary key (session_id, participant_id, joined_at)
      );
      -- Who created, changed, viewed or exported what: ids only, never names or health information.
      create table audit_log (
        id bigserial primary key,
        at timestamptz not null default now(),
        actor text not null,
        action text not null,
        session_id text,
        target_id text
      );
      create function audit_log_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_log is append-only';
      end;
      $$;
      create trigger audit_log_append_only before update or delete or truncate on audit_log
        for each statement execute function audit_log_append_only();
    `,
  },
  {
    version: 2,
    name: 'retention: finished sessions by date',
    sql: `
      create index session_records_finished on session_records(finished_at);
      create index sessions_ended on sessions(ended_at) where ended_at is not null;
      create index audit_log_session on audit_log(session_id, at);
    `,
  },
  {
    version: 3,
    name: 'staff accounts, their sign-in sessions and one-time links; sessions owned by an account',
    sql: `
      create table staff_accounts (
        id text primary key,
        name text not null,
        email text not null,
        role text not null check (role in ('owner', 'admin', 'therapist', 'supervisor')),
        password_hash text,
        status text not null check (status in ('invited', 'active', 'disabled')),
        created_at timestamptz not null,
        last_sign_in_at timestamptz,
        failed_attempts integer not null default 0,
        locked_until timestamptz
      );
      create unique index staff_accounts_email on staff_accounts(lower(email));
      -- A browser's sign-in: the id is the sha256 of the cookie's token, never the token itself.
      create table staff_sessions (
        id text primary key,
        account_id text not null references staff_accounts(id) on delete cascade,
        created_at timestamptz not null,
        last_seen_at timestamptz not null,
        expires_at timestamptz not null
      );
      create index staff_sessions_account on staff_sessions(account_id);
      -- One-time links (set up the clinic, set a password): the sha256 of the token only.
      create table staff_tokens (
        token_hash text primary key,
        purpose text not null check (purpose in ('setup', 'set-password')),
        account_id text references staff_accounts(id) on delete cascade,
        created_at timestamptz not null,
        expires_at timestamptz not null,
        used_at timestamptz
      );
      alter table sessions add column owner_account_id text references staff_accounts(id);
      create index sessions_owner on sessions(owner_account_id);
      alter table invites add column account_id text references staff_accounts(id);
      create index audit_log_actor on audit_log(actor, id);
    `,
  },
  {
    version: 4,
    name: '2-step sign-in: TOTP secrets (encrypted), the last step used, recovery codes (hashed)',
    sql: `
      -- The secret is AES-GCM encrypted with a key derived from the server's secret; pending: set up, not yet confirmed.
      alter table staff_accounts add column totp_secret text;
      alter table staff_accounts add column totp_pending_secret text;
      -- The newest 30-second step a code was accepted for: that code (and older ones) cannot be used again.
      alter table staff_accounts add column totp_last_step bigint;
      create table staff_recovery_codes (
        account_id text not null references staff_accounts(id) on delete cascade,
        code_hash text not null,
        created_at timestamptz not null,
        used_at timestamptz,
        primary key (account_id, code_hash)
      );
    `,
  },
  {
    version: 5,
    name: 'API tokens',
    sql: `
      -- Named, scoped tokens for integrations: the sha256 of the token only, never the token.
      create table api_tokens (
        id text primary key,
        name text not null,
        token_hash text not null unique,
        scopes text not null,
        created_at timestamptz not null,
        -- null: made with ADMIN_TOKEN
        created_by text references staff_accounts(id),
        last_used_at timestamptz,
        revoked_at timestamptz
      );
    `,
  },
  {
    version: 6,
    name: 'single sign-on: identities from the OpenID Connect provider, approved by an administrator',
    sql: `
      -- One row per identity (issuer + subject) that has signed in: pending until an administrator
      -- approves it (linked to an account) or declines it. The email is the provider's, verified.
      create table staff_sso_identities (
        id text primary key,
        issuer text not null,
        subject text not null,
        email text not null,
        name text not null,
        status text not null check (status in ('pending', 'approved', 'declined')),
        account_id text references staff_accounts(id) on delete cascade,
        requested_at timestamptz not null,
        decided_at timestamptz,
        decided_by text
      );
      create unique index staff_sso_identities_subject on staff_sso_identities(issuer, subject);
      create index staff_sso_identities_pending on staff_sso_identities(requested_at) where status = 'pending';
    `,
  },
  {
    version: 7,
    name: 'groups that meet for weeks: schedule, occurrences, roster with history, personal links, attendance',
    sql: `
      create table groups (
        id text primary key,
        title text not null,
        kind text not null check (kind in ('closed', 'open')),
        session_count integer,
        -- weekdays, time, timeZone, startDate, everyWeeks, endDate (shared/src/groups.ts scheduleSchema)
        schedule jsonb not null,
        duration_minutes integer not null,
        max_members integer not null,
        late_join_sessions integer not null default 0,
        lead_therapist_id text not null references staff_accounts(id),
        supervisor_id text references staff_accounts(id),
        agenda_template_id text,
        -- chatEnabled, speakingMode, backgrounds: each session's room inherits them
        settings jsonb not null,
        lobby_opens_minutes integer not null,
        attendance_policy jsonb not null,
        created_at timestamptz not null,
        created_by text not null
      );
      create index groups_lead on groups(lead_therapist_id);
      create index groups_supervisor on groups(supervisor_id);
      create table group_co_therapists (
        group_id text not null references groups(id) on delete cascade,
        account_id text not null references staff_accounts(id),
        primary key (group_id, account_id)
      );
      create index group_co_therapists_account on group_co_therapists(account_id);
      -- The group agreement: each change is a new version (text null: Circle's standard agreement).
      create table group_agreements (
        group_id text not null references groups(id) on delete cascade,
        version integer not null,
        text text,
        created_at timestamptz not null,
        created_by text not null,
        primary key (group_id, version)
      );
      -- Each occurrence its own row: moved (starts_at differs from planned) or cancelled alone.
      create table group_occurrences (
        id text primary key,
        group_id text not null references groups(id) on delete cascade,
        index integer not null,
        planned_starts_at timestamptz not null,
        starts_at timestamptz not null,
        duration_minutes integer not null,
        cancelled_at timestamptz,
        cancel_reason text,
        -- Bumped by every move, cancel and restore (the calendar's SEQUENCE).
        sequence integer not null default 0,
        -- Its room, once opened: one room per occurrence.
        session_id text unique,
        unique (group_id, index)
      );
      create index group_occurrences_starts on group_occurrences(group_id, starts_at);
      create table group_members (
        id text primary key,
        group_id text not null references groups(id) on delete cascade,
        display_name text not null,
        email text,
        status text not null check (status in ('screening', 'waitlisted', 'active', 'paused', 'discharged')),
        -- The personal link signs (member, version): a new link is version + 1, the old one stops working.
        link_version integer not null default 1,
        link_revoked boolean not null default false,
        reminders boolean not null default true,
        created_at timestamptz not null
      );
      create index group_members_group on group_members(group_id);
      -- Append-only: every status a membership has had, when, why (staff-only note) and by whom.
      create table group_member_history (
        id bigserial primary key,
        member_id text not null references group_members(id) on delete cascade,
        status text not null,
        at timestamptz not null,
        note text,
        by text
      );
      create index group_member_history_member on group_member_history(member_id, id);
      -- The member's invitation in the occurrence's room (made once, reused on rejoin).
      create table occurrence_invites (
        occurrence_id text not null references group_occurrences(id) on delete cascade,
        member_id text not null references group_members(id) on delete cascade,
        invite_id text not null,
        created_at timestamptz not null,
        primary key (occurrence_id, invite_id)
      );
      create index occurrence_invites_member on occurrence_invites(occurrence_id, member_id);
      -- A therapist's correction of the computed attendance: new rows, never edits (the newest counts).
      create table attendance_corrections (
        id bigserial primary key,
        occurrence_id text not null references group_occurrences(id) on delete cascade,
        member_id text not null references group_members(id) on delete cascade,
        status text not null,
        reason text,
        by text not null,
        at timestamptz not null
      );
      create index attendance_corrections_cell on attendance_corrections(occurrence_id, member_id, id);
      -- "I can't make it": the occurrence excused for the member (seen_at: the therapist has seen it).
      create table excusals (
        occurrence_id text not null references group_occurrences(id) on delete cascade,
        member_id text not null references group_members(id) on delete cascade,
        at timestamptz not null,
        seen_at timestamptz,
        primary key (occurrence_id, member_id)
      );
      create table progress_notes (
        occurrence_id text not null references group_occurrences(id) on delete cascade,
        member_id text not null references group_members(id) on delete cascade,
        text text not null,
        updated_at timestamptz not null,
        updated_by text not null,
        primary key (occurrence_id, member_id)
      );
      -- Email reminders already sent (recipient: a member id or a staff account id).
      create table reminders_sent (
        occurrence_id text not null references group_occurrences(id) on delete cascade,
        recipient text not null,
        kind text not null,
        sent_at timestamptz not null,
        primary key (occurrence_id, recipient, kind)
      );
    `,
  },
  {
    version: 8,
    name: 'languages: a group default language, the group agreement versioned per language',
    sql: `
      -- The language a group's member links open in and its rooms offer (#24).
      alter table groups add column language text not null default 'en' check (language in ('en', 'es'));
      -- Each language's agreement text has versions of its own; the texts before this are English.
      alter table group_agreements add column language text not null default 'en' check (language in ('en', 'es'));
      alter table group_agreements drop constraint group_agreements_pkey;
      alter table group_agreements add primary key (group_id, language, version);
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

/** The newer-than-this-code case: the message says what to do. */
export class SchemaTooNewError extends Error {
  constructor(found: number) {
    super(`the database is at schema version ${found}, newer than this Circle (${SCHEMA_VERSION}): update Circle`);
    this.name = 'SchemaTooNewError';
  }
}

/** The version the database is at (0: empty). */
export async function schemaVersion(db: Db): Promise<number> {
  const [row] = await db.query<{ exists: boolean }>(`select to_regclass('circle_migrations') is not null as exists`);
  if (!row?.exists) return 0;
  const [v] = await db.query<{ version: number | null }>('select max(version)::int as version from circle_migrations');
  return v?.version ?? 0;
}

/**
 * Bring the database forward to `upTo` (default: this code's version). Several nodes starting at
 * once take turns on an advisory lock; each step and its bookkeeping commit together.
 */
export async function migrate(db: Db, upTo: number = SCHEMA_VERSION): Promise<{ from: number; to: number }> {
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock(4242001)');
    await tx.query(
      `create table if not exists circle_migrations (
         version integer primary key,
         name text not null,
         applied_at timestamptz not null default now()
       )`,
    );
    const [v] = await tx.query<{ version: number | null }>(
      'select max(version)::int as version from circle_migrations',
    );
    const from = v?.version ?? 0;
    if (from > SCHEMA_VERSION) throw new SchemaTooNewError(from);
    for (const m of MIGRATIONS) {
      if (m.version <= from || m.version > upTo) continue;
      await tx.exec(m.sql);
      await tx.query('insert into circle_migrations (version, name) values ($1, $2)', [m.version, m.name]);
    }
    return { from, to: Math.max(from, Math.min(upTo, SCHEMA_VERSION)) };
  });
}
