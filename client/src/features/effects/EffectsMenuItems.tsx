/**
 * The person's media effects as three switches: "Blur my background", "Replace my background",
 * "Noise suppression". Made to sit in the room's "More" menu (`itemRole="menuitemcheckbox"`), or on
 * its own as switches. Options the group's rules forbid are not offered; ones this browser cannot run
 * are shown disabled with the reason. Choices are remembered in this browser.
 */
import { useId } from 'react';
import { allowedBackgrounds, setBackground, setNoiseSuppression, type BackgroundChoice } from '../../actions';
import { useEffectsStore } from '../../stores/useEffectsStore';
import { useRoomStore } from '../../stores/useRoomStore';
import { useT } from '../../i18n';
import './effects.css';

function EffectSwitch({
  label,
  checked,
  disabled,
  note,
  itemRole,
  onChange,
}: {
  label: string;
  checked: boolean;
  disabled?: boolean;
  note?: string | null;
  itemRole: 'switch' | 'menuitemcheckbox';
  onChange: (on: boolean) => void;
}) {
  const noteId = useId();
  return (
    <button
      type="button"
      className="effect-switch"
      role={itemRole}
      aria-checked={checked}
      aria-describedby={note ? noteId : undefined}
      disabled={disabled}
      onClick={() => onChange(!checked)}
    >
      <span className="effect-switch-track" aria-hidden="true">
        <span className="effect-switch-thumb" />
      </span>
      <span className="effect-switch-label">{label}</span>
      {note && (
        <span id={noteId} className="effect-switch-note">
          {note}
        </span>
      )}
    </button>
  );
}

export function EffectsMenuItems({ itemRole = 'switch' }: { itemRole?: 'switch' | 'menuitemcheckbox' }) {
  const view = useRoomStore((s) => s.view);
  const {
    background,
    noiseSuppression,
    backgroundState,
    noiseState,
    backgroundUnsupported,
    noiseUnsupported,
    message,
  } = useEffectsStore();
  const { t } = useT('effects');
  const allowed = allowedBackgrounds(view?.backgrounds, view?.you.role);
  const choose = (choice: BackgroundChoice, on: boolean) => void setBackground(on ? choice : 'none');
  const blurOn = background === 'blur' || (background === 'replace' && !allowed.replace);
  const starting = (state: string) => (state === 'starting' ? t('starting') : null);

  return (
    <div className="effects-menu-items" role="group" aria-label={t('label')}>
      {allowed.blur ? (
        <EffectSwitch
          itemRole={itemRole}
          label={t('blur')}
          checked={blurOn && !backgroundUnsupported}
          disabled={!!backgroundUnsupported}
          note={
            backgroundUnsupported
              ? t(`unsupported.${backgroundUnsupported}`)
              : blurOn
                ? starting(backgroundState)
                : null
          }
          onChange={(on) => choose('blur', on)}
        />
      ) : (
        <p className="effect-switch-note">{t('notAllowed')}</p>
      )}
      {allowed.replace && (
        <EffectSwitch
          itemRole={itemRole}
          label={t('replace')}
          checked={background === 'replace' && !backgroundUnsupported}
          disabled={!!backgroundUnsupported}
          note={backgroundUnsupported ? null : t('replaceNote')}
          onChange={(on) => choose('replace', on)}
        />
      )}
      {allowed.blur && !allowed.replace && view?.you.role === 'member' && (
        <p className="effect-switch-note">{t('blurOnly')}</p>
      )}
      <EffectSwitch
        itemRole={itemRole}
        label={t('noise')}
        checked={noiseSuppression && !noiseUnsupported && noiseState !== 'unavailable'}
        disabled={!!noiseUnsupported}
        note={noiseUnsupported ? t(`unsupported.${noiseUnsupported}`) : noiseSuppression ? starting(noiseState) : null}
        onChange={(on) => void setNoiseSuppression(on)}
      />
      <p className="effects-message" role="status" aria-live="polite">
        {message ? t(`messages.${message}`) : null}
      </p>
    </div>
  );
}
