import { beforeAll, describe, expect, it } from 'vitest';
import type { HealthAlertView } from '@circle/shared';
import { setLanguage, startI18n } from '../../i18n';
import { alertText, alertTitle, chartRows } from './healthText';

beforeAll(() => startI18n());

const UTC = { locale: 'en-GB', timeZone: 'UTC' };
const at = (hh: number, mm: number, ss = 0) => Date.UTC(2026, 2, 3, hh, mm, ss);

const rtt: HealthAlertView = {
  id: 'high-rtt:ana:1',
  kind: 'high-rtt',
  participantId: 'ana',
  raisedAt: at(14, 5, 12),
  lastRaisedAt: at(14, 5, 12),
  count: 1,
  clearedAt: null,
  value: 650,
  threshold: 400,
};

describe('alert lines', () => {
  it.each<[string, Partial<HealthAlertView>, string]>([
    ['a first alert, still open', {}, 'High latency · Alex · round trip 650 ms (limit 400 ms) · 14:05 · open'],
    [
      'one that came back twice, with its first and last time',
      { count: 3, lastRaisedAt: at(14, 12, 40), clearedAt: at(14, 13, 2) },
      'High latency ×3 · Alex · round trip 650 ms (limit 400 ms) · 14:05, last 14:12 · cleared 14:13',
    ],
    [
      'a disconnection',
      { kind: 'disconnected', value: 41, threshold: 30 },
      'Disconnected · Alex · for more than 30 s · 14:05 · open',
    ],
    [
      'the media server, which is nobody',
      { kind: 'worker-cpu', participantId: null, value: 92.5, threshold: 85 },
      'Media server busy · CPU 92.5% (limit 85%) · 14:05 · open',
    ],
  ])('%s', (_what, patch, text) => {
    expect(alertText({ ...rtt, ...patch }, 'Alex', UTC)).toBe(text);
  });

  it('no time in an alert shows seconds', () => {
    expect(alertText({ ...rtt, count: 2, lastRaisedAt: at(15, 1, 59) }, 'Alex', UTC)).not.toMatch(/\d:\d\d:\d\d/);
  });

  it('counts only from the second time', () => {
    expect(alertTitle({ kind: 'packet-loss', count: 1 })).toBe('Packet loss');
    expect(alertTitle({ kind: 'packet-loss', count: 2 })).toBe('Packet loss ×2');
  });
});

describe('the charts as a table', () => {
  it('one row per minute, its last sample, oldest first', () => {
    const times = [at(14, 5, 0), at(14, 5, 30), at(14, 6, 0), at(14, 6, 58)];
    const rows = chartRows(
      times,
      [
        [10, 20.04, null, 40],
        [1, 2, 3, 4],
      ],
      UTC,
    );
    expect(rows).toEqual([
      { time: '14:05', values: [20, 2] },
      { time: '14:06', values: [40, 4] },
    ]);
  });
});

describe('alert lines in Spanish', () => {
  it('are worded from the Spanish catalogue, with the same figures and times', async () => {
    await setLanguage('es');
    try {
      expect(alertText({ ...rtt, count: 3, lastRaisedAt: at(14, 12, 40) }, 'Alex', UTC)).toBe(
        'Latencia alta ×3 · Alex · ida y vuelta 650 ms (límite 400 ms) · 14:05, última 14:12 · abierta',
      );
    } finally {
      await setLanguage('en');
    }
  });
});
