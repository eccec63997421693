import type { ConnectionQuality } from '@circle/shared';
import { useHealthStore } from '../../stores/useHealthStore';

const TEXT: Record<Exclude<ConnectionQuality, 'unknown'>, string> = {
  good: 'Connection good',
  fair: 'Connection fair',
  poor: 'Connection poor',
};

/** good / fair / poor for one participant, from the latest health sample (staff only). */
export function ConnectionBadge({ participantId }: { participantId: string }) {
  const quality = useHealthStore(
    (s) => s.current?.participants.find((p) => p.participantId === participantId)?.quality,
  );
  if (!quality || quality === 'unknown') return null;
  return <span className={`badge quality quality-${quality}`}>{TEXT[quality]}</span>;
}
