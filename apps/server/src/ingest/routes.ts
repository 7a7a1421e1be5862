import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Permission } from '../platform/auth/index.js';
import { problems } from '../platform/errors.js';
import { paging } from '../platform/http/paging.js';
import { Empty, NoContent } from '../platform/http/schemas.js';
import type { ProvisioningService } from './provisioning.js';
import { DeviceListSchema, DeviceSchema, DeviceSecretSchema, ServiceGroupListSchema } from './schemas.js';

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

const pages = paging({ defaultLimit: 20, maxLimit: 1000, minLimit: 0 });
const groupKey = {
  apikey: Type.String({ minLength: 1, description: 'The API key of the group' }),
  resource: Type.Optional(Type.String({ description: 'Its resource, e.g. /iot/json' })),
};
const DeviceParams = Type.Object({ deviceId: Type.String({ minLength: 1 }) });
const Body = Type.Unknown({ description: "The IoT Agent's JSON body" });
const Created = Empty('Created, all of them');
const GroupsCreated = Type.Object(
  {
    services: Type.Array(
      Type.Object({ apikey: Type.String(), resource: Type.String() }, { additionalProperties: false }),
    ),
  },
  { description: 'Created, all of them: each group with its apikey (the one given, or chosen by the server)' },
);

/** Where a provisioning request acts: its tenant (Fiware-Service) and its Fiware-ServicePath header, as sent. */
const scopeOf = (request: FastifyRequest): [tenant: string, servicePathHeader: string | undefined] => {
  const header = request.headers['fiware-servicepath'];
  return [request.tenant, Array.isArray(header) ? header.join(',') : header?.trim()];
};

/** The source address, against which refusals of other tenants' apikeys are counted, and what it may do. */
const callerOf = (request: FastifyRequest) => ({
  address: request.ip,
  allows: (permission: Permission) => request.allows(permission),
});

/** What a reader without iot:write is shown of an API key: that there is one, not the key. */
export const MASKED_APIKEY = '********';

/**
 * An API key lets whoever holds it feed readings (a group that autoprovisions takes any device id),
 * so only those who provision (iot:write) read it; others see it masked, as they do an endpoint's password.
 */
function maskedFor<T extends { apikey?: string | undefined; endpoint?: string | undefined }>(
  request: FastifyRequest,
  item: T,
): T {
  if (request.allows('iot:write')) return item;
  const masked = { ...item };
  if (masked.apikey !== undefined) masked.apikey = MASKED_APIKEY;
  if (masked.endpoint !== undefined) masked.endpoint = masked.endpoint.replace(/\/\/[^@/]*@/, '//***@');
  return masked;
}

export async function provisioningRoutes(
  fastify: FastifyInstance,
  { provisioning }: ProvisioningRoutesOptions,
): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/iot/services',
    {
      config: write,
      schema: {
        tags,
        summary: 'Provision service groups (all or none); answers their apikeys, chosen by the server when left out',
        body: Body,
        response: { 201: GroupsCreated },
      },
    },
    async (request, reply) => {
      const created = await provisioning.createGroups(...scopeOf(request), request.body, callerOf(request));
      return reply.code(201).send(created);
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
          ...pages.query,
          resource: Type.Optional(Type.String()),
          apikey: Type.Optional(Type.String()),
        }),
        response: { 200: ServiceGroupListSchema },
      },
    },
    async (request) => {
      const { resource, apikey } = request.query;
      // A filter by key would tell a reader whether a guessed key exists, which masking hides.
      if (apikey !== undefined && !request.allows('iot:write')) {
        throw problems.forbidden('Listing service groups by API key needs iot:write: a key is a credential.');
      }
      const listed = await provisioning.listGroups(...scopeOf(request), {
        ...pages.pageOf(request.query),
        resource,
        apikey,
      });
      return { ...listed, services: listed.services.map((g) => maskedFor(request, g)) };
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
      await provisioning.updateGroup(...scopeOf(request), request.query, request.body, callerOf(request));
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
      await provisioning.deleteGroup(...scopeOf(request), key, device, callerOf(request));
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
      await provisioning.createDevices(...scopeOf(request), request.body, callerOf(request));
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
          ...pages.query,
          status: Type.Optional(
            Type.Union([
              Type.Literal('online'),
              Type.Literal('offline'),
              Type.Literal('never'),
              Type.Literal('outOfService'),
            ]),
          ),
          protocol: Type.Optional(Type.String()),
          q: Type.Optional(
            Type.String({
              maxLength: 100,
              description: 'Text found in the device id, its entity name or its entity type (any case)',
            }),
          ),
          type: Type.Optional(Type.String({ maxLength: 256, description: 'Its entity type, exactly' })),
        }),
        response: { 200: DeviceListSchema },
      },
    },
    async (request) => {
      const { status, protocol, q, type } = request.query;
      const search = q?.trim() || undefined;
      const listed = await provisioning.listDevices(...scopeOf(request), {
        ...pages.pageOf(request.query),
        status,
        protocol,
        search,
        type,
      });
      return { ...listed, devices: listed.devices.map((d) => maskedFor(request, d)) };
    },
  );

  app.get(
    '/iot/devices/:deviceId',
    {
      config: read,
      schema: { tags, summary: 'A device, with its health', params: DeviceParams, response: { 200: DeviceSchema } },
    },
    async (request) => maskedFor(request, await provisioning.getDevice(...scopeOf(request), request.params.deviceId)),
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
      await provisioning.updateDevice(...scopeOf(request), request.params.deviceId, request.body, callerOf(request));
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
      await provisioning.deleteDevice(...scopeOf(request), request.params.deviceId, callerOf(request));
      return reply.code(204).send();
    },
  );

  app.post(
    '/iot/devices/:deviceId/secret',
    {
      config: write,
      schema: {
        tags,
        summary: 'Issue the device its own secret (shown once); a previous one is refused from now on',
        params: DeviceParams,
        // Nothing to send: none at all, an empty JSON body (a client's JSON headers on every call) or {}.
        body: Type.Optional(
          Type.Object({}, { additionalProperties: false, description: 'Nothing: the secret is made here' }),
        ),
        response: { 201: DeviceSecretSchema },
      },
    },
    async (request, reply) => {
      const { deviceId } = request.params;
      const secret = await provisioning.issueDeviceSecret(...scopeOf(request), deviceId, undefined, callerOf(request));
      // Shown this once: no cache may keep it.
      return reply.code(201).header('cache-control', 'no-store').send({ device_id: deviceId, secret });
    },
  );

  app.delete(
    '/iot/devices/:deviceId/secret',
    {
      config: write,
      schema: {
        tags,
        summary: "Revoke the device's own secret (a group with deviceAuth secret then refuses its readings)",
        params: DeviceParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await provisioning.revokeDeviceSecret(...scopeOf(request), request.params.deviceId, callerOf(request));
      return reply.code(204).send();
    },
  );
}
