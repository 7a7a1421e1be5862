import type { Translate } from '../../i18n';
import { SOON_MINUTES, type StaffReport } from './api';

/** How pressing a report is, by its clock: overdue, due within half a working day, in time, paused or closed. */
export type Urgency = 'overdue' | 'soon' | 'ok' | 'paused' | 'closed';

export function urgencyOf(r: Pick<StaffReport, 'clock' | 'status'>): Urgency {
  if (r.status === 'closed') return 'closed';
  if (r.clock.overdue) return 'overdue';
  if (r.clock.paused) return 'paused';
  return (r.clock.minutesLeft ?? Infinity) <= SOON_MINUTES ? 'soon' : 'ok';
}

export const URGENCY_COLOURS: Readonly<Record<Urgency, string>> = {
  overdue: '#c62828',
  soon: '#e08a00',
  ok: '#2e7d32',
  paused: '#6d6d6d',
  closed: '#4a6b8a',
};

/** Working minutes as officers read them: "2 h 15 min", "3 days 2 h" (a working day is 8 hours). */
export function workingTime(minutes: number, t: Translate): string {
  const m = Math.abs(Math.round(minutes));
  const days = Math.floor(m / 480);
  const hours = Math.floor((m % 480) / 60);
  const rest = m % 60;
  if (days > 0) return t('reports.time.days', { days, hours });
  if (hours > 0) return t('reports.time.hours', { hours, minutes: rest });
  return t('reports.time.minutes', { minutes: rest });
}

/** The time left in words: "2 h 15 min left", "overdue by 40 min", "paused", or nothing once closed. */
export function timeLeft(r: Pick<StaffReport, 'clock' | 'status'>, t: Translate): string {
  const u = urgencyOf(r);
  if (u === 'closed') return '';
  if (u === 'paused') return t('reports.paused');
  const left = r.clock.minutesLeft ?? 0;
  return left < 0 || u === 'overdue'
    ? t('reports.overdueBy', { time: workingTime(left, t) })
    : t('reports.left', { time: workingTime(left, t) });
}
