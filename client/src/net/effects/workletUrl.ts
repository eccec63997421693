// The noise-suppression worklet, built by Vite as its own ES module under /assets (same origin).
// Kept in its own file so unit tests of the effects never load it.
import url from './noise.worklet.ts?worker&url';

export const NOISE_WORKLET_URL: string = url;
