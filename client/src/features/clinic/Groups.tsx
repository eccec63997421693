import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import {
  AGENDA_TEMPLATE_IDS,
  type CreateGroupBody,
  GROUP_LIMITS,
  type GroupSummary,
  WEEKDAYS,
  type Weekday,
} from '@circle/shared';
import { createGroup, loadGroups, openGroup } from '../../actions';
import { groupPath } from '../../stores/useStaffStore';
import { LANGUAGES, type Language } from '@circle/shared/i18n';
import { Trans, currentLanguage, useT } from '../../i18n';
import { browserTimeZone, formatInZone, timeZoneOptions, weekdayName } from './groupFormat';
import { useLoaded } from './useLoaded';
import { FieldError, type FieldErrors, fieldElement, fieldErrorFor } from './FieldError';

/** The caller's groups on the clinician's home; therapists also create one. */
export function Groups({ canCreate }: { canCreate: boolean }) {
  const { t } = useT('groups');
  const { data, error, reload } = useLoaded(loadGroups);
  return (
    <section aria-labelledby="groups-title" className="home-section">
      <h2 id="groups-title">{t('list.title')}</h2>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {!data ? (
        !error && <p role="status">{t('list.loading')}</p>
      ) : data.groups.length === 0 ? (
        <p>{t('list.none')}</p>
      ) : (
        <ul className="plain-list groups">
          {data.groups.map((g) => (
            <GroupCard key={g.id} group={g} />
          ))}
        </ul>
      )}
      {canCreate && <NewGroupForm onCreated={reload} />}
    </section>
  );
}

function GroupCard({ group: g }: { group: GroupSummary }) {
  const { t } = useT('groups');
  const href = groupPath(g.id);
  return (
    <li className="card session">
      <h3 className="session-title">
        <a
          href={href}
          onClick={(e) => {
            if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
            e.preventDefault();
            openGroup(g.id);
          }}
        >
          {g.title}
        </a>
        <span className="badge">{g.kind === 'closed' ? t('list.closed') : t('list.open')}</span>
      </h3>
      <p className="session-when">
        {g.nextStartsAt ? (
          <Trans
            t={t}
            i18nKey="list.next"
            values={{ when: formatInZone(g.nextStartsAt, g.timeZone) }}
            components={{ time: <time dateTime={g.nextStartsAt} /> }}
          />
        ) : (
          t('list.noneAhead')
        )}{' '}
        · {t('list.activeMembers', { active: g.activeMembers, max: g.maxMembers })}
      </p>
      {(g.flagged > 0 || g.absencesNotified > 0) && (
        <p className="flags">
          {g.flagged > 0 && <span className="badge attention">{t('list.attention', { count: g.flagged })}</span>}
          {g.absencesNotified > 0 && (
            <span className="badge notice">{t('list.cantMakeIt', { count: g.absencesNotified })}</span>
          )}
        </p>
      )}
    </li>
  );
}

type Form = {
  title: string;
  kind: 'closed' | 'open';
  sessionCount: string;
  weekdays: Weekday[];
  time: string;
  timeZone: string;
  startDate: string;
  everyWeeks: string;
  durationMinutes: string;
  maxMembers: string;
  lateJoinSessions: string;
  agendaTemplateId: string;
  language: Language;
  chatEnabled: boolean;
  focusMode: boolean;
  e2ee: boolean;
  speakingMode: 'open' | 'facilitated';
  backgrounds: 'blur-or-replace' | 'blur-only' | 'none';
  lobbyOpensMinutes: string;
  consecutiveUnexcused: string;
  totalUnexcused: string;
};

function nextWeekDate(now = new Date()): string {
  const d = new Date(now.getTime() + 7 * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

const blank = (): Form => ({
  title: '',
  kind: 'closed',
  sessionCount: '8',
  weekdays: [],
  time: '18:00',
  timeZone: browserTimeZone(),
  startDate: nextWeekDate(),
  everyWeeks: '1',
  durationMinutes: '90',
  maxMembers: '10',
  lateJoinSessions: '0',
  agendaTemplateId: '',
  // The therapist's own language is the likely one for the group.
  language: currentLanguage() === 'es' ? 'es' : 'en',
  chatEnabled: true,
  focusMode: false,
  e2ee: true,
  speakingMode: 'open',
  backgrounds: 'blur-or-replace',
  lobbyOpensMinutes: '10',
  consecutiveUnexcused: '2',
  totalUnexcused: '3',
});

/** A whole number from a field; NaN when empty (the contract then names the field). */
const num = (s: string) => (s.trim() === '' ? NaN : Number(s));

export function toCreateBody(f: Form): CreateGroupBody {
  return {
    title: f.title,
    kind: f.kind,
    ...(f.kind === 'closed' ? { sessionCount: num(f.sessionCount) } : {}),
    schedule: {
      weekdays: WEEKDAYS.filter((d) => f.weekdays.includes(d)),
      time: f.time,
      timeZone: f.timeZone,
      startDate: f.startDate,
      everyWeeks: num(f.everyWeeks),
    },
    durationMinutes: num(f.durationMinutes),
    maxMembers: num(f.maxMembers),
    lateJoinSessions: f.kind === 'closed' ? num(f.lateJoinSessions) : 0,
    agendaTemplateId: f.agendaTemplateId || null,
    language: f.language,
    settings: {
      chatEnabled: f.chatEnabled,
      speakingMode: f.speakingMode,
      backgrounds: f.backgrounds,
      focusMode: f.focusMode,
      e2ee: f.e2ee,
    },
    lobbyOpensMinutes: num(f.lobbyOpensMinutes),
    attendancePolicy: {
      consecutiveUnexcused: num(f.consecutiveUnexcused),
      totalUnexcused: num(f.totalUnexcused),
    },
  };
}

function NewGroupForm({ onCreated }: { onCreated: () => Promise<void> }) {
  const { t } = useT('groups');
  const { t: tc } = useT('common');
  const { t: ta } = useT('agenda');
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState<Form>(blank);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const firstField = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const [focusTarget, setFocusTarget] = useState<'form' | 'opener' | null>(null);
  const zones = useMemo(() => (open ? timeZoneOptions() : []), [open]);
  useEffect(() => {
    if (focusTarget === 'form') firstField.current?.focus();
    if (focusTarget === 'opener') opener.current?.focus();
  }, [focusTarget, open]);

  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));
  const close = () => {
    setOpen(false);
    setErrors({});
    setFocusTarget('opener');
  };
  const err = (field: string) => fieldErrorFor(errors, field);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setErrors({});
    setBusy(true);
    const res = await createGroup(toCreateBody(form));
    setBusy(false);
    if (!res.ok) {
      const el = res.field ? fieldElement(formRef.current, res.field) : null;
      setErrors({ [el ? res.field! : '']: res.message });
      // The field at fault takes focus (or the form's own message).
      requestAnimationFrame(() => (el ?? formRef.current?.querySelector<HTMLElement>('.form-error'))?.focus());
      return;
    }
    setDone(t('form.created', { title: form.title.trim() }));
    setForm(blank());
    close();
    await onCreated();
  };

  const id = (f: string) => `new-group-${f.replace(/\./g, '-')}`;
  const described = (f: string) => (err(f) ? { 'aria-invalid': true, 'aria-describedby': `${id(f)}-error` } : {});

  return (
    <div className="new-group">
      <p role="status" className="ok-text">
        {done ?? ''}
      </p>
      {!open ? (
        <button
          type="button"
          ref={opener}
          className="primary"
          aria-expanded={false}
          onClick={() => {
            setOpen(true);
            setDone(null);
            setFocusTarget('form');
          }}
        >
          {t('form.newGroup')}
        </button>
      ) : (
        <form ref={formRef} className="card form" onSubmit={submit} noValidate aria-labelledby="new-group-heading">
          <h3 id="new-group-heading">{t('form.newGroup')}</h3>
          <div className="field">
            <label htmlFor={id('title')}>{t('form.title')}</label>
            <input
              id={id('title')}
              data-field="title"
              ref={firstField}
              maxLength={GROUP_LIMITS.TITLE_CHARS}
              value={form.title}
              onChange={(e) => set('title', e.target.value)}
              {...described('title')}
            />
            <FieldError id={`${id('title')}-error`} text={err('title')} />
          </div>

          <fieldset className="field">
            <legend>{t('form.kind')}</legend>
            <label className="check">
              <input
                type="radio"
                name="new-group-kind"
                data-field="kind"
                checked={form.kind === 'closed'}
                onChange={() => set('kind', 'closed')}
              />{' '}
              {t('form.kindClosed')}
            </label>
            <label className="check">
              <input
                type="radio"
                name="new-group-kind"
                checked={form.kind === 'open'}
                onChange={() => set('kind', 'open')}
              />{' '}
              {t('form.kindOpen')}
            </label>
          </fieldset>

          {form.kind === 'closed' && (
            <div className="field-row">
              <div className="field">
                <label htmlFor={id('sessionCount')}>{t('form.sessionCount')}</label>
                <input
                  id={id('sessionCount')}
                  data-field="sessionCount"
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={GROUP_LIMITS.MAX_SESSIONS}
                  value={form.sessionCount}
                  onChange={(e) => set('sessionCount', e.target.value)}
                  {...described('sessionCount')}
                />
                <FieldError id={`${id('sessionCount')}-error`} text={err('sessionCount')} />
              </div>
              <div className="field">
                <label htmlFor={id('lateJoinSessions')}>{t('form.lateJoinUntil')}</label>
                <input
                  id={id('lateJoinSessions')}
                  data-field="lateJoinSessions"
                  type="number"
                  inputMode="numeric"
                  min={0}
                  value={form.lateJoinSessions}
                  onChange={(e) => set('lateJoinSessions', e.target.value)}
                  aria-describedby={`${id('lateJoinSessions')}-hint`}
                  {...(err('lateJoinSessions') ? { 'aria-invalid': true } : {})}
                />
                <p className="hint" id={`${id('lateJoinSessions')}-hint`}>
                  {t('form.lateJoinHint')}
                </p>
                <FieldError id={`${id('lateJoinSessions')}-error`} text={err('lateJoinSessions')} />
              </div>
            </div>
          )}

          <fieldset className="field" data-field="schedule.weekdays" tabIndex={-1} {...described('schedule.weekdays')}>
            <legend>{t('form.meetsOn')}</legend>
            <div className="weekdays">
              {WEEKDAYS.map((d) => (
                <label key={d} className="check">
                  <input
                    type="checkbox"
                    checked={form.weekdays.includes(d)}
                    onChange={(e) =>
                      set('weekdays', e.target.checked ? [...form.weekdays, d] : form.weekdays.filter((x) => x !== d))
                    }
                  />{' '}
                  {weekdayName(d)}
                </label>
              ))}
            </div>
            <FieldError id={`${id('schedule.weekdays')}-error`} text={err('schedule.weekdays')} />
          </fieldset>

          <div className="field-row">
            <div className="field">
              <label htmlFor={id('schedule.time')}>{t('form.time')}</label>
              <input
                id={id('schedule.time')}
                data-field="schedule.time"
                type="time"
                value={form.time}
                onChange={(e) => set('time', e.target.value)}
                {...described('schedule.time')}
              />
              <FieldError id={`${id('schedule.time')}-error`} text={err('schedule.time')} />
            </div>
            <div className="field">
              <label htmlFor={id('schedule.timeZone')}>{t('form.timeZone')}</label>
              <select
                id={id('schedule.timeZone')}
                data-field="schedule.timeZone"
                value={form.timeZone}
                onChange={(e) => set('timeZone', e.target.value)}
                {...described('schedule.timeZone')}
              >
                {zones.map((z) => (
                  <option key={z} value={z}>
                    {z.replace(/_/g, ' ')}
                  </option>
                ))}
              </select>
              <FieldError id={`${id('schedule.timeZone')}-error`} text={err('schedule.timeZone')} />
            </div>
            <div className="field">
              <label htmlFor={id('schedule.startDate')}>{t('form.startDate')}</label>
              <input
                id={id('schedule.startDate')}
                data-field="schedule.startDate"
                type="date"
                value={form.startDate}
                onChange={(e) => set('startDate', e.target.value)}
                {...described('schedule.startDate')}
              />
              <FieldError id={`${id('schedule.startDate')}-error`} text={err('schedule.startDate')} />
            </div>
            <div className="field">
              <label htmlFor={id('schedule.everyWeeks')}>{t('form.everyWeeks')}</label>
              <input
                id={id('schedule.everyWeeks')}
                data-field="schedule.everyWeeks"
                type="number"
                inputMode="numeric"
                min={1}
                max={8}
                value={form.everyWeeks}
                onChange={(e) => set('everyWeeks', e.target.value)}
                {...described('schedule.everyWeeks')}
              />
              <FieldError id={`${id('schedule.everyWeeks')}-error`} text={err('schedule.everyWeeks')} />
            </div>
          </div>

          <div className="field-row">
            <div className="field">
              <label htmlFor={id('durationMinutes')}>{t('form.length')}</label>
              <input
                id={id('durationMinutes')}
                data-field="durationMinutes"
                type="number"
                inputMode="numeric"
                min={60}
                max={120}
                step={5}
                value={form.durationMinutes}
                onChange={(e) => set('durationMinutes', e.target.value)}
                {...described('durationMinutes')}
              />
              <FieldError id={`${id('durationMinutes')}-error`} text={err('durationMinutes')} />
            </div>
            <div className="field">
              <label htmlFor={id('maxMembers')}>{t('form.capacity', { max: GROUP_LIMITS.MAX_MEMBERS })}</label>
              <input
                id={id('maxMembers')}
                data-field="maxMembers"
                type="number"
                inputMode="numeric"
                min={1}
                max={GROUP_LIMITS.MAX_MEMBERS}
                value={form.maxMembers}
                onChange={(e) => set('maxMembers', e.target.value)}
                {...described('maxMembers')}
              />
              <FieldError id={`${id('maxMembers')}-error`} text={err('maxMembers')} />
            </div>
            <div className="field">
              <label htmlFor={id('lobbyOpensMinutes')}>{t('form.lobbyOpens')}</label>
              <input
                id={id('lobbyOpensMinutes')}
                data-field="lobbyOpensMinutes"
                type="number"
                inputMode="numeric"
                min={0}
                max={120}
                value={form.lobbyOpensMinutes}
                onChange={(e) => set('lobbyOpensMinutes', e.target.value)}
                {...described('lobbyOpensMinutes')}
              />
              <FieldError id={`${id('lobbyOpensMinutes')}-error`} text={err('lobbyOpensMinutes')} />
            </div>
          </div>

          <div className="field">
            <label htmlFor={id('agendaTemplateId')}>{t('form.agenda')}</label>
            <select
              id={id('agendaTemplateId')}
              data-field="agendaTemplateId"
              value={form.agendaTemplateId}
              onChange={(e) => set('agendaTemplateId', e.target.value)}
            >
              <option value="">{t('form.agendaNone')}</option>
              {AGENDA_TEMPLATE_IDS.map((a) => (
                <option key={a} value={a}>
                  {ta(`template.${a}`)}
                </option>
              ))}
            </select>
          </div>

          <div className="field">
            <label htmlFor={id('language')}>{t('form.language')}</label>
            <select
              id={id('language')}
              data-field="language"
              value={form.language}
              onChange={(e) => set('language', e.target.value as Language)}
              aria-describedby={`${id('language')}-hint`}
            >
              {LANGUAGES.map((lang) => (
                <option key={lang} value={lang} lang={lang}>
                  {tc(`languageName.${lang}`)}
                </option>
              ))}
            </select>
            <p className="hint" id={`${id('language')}-hint`}>
              {t('form.languageHint')}
            </p>
          </div>

          <RoomSettingsFields
            idPrefix="new-group"
            value={{
              chatEnabled: form.chatEnabled,
              speakingMode: form.speakingMode,
              backgrounds: form.backgrounds,
              focusMode: form.focusMode,
              e2ee: form.e2ee,
            }}
            onChange={(s) => setForm((f) => ({ ...f, ...s }))}
          />

          <fieldset className="field">
            <legend>{t('form.policy')}</legend>
            <div className="field-row">
              <div className="field">
                <label htmlFor={id('attendancePolicy.consecutiveUnexcused')}>{t('form.inARow')}</label>
                <input
                  id={id('attendancePolicy.consecutiveUnexcused')}
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
                  id={`${id('attendancePolicy.consecutiveUnexcused')}-error`}
                  text={err('attendancePolicy.consecutiveUnexcused')}
                />
              </div>
              <div className="field">
                <label htmlFor={id('attendancePolicy.totalUnexcused')}>{t('form.inAll')}</label>
                <input
                  id={id('attendancePolicy.totalUnexcused')}
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
                  id={`${id('attendancePolicy.totalUnexcused')}-error`}
                  text={err('attendancePolicy.totalUnexcused')}
                />
              </div>
            </div>
          </fieldset>

          {errors[''] && (
            <p role="alert" className="error-text form-error" tabIndex={-1}>
              {errors['']}
            </p>
          )}
          <div className="actions">
            <button type="submit" className="primary" aria-busy={busy}>
              {busy ? t('form.creating') : t('form.create')}
            </button>
            <button type="button" onClick={close}>
              {t('form.cancel')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}

export type RoomSettingsValue = {
  chatEnabled: boolean;
  focusMode: boolean;
  e2ee: boolean;
  speakingMode: 'open' | 'facilitated';
  backgrounds: 'blur-or-replace' | 'blur-only' | 'none';
};

/** The room settings each session of the group starts with. */
export function RoomSettingsFields({
  idPrefix,
  value,
  onChange,
}: {
  idPrefix: string;
  value: RoomSettingsValue;
  onChange: (v: RoomSettingsValue) => void;
}) {
  const { t } = useT('groups');
  return (
    <fieldset className="field">
      <legend>{t('form.startsWith')}</legend>
      <label className="check">
        <input
          type="checkbox"
          checked={value.chatEnabled}
          onChange={(e) => onChange({ ...value, chatEnabled: e.target.checked })}
        />{' '}
        {t('form.chatOn')}
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={value.focusMode}
          onChange={(e) => onChange({ ...value, focusMode: e.target.checked })}
        />{' '}
        {t('form.focusMode')}
      </label>
      <label className="check">
        <input type="checkbox" checked={value.e2ee} onChange={(e) => onChange({ ...value, e2ee: e.target.checked })} />{' '}
        {t('form.e2ee')}
      </label>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${idPrefix}-speaking`}>{t('form.speaking')}</label>
          <select
            id={`${idPrefix}-speaking`}
            value={value.speakingMode}
            onChange={(e) => onChange({ ...value, speakingMode: e.target.value as RoomSettingsValue['speakingMode'] })}
          >
            <option value="open">{t('form.speakingOpen')}</option>
            <option value="facilitated">{t('form.speakingFacilitated')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${idPrefix}-backgrounds`}>{t('form.backgrounds')}</label>
          <select
            id={`${idPrefix}-backgrounds`}
            value={value.backgrounds}
            onChange={(e) => onChange({ ...value, backgrounds: e.target.value as RoomSettingsValue['backgrounds'] })}
          >
            <option value="blur-or-replace">{t('form.blurOrReplace')}</option>
            <option value="blur-only">{t('form.blurOnly')}</option>
            <option value="none">{t('form.noEffects')}</option>
          </select>
        </div>
      </div>
    </fieldset>
  );
}
