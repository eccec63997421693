import { useEffect, useState } from 'react';
import { levelPercent, levelWord, nextMeter, rmsDbfs, silentMeter, type LevelWord } from './micLevel';

export interface MicLevel {
  /** Where the bar is, 0–100 % (see micLevel.ts for the calibration). */
  percent: number;
  /** What it says: quiet, good or loud, following the loudest moment of the last 1.5 s. */
  word: LevelWord;
}

const QUIET: MicLevel = { percent: 0, word: 'quiet' };
/** The bar is redrawn this often (about 20 times a second: smooth enough, light on a phone). */
const REDRAW_MS = 50;

/** The stream's microphone level, measured as RMS dBFS and mapped to the meter's scale. */
export function useMicLevel(stream: MediaStream | null): MicLevel {
  const [level, setLevel] = useState<MicLevel>(QUIET);
  const track = stream?.getAudioTracks()[0];
  useEffect(() => {
    if (!track) return;
    const ctx = new AudioContext();
    const source = ctx.createMediaStreamSource(new MediaStream([track]));
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 1024;
    source.connect(analyser);
    const data = new Float32Array(analyser.fftSize);
    let meter = silentMeter(performance.now());
    let last = performance.now();
    let drawn = 0;
    let raf = 0;
    const tick = () => {
      const now = performance.now();
      analyser.getFloatTimeDomainData(data);
      meter = nextMeter(meter, rmsDbfs(data), now, now - last);
      last = now;
      if (now - drawn >= REDRAW_MS) {
        drawn = now;
        const next = { percent: levelPercent(meter.shownDbfs), word: levelWord(meter.peakDbfs) };
        setLevel((prev) => (prev.percent === next.percent && prev.word === next.word ? prev : next));
      }
      raf = requestAnimationFrame(tick);
    };
    tick();
    return () => {
      cancelAnimationFrame(raf);
      void ctx.close();
    };
  }, [track]);
  return track ? level : QUIET;
}
