import { useEffect, type RefObject } from 'react';
import { reportTileView } from '../../actions';

/**
 * Report how large a remote participant's tile is on this screen (device pixels) and whether it
 * is visible; the SFU sends the video layer that size needs, and nothing for hidden tiles.
 */
export function useTileView(ref: RefObject<HTMLElement | null>, participantId: string, enabled: boolean): void {
  useEffect(() => {
    const el = ref.current;
    if (!el || !enabled) return;
    let onScreen = true;
    const report = () => {
      const rect = el.getBoundingClientRect();
      const dpr = window.devicePixelRatio || 1;
      reportTileView(participantId, {
        width: Math.round(rect.width * dpr),
        height: Math.round(rect.height * dpr),
        visible: onScreen && document.visibilityState === 'visible',
      });
    };
    const resize = new ResizeObserver(report);
    resize.observe(el);
    const intersection = new IntersectionObserver((entries) => {
      onScreen = entries.some((e) => e.isIntersecting);
      report();
    });
    intersection.observe(el);
    document.addEventListener('visibilitychange', report);
    report();
    return () => {
      resize.disconnect();
      intersection.disconnect();
      document.removeEventListener('visibilitychange', report);
    };
  }, [ref, participantId, enabled]);
}
