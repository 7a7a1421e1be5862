/**
 * The US EPA AQI for particles, with the PM2.5 breakpoints in force since 6 May 2024, as a second scale:
 * many residents read air quality in apps that show it, and the same air gives a higher number there
 * than on VN_AQI, so every value carries its scale's name. Concentrations in µg/m³.
 */

export type UsAqiPollutant = 'pm25' | 'pm10';

/** [concentration low, high, index low, high]: EPA's bands have gaps (0.1 for PM2.5, 1 for PM10). */
type Band = readonly [number, number, number, number];

const PM25_2024: readonly Band[] = [
  [0.0, 9.0, 0, 50],
  [9.1, 35.4, 51, 100],
  [35.5, 55.4, 101, 150],
  [55.5, 125.4, 151, 200],
  [125.5, 225.4, 201, 300],
  [225.5, 325.4, 301, 500],
];
const PM10: readonly Band[] = [
  [0, 54, 0, 50],
  [55, 154, 51, 100],
  [155, 254, 101, 150],
  [255, 354, 151, 200],
  [355, 424, 201, 300],
  [425, 604, 301, 500],
];

export const US_AQI_SCALE = 'US EPA AQI (2024)';

export interface UsAqiCategory {
  readonly from: number;
  readonly to: number;
  readonly name: { readonly vi: string; readonly en: string };
  readonly hex: string;
}

export const US_AQI_CATEGORIES: readonly UsAqiCategory[] = [
  { from: 0, to: 50, name: { vi: 'Tốt', en: 'Good' }, hex: '#00E400' },
  { from: 51, to: 100, name: { vi: 'Trung bình', en: 'Moderate' }, hex: '#FFFF00' },
  {
    from: 101,
    to: 150,
    name: { vi: 'Không tốt cho nhóm nhạy cảm', en: 'Unhealthy for Sensitive Groups' },
    hex: '#FF7E00',
  },
  { from: 151, to: 200, name: { vi: 'Có hại cho sức khỏe', en: 'Unhealthy' }, hex: '#FF0000' },
  { from: 201, to: 300, name: { vi: 'Rất có hại cho sức khỏe', en: 'Very Unhealthy' }, hex: '#8F3F97' },
  { from: 301, to: 500, name: { vi: 'Nguy hại', en: 'Hazardous' }, hex: '#7E0023' },
];

/**
 * The index of a concentration (a 24 h mean, or a NowCast for the current hour). EPA truncates PM2.5
 * to 0.1 µg/m³ and PM10 to 1 µg/m³ first; above the top band the index stays 500.
 */
export function usAqi(pollutant: UsAqiPollutant, concentration: number): number | undefined {
  if (!Number.isFinite(concentration) || concentration < 0) return undefined;
  const bands = pollutant === 'pm25' ? PM25_2024 : PM10;
  const c = pollutant === 'pm25' ? Math.floor(concentration * 10 + 1e-9) / 10 : Math.floor(concentration + 1e-9);
  for (const [cLow, cHigh, iLow, iHigh] of bands) {
    if (c <= cHigh) {
      return Math.floor(((iHigh - iLow) / (cHigh - cLow)) * (Math.max(c, cLow) - cLow) + iLow + 0.5 + 1e-9);
    }
  }
  return 500;
}

export function usAqiCategory(aqi: number): UsAqiCategory {
  return US_AQI_CATEGORIES.find((c) => aqi <= c.to) ?? (US_AQI_CATEGORIES.at(-1) as UsAqiCategory);
}
