/** Colours text is written in on coloured grounds; apps/web/test/palette.test.ts checks their contrast. */

/** The text colour on an AQI category's colour that keeps contrast >= 4.5:1: black up to "Bad" (red), white on the dark two. */
export const aqiInk = (level: number): string => (level >= 5 ? '#ffffff' : '#000000');

/** Punctuality, as the city counts it: on time from 1 min early to 5 min late (the Buses page and the map). */
export const PUNCTUALITY = { onTime: '#2e7d32', late: '#c62828', early: '#ef6c00', unknown: '#757575' } as const;

/** The colour of a deviation from the timetable in seconds (negative: early); grey when unknown. */
export function punctualityColour(seconds: number | null | undefined, early = 60, late = 300): string {
  if (seconds === null || seconds === undefined) return PUNCTUALITY.unknown;
  return seconds < -early ? PUNCTUALITY.early : seconds > late ? PUNCTUALITY.late : PUNCTUALITY.onTime;
}
