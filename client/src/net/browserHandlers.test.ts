import { describe, expect, it } from 'vitest';
import { detectDevice } from 'mediasoup-client';
import { checkBrowserOf } from './checkVerdict';

/**
 * Which mediasoup-client handler each browser gets (`new Device()` detects it; nothing is forced), and
 * which connection-check thresholds follow from it. Safari cannot be run here (no WebKit with WebRTC on
 * these machines): this is the part of Safari support that can be checked without one.
 */
const AGENTS = {
  'Safari 16.4 on a Mac':
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.4 Safari/605.1.15',
  'Safari 17 on an iPhone':
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  'Chrome on an iPhone (WebKit underneath)':
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1',
  'Firefox ESR 153 (tested here)': 'Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0',
  'Chromium (tested here)':
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36',
} as const;

describe('mediasoup-client handler per browser', () => {
  it.each<[keyof typeof AGENTS, string, string]>([
    ['Safari 16.4 on a Mac', 'Safari12', 'safari'],
    ['Safari 17 on an iPhone', 'Safari12', 'safari'],
    ['Chrome on an iPhone (WebKit underneath)', 'Safari12', 'safari'],
    ['Firefox ESR 153 (tested here)', 'Firefox120', 'firefox'],
    ['Chromium (tested here)', 'Chrome111', 'chromium'],
  ])('%s: %s handler, %s thresholds', (agent, handler, family) => {
    const name = detectDevice(AGENTS[agent]);
    expect(name).toBe(handler);
    expect(checkBrowserOf(name)).toBe(family);
  });
});
