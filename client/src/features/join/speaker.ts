/**
 * Speaker (audio output) choice and the test sound. `setSinkId` exists in Chrome, Edge and Firefox;
 * Safari and iOS have none, and there sound goes where the system sends it.
 */

type SinkCapable = HTMLMediaElement & { setSinkId(id: string): Promise<void> };

export function canChooseSpeaker(): boolean {
  return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
}

/** Send this element's sound to the chosen speaker (null: the system's default). */
export async function routeToSpeaker(el: HTMLMediaElement, speakerId: string | null): Promise<void> {
  if (!canChooseSpeaker()) return;
  await (el as SinkCapable).setSinkId(speakerId ?? '').catch(() => undefined);
}

/** The test sound: two soft notes (A4 then E5), 0.9 s in all, generated here (nothing is downloaded). */
const NOTES = [
  { hz: 440, at: 0, for: 0.4 },
  { hz: 659.25, at: 0.45, for: 0.45 },
];
const TEST_SOUND_S = 0.9;

/**
 * Play the test sound on the chosen speaker. Resolves when it has finished. Generated with WebAudio
 * and played through an <audio> element so it goes to the same output as the room's voices.
 */
export async function playTestSound(speakerId: string | null): Promise<void> {
  const ctx = new AudioContext();
  const out = ctx.createMediaStreamDestination();
  for (const n of NOTES) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.value = n.hz;
    const start = ctx.currentTime + n.at;
    // A short fade in and out, so the notes do not click.
    gain.gain.setValueAtTime(0, start);
    gain.gain.linearRampToValueAtTime(0.3, start + 0.03);
    gain.gain.setValueAtTime(0.3, start + n.for - 0.08);
    gain.gain.linearRampToValueAtTime(0, start + n.for);
    osc.connect(gain).connect(out);
    osc.start(start);
    osc.stop(start + n.for);
  }
  const el = new Audio();
  el.srcObject = out.stream;
  await routeToSpeaker(el, speakerId);
  await el.play().catch(() => undefined);
  await new Promise((r) => setTimeout(r, (TEST_SOUND_S + 0.15) * 1000));
  el.pause();
  el.srcObject = null;
  await ctx.close();
}
