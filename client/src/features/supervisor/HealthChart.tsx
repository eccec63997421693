import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { HEALTH_HISTORY_MS } from '@circle/shared/constants';
import { clockTime } from '../../ui/clockTime';
import { chartRows } from './healthText';
import { intlLocale, useT } from '../../i18n';

export interface ChartSeries {
  label: string;
  values: (number | null)[];
}

const COLORS = ['#2f5d50', '#0b57d0', '#a40e26', '#8a4b00', '#6f42c1', '#1b7f79', '#b35900', '#57606a'];
const HEIGHT = 200;
const AXIS_FONT = '13px system-ui, sans-serif';
/** Ticks on the time axis fall on whole minutes: every 1, 2, 5 or 10 minutes, as the width allows. */
const MINUTE_TICKS = [60, 120, 300, 600, 900, 1800, 3600];

/**
 * A time-series chart (uPlot) of the last ten minutes, with clock times ("14:05") on its axis and
 * its unit on the other. `times` are server times in ms. The latest figures are written under it,
 * and the same figures are in a table (one row a minute) for anyone who cannot use the picture.
 */
export function HealthChart({
  title,
  unit,
  times,
  series,
  max,
}: {
  title: string;
  unit: string;
  times: number[];
  series: ChartSeries[];
  /** The top of the scale when the figures are lower (100 for CPU, say): small wobbles stay small. */
  max?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  const { t } = useT('supervisor');
  const locale = intlLocale();
  const chart = useRef<uPlot | null>(null);
  const labels = series.map((s) => s.label).join('\u0000');
  const data: uPlot.AlignedData = [times.map((t) => t / 1000), ...series.map((s) => s.values)];

  // A new chart when the set of series changes (someone joins or leaves); the next effect fills it.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const names = labels.split('\u0000').filter(Boolean);
    const opts: uPlot.Options = {
      width: Math.max(240, el.clientWidth),
      height: HEIGHT,
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false } },
      scales: {
        // Always the whole ten minutes, ending at the latest sample: the line grows in from the right.
        x: {
          time: true,
          range: (_u, _min, dataMax) => {
            const end = dataMax ?? Date.now() / 1000;
            return [end - HEALTH_HISTORY_MS / 1000, end];
          },
        },
        y: { range: (_u, _min, dataMax) => [0, Math.max(max ?? 1, (dataMax ?? 0) * 1.1)] },
      },
      axes: [
        {
          font: AXIS_FONT,
          size: 36,
          space: 70,
          incrs: MINUTE_TICKS,
          values: (_u, ticks) => ticks.map((s) => clockTime(s * 1000, { locale })),
        },
        {
          font: AXIS_FONT,
          size: 64,
          label: unit,
          labelFont: AXIS_FONT,
          labelSize: 20,
          values: (_u, ticks) => ticks.map((v) => `${Math.round(v * 10) / 10}`),
        },
      ],
      series: [
        { value: (_u, v) => (v == null ? '' : clockTime(v * 1000, { locale })) },
        ...names.map((label, i) => ({
          label,
          stroke: COLORS[i % COLORS.length],
          width: 2,
          spanGaps: false,
          value: (_u: uPlot, v: number | null) => (v == null ? '—' : `${Math.round(v * 10) / 10} ${unit}`),
        })),
      ],
    };
    const u = new uPlot(opts, [[], ...names.map(() => [])], el);
    chart.current = u;
    const resize = new ResizeObserver(() => u.setSize({ width: Math.max(240, el.clientWidth), height: HEIGHT }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      chart.current = null;
    };
  }, [labels, unit, max, locale]);

  useEffect(() => {
    chart.current?.setData(data);
  });

  const latest = series.map((s) => {
    const last = s.values[s.values.length - 1];
    return `${s.label} ${last === null || last === undefined ? '—' : `${Math.round(last * 10) / 10} ${unit}`}`;
  });
  const rows = chartRows(
    times,
    series.map((s) => s.values),
    { locale },
  );
  const figures = latest.length > 0 ? latest.join(' · ') : t('charts.noFigures');
  return (
    <figure className="health-chart">
      <figcaption>
        {title} <span className="hint">{t('charts.unitLast', { unit })}</span>
      </figcaption>
      <div ref={box} aria-hidden="true" className="health-chart-plot" />
      <p className="health-chart-latest">
        {times.length > 0
          ? t('charts.latest', { time: clockTime(times[times.length - 1]!, { locale }), figures })
          : t('charts.latestNoTime', { figures })}
      </p>
      <details className="health-chart-table">
        <summary>{t('charts.byMinuteSummary', { title })}</summary>
        <div className="table-scroll" tabIndex={0} role="region" aria-label={t('charts.byMinute', { title })}>
          <table>
            <caption className="visually-hidden">{t('charts.caption', { title, unit })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('charts.time')}</th>
                {series.map((s) => (
                  <th scope="col" key={s.label}>
                    {s.label} ({unit})
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.time}>
                  <th scope="row">{r.time}</th>
                  {r.values.map((v, i) => (
                    <td key={i}>{v ?? '—'}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
