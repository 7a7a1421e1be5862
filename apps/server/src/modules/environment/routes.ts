import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { paging } from '../../platform/http/paging.js';
import { Nullable } from '../../platform/http/schemas.js';
import type { AirQualityStations } from './air-quality.js';
import { airLimitsAt } from './limits.js';
import { VN_AQI_CATEGORIES } from './vn-aqi.js';
import {
  DailySummarySchema,
  HourlyReplaySchema,
  MonthlySummarySchema,
  StationListSchema,
  StationSchema,
} from './schemas.js';
import type { AirQualitySummaries } from './summaries.js';

/** Air quality for the map and citizens' pages: every station with its latest VN_AQI (and US AQI). */

const read = { access: { permission: 'environment:read' as const } };
const tags = ['Environment'];
const stationPages = paging({ defaultLimit: 1000, maxLimit: 1000 });

export async function environmentRoutes(
  fastify: FastifyInstance,
  { stations, summaries }: { stations: AirQualityStations; summaries: AirQualitySummaries },
): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/environment/air-quality/stations',
    {
      config: read,
      schema: {
        tags,
        summary: 'Air-quality stations with their latest VN_AQI, category, health advice and readings',
        querystring: Type.Object(stationPages.query),
        response: { 200: StationListSchema },
      },
    },
    async (request) => stations.list(request.tenant, stationPages.pageOf(request.query)),
  );

  app.get(
    '/api/v1/environment/air-quality/stations/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'One air-quality station (its NGSI-LD entity id)',
        params: Type.Object({ id: Type.String({ minLength: 1 }) }),
        response: { 200: StationSchema },
      },
    },
    async (request) => stations.one(request.tenant, request.params.id),
  );

  app.get(
    '/api/v1/environment/air-quality/daily',
    {
      config: read,
      schema: {
        tags,
        summary: "Each station's daily VN_AQI (Hanoi days, 01:00 → 00:00) and each ward's worst, over up to 62 days",
        querystring: Type.Object({
          from: Type.String({ description: 'first day, YYYY-MM-DD' }),
          to: Type.String({ description: 'last day, YYYY-MM-DD' }),
          station: Type.Optional(Type.String({ description: 'one station (entity id)' })),
        }),
        response: { 200: DailySummarySchema },
      },
    },
    async (request) => summaries.daily(request.tenant, request.query.from, request.query.to, request.query.station),
  );

  app.get(
    '/api/v1/environment/air-quality/monthly',
    {
      config: read,
      schema: {
        tags,
        summary: 'Per station and ward: days rated, mean and worst daily VN_AQI, days in each category',
        querystring: Type.Object({
          month: Type.String({ description: 'YYYY-MM' }),
          station: Type.Optional(Type.String({ description: 'one station (entity id)' })),
        }),
        response: { 200: MonthlySummarySchema },
      },
    },
    async (request) => summaries.monthly(request.tenant, request.query.month, request.query.station),
  );

  app.get(
    '/api/v1/environment/air-quality/hourly',
    {
      config: read,
      schema: {
        tags,
        summary: "Each station's VN_AQI hour by hour over the last hours (up to 48), to replay the last day",
        querystring: Type.Object({
          until: Type.Optional(
            Type.String({
              description: 'ISO instant the replay ends at (its hour included); default: the newest rating',
            }),
          ),
          hours: Type.Integer({ minimum: 1, maximum: 48, default: 24, description: 'how many clock hours' }),
        }),
        response: { 200: HourlyReplaySchema },
      },
    },
    async (request) => summaries.hourly(request.tenant, request.query.until, request.query.hours),
  );

  // ---- Limits to draw on charts: the QCVN 05:2023 air limits in force on a day, the VN_AQI categories ----

  const Localised = Type.Object({ vi: Type.String(), en: Type.String() });
  const Averages = Type.Object({
    '1h': Type.Optional(Type.Number()),
    '8h': Type.Optional(Type.Number()),
    '24h': Type.Optional(Type.Number()),
    year: Type.Optional(Type.Number()),
  });
  app.get(
    '/api/v1/environment/limits',
    {
      config: read,
      schema: {
        tags,
        summary:
          'The air limits in force on a day (QCVN 05:2023/BTNMT, µg/m³ per averaging time) and the VN_AQI categories',
        description:
          "For a chart of readings: each pollutant's limit per averaging time (`1h`, `8h`, `24h`, `year`) in the " +
          'version in force on the Hanoi date of `at` (default now), and the six VN_AQI categories of Decision ' +
          '1459/QĐ-TCMT with their bounds and colours. The same for every tenant.',
        querystring: Type.Object({ at: Type.Optional(Type.String({ format: 'date-time' })) }),
        response: {
          200: Type.Object({
            air: Nullable(
              Type.Object({
                regulation: Type.String(),
                from: Type.String({ description: 'first day in force, YYYY-MM-DD' }),
                limits: Type.Record(Type.String(), Averages, { description: 'per pollutant, µg/m³' }),
              }),
              'null before the first version in force',
            ),
            vnAqi: Type.Array(
              Type.Object({
                level: Type.Integer(),
                from: Type.Number(),
                to: Type.Number(),
                name: Localised,
                colour: Type.String({ description: '#RRGGBB' }),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const version = airLimitsAt(request.query.at ? new Date(request.query.at) : new Date());
      return {
        air: version ? { regulation: version.regulation, from: version.from, limits: version.limits } : null,
        vnAqi: VN_AQI_CATEGORIES.map((c) => ({
          level: c.level,
          from: c.from,
          to: c.to,
          name: c.name,
          colour: c.colour.hex,
        })),
      };
    },
  );
}
