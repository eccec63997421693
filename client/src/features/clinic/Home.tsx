import { useEffect } from 'react';
import type { Me } from '@circle/shared';
import { assertNever } from '@circle/shared/constants';
import { loadMe } from '../../actions';
import { useStaffStore } from '../../stores/useStaffStore';
import { useScreenHeading } from '../../ui/useScreenHeading';
import { ApiTokens } from './ApiTokens';
import { AuditLog } from './AuditLog';
import { LiveNow } from './LiveNow';
import { Groups } from './Groups';
import { Sessions } from './Sessions';
import { StaffAccounts } from './StaffAccounts';
import { ClinicSettingsPanel, TwoStepPanel } from './TwoStep';
import { useT } from '../../i18n';
import type { TFunction } from 'i18next';

/** The clinician's home: who is signed in is asked first (not signed in → the sign-in page). */
export function Home() {
  const me = useStaffStore((s) => s.me);
  const { t } = useT('clinic');
  useEffect(() => {
    void loadMe();
  }, []);
  if (!me) {
    return (
      <main className="page narrow">
        <p role="status">{t('home.loading')}</p>
      </main>
    );
  }
  return <HomeFor me={me} />;
}

function HomeFor({ me }: { me: Me }) {
  const { t } = useT('clinic');
  const due = me.twoStep?.due ?? false;
  const title = due ? t('home.setUpTwoStep') : titleFor(me, t);
  const heading = useScreenHeading(title);
  return (
    <main className="page home" aria-labelledby="screen-title">
      <h1 id="screen-title" tabIndex={-1} ref={heading}>
        {title}
      </h1>
      {/* The clinic requires it and it is not set up: nothing else answers until it is. */}
      {!due && <RoleHome me={me} />}
      <TwoStepPanel due={due} />
    </main>
  );
}

function titleFor(me: Me, t: TFunction<'clinic'>): string {
  switch (me.role) {
    case 'therapist':
    case 'supervisor':
      return t('home.yourSessions');
    case 'admin':
    case 'owner':
      return t('home.administration');
    default:
      return assertNever(me.role);
  }
}

function RoleHome({ me }: { me: Me }) {
  switch (me.role) {
    case 'therapist':
      return (
        <>
          <Groups canCreate />
          <Sessions canRun />
        </>
      );
    case 'supervisor':
      return (
        <>
          <LiveNow canObserve />
          <Groups canCreate={false} />
          <Sessions canRun={false} />
        </>
      );
    case 'admin':
    case 'owner':
      return (
        <>
          <LiveNow canObserve={false} />
          <StaffAccounts myId={me.id} />
          <ApiTokens />
          <ClinicSettingsPanel />
          <AuditLog />
        </>
      );
    default:
      return assertNever(me.role);
  }
}
