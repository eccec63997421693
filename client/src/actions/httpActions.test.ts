import { beforeEach, describe, expect, it } from 'vitest';
import { type Ack, type InviteCreated, errorOf } from '@circle/shared';
import { createHttpActions } from './httpActions';
import type { Api } from '../net/api';
import { SESSION_RECORD as RECORD, resetStores, roomView } from '../test/fakes';
import { useRoomStore } from '../stores/useRoomStore';

/** The API as a fake: canned answers, and the calls it was given. */
class FakeApi implements Api {
  readonly calls: unknown[][] = [];
  invite: Ack<InviteCreated> = { ok: true, data: { id: 'inv-1', role: 'member', url: 'http://c/join#x' } };
  refusal: Ack<never> | null = null;

  async createInvite(sessionId: string, body: { role: string; displayName: string }) {
    this.calls.push(['createInvite', sessionId, body]);
    return this.refusal ?? this.invite;
  }
  async revokeInvite(sessionId: string, inviteId: string) {
    this.calls.push(['revokeInvite', sessionId, inviteId]);
    return this.refusal ?? { ok: true as const, data: null };
  }
  async session(sessionId: string): Promise<never> {
    throw new Error(`not used: session(${sessionId})`);
  }
  async record(sessionId: string) {
    this.calls.push(['record', sessionId]);
    return this.refusal ?? { ok: true as const, data: RECORD };
  }
  async recordCsv(sessionId: string) {
    this.calls.push(['recordCsv', sessionId]);
    return this.refusal ?? { ok: true as const, data: 'kind,who\r\n' };
  }
}

describe('HTTP actions', () => {
  let api: FakeApi;
  let saved: { name: string; file: Blob }[];
  let actions: ReturnType<typeof createHttpActions>;
  beforeEach(() => {
    resetStores();
    useRoomStore.setState({ view: roomView('therapist') });
    api = new FakeApi();
    saved = [];
    actions = createHttpActions({ api, saveFile: (name, file) => saved.push({ name, file }) });
  });

  it('invites someone to the session on screen', async () => {
    expect(await actions.invite('supervisor', 'Dr. Lee')).toEqual(api.invite);
    expect(api.calls).toEqual([['createInvite', 'sess-1', { role: 'supervisor', displayName: 'Dr. Lee' }]]);
  });

  it('a refused invitation comes back with the text the form shows', async () => {
    api.refusal = { ok: false, error: errorOf('NAME_TAKEN', 'displayName') };
    const res = await actions.invite('member', 'Ana');
    expect(res.ok ? null : res.error.message).toBe('Someone in this session already uses that name.');
  });

  it('with no session on screen nothing is sent', async () => {
    useRoomStore.setState({ view: null });
    expect((await actions.invite('member', 'Ana')).ok).toBe(false);
    expect(await actions.revokeInvite('inv-1')).toBe(false);
    expect(await actions.downloadRecord('json')).toBe(false);
    expect(api.calls).toEqual([]);
  });

  it('revokes an invitation, and says whether it worked', async () => {
    expect(await actions.revokeInvite('inv-1')).toBe(true);
    api.refusal = { ok: false, error: errorOf('FORBIDDEN') };
    expect(await actions.revokeInvite('inv-1')).toBe(false);
    expect(api.calls).toEqual([
      ['revokeInvite', 'sess-1', 'inv-1'],
      ['revokeInvite', 'sess-1', 'inv-1'],
    ]);
  });

  it('downloads the JSON record under the session’s name, as the server sent it', async () => {
    expect(await actions.downloadRecord('json')).toBe(true);
    expect(saved.map((s) => s.name)).toEqual(['circle-session-sess-1.json']);
    expect(saved[0]?.file.type).toBe('application/json');
    expect(JSON.parse(await saved[0]!.file.text())).toEqual(RECORD);
  });

  it('downloads the CSV record as text/csv', async () => {
    expect(await actions.downloadRecord('csv')).toBe(true);
    expect(saved[0]?.name).toBe('circle-session-sess-1.csv');
    expect(saved[0]?.file.type).toBe('text/csv');
    expect(await saved[0]!.file.text()).toBe('kind,who\r\n');
  });

  it('a refused download saves nothing and says why in a notice', async () => {
    api.refusal = { ok: false, error: errorOf('FORBIDDEN') };
    expect(await actions.downloadRecord('csv')).toBe(false);
    expect(saved).toEqual([]);
    expect(useRoomStore.getState().notices.map((n) => [n.kind, n.text])).toEqual([
      ['error', 'Your role in this session does not allow that.'],
    ]);
  });
});
