import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { problems } from '../../platform/errors.js';
import type { ReporterPush, Vapid } from './push.js';
import type { ReportsService } from './service.js';

/**
 * The citizens' page's "notify me": the platform's VAPID key for `pushManager.subscribe`, and a
 * browser's subscription to a report kept or dropped by the report's follow token (public: the token is
 * the reporter's proof).
 */

const open = { access: 'public' as const };
const tags = ['Citizen reports'];
const BASE = '/api/v1/reports';
const Token = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) });
const Endpoint = Type.String({ minLength: 1, maxLength: 2048 });
const Subscription = Type.Object(
  {
    endpoint: Endpoint,
    // PushSubscription.toJSON() also gives expirationTime (null in every browser today).
    expirationTime: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
    keys: Type.Object(
      { p256dh: Type.String({ minLength: 1, maxLength: 200 }), auth: Type.String({ minLength: 1, maxLength: 100 }) },
      { additionalProperties: false },
    ),
    language: Type.Optional(Type.Union([Type.Literal('vi'), Type.Literal('en')])),
  },
  { additionalProperties: false },
);

export async function pushRoutes(
  fastify: FastifyInstance,
  options: { reports: ReportsService; push: ReporterPush; vapid: Vapid },
): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const served = new Set(['', ...options.reports.settings.jurisdictions.others.values()]);
  const publicTenant = (request: FastifyRequest): string => {
    if (!served.has(request.tenant)) throw problems.notFound('Tenant', request.tenant);
    return request.tenant;
  };

  app.get(
    `${BASE}/push/key`,
    {
      config: open,
      schema: {
        tags,
        summary: "The platform's VAPID public key: the applicationServerKey a browser subscribes with",
        response: { 200: Type.Object({ publicKey: Type.String() }) },
      },
    },
    async () => ({ publicKey: options.vapid.publicKey }),
  );

  app.post(
    `${BASE}/follow/:token/push`,
    {
      config: open,
      schema: {
        tags,
        summary:
          "Tells this browser of the report's next public steps by web push (the body is PushSubscription.toJSON())",
        params: Token,
        body: Subscription,
        response: { 200: Type.Object({ subscribed: Type.Boolean() }) },
      },
    },
    async (request) => {
      const { endpoint, keys, language } = request.body;
      await options.push.subscribe(publicTenant(request), request.params.token, { endpoint, keys }, language ?? 'vi');
      return { subscribed: true };
    },
  );

  app.delete(
    `${BASE}/follow/:token/push`,
    {
      config: open,
      schema: {
        tags,
        summary: 'Stops telling this browser of the report by web push',
        params: Token,
        body: Type.Object({ endpoint: Endpoint }, { additionalProperties: false }),
        response: { 200: Type.Object({ subscribed: Type.Boolean(), was: Type.Boolean() }) },
      },
    },
    async (request) => ({
      subscribed: false,
      was: await options.push.unsubscribe(publicTenant(request), request.params.token, request.body.endpoint),
    }),
  );
}
