import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { Empty, NoContent } from '../platform/http/schemas.js';
import type { ProvisioningService } from './provisioning.js';
import { DeviceListSchema, DeviceSchema, ServiceGroupListSchema } from './schemas.js';

/**
 * The IoT Agent's provisioning API: service groups at /iot/services, devices at /iot/devices. The
 * tenant is the Fiware-Service header (as everywhere), the service path Fiware-ServicePath. Bodies are
 * the agent's and are checked by the service, which names the field at fault.
 */

export interface ProvisioningRoutesOptions {
  readonly provisioning: ProvisioningService;
}

const read = { access: { permission: 'iot:read' as const } };
const write = { access: { permission: 'iot:write' as const } };
const tags = ['IoT provisioning'];

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 1000;
const Paging = {
  limit: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
};
const groupKey = {
  apikey: Type.String({ minLength: 1, description: 'The API key of the group' }),
  resource: Type.Optional(Type.String({ description: 'Its resource, e.g. /iot/json' })),
};
const DeviceParams = Type.Object({ deviceId: Type.String({ minLength: 1 }) });
const Body = Type.Unknown({ description: "The IoT Agent's JSON body" });
const Created = Empty('Created, all of them');

const servicePathHeader = (request: FastifyRequest): string | undefined => {
  const header = request.headers['fiware-servicepath'];
  return Array.isArray(header) ? header.join(',') : header?.trim();
};

export async function provisioningRoutes(
  fastify: FastifyInstance,
  { provisioning }: ProvisioningRoutesOptions,
): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/iot/services',
    {
      config: write,
      schema: { tags, summary: 'Provision service groups (all or none)', body: Body, response: { 201: Created } },
    },
    async (request, reply) => {
      await provisioning.createGroups(request.tenant, servicePathHeader(request), request.body);
      return reply.code(201).send();
    },
  );

  app.get(
    '/iot/services',
    {
      config: read,
      schema: {
        tags,
        summary: 'List service groups',
        querystring: Type.Object({
          ...Paging,
          resource: Type.Optional(Type.String()),
          apikey: Type.Optional(Type.String()),
        }),
        response: { 200: ServiceGroupListSchema },
      },
    },
    async (request) => {
      const { limit = DEFAULT_LIMIT, offset = 0, resource, apikey } = request.query;
      return provisioning.listGroups(request.tenant, servicePathHeader(request), { limit, offset, resource, apikey });
    },
  );

  app.put(
    '/iot/services',
    {
      config: write,
      schema: {
        tags,
        summary: 'Change a service group (the fields given)',
        querystring: Type.Object(groupKey),
        body: Body,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await provisioning.updateGroup(request.tenant, servicePathHeader(request), request.query, request.body);
      return reply.code(204).send();
    },
  );

  app.delete(
    '/iot/services',
    {
      config: write,
      schema: {
        tags,
        summary: 'Remove a service group (device=true: its devices too; their entities stay)',
        querystring: Type.Object({ ...groupKey, device: Type.Optional(Type.Boolean()) }),
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      const { device = false, ...key } = request.query;
      await provisioning.deleteGroup(request.tenant, servicePathHeader(request), key, device);
      return reply.code(204).send();
    },
  );

  app.post(
    '/iot/devices',
    {
      config: write,
      schema: {
        tags,
        summary: 'Provision devices (all or none) and create their entities',
        body: Body,
        response: { 201: Created },
      },
    },
    async (request, reply) => {
      await provisioning.createDevices(request.tenant, servicePathHeader(request), request.body);
      return reply.code(201).send();
    },
  );

  app.get(
    '/iot/devices',
    {
      config: read,
      schema: {
        tags,
        summary: 'List devices, with their health',
        querystring: Type.Object({
          ...Paging,
          status: Type.Optional(Type.Union([Type.Literal('online'), Type.Literal('offline'), Type.Literal('never')])),
          protocol: Type.Optional(Type.String()),
        }),
        response: { 200: DeviceListSchema },
      },
    },
    async (request) => {
      const { limit = DEFAULT_LIMIT, offset = 0, status, protocol } = request.query;
      return provisioning.listDevices(request.tenant, servicePathHeader(request), { limit, offset, status, protocol });
    },
  );

  app.get(
    '/iot/devices/:deviceId',
    {
      config: read,
      schema: { tags, summary: 'A device, with its health', params: DeviceParams, response: { 200: DeviceSchema } },
    },
    async (request) => provisioning.getDevice(request.tenant, servicePathHeader(request), request.params.deviceId),
  );

  app.put(
    '/iot/devices/:deviceId',
    {
      config: write,
      schema: {
        tags,
        summary: 'Change a device (the fields given)',
        params: DeviceParams,
        body: Body,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await provisioning.updateDevice(
        request.tenant,
        servicePathHeader(request),
        request.params.deviceId,
        request.body,
      );
      return reply.code(204).send();
    },
  );

  app.delete(
    '/iot/devices/:deviceId',
    {
      config: write,
      schema: {
        tags,
        summary: 'Remove a device (its entity and history stay)',
        params: DeviceParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await provisioning.deleteDevice(request.tenant, servicePathHeader(request), request.params.deviceId);
      return reply.code(204).send();
    },
  );
}
