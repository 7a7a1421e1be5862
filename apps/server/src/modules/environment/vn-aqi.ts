/**
 * VN_AQI as Decision 1459/QĐ-TCMT (12/11/2019) defines it: sub-indices by linear interpolation in
 * Table 2 (Formula 1; Formula 2 for the NowCast), the hourly index AQI^h and the daily index AQI^d, the
 * categories and colours of Table 1, the health effects of Table 4 and the actions of Table 5.
 * Concentrations are µg/m³ for every pollutant, CO included. Pure functions: no clock, no database.
 */

export const VN_POLLUTANTS = ['pm25', 'pm10', 'o3', 'no2', 'so2', 'co'] as const;
export type Pollutant = (typeof VN_POLLUTANTS)[number];

/** One hour's mean; null when the hour has no valid data. */
export type HourlyValue = number | null;

const INDEX_LEVELS = [0, 50, 100, 150, 200, 300, 400, 500];

/** Table 2. Contiguous bands: the top of band i is the bottom of band i + 1. O3 8 h stops at 300. */
const BREAKPOINTS = {
  o3_1h: [0, 160, 200, 300, 400, 800, 1000, 1200],
  o3_8h: [0, 100, 120, 170, 210, 400],
  co: [0, 10_000, 30_000, 45_000, 60_000, 90_000, 120_000, 150_000],
  so2: [0, 125, 350, 550, 800, 1600, 2100, 2630],
  no2: [0, 100, 200, 700, 1200, 2350, 3100, 3850],
  pm10: [0, 50, 150, 250, 350, 420, 500, 600],
  pm25: [0, 25, 50, 80, 150, 250, 350, 500],
} as const;
export type BreakpointColumn = keyof typeof BREAKPOINTS;

/** Round half up, safe from binary fractions such as 109.49999999999999 for 109.5. */
export const roundHalfUp = (x: number): number => Math.floor(x + 0.5 + 1e-9);

/**
 * Formula 1 (and 2): the sub-index of a concentration in a column of Table 2, unrounded. Above the
 * column's last breakpoint the index is 500, the top of the scale (for O3 8 h: undefined, since the
 * decision then takes O3 from its 1 h value only). Negative concentrations are invalid: undefined.
 */
export function subIndex(column: BreakpointColumn, concentration: number): number | undefined {
  if (!Number.isFinite(concentration) || concentration < 0) return undefined;
  const bp = BREAKPOINTS[column];
  for (let i = 0; i < bp.length - 1; i++) {
    const low = bp[i] as number;
    const high = bp[i + 1] as number;
    if (concentration < high) {
      const iLow = INDEX_LEVELS[i] as number;
      const iHigh = INDEX_LEVELS[i + 1] as number;
      return ((iHigh - iLow) / (high - low)) * (concentration - low) + iLow;
    }
  }
  return column === 'o3_8h' ? undefined : 500;
}

/**
 * The NowCast of PM2.5 or PM10 from the last 12 hourly means, newest first (c1 = the current hour).
 * Needs at least 2 of c1..c3; a missing hour weighs 0. The normalised form for every weight, as the
 * decision's w > 1/2 case and the US EPA NowCast (its w = 1/2 formula omits the normalisation, which
 * changes results by less than 0.1 %).
 */
export function nowcast(hours: readonly HourlyValue[]): number | undefined {
  const last12 = hours.slice(0, 12);
  if (last12.slice(0, 3).filter(valid).length < 2) return undefined;
  const present = last12.filter(valid);
  const max = Math.max(...present);
  if (max === 0) return 0;
  const w = Math.max(Math.min(...present) / max, 0.5);
  let weighted = 0;
  let weights = 0;
  last12.forEach((c, i) => {
    if (!valid(c)) return;
    weighted += w ** i * c;
    weights += w ** i;
  });
  return weighted / weights;
}

function valid(c: HourlyValue | undefined): c is number {
  return typeof c === 'number' && Number.isFinite(c) && c >= 0;
}

export interface VnAqiResult {
  /** The station's index: the largest sub-index (rounded); undefined without PM2.5 or PM10. */
  readonly aqi: number | undefined;
  /** Each pollutant's rounded sub-index (AQIx), for the pollutants with data. */
  readonly subIndices: Partial<Record<Pollutant, number>>;
  /** The pollutant with the largest sub-index (PM2.5 before PM10 before the gases on a tie). */
  readonly dominant: Pollutant | undefined;
  /** The concentrations the sub-indices came from (NowCast, means or maxima, µg/m³). */
  readonly concentrations: Partial<Record<Pollutant, number>>;
}

function result(sub: Partial<Record<Pollutant, number>>, concentrations: Partial<Record<Pollutant, number>>) {
  const subIndices: Partial<Record<Pollutant, number>> = {};
  let dominant: Pollutant | undefined;
  for (const p of VN_POLLUTANTS) {
    const x = sub[p];
    if (x === undefined) continue;
    subIndices[p] = roundHalfUp(x);
    if (dominant === undefined || subIndices[p] > (subIndices[dominant] as number)) dominant = p;
  }
  // The decision requires PM10 or PM2.5: without either there is no index, only sub-indices.
  const hasPm = subIndices.pm25 !== undefined || subIndices.pm10 !== undefined;
  return {
    aqi: hasPm && dominant ? subIndices[dominant] : undefined,
    subIndices,
    dominant: hasPm ? dominant : undefined,
    concentrations,
  };
}

/**
 * AQI^h: hourly series per pollutant, newest first (index 0 = the hour being rated). PM2.5 and PM10
 * use the NowCast of 12 hours; O3 (1 h column), NO2, SO2 and CO the hour's own mean.
 */
export function hourlyVnAqi(series: Partial<Record<Pollutant, readonly HourlyValue[]>>): VnAqiResult {
  const sub: Partial<Record<Pollutant, number>> = {};
  const used: Partial<Record<Pollutant, number>> = {};
  for (const p of VN_POLLUTANTS) {
    const hours = series[p];
    if (!hours) continue;
    const c = p === 'pm25' || p === 'pm10' ? nowcast(hours) : valid(hours[0]) ? hours[0] : undefined;
    if (c === undefined) continue;
    const x = subIndex(p === 'o3' ? 'o3_1h' : p, c);
    if (x === undefined) continue;
    sub[p] = x;
    used[p] = c;
  }
  return result(sub, used);
}

/** Fewest valid hours for a 24 h mean, and for one 8 h O3 mean (75 %, Thang Long's rule: the decision sets none). */
export const MIN_HOURS_OF_DAY = 18;
export const MIN_HOURS_OF_8H = 6;

/**
 * AQI^d from the 24 hourly means of one day (01:00 → 00:00, in order): the 24 h mean for PM2.5 and PM10;
 * for O3 the larger of its 1 h and 8 h sub-indices (the 1 h alone when an 8 h mean passes 400); the
 * highest hourly mean for NO2, SO2 and CO. Missing hours are left out, never counted as zero.
 */
export function dailyVnAqi(day: Partial<Record<Pollutant, readonly HourlyValue[]>>): VnAqiResult {
  const sub: Partial<Record<Pollutant, number>> = {};
  const used: Partial<Record<Pollutant, number>> = {};
  for (const p of VN_POLLUTANTS) {
    const hours = (day[p] ?? []).slice(0, 24);
    const present = hours.filter(valid);
    if (present.length === 0) continue;
    if (p === 'pm25' || p === 'pm10') {
      if (present.length < MIN_HOURS_OF_DAY) continue;
      const mean = present.reduce((a, b) => a + b, 0) / present.length;
      const x = subIndex(p, mean);
      if (x !== undefined) [sub[p], used[p]] = [x, mean];
    } else if (p === 'o3') {
      const max1h = Math.max(...present);
      const max8h = highest8hMean(hours);
      const x1 = subIndex('o3_1h', max1h);
      const x8 = max8h !== undefined && max8h <= 400 ? subIndex('o3_8h', max8h) : undefined;
      const x = Math.max(x1 ?? -1, x8 ?? -1);
      if (x >= 0) [sub[p], used[p]] = [x, x === x8 ? max8h : max1h];
    } else {
      const max = Math.max(...present);
      const x = subIndex(p, max);
      if (x !== undefined) [sub[p], used[p]] = [x, max];
    }
  }
  return result(sub, used);
}

/** The highest mean of 8 consecutive hours within the series, each window with enough valid hours. */
export function highest8hMean(hours: readonly HourlyValue[]): number | undefined {
  let best: number | undefined;
  for (let start = 0; start + 8 <= hours.length; start++) {
    const window = hours.slice(start, start + 8).filter(valid);
    if (window.length < MIN_HOURS_OF_8H) continue;
    const mean = window.reduce((a, b) => a + b, 0) / window.length;
    if (best === undefined || mean > best) best = mean;
  }
  return best;
}

// ---- Table 1, Table 4, Table 5 ----

export interface VnAqiCategory {
  /** 1 (Tốt) … 6 (Nguy hại). */
  readonly level: number;
  readonly from: number;
  readonly to: number;
  readonly name: { readonly vi: string; readonly en: string };
  readonly colour: {
    readonly vi: string;
    readonly en: string;
    readonly rgb: readonly [number, number, number];
    readonly hex: string;
  };
  /** Table 4. */
  readonly healthEffect: { readonly vi: string; readonly en: string };
  /** Table 5: for everyone, and for sensitive groups. */
  readonly advice: {
    readonly general: { readonly vi: string; readonly en: string };
    readonly sensitive: { readonly vi: string; readonly en: string };
  };
}

const OUTDOORS_FREELY = { vi: 'Tự do thực hiện các hoạt động ngoài trời.', en: 'Enjoy outdoor activities freely.' };
const STAY_INSIDE_ALL = {
  vi: 'Mọi người nên ở trong nhà, đóng cửa ra vào và cửa sổ. Nếu cần thiết phải ra ngoài, hãy đeo khẩu trang đạt tiêu chuẩn.',
  en: 'Everyone should stay indoors with doors and windows closed. If you must go out, wear a standard-compliant mask.',
};

export const VN_AQI_CATEGORIES: readonly VnAqiCategory[] = [
  {
    level: 1,
    from: 0,
    to: 50,
    name: { vi: 'Tốt', en: 'Good' },
    colour: { vi: 'Xanh', en: 'green', rgb: [0, 228, 0], hex: '#00E400' },
    healthEffect: {
      vi: 'Chất lượng không khí tốt, không ảnh hưởng tới sức khỏe.',
      en: 'Air quality is good and does not affect health.',
    },
    advice: { general: OUTDOORS_FREELY, sensitive: OUTDOORS_FREELY },
  },
  {
    level: 2,
    from: 51,
    to: 100,
    name: { vi: 'Trung bình', en: 'Moderate' },
    colour: { vi: 'Vàng', en: 'yellow', rgb: [255, 255, 0], hex: '#FFFF00' },
    healthEffect: {
      vi: 'Chất lượng không khí ở mức chấp nhận được. Tuy nhiên, những người nhạy cảm (người già, trẻ em, người mắc các bệnh hô hấp, tim mạch…) có thể chịu những tác động nhất định tới sức khỏe.',
      en: 'Air quality is acceptable, but sensitive people (the elderly, children, people with respiratory or cardiovascular disease…) may feel some effects.',
    },
    advice: {
      general: OUTDOORS_FREELY,
      sensitive: {
        vi: 'Nên theo dõi các triệu chứng như ho hoặc khó thở, nhưng vẫn có thể hoạt động bên ngoài.',
        en: 'Watch for symptoms such as coughing or shortness of breath; you may still go outside.',
      },
    },
  },
  {
    level: 3,
    from: 101,
    to: 150,
    name: { vi: 'Kém', en: 'Poor' },
    colour: { vi: 'Da cam', en: 'orange', rgb: [255, 126, 0], hex: '#FF7E00' },
    healthEffect: {
      vi: 'Những người nhạy cảm gặp phải các vấn đề về sức khỏe, những người bình thường ít bị ảnh hưởng.',
      en: 'Sensitive people have health problems; others are little affected.',
    },
    advice: {
      general: {
        vi: 'Những người có triệu chứng đau mắt, ho hoặc đau họng nên cân nhắc giảm các hoạt động ngoài trời. Học sinh có thể hoạt động bên ngoài nhưng nên giảm bớt việc tập thể dục kéo dài.',
        en: 'If your eyes hurt, or you cough or have a sore throat, consider cutting outdoor activity. Students may be outside but should cut prolonged exercise.',
      },
      sensitive: {
        vi: 'Nên giảm các hoạt động mạnh và giảm thời gian hoạt động ngoài trời. Những người mắc bệnh hen suyễn có thể cần sử dụng thuốc thường xuyên hơn.',
        en: 'Reduce strenuous activity and time outdoors. People with asthma may need their medication more often.',
      },
    },
  },
  {
    level: 4,
    from: 151,
    to: 200,
    name: { vi: 'Xấu', en: 'Bad' },
    colour: { vi: 'Đỏ', en: 'red', rgb: [255, 0, 0], hex: '#FF0000' },
    healthEffect: {
      vi: 'Những người bình thường bắt đầu có các ảnh hưởng tới sức khỏe, nhóm người nhạy cảm có thể gặp những vấn đề sức khỏe nghiêm trọng hơn.',
      en: 'Everyone begins to feel effects; sensitive groups may have more serious problems.',
    },
    advice: {
      general: {
        vi: 'Mọi người nên giảm các hoạt động mạnh khi ở ngoài trời, tránh tập thể dục kéo dài và nghỉ ngơi nhiều hơn trong nhà.',
        en: 'Reduce strenuous outdoor activity, avoid prolonged exercise and rest indoors more.',
      },
      sensitive: {
        vi: 'Nên ở trong nhà và giảm hoạt động mạnh. Nếu cần thiết phải ra ngoài, hãy đeo khẩu trang đạt tiêu chuẩn.',
        en: 'Stay indoors and reduce strenuous activity. If you must go out, wear a standard-compliant mask.',
      },
    },
  },
  {
    level: 5,
    from: 201,
    to: 300,
    name: { vi: 'Rất xấu', en: 'Very bad' },
    colour: { vi: 'Tím', en: 'purple', rgb: [143, 63, 151], hex: '#8F3F97' },
    healthEffect: {
      vi: 'Cảnh báo ảnh hưởng tới sức khỏe: mọi người bị ảnh hưởng tới sức khỏe nghiêm trọng hơn.',
      en: 'Health warning: everyone is affected more seriously.',
    },
    advice: {
      general: {
        vi: 'Mọi người hạn chế tối đa các hoạt động ngoài trời và chuyển tất cả các hoạt động vào trong nhà. Nếu cần thiết phải ra ngoài, hãy đeo khẩu trang đạt tiêu chuẩn.',
        en: 'Keep outdoor activity to a minimum and move all activities indoors. If you must go out, wear a standard-compliant mask.',
      },
      sensitive: {
        vi: 'Nên ở trong nhà và giảm hoạt động mạnh.',
        en: 'Stay indoors and reduce strenuous activity.',
      },
    },
  },
  {
    level: 6,
    from: 301,
    to: 500,
    name: { vi: 'Nguy hại', en: 'Hazardous' },
    colour: { vi: 'Nâu', en: 'maroon', rgb: [126, 0, 35], hex: '#7E0023' },
    healthEffect: {
      vi: 'Cảnh báo khẩn cấp về sức khỏe: toàn bộ dân số bị ảnh hưởng tới sức khỏe tới mức nghiêm trọng.',
      en: 'Health emergency: the whole population is seriously affected.',
    },
    advice: { general: STAY_INSIDE_ALL, sensitive: STAY_INSIDE_ALL },
  },
];

/** Table 1: the category of a (rounded) VN_AQI; above 500 still "Nguy hại". */
export function vnAqiCategory(aqi: number): VnAqiCategory {
  const rounded = roundHalfUp(Math.max(0, aqi));
  return VN_AQI_CATEGORIES.find((c) => rounded <= c.to) ?? (VN_AQI_CATEGORIES.at(-1) as VnAqiCategory);
}
