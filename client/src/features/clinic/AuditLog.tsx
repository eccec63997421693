import { useCallback, useState, type FormEvent } from 'react';
import type { AuditQuery } from '@circle/shared';
import { loadAudit, loadStaff } from '../../actions';
import { formatWhen } from './format';
import { useLoaded } from './useLoaded';
import { useT } from '../../i18n';

interface Filters {
  actor: string;
  sessionId: string;
  action: string;
}
const NO_FILTERS: Filters = { actor: '', sessionId: '', action: '' };

/** The audit log, newest first: filter by person, session or action; page to older and back to newer. */
export function AuditLog() {
  const { t } = useT('clinic');
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [applied, setApplied] = useState<Filters>(NO_FILTERS);
  /** The `before` of each page seen so far; the last is the page on screen (undefined: the newest). */
  const [pages, setPages] = useState<(number | undefined)[]>([undefined]);
  const before = pages[pages.length - 1];
  const load = useCallback(() => {
    const query: AuditQuery = {
      ...(applied.actor.trim() ? { actor: applied.actor.trim() } : {}),
      ...(applied.sessionId.trim() ? { sessionId: applied.sessionId.trim() } : {}),
      ...(applied.action.trim() ? { action: applied.action.trim() } : {}),
      ...(before !== undefined ? { before } : {}),
    };
    return loadAudit(query);
  }, [applied, before]);
  const { data: page, error } = useLoaded(load);
  // Names for the ids the log keeps (it holds ids only): a staff account shows as its name.
  const { data: staff } = useLoaded(loadStaff);
  const names = new Map((staff?.staff ?? []).map((a) => [`staff:${a.id}`, a.name]));

  const filter = (e: FormEvent) => {
    e.preventDefault();
    setApplied(filters);
    setPages([undefined]);
  };
  const field = (key: keyof Filters, label: string) => (
    <div className="field">
      <label htmlFor={`audit-${key}`}>{label}</label>
      <input
        id={`audit-${key}`}
        value={filters[key]}
        onChange={(e) => setFilters({ ...filters, [key]: e.target.value })}
      />
    </div>
  );

  return (
    <section aria-labelledby="audit-title" className="home-section">
      <h2 id="audit-title">{t('audit.title')}</h2>
      <form className="card form" onSubmit={filter} aria-label={t('audit.filter')}>
        <div className="field-row">
          {field('actor', t('audit.person'))}
          {field('sessionId', t('audit.session'))}
          {field('action', t('audit.action'))}
        </div>
        <div className="actions">
          <button type="submit">{t('audit.filterButton')}</button>
          <button
            type="button"
            onClick={() => {
              setFilters(NO_FILTERS);
              setApplied(NO_FILTERS);
              setPages([undefined]);
            }}
          >
            {t('audit.clear')}
          </button>
        </div>
      </form>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {!page ? (
        !error && <p role="status">{t('audit.loading')}</p>
      ) : page.entries.length === 0 ? (
        <p>{applied === NO_FILTERS ? t('audit.none') : t('audit.noneMatch')}</p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label={t('audit.entries')}>
          <table className="audit">
            <thead>
              <tr>
                <th scope="col">{t('audit.time')}</th>
                <th scope="col">{t('audit.person')}</th>
                <th scope="col">{t('audit.action')}</th>
                <th scope="col">{t('audit.session')}</th>
                <th scope="col">{t('audit.target')}</th>
              </tr>
            </thead>
            <tbody>
              {page.entries.map((e) => (
                <tr key={e.id}>
                  <td>
                    <time dateTime={e.at}>{formatWhen(e.at)}</time>
                  </td>
                  <td>
                    {names.get(e.actor) ?? e.actor}
                    {names.has(e.actor) && <span className="visually-hidden"> ({e.actor})</span>}
                  </td>
                  <td>{e.action}</td>
                  <td>{e.sessionId ?? '—'}</td>
                  <td>{e.targetId ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="actions pager">
        <button type="button" disabled={pages.length <= 1} onClick={() => setPages((p) => p.slice(0, -1))}>
          {t('audit.newer')}
        </button>
        <button
          type="button"
          disabled={!page || page.next === null}
          onClick={() => page?.next != null && setPages((p) => [...p, page.next ?? undefined])}
        >
          {t('audit.older')}
        </button>
      </div>
    </section>
  );
}
