/**
 * Microphone → RNNoise (AudioWorklet) → a new MediaStreamTrack, which is what gets published.
 * One AudioContext at 48 kHz (RNNoise's rate); the browser resamples the microphone into it.
 */
import { NOISE_PROCESSOR, RNNOISE_SAMPLE_RATE } from './frames';

export interface NoiseStats {
  frames: number;
  /** Mean voice probability over the last second, 0..1. */
  voice: number;
  underruns: number;
  /** Samples the rechunking adds (448 at 480/128). */
  delaySamples: number;
}

const START_TIMEOUT_MS = 3000;

export class NoisePipeline {
  private source: MediaStreamAudioSourceNode | null = null;
  private readonly destination: MediaStreamAudioDestinationNode;
  readonly stats: NoiseStats = { frames: 0, voice: 0, underruns: 0, delaySamples: 0 };

  private constructor(
    private readonly context: AudioContext,
    private readonly node: AudioWorkletNode,
  ) {
    this.destination = context.createMediaStreamDestination();
    node.connect(this.destination);
    node.port.onmessage = (e: MessageEvent<{ type: string } & Partial<NoiseStats>>) => {
      if (e.data.type === 'ready') this.stats.delaySamples = e.data.delaySamples ?? 0;
      if (e.data.type === 'stats') Object.assign(this.stats, e.data, { type: undefined });
    };
  }

  /** Loads the worklet from this origin; throws if this browser cannot run it (the caller sends the raw microphone). */
  static async create(workletUrl: string): Promise<NoisePipeline> {
    const context = new AudioContext({ sampleRate: RNNOISE_SAMPLE_RATE, latencyHint: 'interactive' });
    try {
      await context.audioWorklet.addModule(workletUrl);
      const node = new AudioWorkletNode(context, NOISE_PROCESSOR, {
        numberOfInputs: 1,
        numberOfOutputs: 1,
        outputChannelCount: [1],
        channelCount: 1,
        channelCountMode: 'explicit',
        channelInterpretation: 'speakers',
      });
      // Entering the room follows a click, so the context may start; if it cannot, say so rather than send silence.
      await Promise.race([
        context.resume(),
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error('audio context did not start')), START_TIMEOUT_MS),
        ),
      ]);
      if (context.state !== 'running') throw new Error(`audio context ${context.state}`);
      return new NoisePipeline(context, node);
    } catch (err) {
      void context.close().catch(() => undefined);
      throw err;
    }
  }

  /** The processed track (stays the same when the microphone changes). */
  get output(): MediaStreamTrack {
    const track = this.destination.stream.getAudioTracks()[0];
    if (!track) throw new Error('no processed audio track');
    return track;
  }

  setInput(raw: MediaStreamTrack): void {
    this.source?.disconnect();
    this.source = this.context.createMediaStreamSource(new MediaStream([raw]));
    this.source.connect(this.node);
  }

  close(): void {
    this.source?.disconnect();
    this.node.port.postMessage({ type: 'close' });
    this.node.disconnect();
    this.output.stop();
    void this.context.close().catch(() => undefined);
  }
}
