import { useEffect, useMemo, useState } from 'react';
import { trendsApi, type AirStations, type DailyAir, type HourlyAir, type MonthlyAir, type WardShape } from '../api';
import { aqiLevel, formatTime, HANOI } from '../format';
import { useI18n, type MessageKey } from '../i18n';
import { Choropleth, wardKey, type StationMark, type WardValue } from '../panels/Choropleth';
import { DailyChart, type DailyPoint } from '../panels/DailyChart';
import { DataTable, type Column } from '../panels/DataTable';
import { useLoad } from '../load';

/**
 * Air quality over time for operators and leaders: the daily and monthly VN_AQI the server computes
 * (per station, and for the city), the wards coloured by their index, and the last 24 hours replayed
 * hour by hour. Every table exports what it shows as CSV.
 *
 * The city's figure of a day is the mean of its stations' daily VN_AQI, as the KPI strip's city index
 * is the mean of their current one; a ward's figure is its worst station, as the server's ward summaries.
 */

const DAY_MS = 86_400_000;
const HANOI_OFFSET_MS = 7 * 3_600_000;
const CITY = 'city';
const SPANS = [7, 14, 30, 62] as const;

const hanoiDay = (ms: number) => new Date(ms + HANOI_OFFSET_MS).toISOString().slice(0, 10);
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const daysFrom = (from: string, to: string) => {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
};
const monthEnd = (month: string) => {
  const next = new Date(`${month}-01T00:00:00Z`);
  next.setUTCMonth(next.getUTCMonth() + 1);
  return new Date(next.getTime() - DAY_MS).toISOString().slice(0, 10);
};

interface CityDay {
  readonly day: string;
  readonly vnAqi: number;
  readonly level: number;
  readonly stations: number;
  readonly worst: { readonly name: string; readonly vnAqi: number };
}

/** Each day's city figure: the mean of the stations rated that day, with the worst of them. */
function cityDays(daily: DailyAir | null): CityDay[] {
  const byDay = new Map<string, { name: string; vnAqi: number }[]>();
  for (const s of daily?.stations ?? []) {
    if (s.vnAqi === null) continue;
    byDay.set(s.day, [...(byDay.get(s.day) ?? []), { name: s.name, vnAqi: s.vnAqi }]);
  }
  return [...byDay]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, list]) => {
      const vnAqi = Math.round(list.reduce((sum, s) => sum + s.vnAqi, 0) / list.length);
      const worst = list.reduce((w, s) => (s.vnAqi > w.vnAqi ? s : w));
      return { day, vnAqi, level: aqiLevel(vnAqi), stations: list.length, worst };
    });
}

export function TrendsPage() {
  const { t, locale } = useI18n();
  const stations = useLoad(() => trendsApi.stations(), []);
  const wards = useLoad(() => trendsApi.wards(), []);
  // "Today" is the day of the newest rating: a simulated or replayed city has its own today.
  const today = useMemo(() => {
    const times = (stations.data?.stations ?? []).flatMap((s) =>
      s.vnAqi?.observedAt ? [Date.parse(s.vnAqi.observedAt)] : [],
    );
    return hanoiDay(times.length ? Math.max(...times) : Date.now());
  }, [stations.data]);

  if (stations.error || wards.error) {
    return (
      <main className="trends-page">
        <p className="error pad">{t('common.error', { message: stations.error ?? wards.error ?? '' })}</p>
      </main>
    );
  }
  if (!stations.data || !wards.data) {
    return (
      <main className="trends-page">
        <p className="muted pad">{t('common.loading')}</p>
      </main>
    );
  }
  return (
    <main className="trends-page">
      <h1>{t('trends.title')}</h1>
      <p className="muted">{t('trends.intro')}</p>
      <DailySection key={`daily-${today}`} today={today} stations={stations.data} />
      <MonthlySection key={`monthly-${today}`} today={today} />
      <WardSection key={`wards-${today}`} today={today} stations={stations.data} wards={wards.data} />
      <ReplaySection wards={wards.data} />
      <p className="muted small">{t('trends.locale', { zone: HANOI, locale })}</p>
    </main>
  );
}

function Category({ level }: { level: number | null }) {
  const { t } = useI18n();
  if (!level) return <>—</>;
  return <span className={`aqi-chip level-${level}`}>{t(`aqi.${level}` as MessageKey)}</span>;
}

function DailySection({ today, stations }: { today: string; stations: AirStations }) {
  const { t, locale } = useI18n();
  const [span, setSpan] = useState<number>(14);
  const [to, setTo] = useState(today);
  const [which, setWhich] = useState(CITY);
  const from = addDays(to, -(span - 1));
  const daily = useLoad(() => trendsApi.daily(from, to), [from, to]);
  const days = daysFrom(from, to);
  const city = useMemo(() => cityDays(daily.data), [daily.data]);
  const level = (l: number | null) => (l ? t(`aqi.${l}` as MessageKey) : '');
  const stationName = stations.stations.find((s) => s.id === which)?.name ?? which;
  const ofStation = (daily.data?.stations ?? []).filter((s) => s.station === which && s.vnAqi !== null);
  const points = new Map<string, DailyPoint>(
    which === CITY
      ? city.map((c) => [c.day, c])
      : ofStation.map((s) => [s.day, { day: s.day, vnAqi: s.vnAqi, level: s.level }]),
  );
  const title = which === CITY ? t('trends.city') : stationName;
  const cityColumns: Column<CityDay>[] = [
    { header: t('trends.col.day'), csv: (r) => r.day, show: (r) => <time dateTime={r.day}>{r.day}</time> },
    { header: t('trends.col.cityAqi'), csv: (r) => r.vnAqi, numeric: true },
    { header: t('trends.col.category'), csv: (r) => level(r.level), show: (r) => <Category level={r.level} /> },
    { header: t('trends.col.stationsRated'), csv: (r) => r.stations, numeric: true },
    { header: t('trends.col.worstStation'), csv: (r) => `${r.worst.name} (${r.worst.vnAqi})` },
  ];
  type StationDay = DailyAir['stations'][number];
  const stationColumns: Column<StationDay>[] = [
    { header: t('trends.col.day'), csv: (r) => r.day, show: (r) => <time dateTime={r.day}>{r.day}</time> },
    { header: t('trends.col.vnAqi'), csv: (r) => r.vnAqi, numeric: true },
    { header: t('trends.col.category'), csv: (r) => level(r.level), show: (r) => <Category level={r.level} /> },
    { header: t('trends.col.dominant'), csv: (r) => r.dominantPollutant?.toUpperCase() ?? '' },
    { header: t('trends.col.pmHours'), csv: (r) => r.pmHours, numeric: true },
  ];
  return (
    <section className="trends-panel" aria-labelledby="trends-daily">
      <h2 id="trends-daily">{t('trends.daily')}</h2>
      <div className="toolbar">
        <label>
          {t('trends.showing')}{' '}
          <select name="daily-station" value={which} onChange={(e) => setWhich(e.target.value)}>
            <option value={CITY}>{t('trends.city')}</option>
            {stations.stations.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('trends.lastDay')}{' '}
          <input
            type="date"
            name="daily-to"
            value={to}
            max={today}
            onChange={(e) => e.target.value && setTo(e.target.value)}
          />
        </label>
        <label>
          {t('trends.span')}{' '}
          <select name="daily-span" value={span} onChange={(e) => setSpan(Number(e.target.value))}>
            {SPANS.map((n) => (
              <option key={n} value={n}>
                {t('trends.days', { n })}
              </option>
            ))}
          </select>
        </label>
      </div>
      {daily.error && <p className="error">{t('common.error', { message: daily.error })}</p>}
      <p className="muted small">{which === CITY ? t('trends.cityHint') : t('trends.dailyHint')}</p>
      <DailyChart
        days={days}
        points={points}
        locale={locale}
        label={t('trends.dailyChart', { what: title, from, to })}
      />
      {which === CITY ? (
        <DataTable
          caption={t('trends.dailyTable', { what: title, from, to })}
          columns={cityColumns}
          rows={city}
          rowKey={(r) => r.day}
          filename={`vn-aqi-daily-city-${from}-${to}`}
          empty={daily.data ? t('trends.noDays') : t('common.loading')}
        />
      ) : (
        <DataTable
          caption={t('trends.dailyTable', { what: title, from, to })}
          columns={stationColumns}
          rows={ofStation}
          rowKey={(r) => r.day}
          filename={`vn-aqi-daily-${which.split(':').pop() ?? 'station'}-${from}-${to}`}
          empty={daily.data ? t('trends.noDays') : t('common.loading')}
        />
      )}
    </section>
  );
}

type MonthRow = {
  readonly key: string;
  readonly name: string;
  readonly area: string | null;
  readonly daysRated: number;
  readonly meanVnAqi: number;
  readonly worstVnAqi: number;
  readonly daysByLevel: Readonly<Record<string, number>>;
};

function MonthlySection({ today }: { today: string }) {
  const { t, locale } = useI18n();
  const [month, setMonth] = useState(today.slice(0, 7));
  const from = `${month}-01`;
  const to = monthEnd(month);
  const monthly = useLoad<{ monthly: MonthlyAir; daily: DailyAir }>(async () => {
    const [m, d] = await Promise.all([trendsApi.monthly(month), trendsApi.daily(from, to)]);
    return { monthly: m, daily: d };
  }, [month]);
  const city = useMemo(() => cityDays(monthly.data?.daily ?? null), [monthly.data]);
  const level = (v: number) => t(`aqi.${aqiLevel(v)}` as MessageKey);
  const rows: MonthRow[] = [];
  if (city.length > 0) {
    const byLevel: Record<string, number> = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0, '6': 0 };
    for (const c of city) byLevel[String(c.level)] = (byLevel[String(c.level)] ?? 0) + 1;
    rows.push({
      key: CITY,
      name: t('trends.city'),
      area: null,
      daysRated: city.length,
      meanVnAqi: Math.round(city.reduce((s, c) => s + c.vnAqi, 0) / city.length),
      worstVnAqi: Math.max(...city.map((c) => c.worst.vnAqi)),
      daysByLevel: byLevel,
    });
  }
  for (const s of monthly.data?.monthly.stations ?? []) rows.push({ key: s.station, ...s });
  const columns: Column<MonthRow>[] = [
    {
      header: t('trends.col.station'),
      csv: (r) => r.name,
      show: (r) => (r.key === CITY ? <strong>{r.name}</strong> : r.name),
    },
    { header: t('trends.col.ward'), csv: (r) => r.area ?? '' },
    { header: t('trends.col.daysRated'), csv: (r) => r.daysRated, numeric: true },
    { header: t('trends.col.mean'), csv: (r) => r.meanVnAqi, numeric: true },
    {
      header: t('trends.col.meanCategory'),
      csv: (r) => level(r.meanVnAqi),
      show: (r) => <Category level={aqiLevel(r.meanVnAqi)} />,
    },
    { header: t('trends.col.worst'), csv: (r) => r.worstVnAqi, numeric: true },
    ...[1, 2, 3, 4, 5, 6].map((l): Column<MonthRow> => ({
      header: t('trends.col.daysAt', { level: t(`aqi.${l}` as MessageKey) }),
      csv: (r) => r.daysByLevel[String(l)] ?? 0,
      numeric: true,
    })),
  ];
  return (
    <section className="trends-panel" aria-labelledby="trends-monthly">
      <h2 id="trends-monthly">{t('trends.monthly')}</h2>
      <div className="toolbar">
        <label>
          {t('trends.month')}{' '}
          <input
            type="month"
            name="month"
            value={month}
            max={today.slice(0, 7)}
            onChange={(e) => e.target.value && setMonth(e.target.value)}
          />
        </label>
      </div>
      {monthly.error && <p className="error">{t('common.error', { message: monthly.error })}</p>}
      <p className="muted small">{t('trends.monthlyHint')}</p>
      <DailyChart
        days={daysFrom(from, to)}
        points={new Map(city.map((c) => [c.day, c]))}
        locale={locale}
        label={t('trends.dailyChart', { what: t('trends.city'), from, to })}
      />
      <DataTable
        caption={t('trends.monthlyTable', { month })}
        columns={columns}
        rows={rows}
        rowKey={(r) => r.key}
        filename={`vn-aqi-monthly-${month}`}
        empty={monthly.data ? t('trends.noDays') : t('common.loading')}
      />
    </section>
  );
}

interface WardRow {
  readonly ward: WardShape;
  readonly vnAqi: number;
  readonly level: number;
  readonly stations: string;
}

/** The wards with a value, worst first, for the table next to a choropleth. */
function wardRows(wards: readonly WardShape[], values: ReadonlyMap<string, WardValue & { stations: string }>) {
  return wards
    .flatMap((w) => {
      const v = values.get(wardKey(w.name));
      return v ? [{ ward: w, ...v }] : [];
    })
    .sort((a, b) => b.vnAqi - a.vnAqi || a.ward.name.localeCompare(b.ward.name));
}

function useWardColumns(): Column<WardRow>[] {
  const { t, language } = useI18n();
  return [
    { header: t('trends.col.ward'), csv: (r) => (language === 'vi' ? r.ward.name : r.ward.nameEn) },
    { header: t('trends.col.vnAqi'), csv: (r) => r.vnAqi, numeric: true },
    {
      header: t('trends.col.category'),
      csv: (r) => t(`aqi.${r.level}` as MessageKey),
      show: (r) => <Category level={r.level} />,
    },
    { header: t('trends.col.stations'), csv: (r) => r.stations },
  ];
}

/** Worst station per ward. */
function worstByWard(list: readonly { area: string | null | undefined; name: string; vnAqi: number | null }[]) {
  const out = new Map<string, WardValue & { stations: string }>();
  for (const s of list) {
    if (!s.area || s.vnAqi === null) continue;
    const key = wardKey(s.area);
    const before = out.get(key);
    const names = before ? `${before.stations}; ${s.name}` : s.name;
    const worst = !before || s.vnAqi > before.vnAqi ? s.vnAqi : before.vnAqi;
    out.set(key, { vnAqi: worst, level: aqiLevel(worst), stations: names });
  }
  return out;
}

/** How old a rating may be and still count as now: the KPI strip's 3 hours before the newest. */
const RECENT_MS = 3 * 3_600_000;

function WardSection({
  today,
  stations,
  wards,
}: {
  today: string;
  stations: AirStations;
  wards: readonly WardShape[];
}) {
  const { t, locale } = useI18n();
  const [mode, setMode] = useState<'now' | 'day'>('now');
  const newest = Math.max(0, ...stations.stations.map((s) => Date.parse(s.vnAqi?.observedAt ?? '') || 0));
  const [day, setDay] = useState(addDays(today, -1));
  const daily = useLoad(() => (mode === 'day' ? trendsApi.daily(day, day) : Promise.resolve(null)), [mode, day]);
  const values = useMemo(() => {
    if (mode === 'now') {
      // "Now" is what was rated recently (as the KPI strip counts it): a station silent for hours is
      // no data, not its last value.
      const current = stations.stations.filter((s) => Date.parse(s.vnAqi?.observedAt ?? '') >= newest - RECENT_MS);
      return worstByWard(current.map((s) => ({ area: s.area, name: s.name, vnAqi: s.vnAqi?.value ?? null })));
    }
    return worstByWard(daily.data?.stations ?? []);
  }, [mode, stations, daily.data]);
  const rows = wardRows(wards, values);
  const columns = useWardColumns();
  const what =
    mode === 'now' ? `${t('trends.now')} (${formatTime(new Date(newest).toISOString(), locale, true)})` : day;
  return (
    <section className="trends-panel" aria-labelledby="trends-wards">
      <h2 id="trends-wards">{t('trends.wards')}</h2>
      <div className="toolbar" role="group" aria-label={t('trends.wardsOf')}>
        <label>
          <input type="radio" name="ward-mode" checked={mode === 'now'} onChange={() => setMode('now')} />{' '}
          {t('trends.now')}
        </label>
        <label>
          <input type="radio" name="ward-mode" checked={mode === 'day'} onChange={() => setMode('day')} />{' '}
          {t('trends.dailyOf')}
        </label>
        <input
          type="date"
          name="ward-day"
          aria-label={t('trends.dailyOf')}
          value={day}
          max={today}
          disabled={mode !== 'day'}
          onChange={(e) => e.target.value && setDay(e.target.value)}
        />
      </div>
      {daily.error && <p className="error">{t('common.error', { message: daily.error })}</p>}
      <p className="muted small">
        {t('trends.wardsSummary', { rated: rows.length, total: wards.length, none: wards.length - rows.length })}
      </p>
      <div className="trends-split">
        <Choropleth wards={wards} values={values} label={t('trends.wardsMap', { what })} />
        <DataTable
          caption={t('trends.wardsTable', { what })}
          columns={columns}
          rows={rows}
          rowKey={(r) => r.ward.code}
          filename={`vn-aqi-wards-${mode === 'now' ? 'now' : day}`}
          empty={t('trends.noWards')}
        />
      </div>
    </section>
  );
}

interface ReplayRow {
  readonly station: HourlyAir['stations'][number];
  readonly value: { vnAqi: number; level: number } | null;
}

function ReplaySection({ wards }: { wards: readonly WardShape[] }) {
  const { t, locale, language } = useI18n();
  const hourly = useLoad(() => trendsApi.hourly(24), []);
  const hours = hourly.data?.hours ?? [];
  const [picked, setPicked] = useState<number | null>(null);
  const [playing, setPlaying] = useState(false);
  const index = picked ?? hours.length - 1;
  const hour = hours[index];
  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => setPicked((i) => ((i ?? hours.length - 1) + 1) % Math.max(1, hours.length)), 1000);
    return () => clearInterval(timer);
  }, [playing, hours.length]);
  const rows: ReplayRow[] = (hourly.data?.stations ?? []).map((s) => {
    const v = s.values.find((x) => x.hour === hour);
    return { station: s, value: v ? { vnAqi: v.vnAqi, level: v.level } : null };
  });
  const values = worstByWard(
    rows.map((r) => ({ area: r.station.area, name: r.station.name, vnAqi: r.value?.vnAqi ?? null })),
  );
  const marks: StationMark[] = rows.flatMap((r) =>
    r.station.location
      ? [{ id: r.station.station, name: r.station.name, location: r.station.location, vnAqi: r.value?.vnAqi ?? null }]
      : [],
  );
  const when = (iso: string | undefined) =>
    iso
      ? `${formatTime(iso, locale, true)}–${formatTime(new Date(Date.parse(iso) + 3_600_000).toISOString(), locale)}`
      : '';
  const level = (l: number) => t(`aqi.${l}` as MessageKey);
  const wardName = (area: string | null) => {
    if (!area) return '';
    const w = wards.find((x) => wardKey(x.name) === wardKey(area));
    return w ? (language === 'vi' ? w.name : w.nameEn) : area;
  };
  const columns: Column<ReplayRow>[] = [
    { header: t('trends.col.hour'), csv: () => hour ?? '', show: () => <time dateTime={hour}>{when(hour)}</time> },
    { header: t('trends.col.station'), csv: (r) => r.station.name },
    { header: t('trends.col.ward'), csv: (r) => wardName(r.station.area) },
    {
      header: t('trends.col.vnAqi'),
      csv: (r) => r.value?.vnAqi ?? null,
      show: (r) => r.value?.vnAqi ?? t('trends.noData'),
      numeric: true,
    },
    {
      header: t('trends.col.category'),
      csv: (r) => (r.value ? level(r.value.level) : t('trends.noData')),
      show: (r) => (r.value ? <Category level={r.value.level} /> : t('trends.noData')),
    },
  ];
  return (
    <section className="trends-panel" aria-labelledby="trends-replay">
      <h2 id="trends-replay">{t('trends.replay')}</h2>
      {hourly.error && <p className="error">{t('common.error', { message: hourly.error })}</p>}
      {hourly.data && hours.length === 0 && <p className="muted">{t('trends.noHistory')}</p>}
      {hours.length > 0 && (
        <>
          <div className="toolbar replay-controls">
            <label className="replay-slider">
              {t('trends.replayHour')}{' '}
              <input
                type="range"
                name="replay-hour"
                min={0}
                max={hours.length - 1}
                step={1}
                value={index}
                aria-valuetext={when(hour)}
                onChange={(e) => (setPlaying(false), setPicked(Number(e.target.value)))}
              />
            </label>
            <output className="replay-time" aria-live="polite">
              <time dateTime={hour}>{when(hour)}</time>
            </output>
            <button type="button" onClick={() => setPlaying(!playing)} aria-pressed={playing}>
              {playing ? t('trends.pause') : t('trends.play')}
            </button>
          </div>
          <p className="muted small">
            {t('trends.replayHint', { first: when(hours[0]), last: when(hours[hours.length - 1]) })}
          </p>
          <div className="trends-split">
            <Choropleth
              wards={wards}
              values={values}
              stations={marks}
              label={t('trends.replayMap', { hour: when(hour) })}
            />
            <DataTable
              caption={t('trends.replayTable', { hour: when(hour) })}
              columns={columns}
              rows={rows}
              rowKey={(r) => r.station.station}
              filename={`vn-aqi-hour-${(hour ?? '').replace(/:/g, '')}`}
              empty={t('trends.noHistory')}
            />
          </div>
        </>
      )}
    </section>
  );
}
