import { useEffect, useRef } from 'react';
import { useMediaStore } from '../../stores/useMediaStore';
import { routeToSpeaker } from '../join/speaker';

/** A <video> showing one track. */
export function VideoView({
  track,
  muted = true,
  mirrored = false,
  label,
}: {
  track: MediaStreamTrack;
  muted?: boolean;
  mirrored?: boolean;
  label: string;
}) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.srcObject = new MediaStream([track]);
    void el.play().catch(() => undefined);
    return () => {
      el.srcObject = null;
    };
  }, [track]);
  return (
    <video
      ref={ref}
      className={mirrored ? 'mirrored' : undefined}
      autoPlay
      playsInline
      muted={muted}
      aria-label={label}
      data-testid="video"
    />
  );
}

/** Plays one remote audio track (hidden), on the speaker chosen before joining. */
export function AudioSink({ track }: { track: MediaStreamTrack }) {
  const ref = useRef<HTMLAudioElement>(null);
  const speakerId = useMediaStore((s) => s.speakerId);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.srcObject = new MediaStream([track]);
    void el.play().catch(() => undefined);
  }, [track]);
  useEffect(() => {
    if (ref.current) void routeToSpeaker(ref.current, speakerId);
  }, [speakerId]);
  return <audio ref={ref} autoPlay />;
}
