import type { Series } from '../api';
import { formatNumber, HANOI } from '../format';

/** A line chart of one attribute's history, drawn as SVG (no chart library: one series, two axes). */

const W = 340;
const H = 150;
const PAD = { left: 38, right: 8, top: 10, bottom: 22 };

function niceTicks(min: number, max: number, count = 4): number[] {
  if (min === max) return [min];
  const step0 = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= step0) ?? step0;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + 1e-9; v += step) ticks.push(Math.round(v * 1e6) / 1e6);
  return ticks;
}

export function Chart({
  series,
  locale,
  unit,
  label,
}: {
  series: Series;
  locale: string;
  unit: string;
  label: string;
}) {
  const pts = series.points;
  const times = pts.map((p) => Date.parse(p.at));
  const values = pts.map((p) => p.value);
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  let v0 = Math.min(...values);
  let v1 = Math.max(...values);
  if (v0 === v1) [v0, v1] = [v0 - 1, v1 + 1];
  const pad = (v1 - v0) * 0.08;
  v0 = v0 >= 0 && v0 - pad < 0 ? 0 : v0 - pad;
  v1 += pad;
  const x = (t: number) => PAD.left + ((t - t0) / Math.max(1, t1 - t0)) * (W - PAD.left - PAD.right);
  const y = (v: number) => H - PAD.bottom - ((v - v0) / (v1 - v0)) * (H - PAD.top - PAD.bottom);
  const path = pts
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(times[i] as number).toFixed(1)},${y(p.value).toFixed(1)}`)
    .join('');
  const spanHours = (t1 - t0) / 3_600_000;
  const timeLabel = (t: number) =>
    new Date(t).toLocaleString(locale, {
      timeZone: HANOI,
      ...(spanHours > 36 ? { day: '2-digit', month: '2-digit' } : { hour: '2-digit', minute: '2-digit' }),
    });
  const xTicks = [t0, t0 + (t1 - t0) / 2, t1];
  return (
    <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} data-points={pts.length}>
      {niceTicks(v0, v1).map((v) => (
        <g key={v}>
          <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} className="chart-grid" />
          <text x={PAD.left - 4} y={y(v) + 3} textAnchor="end" className="chart-tick">
            {formatNumber(v, locale, 1)}
          </text>
        </g>
      ))}
      {xTicks.map((t, i) => (
        <text
          key={i}
          x={x(t)}
          y={H - 6}
          textAnchor={i === 0 ? 'start' : i === 2 ? 'end' : 'middle'}
          className="chart-tick"
        >
          {timeLabel(t)}
        </text>
      ))}
      <text x={PAD.left} y={PAD.top - 2} className="chart-unit">
        {unit}
      </text>
      <path d={path} className="chart-line" />
      {pts.length <= 60 &&
        pts.map((p, i) => <circle key={i} cx={x(times[i] as number)} cy={y(p.value)} r={2} className="chart-dot" />)}
    </svg>
  );
}
