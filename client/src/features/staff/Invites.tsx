import { useState, type FormEvent } from 'react';
import type { Role } from '@circle/shared';
import { LIMITS } from '@circle/shared/constants';
import { useRoomStore } from '../../stores/useRoomStore';
import { invite as createInvite, revokeInvite } from '../../actions';
import { useT } from '../../i18n';

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
  const { t } = useT('staff');
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
      <h2 id="invites-title">{t('invites.title')}</h2>
      <form onSubmit={invite} className="row">
        <label htmlFor="invite-name">{t('invites.name')}</label>
        <input
          id="invite-name"
          value={name}
          maxLength={LIMITS.DISPLAY_NAME_CHARS}
          onChange={(e) => setName(e.target.value)}
        />
        <label htmlFor="invite-role">{t('invites.role')}</label>
        <select id="invite-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
          <option value="member">{t('invites.member')}</option>
          <option value="therapist">{t('invites.therapist')}</option>
          <option value="supervisor">{t('invites.supervisor')}</option>
        </select>
        <button type="submit" disabled={!name.trim()}>
          {t('invites.invite')}
        </button>
      </form>
      {error && <p role="alert">{error}</p>}
      <ul className="people">
        {issued.map((i) => (
          <li key={i.id}>
            {i.name} ({t(`roster.role.${i.role}`)})
            <input
              aria-label={t('invites.linkFor', { name: i.name })}
              readOnly
              value={i.url}
              onFocus={(e) => e.target.select()}
            />
            <button type="button" onClick={() => void copy(i)}>
              {copied === i.id ? t('invites.copied') : t('invites.copy', { name: i.name })}
            </button>
            <button type="button" onClick={() => void revoke(i.id)}>
              {t('invites.revoke', { name: i.name })}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
