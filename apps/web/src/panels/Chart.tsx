import { useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { Series } from '../api';
import { formatNumber, HANOI } from '../format';
import { useI18n } from '../i18n';
import { chartRange, nearestIndex, timeTicks, type LimitLine } from './inspector-words';

/**
 * A line chart of one attribute's history, drawn as SVG (no chart library: one series, two axes), with
 * its limit lines labelled. Pointing at it or moving along it with the arrow keys reads a value and
 * its date out; "show as table" gives the same readings as a table for screen readers and keyboards.
 */

const W = 340;
const H = 168;
const PAD = { left: 40, right: 8, top: 12, bottom: 34 };

function niceTicks(min: number, max: number, count = 4): number[] {
  if (min === max) return [min];
  const step0 = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= step0) ?? step0;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + 1e-9; v += step) ticks.push(Math.round(v * 1e6) / 1e6);
  return ticks;
}

/** A reading's instant as people say it here: Hanoi time, with its date. */
export function formatInstant(ms: number, locale: string): string {
  return new Date(ms).toLocaleString(locale, {
    timeZone: HANOI,
    hour: '2-digit',
    minute: '2-digit',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  });
}

const hanoiDay = (ms: number, locale: string) =>
  new Date(ms).toLocaleDateString(locale, { timeZone: HANOI, day: 'numeric', month: 'short' });
const hanoiClock = (ms: number, locale: string, seconds: boolean) =>
  new Date(ms).toLocaleTimeString(locale, {
    timeZone: HANOI,
    hour: '2-digit',
    minute: '2-digit',
    ...(seconds ? { second: '2-digit' } : {}),
  });

export function Chart({
  series,
  locale,
  unit,
  label,
  limits = [],
}: {
  series: Series;
  locale: string;
  unit: string;
  label: string;
  limits?: readonly LimitLine[];
}) {
  const { t } = useI18n();
  const [active, setActive] = useState<number | null>(null);
  const [asTable, setAsTable] = useState(false);
  const pts = series.points;
  const times = pts.map((p) => Date.parse(p.at));
  const values = pts.map((p) => p.value);
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const { low: v0, high: v1, drawn, beyond } = chartRange(values, limits);
  const x = (t: number) => PAD.left + ((t - t0) / Math.max(1, t1 - t0)) * (W - PAD.left - PAD.right);
  const y = (v: number) => H - PAD.bottom - ((v - v0) / (v1 - v0)) * (H - PAD.top - PAD.bottom);
  const path = pts
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(times[i] as number).toFixed(1)},${y(p.value).toFixed(1)}`)
    .join('');
  const spanHours = (t1 - t0) / 3_600_000;
  const xTicks = timeTicks(t0, t1, spanHours > 36 ? 4 : 3);
  const withUnit = (v: number) => `${formatNumber(v, locale, 2)} ${unit}`.trim();
  const readout = (i: number) => {
    const p = pts[i];
    return p ? t('chart.readout', { value: withUnit(p.value), time: formatInstant(times[i] as number, locale) }) : '';
  };
  const above = (v: number) => drawn.concat(beyond).filter((l) => l.kind !== 'category' && v >= l.value);

  const onPointer = (e: PointerEvent<SVGSVGElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const at = ((e.clientX - box.left) / box.width) * W;
    const time = t0 + ((at - PAD.left) / (W - PAD.left - PAD.right)) * (t1 - t0);
    setActive(nearestIndex(times, time));
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const last = pts.length - 1;
    const from = active ?? last;
    const to =
      e.key === 'ArrowLeft' || e.key === 'ArrowDown'
        ? from - 1
        : e.key === 'ArrowRight' || e.key === 'ArrowUp'
          ? from + 1
          : e.key === 'PageDown'
            ? from - 10
            : e.key === 'PageUp'
              ? from + 10
              : e.key === 'Home'
                ? 0
                : e.key === 'End'
                  ? last
                  : null;
    if (to === null) return;
    e.preventDefault();
    setActive(Math.max(0, Math.min(last, to)));
  };
  const dot = active !== null ? pts[active] : undefined;

  return (
    <div className="chart-box">
      <button
        type="button"
        className="chip chart-table-toggle"
        aria-pressed={asTable}
        onClick={() => setAsTable((v) => !v)}
      >
        {asTable ? t('chart.showChart') : t('chart.showTable')}
      </button>
      {asTable ? (
        <div className="chart-table-scroll" tabIndex={0} role="region" aria-label={t('chart.tableOf', { label })}>
          <table className="chart-table">
            <caption>
              {label} ({unit || '—'}) · {t('chart.hanoiTime')}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('chart.time')}</th>
                <th scope="col">{t('chart.value')}</th>
                {limits.length > 0 && <th scope="col">{t('chart.against')}</th>}
              </tr>
            </thead>
            <tbody>
              {pts.map((p, i) => (
                <tr key={p.at}>
                  <th scope="row">{formatInstant(times[i] as number, locale)}</th>
                  <td>{withUnit(p.value)}</td>
                  {limits.length > 0 && (
                    <td>
                      {above(p.value)
                        .map((l) => t('chart.atOrAbove', { limit: l.label }))
                        .join('; ') || t('chart.belowAll')}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <div
          className="chart-focus"
          tabIndex={0}
          role="group"
          aria-label={t('chart.keys', { label })}
          onKeyDown={onKey}
          onFocus={() => setActive((a) => a ?? pts.length - 1)}
        >
          <svg
            className="chart"
            viewBox={`0 0 ${W} ${H}`}
            role="img"
            aria-label={label}
            data-points={pts.length}
            onPointerMove={onPointer}
            onPointerDown={onPointer}
          >
            {niceTicks(v0, v1).map((v) => (
              <g key={v}>
                <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} className="chart-grid" />
                <text x={PAD.left - 4} y={y(v) + 3} textAnchor="end" className="chart-tick">
                  {formatNumber(v, locale, 1)}
                </text>
              </g>
            ))}
            {xTicks.map((tick, i) => {
              const first = i === 0;
              const end = i === xTicks.length - 1;
              const newDay = first || hanoiDay(tick, locale) !== hanoiDay(xTicks[i - 1] as number, locale);
              const anchor = first ? 'start' : end ? 'end' : 'middle';
              return (
                <text key={i} x={x(tick)} y={H - PAD.bottom + 12} textAnchor={anchor} className="chart-tick chart-time">
                  <tspan x={x(tick)}>{hanoiClock(tick, locale, spanHours < 0.2)}</tspan>
                  {(newDay || spanHours > 36) && (
                    <tspan x={x(tick)} dy={11}>
                      {hanoiDay(tick, locale)}
                    </tspan>
                  )}
                </text>
              );
            })}
            <text x={PAD.left} y={PAD.top - 3} className="chart-unit">
              {unit}
            </text>
            {drawn.map((l) => (
              <g key={`${l.kind}-${l.value}`} className={`chart-limit chart-limit-${l.kind}`} data-limit={l.value}>
                <line x1={PAD.left} x2={W - PAD.right} y1={y(l.value)} y2={y(l.value)} />
                <text x={W - PAD.right - 2} y={y(l.value) - 3} textAnchor="end">
                  {l.label}
                </text>
              </g>
            ))}
            <path d={path} className="chart-line" />
            {pts.length <= 60 &&
              pts.map((p, i) => (
                <circle key={i} cx={x(times[i] as number)} cy={y(p.value)} r={2} className="chart-dot" />
              ))}
            {dot && active !== null && (
              <g className="chart-cursor">
                <line
                  x1={x(times[active] as number)}
                  x2={x(times[active] as number)}
                  y1={PAD.top}
                  y2={H - PAD.bottom}
                />
                <circle cx={x(times[active] as number)} cy={y(dot.value)} r={4} />
              </g>
            )}
          </svg>
        </div>
      )}
      <p className="chart-readout small" aria-live="polite">
        {active !== null ? readout(active) : t('chart.hint')}
      </p>
      {drawn.length + beyond.length > 0 && (
        <ul className="chart-limits small">
          {drawn.map((l) => (
            <li key={`${l.kind}-${l.value}`}>
              <span className={`chart-key chart-limit-${l.kind}`} aria-hidden="true" /> {l.label}
            </li>
          ))}
          {beyond.map((l) => (
            <li key={`${l.kind}-${l.value}`}>{t('chart.beyond', { limit: l.label })}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
