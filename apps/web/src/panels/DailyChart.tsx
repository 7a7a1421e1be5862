import { AQI_COLOURS } from '../format';

/**
 * Daily VN_AQI as bars over dated days, coloured by category, with the category bounds as grid lines.
 * The table beside it carries the same figures with their category in words.
 */

const W = 640;
const H = 200;
const PAD = { left: 36, right: 8, top: 10, bottom: 26 };
const BOUNDS = [50, 100, 150, 200, 300];

export interface DailyPoint {
  readonly day: string;
  readonly vnAqi: number | null;
  readonly level: number | null;
}

export function DailyChart({
  days,
  points,
  locale,
  label,
}: {
  days: readonly string[];
  points: ReadonlyMap<string, DailyPoint>;
  locale: string;
  label: string;
}) {
  const max = Math.max(100, ...[...points.values()].map((p) => p.vnAqi ?? 0));
  const top = BOUNDS.find((b) => b >= max) ?? Math.ceil(max / 100) * 100;
  const slot = (W - PAD.left - PAD.right) / Math.max(1, days.length);
  const x = (i: number) => PAD.left + i * slot;
  const y = (v: number) => H - PAD.bottom - (v / top) * (H - PAD.top - PAD.bottom);
  const dayLabel = (day: string) =>
    new Date(`${day}T00:00:00Z`).toLocaleDateString(locale, { timeZone: 'UTC', day: '2-digit', month: '2-digit' });
  // At most ~8 dated ticks, whatever the span.
  const every = Math.max(1, Math.ceil(days.length / 8));
  return (
    <svg className="daily-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
      {[0, ...BOUNDS.filter((b) => b <= top)].map((v) => (
        <g key={v}>
          <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} className="chart-grid" />
          <text x={PAD.left - 4} y={y(v) + 3} textAnchor="end" className="chart-tick">
            {v}
          </text>
        </g>
      ))}
      {days.map((day, i) => {
        const p = points.get(day);
        const value = p?.vnAqi ?? null;
        return (
          <g key={day} data-day={day} data-value={value ?? ''}>
            {value !== null && p?.level ? (
              <rect
                x={x(i) + slot * 0.15}
                width={Math.max(1, slot * 0.7)}
                y={y(value)}
                height={Math.max(1, y(0) - y(value))}
                fill={AQI_COLOURS[p.level - 1]}
                className="daily-bar"
              />
            ) : null}
            {i % every === 0 && (
              <text x={x(i) + slot / 2} y={H - 8} textAnchor="middle" className="chart-tick">
                {dayLabel(day)}
              </text>
            )}
          </g>
        );
      })}
      <text x={PAD.left} y={PAD.top - 2} className="chart-unit">
        VN_AQI
      </text>
    </svg>
  );
}
