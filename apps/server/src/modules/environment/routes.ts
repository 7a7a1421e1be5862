import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { paging } from '../../platform/http/paging.js';
import type { AirQualityStations } from './air-quality.js';
import { DailySummarySchema, MonthlySummarySchema, StationListSchema, StationSchema } from './schemas.js';
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
}
