import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AirQualityStations } from './air-quality.js';

/** Air quality for the map and citizens' pages: every station with its latest VN_AQI (and US AQI). */

const read = { access: { permission: 'environment:read' as const } };
const tags = ['Environment'];

export async function environmentRoutes(
  fastify: FastifyInstance,
  { stations }: { stations: AirQualityStations },
): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/environment/air-quality/stations',
    {
      config: read,
      schema: {
        tags,
        summary: 'Air-quality stations with their latest VN_AQI, category, health advice and readings',
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 1000 })),
          offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
        }),
      },
    },
    async (request) =>
      stations.list(request.tenant, { limit: request.query.limit ?? 1000, offset: request.query.offset ?? 0 }),
  );

  app.get(
    '/api/v1/environment/air-quality/stations/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'One air-quality station (its NGSI-LD entity id)',
        params: Type.Object({ id: Type.String({ minLength: 1 }) }),
      },
    },
    async (request) => stations.one(request.tenant, request.params.id),
  );
}
