import { dayOfDate, hanoiInstant } from '../../platform/hanoi-time.js';

/**
 * The school year a grade 1 or grade 6 admission filed on a Hà Nội date is for: the one starting in
 * September of that calendar year (2026–2027 for a filing in 2026). The city's plan enrols in June–July,
 * with supplementary rounds into August and late admissions in the autumn; the age of entry is counted
 * by that same calendar year (6 in 2026 for grade 1 of 2026–2027). So every admission of one year's
 * round, late ones included, falls in one window (1 January–31 December, Hà Nội time): a school's places
 * and a pupil's one enrolment are counted in it, and the next year's round starts afresh.
 */
export interface SchoolYear {
  /** "2026–2027". */
  readonly label: string;
  /** The window's first instant (ISO, 00:00 on 1 January in Hà Nội). */
  readonly from: string;
  /** The window's end, excluded (00:00 on the next 1 January in Hà Nội). */
  readonly to: string;
}

export function schoolYearOf(hanoiDay: string): SchoolYear {
  const year = Number(hanoiDay.slice(0, 4));
  const start = (y: number) => new Date(hanoiInstant(dayOfDate(`${y}-01-01`), 0)).toISOString();
  return { label: `${year}–${year + 1}`, from: start(year), to: start(year + 1) };
}
