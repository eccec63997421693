import { useRoomStore } from '../../stores/useRoomStore';
import { setReactionsEnabled } from '../../actions';
import { REACTION_SHORTCUTS } from './ReactionPicker';
import { ServerCheckbox } from '../../ui/ServerCheckbox';
import { useT } from '../../i18n';

/** The therapist's switch: quiet reactions on or off for this session (Alt+Shift+0 too). */
export function ReactionsSwitch() {
  const enabled = useRoomStore((s) => s.view?.reactionsEnabled ?? true);
  const { t } = useT('reactions');
  return (
    <ServerCheckbox
      className="check reactions-switch"
      checked={enabled}
      aria-keyshortcuts={REACTION_SHORTCUTS.toggle.label}
      request={setReactionsEnabled}
    >
      {t('switch')}
    </ServerCheckbox>
  );
}
