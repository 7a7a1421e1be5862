// Hanoi's real PM2.5 rhythm, from the U.S. Embassy's hourly record: the shape by month and hour of day,
// and how much one day differs from the next. What a simulator needs to look like Hanoi.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { credits } from './sources.mjs';
import { mean, quantile, readCsv, round } from './lib.mjs';

const DIR = 'hanoi-airquality-usembassy';
const MIN_HOURS_PER_DAY = 18;
const HOUR = 3_600_000;

const stats = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    mean: sorted.length ? round(mean(sorted), 1) : null,
    median: round(quantile(sorted, 0.5) ?? NaN, 1),
    p10: round(quantile(sorted, 0.1) ?? NaN, 1),
    p90: round(quantile(sorted, 0.9) ?? NaN, 1),
    count: sorted.length,
  };
};

function autocorrelation(pairs) {
  if (pairs.length < 3) return null;
  const mx = mean(pairs.map((p) => p[0]));
  const my = mean(pairs.map((p) => p[1]));
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const [x, y] of pairs) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
    syy += (y - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

const sd = (xs) => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
};

export function deriveAirQualityProfile(shared) {
  const files = readdirSync(join(shared, DIR))
    .filter((f) => f.endsWith('.csv'))
    .sort();
  const qc = {};
  const byStart = new Map(); // ms of the hour's start (local time written as UTC) → µg/m³
  let duplicates = 0;
  for (const f of files) {
    for (const r of readCsv(shared, `${DIR}/${f}`)) {
      qc[r['QC Name']] = (qc[r['QC Name']] ?? 0) + 1;
      const value = Number(r['Raw Conc.']);
      if (!['Valid', 'Suspect'].includes(r['QC Name']) || value === -999 || !Number.isFinite(value)) continue;
      // Values are hour-ending: the row stamped 01:00 averages 00:00–01:00.
      const start = Date.UTC(Number(r.Year), Number(r.Month) - 1, Number(r.Day), Number(r.Hour)) - HOUR;
      if (byStart.has(start)) duplicates++;
      else byStart.set(start, value);
    }
  }
  const hours = [...byStart]
    .sort((a, b) => a[0] - b[0])
    .map(([t, v]) => {
      const d = new Date(t);
      return { t, v, month: d.getUTCMonth(), hour: d.getUTCHours(), day: Math.floor(t / (24 * HOUR)) };
    });

  const cells = Array.from({ length: 12 }, () => Array.from({ length: 24 }, () => []));
  for (const h of hours) cells[h.month][h.hour].push(h.v);
  const grid = cells.map((row) => row.map(stats));
  const matrix = (key) => grid.map((row) => row.map((c) => c[key]));

  // Day-to-day: daily means (days with ≥ 18 valid hours) relative to their month's typical day.
  const byDay = new Map();
  for (const h of hours) {
    const list = byDay.get(h.day) ?? [];
    list.push(h);
    byDay.set(h.day, list);
  }
  const days = [...byDay]
    .filter(([, hs]) => hs.length >= MIN_HOURS_PER_DAY)
    .map(([day, hs]) => ({ day, month: hs[0].month, mean: mean(hs.map((h) => h.v)), hours: hs }))
    .filter((d) => d.mean > 0);
  const monthDaily = Array.from({ length: 12 }, (_, m) => mean(days.filter((d) => d.month === m).map((d) => d.mean)));
  for (const d of days) d.logRatio = Math.log(d.mean / monthDaily[d.month]);
  const dayIndex = new Map(days.map((d) => [d.day, d]));
  const lagPairs = days
    .filter((d) => dayIndex.has(d.day + 1))
    .map((d) => [d.logRatio, dayIndex.get(d.day + 1).logRatio]);
  const ratios = days.map((d) => Math.exp(d.logRatio)).sort((a, b) => a - b);

  // Hour-to-hour: what is left after the month×hour shape and the day's level.
  const shape = matrix('mean');
  const residuals = [];
  for (const d of days) {
    const level = Math.exp(d.logRatio);
    let previous = null;
    for (const h of d.hours) {
      if (h.v <= 0) continue;
      const r = Math.log(h.v / (shape[h.month][h.hour] * level));
      residuals.push({ t: h.t, r, previous });
      previous = { t: h.t, r };
    }
  }
  const hourPairs = residuals.filter((x) => x.previous && x.t - x.previous.t === HOUR).map((x) => [x.previous.r, x.r]);

  const first = new Date(hours[0].t).toISOString().slice(0, 10);
  const last = new Date(hours[hours.length - 1].t).toISOString().slice(0, 10);
  return {
    about:
      'PM2.5 (µg/m³) at the U.S. Embassy in Hanoi, hourly, summarised for a simulator: `monthHour` holds ' +
      '12×24 grids (rows January…December, columns the hour the one-hour average starts, local time ' +
      'UTC+7) of mean, median, 10th and 90th percentiles and count. `daily` describes day-to-day swings: ' +
      'ratio = a day’s mean ÷ the mean daily level of its month; its log is close to an AR(1) process with ' +
      'the given lag-1 autocorrelation and standard deviation. `hourly` is what remains hour to hour after ' +
      'shape and daily level (log residual). A simple model: pm25(month, hour, day) = monthHour.mean[m][h] × ' +
      'dailyRatio(day) × exp(hourlyResidual).',
    ...credits('usEmbassy'),
    illustrative: false,
    site: { name: 'U.S. Embassy Hanoi (7 Láng Hạ)', parameter: 'PM2.5 - Principal (raw hourly concentration)' },
    period: { first, last, note: '2019 covers only 7 Oct–31 Dec; 2020 ends with July.' },
    selection: {
      rule: 'QC Name Valid or Suspect, Raw Conc. not -999; negative values (instrument noise) are kept',
      rowsByQc: Object.fromEntries(Object.entries(qc).sort()),
      hoursUsed: hours.length,
      duplicateHoursIgnored: duplicates,
      daysUsed: days.length,
      minHoursPerDay: MIN_HOURS_PER_DAY,
    },
    units: 'µg/m³',
    monthHour: {
      mean: matrix('mean'),
      median: matrix('median'),
      p10: matrix('p10'),
      p90: matrix('p90'),
      count: matrix('count'),
    },
    monthlyMeanOfDailyMeans: monthDaily.map((x) => round(x, 1)),
    daily: {
      ratioQuantiles: Object.fromEntries(
        [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95].map((q) => [`p${Math.round(q * 100)}`, round(quantile(ratios, q), 3)]),
      ),
      logRatioSd: round(sd(days.map((d) => d.logRatio)), 3),
      logRatioSdByMonth: Array.from({ length: 12 }, (_, m) =>
        round(sd(days.filter((d) => d.month === m).map((d) => d.logRatio)), 3),
      ),
      lag1Autocorrelation: round(autocorrelation(lagPairs), 3),
      dayPairs: lagPairs.length,
    },
    hourly: {
      logResidualSd: round(sd(residuals.map((x) => x.r)), 3),
      lag1Autocorrelation: round(autocorrelation(hourPairs), 3),
      hourPairs: hourPairs.length,
    },
  };
}
