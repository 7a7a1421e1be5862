import { useI18n } from '../i18n';

/**
 * A period of days in Hanoi, chosen on a page and kept in its address (`?from=&to=`), so a reload or a
 * shared link shows the same: the leaders' index and the payments dashboard.
 */

export const DAY_MS = 86_400_000;
/** The calendar day in Hanoi (UTC+7) of an instant. */
export const hanoiDay = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10);

/** A day of the period in the address when it is a real calendar day (else the default is used). */
const dayInAddress = (name: 'from' | 'to'): string | undefined => {
  const day = new URLSearchParams(location.search).get(name) ?? '';
  const ms = Date.parse(`${day}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(day) && !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(day)
    ? day
    : undefined;
};

/** The period the address names, when both ends are days in order; else the last 30 days to today. */
export const periodInAddress = (today: string): { from: string; to: string } => {
  const from = dayInAddress('from');
  const to = dayInAddress('to');
  return from && to && from <= to ? { from, to } : { from: hanoiDay(Date.now() - 29 * DAY_MS), to: today };
};

/** The two day fields of a period (inside the page's toolbar); an emptied field keeps the day it had. */
export function PeriodPicker(props: {
  readonly from: string;
  readonly to: string;
  readonly onFrom: (day: string) => void;
  readonly onTo: (day: string) => void;
}) {
  const { t } = useI18n();
  return (
    <>
      <label>
        {t('index.from')}{' '}
        <input
          type="date"
          name="from"
          value={props.from}
          max={props.to}
          onChange={(e) => e.target.value && props.onFrom(e.target.value)}
        />
      </label>
      <label>
        {t('index.to')}{' '}
        <input
          type="date"
          name="to"
          value={props.to}
          min={props.from}
          onChange={(e) => e.target.value && props.onTo(e.target.value)}
        />
      </label>
    </>
  );
}
