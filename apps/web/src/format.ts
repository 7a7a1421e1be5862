import type { Translate } from './i18n';

/** How values are shown: Hanoi time, UN/CEFACT units in words people read, ages. */

export const HANOI = 'Asia/Ho_Chi_Minh';

const UNITS: Record<string, string> = {
  GQ: 'µg/m³',
  CEL: '°C',
  P1: '%',
  '2N': 'dB(A)',
  MTR: 'm',
  KMH: 'km/h',
  DD: '°',
  SEC: 's',
};
export const unitOf = (code: string | undefined): string => (code ? (UNITS[code] ?? code) : '');

export function formatNumber(value: number, locale: string, digits = 1): string {
  return value.toLocaleString(locale, { maximumFractionDigits: digits });
}

export function formatTime(iso: string | undefined | null, locale: string, withDate = false): string {
  if (!iso) return '';
  const parts = new Intl.DateTimeFormat(locale, {
    timeZone: HANOI,
    hour: '2-digit',
    minute: '2-digit',
    ...(withDate ? { day: '2-digit', month: '2-digit' } : {}),
  }).formatToParts(new Date(iso));
  // Vietnamese writes the day and month 08/12, as the city's papers do; the locale's data says 08-12.
  return parts.map((p) => (p.type === 'literal' && p.value === '-' ? '/' : p.value)).join('');
}

/** A moment as the city's papers write it, in Hanoi time whatever the language: dd/mm/yyyy HH:mm. */
export function formatDateTime(iso: string | undefined | null): string {
  if (!iso) return '';
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: HANOI,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('day')}/${part('month')}/${part('year')} ${part('hour')}:${part('minute')}`;
}

export function formatAge(iso: string | null | undefined, t: Translate, now = Date.now()): string {
  if (!iso) return '';
  const minutes = Math.floor((now - Date.parse(iso)) / 60_000);
  if (minutes < 1) return t('time.justNow');
  if (minutes < 60) return t('time.minutes', { n: minutes });
  if (minutes < 48 * 60) return t('time.hours', { n: Math.floor(minutes / 60) });
  return t('time.days', { n: Math.floor(minutes / 1440) });
}

export function formatPercent(share: number | null | undefined, locale: string): string {
  if (share === null || share === undefined) return '—';
  return share.toLocaleString(locale, { style: 'percent', maximumFractionDigits: 0 });
}

/** A delay in seconds as people say it, in the page's language: "+3 min", "+3 phút"; "on time" is the caller's to word. */
export function formatDelay(seconds: number, locale: string): string {
  return (seconds / 60).toLocaleString(locale, {
    style: 'unit',
    unit: 'minute',
    unitDisplay: 'short',
    // No sign on zero: less than 3 s either way reads "0 min", not "-0 min".
    signDisplay: 'exceptZero',
    maximumFractionDigits: 1,
  });
}

/** VN_AQI and US AQI share their category bounds (0–50, 51–100, 101–150, 151–200, 201–300, 301+). */
export function aqiLevel(aqi: number): number {
  return aqi > 300 ? 6 : aqi > 200 ? 5 : aqi > 150 ? 4 : aqi > 100 ? 3 : aqi > 50 ? 2 : 1;
}

/** Decision 1459/QĐ-TCMT Table 2 colours (RGB), the same as the US EPA's for the same levels. */
export const AQI_COLOURS = ['#00e400', '#ffff00', '#ff7e00', '#ff0000', '#8f3f97', '#7e0023'] as const;
export const aqiColour = (aqi: number): string => AQI_COLOURS[aqiLevel(aqi) - 1] as string;
