import { useRoomStore } from '../../stores/useRoomStore';
import { setReactionsEnabled } from '../../actions';
import { REACTION_SHORTCUTS } from './ReactionPicker';

/** The therapist's switch: quiet reactions on or off for this session (Alt+Shift+0 too). */
export function ReactionsSwitch() {
  const enabled = useRoomStore((s) => s.view?.reactionsEnabled ?? true);
  return (
    <label className="check reactions-switch">
      <input
        type="checkbox"
        checked={enabled}
        aria-keyshortcuts={REACTION_SHORTCUTS.toggle.label}
        onChange={(e) => void setReactionsEnabled(e.target.checked)}
      />
      Reactions on (members may send a quiet nod, heart or thanks)
    </label>
  );
}
