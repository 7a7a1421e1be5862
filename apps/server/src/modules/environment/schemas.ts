import { Type, type Static } from 'typebox';
import { List, Nullable } from '../../platform/http/schemas.js';

/** Air quality as the API sends it: stations with their ratings, and daily and monthly summaries. */

const Bilingual = Type.Object({ vi: Type.String(), en: Type.String() });
const ByPollutant = (description: string) => Type.Record(Type.String(), Type.Number(), { description });
const Level = Type.Integer({ minimum: 1, maximum: 6, description: 'VN_AQI category: 1 Tốt … 6 Nguy hại' });

const ReadingSchema = Type.Object({
  value: Type.Number(),
  unitCode: Type.String({ description: 'UN/CEFACT unit code' }),
  observedAt: Type.Optional(Type.String({ format: 'date-time' })),
});

export const StationSchema = Type.Object({
  id: Type.String({ description: 'The station’s NGSI-LD entity id' }),
  name: Type.String(),
  area: Type.Optional(Type.String({ description: 'The ward it serves' })),
  location: Type.Optional(Type.Unknown({ description: 'GeoJSON geometry of the station' })),
  source: Type.String({ description: 'Who provides its data' }),
  readings: Type.Record(Type.String(), ReadingSchema, { description: 'Latest reading of each pollutant' }),
  vnAqi: Nullable(
    Type.Object({
      scale: Type.Literal('VN_AQI'),
      value: Type.Number(),
      observedAt: Type.Optional(Type.String({ format: 'date-time' })),
      dominantPollutant: Type.Optional(Type.String()),
      subIndices: Type.Optional(ByPollutant('Each pollutant’s sub-index')),
      concentrations: Type.Optional(ByPollutant('The concentrations the sub-indices came from (µg/m³)')),
      category: Type.Object({
        level: Level,
        name: Bilingual,
        colour: Type.String({ description: 'hex colour of the category' }),
        healthEffect: Bilingual,
        advice: Type.Object({ general: Bilingual, sensitive: Bilingual }),
      }),
    }),
    'The hourly VN_AQI; null before a rating',
  ),
  usAqi: Nullable(
    Type.Object({ scale: Type.String(), value: Type.Number(), category: Bilingual, colour: Type.String() }),
    'The US EPA AQI, for comparison; null before a rating',
  ),
  dailyVnAqi: Nullable(
    Type.Object({
      value: Type.Number(),
      day: Type.Optional(Type.String({ description: 'YYYY-MM-DD, Hanoi day' })),
      dominantPollutant: Type.Optional(Type.String()),
      category: Bilingual,
    }),
    'The VN_AQI of the last whole day; null before one',
  ),
});
export type StationView = Static<typeof StationSchema>;

export const StationListSchema = Type.Object({
  count: Type.Integer({ minimum: 0, description: 'Stations of the tenant, over every page' }),
  stations: List(StationSchema),
});

export const DailySummarySchema = Type.Object({
  from: Type.String(),
  to: Type.String(),
  stations: List(
    Type.Object({
      station: Type.String(),
      name: Type.String(),
      area: Nullable(Type.String()),
      day: Type.String({ description: 'YYYY-MM-DD, Hanoi day' }),
      vnAqi: Nullable(Type.Number()),
      level: Nullable(Level),
      dominantPollutant: Nullable(Type.String()),
      subIndices: ByPollutant('Each pollutant’s daily sub-index'),
      pmHours: Type.Integer({ minimum: 0, description: 'Hours with valid PM2.5 (or PM10 without PM2.5)' }),
    }),
  ),
  wards: List(
    Type.Object({
      area: Nullable(Type.String()),
      day: Type.String(),
      vnAqi: Nullable(Type.Number()),
      level: Nullable(Level),
      worstStation: Type.String(),
      stations: Type.Integer({ minimum: 0 }),
    }),
  ),
});

const monthFields = {
  daysRated: Type.Integer({ minimum: 0 }),
  meanVnAqi: Type.Number(),
  worstVnAqi: Type.Number(),
  daysByLevel: Type.Record(Type.String(), Type.Integer({ minimum: 0 }), { description: 'days per level, "1" … "6"' }),
};

export const MonthlySummarySchema = Type.Object({
  month: Type.String({ description: 'YYYY-MM' }),
  stations: List(
    Type.Object({ station: Type.String(), name: Type.String(), area: Nullable(Type.String()), ...monthFields }),
  ),
  wards: List(Type.Object({ area: Type.String(), ...monthFields })),
});

export const HourlyReplaySchema = Type.Object({
  from: Nullable(Type.String({ format: 'date-time' }), 'Start of the first hour; null when no station was rated yet'),
  to: Nullable(Type.String({ format: 'date-time' }), 'End of the last hour'),
  hours: List(Type.String({ format: 'date-time', description: 'Start of each clock hour, oldest first' })),
  stations: List(
    Type.Object({
      station: Type.String(),
      name: Type.String(),
      area: Nullable(Type.String()),
      location: Nullable(Type.Array(Type.Number(), { minItems: 2, maxItems: 2, description: '[lon, lat]' })),
      values: List(
        Type.Object({
          hour: Type.String({ format: 'date-time' }),
          vnAqi: Type.Number({ description: 'The mean of the station’s VN_AQI in that hour, rounded' }),
          level: Level,
        }),
        { description: 'Only the hours the station was rated in' },
      ),
    }),
  ),
});
