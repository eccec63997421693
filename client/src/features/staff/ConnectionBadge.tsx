import { useHealthStore } from '../../stores/useHealthStore';
import { useT } from '../../i18n';

/** good / fair / poor for one participant, from the latest health sample (staff only). */
export function ConnectionBadge({ participantId }: { participantId: string }) {
  const quality = useHealthStore(
    (s) => s.current?.participants.find((p) => p.participantId === participantId)?.quality,
  );
  const { t } = useT('staff');
  if (!quality || quality === 'unknown') return null;
  return <span className={`badge quality quality-${quality}`}>{t(`connection.${quality}`)}</span>;
}
