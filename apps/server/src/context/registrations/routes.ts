import type { FastifyInstance } from 'fastify';
import { ngsiErrors } from '../errors.js';
import {
  booleanParam,
  listParam,
  ngsiHandlers,
  pageLinks,
  pathSegment,
  representation,
  sendNgsi,
  useNgsiBodyParsers,
  type Query,
} from '../http.js';
import type { ContextResolver, TermMap } from '../jsonld/contexts.js';
import { attributeIri, checkEntityId } from '../model.js';
import { parseGeoQuery } from '../query/geo.js';
import { checkRegularExpression, parseQ } from '../query/q.js';
import { parseTypeExpression, typeNames } from '../query/types.js';
import { geoInput, pageOf, sendCount } from '../routes/shared.js';
import { parseTemporalQuery } from '../temporal/model.js';
import { BODY, PARAMS, QUERIES, RESPONSES } from '../routes/schemas.js';
import { ownerOf, readsSecrets } from '../secrets.js';
import { renderRegistration } from './model.js';
import { REGISTRATION_GEOMETRIES, type RegistrationSelection, type RegistrationService } from './service.js';

/**
 * Context source registration (GS CIM 009 V1.8.1 §5.9, §6.8–6.9) and discovery (§5.10), mounted at
 * /ngsi-ld/v1. Routes stay thin; the registry is for discovery (nothing is forwarded to the sources).
 */

export interface RegistrationRoutesOptions {
  /** NGSI_LD_BODY_LIMIT: the largest request body, in bytes. */
  readonly bodyLimit: number;
  readonly registrations: RegistrationService;
  readonly resolver: ContextResolver;
  readonly maxLimit: number;
}

const read = { access: { permission: 'context:read' as const } };
const write = { access: { permission: 'context:write' as const } };
const tags = ['NGSI-LD'];
const PATH = '/ngsi-ld/v1/csourceRegistrations';

type RegistrationParams = { registrationId: string };

/** `options=sysAttrs` shows createdAt and modifiedAt (no other option applies to a registration). */
const showsSysAttrs = (query: Query): boolean =>
  query['options'] !== undefined && representation(query['options'], undefined).sysAttrs;

/** What discovery selects by: entity types (or-ed), entity ids, an id pattern, attributes; names expanded. */
function selectionOf(query: Query, terms: TermMap): RegistrationSelection {
  const type = query['type'];
  const attrs = listParam(query['attrs'], 'attrs')?.map((a) => attributeIri(a, terms));
  // §5.10.2: a discovery names entity types or attributes.
  if (type === undefined && attrs === undefined) {
    throw ngsiErrors.badRequestData('Say which registrations: give type or attrs (or both).');
  }
  let types: string[] | undefined;
  if (type !== undefined) {
    const expression = parseTypeExpression(type);
    // A registration's entity has one type: a conjunction of types could never match.
    if (type.includes(';'))
      throw ngsiErrors.badRequestData('type: registrations are discovered by types joined with , or |.');
    types = typeNames(expression).map((t) => terms.expand(t));
  }
  const ids = listParam(query['id'], 'id')?.map((id) => checkEntityId(id, 'id'));
  const idPattern = query['idPattern'];
  if (idPattern !== undefined) checkRegularExpression(idPattern, 'idPattern');
  booleanParam(query['local'], 'local');
  const input = geoInput(query, 'query parameter');
  const geo = input === undefined ? undefined : parseGeoQuery(input);
  if (geo && !(REGISTRATION_GEOMETRIES as readonly string[]).includes(geo.geoproperty)) {
    throw ngsiErrors.badRequestData(`geoproperty of a registration is one of ${REGISTRATION_GEOMETRIES.join(', ')}.`);
  }
  return {
    ...(types ? { types } : {}),
    ...(ids ? { ids } : {}),
    ...(idPattern !== undefined ? { idPattern } : {}),
    ...(attrs ? { attrs } : {}),
    ...(geo ? { geo } : {}),
    ...timeOf(query),
    ...filtersOf(query, terms),
  };
}

/**
 * `csf` selects by the registration's own properties (§4.9 query language). So does `q`: the registry
 * holds no entity values, so a registration's properties are all a query can be evaluated on.
 */
function filtersOf(query: Query, terms: TermMap): Pick<RegistrationSelection, 'filters'> {
  const queries = (['q', 'csf'] as const)
    .map((name) => query[name])
    .filter((text): text is string => text !== undefined)
    .map((text) => parseQ(text));
  return queries.length === 0 ? {} : { filters: { queries, expand: (t) => terms.expand(t) } };
}

/**
 * §5.10.2: a temporal query is on the registrations' observationInterval (timeproperty observedAt, the
 * default) or managementInterval (createdAt, modifiedAt).
 */
function timeOf(query: Query): Pick<RegistrationSelection, 'time'> {
  const { timerel, timeAt, endTimeAt, timeproperty } = parseTemporalQuery(query);
  if (timerel === undefined || timeAt === undefined) return {};
  if (timeproperty === 'deletedAt') {
    throw ngsiErrors.badRequestData('timeproperty of a registration is observedAt, createdAt or modifiedAt.');
  }
  const interval = timeproperty === 'observedAt' ? 'observationInterval' : 'managementInterval';
  return { time: { interval, timerel, timeAt, ...(endTimeAt !== undefined ? { endTimeAt } : {}) } };
}

export async function registrationRoutes(app: FastifyInstance, options: RegistrationRoutesOptions): Promise<void> {
  const { registrations, resolver, maxLimit } = options;
  const handle = ngsiHandlers(resolver);
  useNgsiBodyParsers(app, options.bodyLimit);

  app.post(
    '/csourceRegistrations',
    {
      config: write,
      schema: {
        tags,
        summary: 'Register a context source (kept for discovery; nothing is forwarded to it yet)',
        querystring: QUERIES.none,
        body: BODY.registration,
        response: RESPONSES.created,
      },
    },
    handle({ body: true }, async ({ tenant, body, terms, request }, reply) => {
      const id = await registrations.create(tenant, body, terms, new Date(), ownerOf(request.principal));
      return reply
        .code(201)
        .header('location', `${PATH}/${pathSegment(id)}`)
        .send();
    }),
  );

  app.get(
    '/csourceRegistrations',
    {
      config: read,
      schema: {
        tags,
        summary: 'Discover context source registrations (type or attrs; id, idPattern, geo- and temporal query; paged)',
        querystring: QUERIES.registrations,
        response: RESPONSES.registrations,
      },
    },
    handle({ answers: 'documents' }, async (call, reply) => {
      const { tenant, query, terms } = call;
      const selection = selectionOf(query, terms);
      const page = pageOf(query, maxLimit);
      const sysAttrs = showsSysAttrs(query);
      const found = await registrations.query(tenant, selection, page);
      sendCount(reply, found.count);
      const body = found.registrations.map((r) =>
        renderRegistration(r.registration, r.state, terms, {
          sysAttrs,
          secrets: readsSecrets(call.request.principal, r),
        }),
      );
      return sendNgsi(
        reply,
        call.respondAs,
        terms,
        body,
        200,
        pageLinks(call.request, call.respondAs, page, found.more),
      );
    }),
  );

  app.get(
    '/csourceRegistrations/:registrationId',
    {
      config: read,
      schema: {
        tags,
        summary: 'Retrieve a context source registration (options=sysAttrs)',
        params: PARAMS.registration,
        querystring: QUERIES.registration,
        response: RESPONSES.registration,
      },
    },
    handle<RegistrationParams>({ answers: 'documents' }, async (call, reply) => {
      const { tenant, params, query, terms, respondAs } = call;
      const sysAttrs = showsSysAttrs(query);
      const found = await registrations.retrieve(tenant, params.registrationId);
      const secrets = readsSecrets(call.request.principal, found);
      return sendNgsi(
        reply,
        respondAs,
        terms,
        renderRegistration(found.registration, found.state, terms, { sysAttrs, secrets }),
      );
    }),
  );

  app.patch(
    '/csourceRegistrations/:registrationId',
    {
      config: write,
      schema: {
        tags,
        summary: 'Update a context source registration (merge; null removes a member)',
        params: PARAMS.registration,
        querystring: QUERIES.none,
        body: BODY.registration,
        response: RESPONSES.done,
      },
    },
    handle<RegistrationParams>({ body: true }, async ({ tenant, params, body, terms, request }, reply) => {
      await registrations.update(tenant, params.registrationId, body, terms, new Date(), request.principal);
      return reply.code(204).send();
    }),
  );

  app.delete(
    '/csourceRegistrations/:registrationId',
    {
      config: write,
      schema: {
        tags,
        summary: 'Delete a context source registration',
        params: PARAMS.registration,
        querystring: QUERIES.none,
        response: RESPONSES.done,
      },
    },
    handle<RegistrationParams>({ terms: 'core' }, async ({ tenant, params }, reply) => {
      await registrations.delete(tenant, params.registrationId);
      return reply.code(204).send();
    }),
  );
}
