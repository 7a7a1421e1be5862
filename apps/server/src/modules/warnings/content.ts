import { wardOf } from '../city/index.js';
import { vnAqiCategory } from '../environment/index.js';
import type { CapArea, CapCategory, CapInfo, CapSeverity } from './cap.js';

/**
 * What the public reads: one info block in Vietnamese (vi-VN) and one in English per message.
 * Severity mappings are Thang Long's (CAP leaves them to the issuer): VN_AQI "Xấu" → Moderate,
 * "Rất xấu" → Severe, "Nguy hại" → Extreme; a river at its danger level → Severe.
 */

const SENDER_NAME = {
  vi: 'Trung tâm điều hành thông minh Hà Nội (Thang Long)',
  en: 'Hanoi operations centre (Thang Long)',
};
/** How far around a station or gauge a warning reaches. */
export const WARNING_RADIUS_KM = 2;

export interface Place {
  readonly name: string;
  readonly area?: string | undefined;
  /** [lon, lat] */
  readonly location?: readonly [number, number] | undefined;
}

/** The site's circle, and its ward's outline and official code when its area names a Hanoi ward. */
export function areaOf(place: Place): CapArea {
  const ward = wardOf(place.area);
  const areaName = ward?.name ?? place.area;
  return {
    areaDesc: areaName ? `${areaName} – ${place.name}` : place.name,
    ...(ward ? { polygon: ward.outline.coordinates[0], geocode: { valueName: 'VN-ward-code', value: ward.code } } : {}),
    ...(place.location
      ? { circle: { lat: place.location[1], lon: place.location[0], radiusKm: WARNING_RADIUS_KM } }
      : {}),
  };
}

export function aqiSeverity(aqi: number): CapSeverity {
  return aqi > 300 ? 'Extreme' : aqi > 200 ? 'Severe' : 'Moderate';
}

interface Timing {
  readonly effective: Date;
  readonly expires: Date;
  readonly web?: string | undefined;
}

export function airQualityInfo(place: Place, aqi: number, dominant: string | undefined, t: Timing): CapInfo[] {
  const c = vnAqiCategory(aqi);
  const severity = aqiSeverity(aqi);
  const parameters = [
    { valueName: 'VN_AQI', value: String(aqi) },
    { valueName: 'VN_AQI_category', value: c.name.vi },
    ...(dominant ? [{ valueName: 'dominantPollutant', value: dominant }] : []),
  ];
  const common = {
    categories: ['Env', 'Health'] as const,
    responseType: 'Avoid' as const,
    urgency: 'Immediate' as const,
    severity,
    certainty: 'Observed' as const,
    effective: t.effective,
    expires: t.expires,
    web: t.web,
    parameters,
    area: areaOf(place),
  };
  return [
    {
      ...common,
      language: 'vi-VN',
      event: 'Ô nhiễm không khí',
      senderName: SENDER_NAME.vi,
      headline: `Chất lượng không khí ${c.name.vi} tại ${place.name} (VN_AQI ${aqi})`,
      description: c.healthEffect.vi,
      instruction: `Mọi người: ${c.advice.general.vi} Nhóm nhạy cảm: ${c.advice.sensitive.vi}`,
    },
    {
      ...common,
      language: 'en',
      event: 'Air pollution',
      senderName: SENDER_NAME.en,
      headline: `${c.name.en} air quality at ${place.name} (VN_AQI ${aqi})`,
      description: c.healthEffect.en,
      instruction: `Everyone: ${c.advice.general.en} Sensitive groups: ${c.advice.sensitive.en}`,
    },
  ];
}

export function floodInfo(
  place: Place & { readonly river?: string | undefined },
  level: number,
  danger: number,
  t: Timing,
): CapInfo[] {
  const river = place.river ?? place.name;
  const common = {
    categories: ['Met', 'Safety'] as const,
    responseType: 'Prepare' as const,
    urgency: 'Immediate' as const,
    severity: 'Severe' as const,
    certainty: 'Observed' as const,
    effective: t.effective,
    expires: t.expires,
    web: t.web,
    parameters: [
      { valueName: 'waterLevel_m', value: String(level) },
      { valueName: 'dangerLevel_m', value: String(danger) },
    ],
    area: areaOf(place),
  };
  return [
    {
      ...common,
      language: 'vi-VN',
      event: 'Ngập lụt',
      senderName: SENDER_NAME.vi,
      headline: `Mực nước ${river} tại ${place.name} đạt ${level} m, vượt mức nguy hiểm ${danger} m`,
      description: `Mực nước tại trạm ${place.name} là ${level} m, trên mức nguy hiểm ${danger} m. Có nguy cơ ngập úng ở khu vực lân cận.`,
      instruction:
        'Tránh xa bờ sông và các tuyến đường ngập; di chuyển tài sản lên cao; theo dõi thông báo của chính quyền địa phương.',
    },
    {
      ...common,
      language: 'en',
      event: 'Flooding',
      senderName: SENDER_NAME.en,
      headline: `${river} at ${place.name} reaches ${level} m, above its ${danger} m danger level`,
      description: `The water level at ${place.name} is ${level} m, above the danger level of ${danger} m. Nearby streets may flood.`,
      instruction:
        'Keep away from the river banks and flooded roads, move belongings up, and follow local authority notices.',
    },
  ];
}

/** The info of a Cancel: the warning is lifted. */
export function liftedInfo(previous: readonly CapInfo[], t: Timing): CapInfo[] {
  return previous.map((i) => ({
    ...i,
    responseType: 'AllClear' as const,
    urgency: 'Past' as const,
    severity: 'Minor' as const,
    effective: t.effective,
    expires: t.expires,
    headline: i.language === 'vi-VN' ? `Hết cảnh báo: ${i.headline}` : `Warning lifted: ${i.headline}`,
    description:
      i.language === 'vi-VN'
        ? 'Tình trạng đã trở lại dưới ngưỡng cảnh báo.'
        : 'Conditions are back below the warning threshold.',
    instruction: undefined,
  }));
}

/** What an operator writes: each text in Vietnamese and English. */
export interface WrittenWarning {
  readonly category: CapCategory;
  readonly event: { readonly vi: string; readonly en: string };
  readonly headline: { readonly vi: string; readonly en: string };
  readonly description: { readonly vi: string; readonly en: string };
  readonly instruction?: { readonly vi: string; readonly en: string } | undefined;
  readonly severity: Exclude<CapSeverity, 'Unknown'>;
  readonly urgency: 'Immediate' | 'Expected' | 'Future';
  readonly certainty: 'Observed' | 'Likely' | 'Possible';
  readonly area: CapArea;
  readonly expires: Date;
}

export function writtenInfo(w: WrittenWarning, t: Timing): CapInfo[] {
  return (['vi', 'en'] as const).map((lang) => ({
    language: lang === 'vi' ? ('vi-VN' as const) : ('en' as const),
    categories: [w.category],
    event: w.event[lang],
    urgency: w.urgency,
    severity: w.severity,
    certainty: w.certainty,
    effective: t.effective,
    expires: t.expires,
    web: t.web,
    senderName: SENDER_NAME[lang],
    headline: w.headline[lang],
    description: w.description[lang],
    ...(w.instruction ? { instruction: w.instruction[lang] } : {}),
    parameters: [],
    area: w.area,
  }));
}

/** The info of the Cancel of a written warning: withdrawn by the operations centre. */
export function cancelledInfo(previous: readonly CapInfo[], t: Timing): CapInfo[] {
  return previous.map((i) => {
    const vi = i.language === 'vi-VN';
    return {
      ...i,
      responseType: 'AllClear' as const,
      urgency: 'Past' as const,
      severity: 'Minor' as const,
      effective: t.effective,
      expires: t.expires,
      headline: vi ? `Đã hủy cảnh báo: ${i.headline}` : `Warning cancelled: ${i.headline}`,
      description: vi
        ? 'Trung tâm điều hành đã hủy cảnh báo này.'
        : 'The operations centre has cancelled this warning.',
      instruction: undefined,
    };
  });
}
