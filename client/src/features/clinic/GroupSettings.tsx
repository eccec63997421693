import { useRef, useState, type FormEvent } from 'react';
import {
  AGENDA_TEMPLATES,
  AGENDA_TEMPLATE_IDS,
  GROUP_LIMITS,
  AGREEMENT_POINTS,
  type GroupDetail,
  type UpdateGroupBody,
} from '@circle/shared';
import { updateGroup } from '../../actions';
import { FieldError, type FieldErrors, fieldElement, fieldErrorFor } from './FieldError';
import { RoomSettingsFields, type RoomSettingsValue } from './Groups';

type Form = {
  title: string;
  maxMembers: string;
  durationMinutes: string;
  lateJoinSessions: string;
  lobbyOpensMinutes: string;
  agendaTemplateId: string;
  settings: RoomSettingsValue;
  agreement: string;
  consecutiveUnexcused: string;
  totalUnexcused: string;
};

const fromGroup = (g: GroupDetail): Form => ({
  title: g.title,
  maxMembers: String(g.maxMembers),
  durationMinutes: String(g.durationMinutes),
  lateJoinSessions: String(g.lateJoinSessions),
  lobbyOpensMinutes: String(g.lobbyOpensMinutes),
  agendaTemplateId: g.agendaTemplateId ?? '',
  settings: g.settings,
  agreement: g.agreement.text ?? '',
  consecutiveUnexcused: String(g.attendancePolicy.consecutiveUnexcused),
  totalUnexcused: String(g.attendancePolicy.totalUnexcused),
});

const num = (s: string) => (s.trim() === '' ? NaN : Number(s));

/** Only what changed is sent (a new agreement text is a new version). */
export function changesOf(g: GroupDetail, f: Form): UpdateGroupBody {
  const body: UpdateGroupBody = {};
  if (f.title !== g.title) body.title = f.title;
  if (num(f.maxMembers) !== g.maxMembers) body.maxMembers = num(f.maxMembers);
  if (num(f.durationMinutes) !== g.durationMinutes) body.durationMinutes = num(f.durationMinutes);
  if (num(f.lateJoinSessions) !== g.lateJoinSessions) body.lateJoinSessions = num(f.lateJoinSessions);
  if (num(f.lobbyOpensMinutes) !== g.lobbyOpensMinutes) body.lobbyOpensMinutes = num(f.lobbyOpensMinutes);
  if ((f.agendaTemplateId || null) !== g.agendaTemplateId) body.agendaTemplateId = f.agendaTemplateId || null;
  const s = g.settings;
  if (
    f.settings.chatEnabled !== s.chatEnabled ||
    f.settings.speakingMode !== s.speakingMode ||
    f.settings.backgrounds !== s.backgrounds ||
    f.settings.focusMode !== s.focusMode
  )
    body.settings = f.settings;
  if (f.agreement.trim() !== (g.agreement.text ?? '').trim()) body.agreement = f.agreement.trim() || null;
  const p = g.attendancePolicy;
  if (num(f.consecutiveUnexcused) !== p.consecutiveUnexcused || num(f.totalUnexcused) !== p.totalUnexcused)
    body.attendancePolicy = {
      consecutiveUnexcused: num(f.consecutiveUnexcused),
      totalUnexcused: num(f.totalUnexcused),
    };
  return body;
}

/** The group's settings: title, capacity, room settings, agreement text and attendance policy. */
export function GroupSettings({ group: g, reload }: { group: GroupDetail; reload: () => Promise<void> }) {
  const [form, setForm] = useState<Form>(() => fromGroup(g));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));
  const err = (f: string) => fieldErrorFor(errors, f);
  const described = (f: string) => (err(f) ? { 'aria-invalid': true, 'aria-describedby': `settings-${f}-error` } : {});

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setErrors({});
    setDone(null);
    const body = changesOf(g, form);
    if (Object.keys(body).length === 0) return setDone('Nothing has changed.');
    setBusy(true);
    const res = await updateGroup(g.id, body);
    setBusy(false);
    if (!res.ok) {
      const el = res.field ? fieldElement(formRef.current, res.field) : null;
      setErrors({ [el ? res.field! : '']: res.message });
      el?.focus();
      return;
    }
    setForm(fromGroup(res.data));
    setDone(
      body.agreement !== undefined
        ? `Saved. The group agreement is now version ${res.data.agreement.version}.`
        : 'Saved.',
    );
    await reload();
  };

  return (
    <section aria-labelledby="settings-title" className="home-section">
      <h2 id="settings-title">Settings</h2>
      <form ref={formRef} className="card form" onSubmit={submit} noValidate aria-labelledby="settings-title">
        <div className="field">
          <label htmlFor="settings-title-input">Title</label>
          <input
            id="settings-title-input"
            data-field="title"
            maxLength={GROUP_LIMITS.TITLE_CHARS}
            value={form.title}
            onChange={(e) => set('title', e.target.value)}
            {...described('title')}
          />
          <FieldError id="settings-title-error" text={err('title')} />
        </div>
        <div className="field-row">
          {(
            [
              ['maxMembers', `Capacity (up to ${GROUP_LIMITS.MAX_MEMBERS})`, 1, GROUP_LIMITS.MAX_MEMBERS],
              ['durationMinutes', 'Length (minutes, 60–120)', 60, 120],
              ['lobbyOpensMinutes', 'Waiting room opens (minutes before)', 0, 120],
              ...(g.kind === 'closed'
                ? ([['lateJoinSessions', 'Late-join sessions', 0, GROUP_LIMITS.MAX_SESSIONS]] as const)
                : []),
            ] as const
          ).map(([key, label, min, max]) => (
            <div className="field" key={key}>
              <label htmlFor={`settings-${key}`}>{label}</label>
              <input
                id={`settings-${key}`}
                data-field={key}
                type="number"
                inputMode="numeric"
                min={min}
                max={max}
                value={form[key]}
                onChange={(e) => set(key, e.target.value)}
                {...described(key)}
              />
              <FieldError id={`settings-${key}-error`} text={err(key)} />
            </div>
          ))}
        </div>
        <div className="field">
          <label htmlFor="settings-agenda">Agenda template</label>
          <select
            id="settings-agenda"
            data-field="agendaTemplateId"
            value={form.agendaTemplateId}
            onChange={(e) => set('agendaTemplateId', e.target.value)}
          >
            <option value="">None</option>
            {AGENDA_TEMPLATE_IDS.map((t) => (
              <option key={t} value={t}>
                {AGENDA_TEMPLATES[t].label}
              </option>
            ))}
          </select>
        </div>
        <RoomSettingsFields idPrefix="settings" value={form.settings} onChange={(s) => set('settings', s)} />
        <fieldset className="field">
          <legend>Attendance policy: flag a member after…</legend>
          <div className="field-row">
            <div className="field">
              <label htmlFor="settings-consecutive">Unexcused absences in a row</label>
              <input
                id="settings-consecutive"
                data-field="attendancePolicy.consecutiveUnexcused"
                type="number"
                inputMode="numeric"
                min={1}
                max={20}
                value={form.consecutiveUnexcused}
                onChange={(e) => set('consecutiveUnexcused', e.target.value)}
                {...described('attendancePolicy.consecutiveUnexcused')}
              />
              <FieldError
                id="settings-attendancePolicy.consecutiveUnexcused-error"
                text={err('attendancePolicy.consecutiveUnexcused')}
              />
            </div>
            <div className="field">
              <label htmlFor="settings-total">…or unexcused absences in all</label>
              <input
                id="settings-total"
                data-field="attendancePolicy.totalUnexcused"
                type="number"
                inputMode="numeric"
                min={1}
                max={50}
                value={form.totalUnexcused}
                onChange={(e) => set('totalUnexcused', e.target.value)}
                {...described('attendancePolicy.totalUnexcused')}
              />
              <FieldError
                id="settings-attendancePolicy.totalUnexcused-error"
                text={err('attendancePolicy.totalUnexcused')}
              />
            </div>
          </div>
        </fieldset>
        <div className="field">
          <label htmlFor="settings-agreement">Group agreement (one point per line)</label>
          <textarea
            id="settings-agreement"
            data-field="agreement"
            rows={8}
            maxLength={GROUP_LIMITS.AGREEMENT_CHARS}
            value={form.agreement}
            placeholder={AGREEMENT_POINTS.join('\n')}
            onChange={(e) => set('agreement', e.target.value)}
            aria-describedby="settings-agreement-hint"
            {...(err('agreement') ? { 'aria-invalid': true } : {})}
          />
          <p className="hint" id="settings-agreement-hint">
            Version {g.agreement.version}
            {g.agreement.text === null ? ', Circle’s standard agreement (shown greyed out)' : ''}. Saving a new text
            makes a new version; members accept it before their next session.
          </p>
          <FieldError id="settings-agreement-error" text={err('agreement')} />
        </div>
        {errors[''] && (
          <p role="alert" className="error-text">
            {errors['']}
          </p>
        )}
        <p role="status" className="ok-text">
          {done ?? ''}
        </p>
        <div className="actions">
          <button type="submit" className="primary" aria-busy={busy}>
            Save settings
          </button>
        </div>
      </form>
    </section>
  );
}
