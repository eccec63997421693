import { useState, type FormEvent } from 'react';
import type { Role } from '@circle/shared';
import { LIMITS } from '@circle/shared/constants';
import { useRoomStore } from '../../stores/useRoomStore';
import { invite as createInvite, revokeInvite } from '../../actions';

interface Issued {
  id: string;
  role: Role;
  name: string;
  url: string;
}

/** Invite people by link, copy their link, revoke it. Uses the HTTP API with this therapist's invite. */
export function Invites() {
  const sessionId = useRoomStore((s) => s.view?.sessionId);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [issued, setIssued] = useState<Issued[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  if (!sessionId) return null;

  const invite = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const res = await createInvite(role, name);
    if (!res.ok) return setError(res.error.message);
    setIssued((list) => [...list, { id: res.data.id, role, name: name.trim(), url: res.data.url }]);
    setName('');
  };

  const revoke = async (id: string) => {
    if (await revokeInvite(id)) setIssued((list) => list.filter((i) => i.id !== id));
  };

  const copy = async (i: Issued) => {
    await navigator.clipboard?.writeText(i.url).catch(() => undefined);
    setCopied(i.id);
  };

  return (
    <section aria-labelledby="invites-title">
      <h2 id="invites-title">Invitations</h2>
      <form onSubmit={invite} className="row">
        <label htmlFor="invite-name">Name</label>
        <input
          id="invite-name"
          value={name}
          maxLength={LIMITS.DISPLAY_NAME_CHARS}
          onChange={(e) => setName(e.target.value)}
        />
        <label htmlFor="invite-role">Role</label>
        <select id="invite-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
          <option value="member">Member</option>
          <option value="therapist">Co-therapist</option>
          <option value="supervisor">Supervisor</option>
        </select>
        <button type="submit" disabled={!name.trim()}>
          Invite
        </button>
      </form>
      {error && <p role="alert">{error}</p>}
      <ul className="people">
        {issued.map((i) => (
          <li key={i.id}>
            {i.name} ({i.role})
            <input
              aria-label={`Invitation link for ${i.name}`}
              readOnly
              value={i.url}
              onFocus={(e) => e.target.select()}
            />
            <button type="button" onClick={() => void copy(i)}>
              {copied === i.id ? 'Copied' : `Copy link for ${i.name}`}
            </button>
            <button type="button" onClick={() => void revoke(i.id)}>
              Revoke invitation for {i.name}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
