/**
 * The city's working-time calendar: Hanoi offices' hours, Vietnam's public holidays and their
 * compensatory days, and the deployment's own days off and make-up working days. Time limits that run
 * in working time (citizens' reports) are computed with it.
 */
export { vietnamCalendar, type WorkCalendar } from './working-time.js';
export {
  HUNG_KINGS_DAY,
  LUNAR_NEW_YEAR,
  NATIONAL_DAY_PARTNER,
  lunarHolidaysKnown,
  nationalDayPartner,
} from './holidays.js';
