/** Colours text is written in on coloured grounds; apps/web/test/palette.test.ts checks their contrast. */

/** The text colour on an AQI category's colour that keeps contrast >= 4.5:1: black up to "Bad" (red), white on the dark two. */
export const aqiInk = (level: number): string => (level >= 5 ? '#ffffff' : '#000000');
