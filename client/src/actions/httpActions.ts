/**
 * The therapist's HTTP calls by name: invite someone, revoke an invitation, download the session
 * record. They go through the typed API (net/api.ts) for the session on screen.
 */
import type { Ack, InviteCreated, Role, SessionRecordResponse } from '@circle/shared';
import { fail } from '@circle/shared/constants';
import type { Api } from '../net/api';
import { pushError, useRoomStore } from '../stores/useRoomStore';

export type RecordFormat = 'json' | 'csv';

export interface HttpActionDeps {
  api: Api;
  /** Hand a file to the person (a download, in the browser). */
  saveFile: (name: string, file: Blob) => void;
}

async function jsonFile(answer: Promise<Ack<SessionRecordResponse>>): Promise<Ack<Blob>> {
  const res = await answer;
  return res.ok ? { ok: true, data: new Blob([JSON.stringify(res.data)], { type: 'application/json' }) } : res;
}

async function csvFile(answer: Promise<Ack<string>>): Promise<Ack<Blob>> {
  const res = await answer;
  return res.ok ? { ok: true, data: new Blob([res.data], { type: 'text/csv' }) } : res;
}

export function createHttpActions({ api, saveFile }: HttpActionDeps) {
  const sessionId = () => useRoomStore.getState().view?.sessionId;

  return {
    /** A new invitation link; a refusal (a name already taken…) is shown in the form. */
    async invite(role: Role, displayName: string): Promise<Ack<InviteCreated>> {
      const id = sessionId();
      return id ? api.createInvite(id, { role, displayName }) : fail('NOT_FOUND');
    },
    /** Whether the invitation was revoked (its link no longer lets anyone in). */
    async revokeInvite(inviteId: string): Promise<boolean> {
      const id = sessionId();
      return !!id && (await api.revokeInvite(id, inviteId)).ok;
    },
    /** The session record as a file: JSON (checked against the contract) or one CSV sheet. */
    async downloadRecord(format: RecordFormat): Promise<boolean> {
      const id = sessionId();
      if (!id) return false;
      const file = format === 'json' ? await jsonFile(api.record(id)) : await csvFile(api.recordCsv(id));
      if (!file.ok) {
        pushError(file.error);
        return false;
      }
      saveFile(`circle-session-${id}.${format}`, file.data);
      return true;
    },
  };
}

export type HttpActions = ReturnType<typeof createHttpActions>;
