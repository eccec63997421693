import { useRoomStore } from '../../stores/useRoomStore';
import { setReactionsEnabled } from '../../actions';
import { REACTION_SHORTCUTS } from './ReactionPicker';
import { ServerCheckbox } from '../../ui/ServerCheckbox';

/** The therapist's switch: quiet reactions on or off for this session (Alt+Shift+0 too). */
export function ReactionsSwitch() {
  const enabled = useRoomStore((s) => s.view?.reactionsEnabled ?? true);
  return (
    <ServerCheckbox
      className="check reactions-switch"
      checked={enabled}
      aria-keyshortcuts={REACTION_SHORTCUTS.toggle.label}
      request={setReactionsEnabled}
    >
      Reactions on (members may send a quiet nod, heart or thanks)
    </ServerCheckbox>
  );
}
