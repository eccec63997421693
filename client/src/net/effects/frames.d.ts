/**
 * RNNoise works on 480-sample frames (10 ms at 48 kHz); an AudioWorklet hands over 128-sample render
 * quanta. `FrameRechunker` collects quanta into frames, processes each whole frame, and plays the
 * processed samples back out a fixed, smallest possible delay later, so the output never runs dry.
 * Pure: no Web Audio, testable in Node.
 */
export declare const RNNOISE_FRAME = 480;
export declare const RENDER_QUANTUM = 128;
export declare const RNNOISE_SAMPLE_RATE = 48000;
/** The worklet's registered name. */
export declare const NOISE_PROCESSOR = "circle-rnnoise";
/**
 * The smallest output delay (in samples) with which every quantum's output is already processed:
 * the largest number of input samples ever waiting for their frame to fill. 448 for 480/128.
 */
export declare function delaySamples(frame?: number, quantum?: number): number;
export declare class FrameRechunker {
    private readonly process;
    readonly frameSize: number;
    readonly quantum: number;
    private readonly input;
    private filled;
    /** Processed samples waiting to be played, as a ring. */
    private readonly ring;
    private readAt;
    private available;
    /** Quanta that found too few processed samples (should stay 0). */
    underruns: number;
    frames: number;
    constructor(process: (frame: Float32Array) => void, frameSize?: number, quantum?: number);
    /** Added latency in samples. */
    get delay(): number;
    /** Take one quantum of input (any length up to `quantum`), write the same length of output. */
    step(input: Float32Array | undefined, output: Float32Array): void;
    private enqueue;
}
/** RNNoise expects 16-bit sample values in floats; Web Audio gives -1..1. */
export declare const PCM_SCALE = 32768;
//# sourceMappingURL=frames.d.ts.map