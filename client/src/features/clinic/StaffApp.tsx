import { useEffect, useState } from 'react';
import { assertNever } from '@circle/shared/constants';
import { followHistory, signOut } from '../../actions';
import { type StaffAppPath, StaffPath, groupIdOf, isStaffPath, useStaffStore } from '../../stores/useStaffStore';
import { GroupPage } from './GroupPage';
import { Home } from './Home';
import { SetPassword, Setup } from './SetPassword';
import { SignIn } from './SignIn';
import { LanguagePicker } from '../../i18n/LanguagePicker';
import { useT } from '../../i18n';
import './clinic.css';

/** The staff pages: /signin, /setup#token, /set-password#token, /home and /groups/<id>, with their own top bar. */
export function StaffApp({ path }: { path: StaffAppPath }) {
  const groupId = groupIdOf(path);
  useEffect(() => followHistory(), []);
  return (
    <div className="staff-pages">
      <header className="top">
        <div className="topbar">
          <span className="brand">Circle</span>
          {(path === StaffPath.home || groupId !== null) && <Account />}
          <LanguagePicker className="language-picker staff-language" />
        </div>
      </header>
      {groupId !== null ? <GroupPage key={groupId} groupId={groupId} /> : isStaffPath(path) && <Page path={path} />}
    </div>
  );
}

function Page({ path }: { path: StaffPath }) {
  switch (path) {
    case StaffPath.signIn:
      return <SignIn />;
    case StaffPath.setup:
      return <Setup />;
    case StaffPath.setPassword:
      return <SetPassword />;
    case StaffPath.home:
      return <Home />;
    default:
      return assertNever(path);
  }
}

/** Who is signed in, and the two ways out. */
function Account() {
  const me = useStaffStore((s) => s.me);
  const { t } = useT('clinic');
  const [error, setError] = useState<string | null>(null);
  if (!me) return null;
  const out = async (everywhere: boolean) => {
    const res = await signOut(everywhere);
    if (!res.ok) setError(res.message);
  };
  return (
    <div className="account" aria-label={t('account')} role="group">
      <span className="who">
        <span className="who-name">{me.name}</span> <span className="muted">· {t(`role.${me.role}`)}</span>
      </span>
      <button type="button" onClick={() => void out(false)}>
        {t('signOut')}
      </button>
      <button type="button" onClick={() => void out(true)}>
        {t('signOutEverywhere')}
      </button>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
    </div>
  );
}
