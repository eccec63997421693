import { LifelineLinks } from '../crisis/LifelineLinks';
import { useT } from '../../i18n';

/** The 988 information in the page itself (the same lines as the crisis panel), for when there is no session. */
export function CrisisLines() {
  const { t } = useT('member');
  return (
    <section className="card crisis-inline" aria-labelledby="crisis-inline-title">
      <h2 id="crisis-inline-title">{t('crisisInline.title')}</h2>
      <p>{t('crisisInline.text')}</p>
      <LifelineLinks />
    </section>
  );
}
