import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  values: (number | null)[];
}

const COLORS = ['#2f5d50', '#0b57d0', '#a40e26', '#8a4b00', '#6f42c1', '#1b7f79', '#b35900', '#57606a'];
const HEIGHT = 120;

/**
 * A small time-series chart (uPlot) of the last minutes. `times` are server times in ms.
 * The figure's caption and a text summary of the latest values carry the same information.
 */
export function HealthChart({
  title,
  unit,
  times,
  series,
}: {
  title: string;
  unit: string;
  times: number[];
  series: ChartSeries[];
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const labels = series.map((s) => s.label).join('\u0000');
  const data: uPlot.AlignedData = [times.map((t) => t / 1000), ...series.map((s) => s.values)];

  // A new chart when the set of series changes (someone joins or leaves); the next effect fills it.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const names = labels.split('\u0000').filter(Boolean);
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height: HEIGHT,
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max ?? 1)] } },
      axes: [
        { size: 28, font: '11px system-ui' },
        { size: 44, font: '11px system-ui' },
      ],
      series: [
        {},
        ...names.map((label, i) => ({ label, stroke: COLORS[i % COLORS.length], width: 1.5, spanGaps: false })),
      ],
    };
    const u = new uPlot(opts, [[], ...names.map(() => [])], el);
    chart.current = u;
    const resize = new ResizeObserver(() => u.setSize({ width: Math.max(200, el.clientWidth), height: HEIGHT }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      chart.current = null;
    };
  }, [labels]);

  useEffect(() => {
    chart.current?.setData(data);
  });

  const summary = series
    .map((s) => {
      const last = s.values[s.values.length - 1];
      return `${s.label} ${last === null || last === undefined ? 'no figure' : `${Math.round(last)} ${unit}`}`;
    })
    .join(', ');
  return (
    <figure className="health-chart">
      <figcaption>
        {title} <span className="hint">({unit}, last 10 minutes)</span>
      </figcaption>
      <div ref={box} aria-hidden="true" />
      <p className="visually-hidden">Latest: {summary || 'no figures yet'}</p>
    </figure>
  );
}
