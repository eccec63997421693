import { EffectsMenuItems } from './EffectsMenuItems';

/** The effects switches behind one "Effects" button, until the room's "More" menu holds them. */
export function EffectsDisclosure() {
  return (
    <details className="effects-disclosure">
      <summary>Effects</summary>
      <EffectsMenuItems />
    </details>
  );
}
