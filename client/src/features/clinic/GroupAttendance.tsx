import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import {
  type AttendanceCell,
  type AttendanceSheet,
  type AttendanceStatus,
  GROUP_LIMITS,
  type GroupDetail,
} from '@circle/shared';
import {
  correctAttendance,
  downloadAttendanceCsv,
  loadAttendance,
  loadProgressNote,
  saveProgressNote,
} from '../../actions';
import { formatWhen } from './format';
import { Trans, useT } from '../../i18n';
import {
  ATTENDANCE_STATUSES,
  attendanceLabel,
  attendanceCellText,
  flagText,
  formatInZone,
  policyText,
} from './groupFormat';
import { useLoaded } from './useLoaded';

type Selected = { memberId: string; occurrenceId: string; mode: 'correct' | 'note'; opener: HTMLElement | null };

/** Members × sessions that have taken place: each cell in words; therapists correct them and keep notes. */
export function Attendance({ group: g }: { group: GroupDetail }) {
  const load = useCallback(() => loadAttendance(g.id), [g.id]);
  const { data: sheet, error, reload } = useLoaded(load);
  const [selected, setSelected] = useState<Selected | null>(null);
  const [csvError, setCsvError] = useState<string | null>(null);
  const { t } = useT('groups');

  const close = () => {
    const opener = selected?.opener;
    setSelected(null);
    opener?.focus();
  };
  const download = async () => {
    setCsvError(null);
    const res = await downloadAttendanceCsv(g.id);
    if (!res.ok) setCsvError(res.message);
  };

  return (
    <section aria-labelledby="attendance-title" className="home-section">
      <h2 id="attendance-title">{t('page.attendance')}</h2>
      <p className="hint">{policyText(g.attendancePolicy)}.</p>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {!sheet ? (
        !error && <p role="status">{t('sheet.loading')}</p>
      ) : sheet.occurrences.length === 0 ? (
        <p>{t('sheet.none')}</p>
      ) : (
        <Sheet group={g} sheet={sheet} onSelect={setSelected} />
      )}
      {selected && sheet && (
        <CellEditor
          key={`${selected.memberId}/${selected.occurrenceId}/${selected.mode}`}
          group={g}
          sheet={sheet}
          selected={selected}
          onClose={close}
          onSaved={reload}
        />
      )}
      <div className="actions">
        <button type="button" onClick={() => void download()}>
          {t('sheet.downloadCsv')}
          <span className="visually-hidden"> {t('sheet.csvOf')}</span>
        </button>
      </div>
      {csvError && (
        <p role="alert" className="error-text">
          {csvError}
        </p>
      )}
    </section>
  );
}

function cellOf(sheet: AttendanceSheet, memberId: string, occurrenceId: string): AttendanceCell | undefined {
  return sheet.cells.find((c) => c.memberId === memberId && c.occurrenceId === occurrenceId);
}

function Sheet({
  group: g,
  sheet,
  onSelect,
}: {
  group: GroupDetail;
  sheet: AttendanceSheet;
  onSelect: (s: Selected) => void;
}) {
  const tz = g.schedule.timeZone;
  const { t } = useT('groups');
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={t('sheet.region')}>
      <table className="audit attendance">
        <caption className="visually-hidden">{t('sheet.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('sheet.member')}</th>
            {sheet.occurrences.map((o) => (
              <th scope="col" key={o.id}>
                {t('sessions.session', { index: o.index })}
                <span className="th-date">{formatInZone(o.startsAt, tz)}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sheet.members.map((m) => {
            const flags = sheet.flags.filter((f) => f.memberId === m.id);
            return (
              <tr key={m.id}>
                <th scope="row">
                  {m.displayName}
                  {flags.map((f) => (
                    <span key={f.rule} className="badge attention row-flag">
                      {t('sheet.needsAttention', { flag: flagText(f) })}
                    </span>
                  ))}
                </th>
                {sheet.occurrences.map((o) => {
                  const cell = cellOf(sheet, m.id, o.id);
                  if (!cell)
                    return (
                      <td key={o.id} className="muted">
                        <span aria-hidden="true">—</span>
                        <span className="visually-hidden">{t('sheet.notOnRoster')}</span>
                      </td>
                    );
                  const who = t('sheet.who', { name: m.displayName, index: o.index });
                  return (
                    <td key={o.id} className={`att att-${cell.status}`}>
                      <span className="att-status">{attendanceCellText(cell)}</span>
                      {cell.minutes > 0 && (
                        <span className="muted att-min"> {t('sheet.minutes', { count: cell.minutes })}</span>
                      )}
                      {g.canEdit && (
                        <span className="att-actions">
                          <button
                            type="button"
                            className="small"
                            onClick={(e) =>
                              onSelect({ memberId: m.id, occurrenceId: o.id, mode: 'correct', opener: e.currentTarget })
                            }
                          >
                            {t('sheet.correct')}
                            <span className="visually-hidden"> {who}</span>
                          </button>
                          <button
                            type="button"
                            className="small"
                            onClick={(e) =>
                              onSelect({ memberId: m.id, occurrenceId: o.id, mode: 'note', opener: e.currentTarget })
                            }
                          >
                            {t('sheet.note')}
                            <span className="visually-hidden"> {t('sheet.noteFor', { who })}</span>
                          </button>
                        </span>
                      )}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function CellEditor({
  group: g,
  sheet,
  selected,
  onClose,
  onSaved,
}: {
  group: GroupDetail;
  sheet: AttendanceSheet;
  selected: Selected;
  onClose: () => void;
  onSaved: () => Promise<void>;
}) {
  const member = sheet.members.find((m) => m.id === selected.memberId);
  const occ = sheet.occurrences.find((o) => o.id === selected.occurrenceId);
  const heading = useRef<HTMLHeadingElement>(null);
  const { t } = useT('groups');
  useEffect(() => heading.current?.focus(), []);
  if (!member || !occ) return null;
  const title = t(selected.mode === 'correct' ? 'sheet.correctTitle' : 'sheet.noteTitle', {
    name: member.displayName,
    index: occ.index,
  });
  return (
    <div
      className="card form cell-editor"
      role="region"
      aria-labelledby="cell-editor-title"
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
    >
      <h3 id="cell-editor-title" tabIndex={-1} ref={heading}>
        {title}
      </h3>
      <p className="hint">{formatInZone(occ.startsAt, g.schedule.timeZone)}</p>
      {selected.mode === 'correct' ? (
        <Correction
          group={g}
          cell={cellOf(sheet, member.id, occ.id)}
          memberId={member.id}
          occurrenceId={occ.id}
          onClose={onClose}
          onSaved={onSaved}
        />
      ) : (
        <ProgressNoteEditor group={g} memberId={member.id} occurrenceId={occ.id} onClose={onClose} />
      )}
    </div>
  );
}

function Correction({
  group: g,
  cell,
  memberId,
  occurrenceId,
  onClose,
  onSaved,
}: {
  group: GroupDetail;
  cell: AttendanceCell | undefined;
  memberId: string;
  occurrenceId: string;
  onClose: () => void;
  onSaved: () => Promise<void>;
}) {
  const { t } = useT('groups');
  const [status, setStatus] = useState<AttendanceStatus>(cell?.status ?? 'attended');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    const res = await correctAttendance(g.id, occurrenceId, memberId, status, reason);
    setBusy(false);
    if (!res.ok) return setError(res.message);
    await onSaved();
    onClose();
  };
  return (
    <form onSubmit={submit} noValidate>
      {cell && (
        <p>
          <Trans
            t={t}
            i18nKey={cell.corrected ? 'sheet.computedCorrected' : 'sheet.computed'}
            values={{
              status: attendanceLabel(cell.computed),
              minutes: cell.minutes,
              corrected: attendanceLabel(cell.status),
            }}
            components={{ strong: <strong /> }}
          />
        </p>
      )}
      <div className="field-row">
        <div className="field">
          <label htmlFor="correct-status">{t('sheet.attendance')}</label>
          <select id="correct-status" value={status} onChange={(e) => setStatus(e.target.value as AttendanceStatus)}>
            {ATTENDANCE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {attendanceLabel(s)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="correct-reason">{t('sheet.reason')}</label>
          <input id="correct-reason" maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />
        </div>
      </div>
      <p className="hint">{t('sheet.auditHint')}</p>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" aria-busy={busy}>
          {t('sheet.saveCorrection')}
        </button>
        <button type="button" onClick={onClose}>
          {t('sheet.close')}
        </button>
      </div>
    </form>
  );
}

function ProgressNoteEditor({
  group: g,
  memberId,
  occurrenceId,
  onClose,
}: {
  group: GroupDetail;
  memberId: string;
  occurrenceId: string;
  onClose: () => void;
}) {
  const { t } = useT('groups');
  const load = useCallback(() => loadProgressNote(g.id, occurrenceId, memberId), [g.id, occurrenceId, memberId]);
  const { data: note, error: loadError } = useLoaded(load);
  const [text, setText] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const value = text ?? note?.text ?? '';
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    setSaved(null);
    const res = await saveProgressNote(g.id, occurrenceId, memberId, value);
    setBusy(false);
    if (!res.ok) return setError(res.message);
    setSaved(res.data.updatedAt ? t('sheet.savedAt', { when: formatWhen(res.data.updatedAt) }) : t('sheet.saved'));
  };
  return (
    <form onSubmit={submit} noValidate>
      <p className="hint small-print">{t('sheet.staffOnly')}</p>
      {loadError && (
        <p role="alert" className="error-text">
          {loadError}
        </p>
      )}
      {loadError ? null : !note ? (
        <p role="status">{t('sheet.loadingNote')}</p>
      ) : (
        <div className="field">
          <label htmlFor="progress-note">{t('sheet.noteLabel')}</label>
          <textarea
            id="progress-note"
            rows={6}
            maxLength={GROUP_LIMITS.PROGRESS_NOTE_CHARS}
            value={value}
            onChange={(e) => setText(e.target.value)}
          />
          {note?.updatedAt && <p className="hint">{t('sheet.lastSaved', { when: formatWhen(note.updatedAt) })}</p>}
        </div>
      )}
      <p role="status" className="ok-text">
        {saved ?? ''}
      </p>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" aria-busy={busy} disabled={!note}>
          {t('sheet.saveNote')}
        </button>
        <button type="button" onClick={onClose}>
          {t('sheet.close')}
        </button>
      </div>
    </form>
  );
}
