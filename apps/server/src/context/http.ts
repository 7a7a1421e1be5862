import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ngsiErrors } from './errors.js';
import type { ContextResolver, TermMap } from './jsonld/contexts.js';
import type { Entity, RepresentationFormat } from './model.js';
import type { InputProblemFactory } from '../platform/http/input-guard.js';

/** Content negotiation and @context handling of the NGSI-LD API (GS CIM 009 §6.3). */

export const JSON_LD = 'application/ld+json';
export const GEO_JSON = 'application/geo+json';
export const CONTEXT_REL = 'http://www.w3.org/ns/json-ld#context';

export type ResponseType = 'application/json' | typeof JSON_LD | typeof GEO_JSON;

/** The media type of the request body, without parameters. */
const mediaType = (request: FastifyRequest) =>
  String(request.headers['content-type'] ?? '')
    .split(';')[0]
    ?.trim()
    .toLowerCase() ?? '';

/** The @context URL given in a Link header, if any. */
export function linkedContext(request: FastifyRequest): string | undefined {
  const header = request.headers.link;
  if (header === undefined) return undefined;
  const links = (Array.isArray(header) ? header.join(',') : header).split(/,(?=\s*<)/);
  const contexts = links
    .map((l) => /^\s*<([^>]*)>\s*(.*)$/.exec(l))
    .filter(
      (m): m is RegExpExecArray =>
        m !== null && new RegExp(`rel="?${CONTEXT_REL.replace(/[.#/]/g, '\\$&')}"?`).test(m[2] ?? ''),
    )
    .map((m) => m[1] as string);
  if (contexts.length > 1) throw ngsiErrors.badRequestData('Only one @context Link header may be given.');
  return contexts[0];
}

/**
 * The term map of a request. A JSON body takes its context from the Link header; a JSON-LD body
 * carries it in "@context" and must not also send a Link header.
 */
export async function requestTerms(
  request: FastifyRequest,
  resolver: ContextResolver,
  body?: unknown,
): Promise<TermMap> {
  const link = linkedContext(request);
  if (body === undefined) return resolver.resolveForRequest(link, request.tenant);
  const bodyContext =
    typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)['@context']
      : undefined;
  if (mediaType(request) === JSON_LD) {
    if (link !== undefined)
      throw ngsiErrors.badRequestData('A JSON-LD body must not come with a @context Link header.');
    if (bodyContext === undefined && !Array.isArray(body)) {
      throw ngsiErrors.badRequestData('A JSON-LD body must carry its @context.');
    }
    return resolver.resolveForRequest(bodyContext, request.tenant);
  }
  if (bodyContext !== undefined) {
    throw ngsiErrors.badRequestData('A body with "@context" must be sent as application/ld+json.');
  }
  return resolver.resolveForRequest(link, request.tenant);
}

/** Chooses the response media type from Accept; 406 NotAcceptable when none can be served. */
export function negotiate(request: FastifyRequest, allowGeoJson: boolean): ResponseType {
  const accept = request.headers.accept;
  if (accept === undefined || accept.trim() === '') return 'application/json';
  const offered: ResponseType[] = ['application/json', JSON_LD, ...(allowGeoJson ? [GEO_JSON as ResponseType] : [])];
  const ranges = accept
    .split(',')
    .map((part, index) => {
      const [range = '', ...parameters] = part.split(';').map((s) => s.trim().toLowerCase());
      const q = Number(parameters.find((p) => p.startsWith('q='))?.slice(2) ?? 1);
      return { range, q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { range } of ranges) {
    if (range === '*/*' || range === 'application/*') return 'application/json';
    const match = offered.find((o) => o === range);
    if (match) return match;
  }
  throw ngsiErrors.notAcceptable(`None of the media types in Accept can be served; use ${offered.join(', ')}.`);
}

/**
 * Links to the previous and next page of a list (§5.5.9), the request's other parameters kept. A POST
 * query has its parameters in the body, which no link can carry: it gets none (the count header says
 * how many there are).
 */
export function pageLinks(
  request: FastifyRequest,
  type: string,
  page: { readonly limit: number; readonly offset: number },
  more: boolean,
): string[] {
  if (request.method !== 'GET' || page.limit <= 0) return [];
  const link = (offset: number, rel: string) => {
    const target = new URL(request.url, 'http://broker');
    target.searchParams.set('limit', String(page.limit));
    target.searchParams.set('offset', String(offset));
    // The collection by its own name: a trailing slash in the request names the same resource.
    const path = target.pathname.length > 1 ? target.pathname.replace(/\/+$/, '') : target.pathname;
    return `<${path}${target.search}>;rel="${rel}";type="${type}"`;
  };
  const links: string[] = [];
  if (page.offset > 0) links.push(link(Math.max(0, page.offset - page.limit), 'prev'));
  if (more) links.push(link(page.offset + page.limit, 'next'));
  return links;
}

/** Sends a body in the negotiated representation, with the @context where it belongs. */
export function sendNgsi(
  reply: FastifyReply,
  type: ResponseType,
  terms: TermMap,
  body: Record<string, unknown> | Record<string, unknown>[],
  status = 200,
  pageLinks: readonly string[] = [],
): FastifyReply {
  void reply.code(status);
  if (type === JSON_LD) {
    const withContext = (o: Record<string, unknown>) => ({ '@context': terms.source.value, ...o });
    if (pageLinks.length > 0) void reply.header('link', pageLinks.join(','));
    return reply.type(JSON_LD).send(Array.isArray(body) ? body.map(withContext) : withContext(body));
  }
  // A GeoJSON Feature or FeatureCollection carries its @context as a top-level member, like JSON-LD.
  if (type === GEO_JSON && !Array.isArray(body))
    return reply.type(type).send({ ...body, '@context': terms.source.value });
  // Links a route set already (pagination) stay beside the @context one.
  const context = `<${terms.source.linkUrl}>; rel="${CONTEXT_REL}"; type="${JSON_LD}"`;
  const earlier = reply.getHeader('link');
  const links = [context, ...pageLinks, ...(earlier === undefined ? [] : [String(earlier)])];
  void reply.header('link', links.join(','));
  return reply.type(type).send(body);
}

export interface Representation {
  readonly format: RepresentationFormat;
  readonly sysAttrs: boolean;
}

/** `options` and `format` query parameters → how to render entities. */
export function representation(options: string | undefined, format: string | undefined): Representation {
  const list = (options ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '');
  const known = new Set([
    'keyValues',
    'simplified',
    'concise',
    'normalized',
    'sysAttrs',
    'noOverwrite',
    'replace',
    'update',
  ]);
  for (const o of list) if (!known.has(o)) throw ngsiErrors.invalidRequest(`Unknown option "${o}".`);
  let chosen: RepresentationFormat = 'normalized';
  const pick = (f: string) => {
    if (f === 'keyValues' || f === 'simplified') chosen = 'keyValues';
    else if (f === 'concise') chosen = 'concise';
    else if (f === 'normalized') chosen = 'normalized';
  };
  list.forEach(pick);
  if (format !== undefined) {
    if (!['keyValues', 'simplified', 'concise', 'normalized'].includes(format)) {
      throw ngsiErrors.invalidRequest(`Unknown format "${format}".`);
    }
    pick(format);
  }
  return { format: chosen, sysAttrs: list.includes('sysAttrs') };
}

/** Most names or ids one list may hold (`id`, `attrs`, `pick`, …, and the lists of a Query document). */
export const MAX_LIST_ITEMS = 1000;
/** Most entity selectors of a Query document, and most of them with an idPattern. */
export const MAX_SELECTORS = 100;
export const MAX_PATTERN_SELECTORS = 4;

/** A comma-separated query parameter as a list; `name` names it in the error of a list too long. */
export function listParam(value: string | undefined, name = 'A list parameter'): string[] | undefined {
  if (value === undefined) return undefined;
  const list = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  checkListSize(list, name);
  return list;
}

export function checkListSize(list: readonly unknown[], name: string): void {
  if (list.length > MAX_LIST_ITEMS) {
    throw ngsiErrors.badRequestData(`${name} holds ${list.length} items; at most ${MAX_LIST_ITEMS}.`);
  }
}

/** The entity selectors of a Query document: how many, and how many patterns run on every id. */
export function checkSelectors(selectors: readonly { idPattern?: unknown }[]): void {
  if (selectors.length > MAX_SELECTORS) {
    throw ngsiErrors.badRequestData(`entities holds ${selectors.length} selectors; at most ${MAX_SELECTORS}.`);
  }
  const patterns = selectors.filter((s) => s.idPattern !== undefined).length;
  if (patterns > MAX_PATTERN_SELECTORS) {
    throw ngsiErrors.badRequestData(
      `entities holds ${patterns} selectors with an idPattern; at most ${MAX_PATTERN_SELECTORS}.`,
    );
  }
}

export type Query = Record<string, string | undefined>;

/** Query parameters arrive as strings; a repeated one is an error rather than a guess. */
export function queryOf(request: FastifyRequest): Query {
  const out: Query = {};
  for (const [k, v] of Object.entries((request.query ?? {}) as Record<string, unknown>)) {
    if (Array.isArray(v)) throw ngsiErrors.invalidRequest(`The query parameter "${k}" is given more than once.`);
    out[k] = typeof v === 'string' ? v : undefined;
  }
  return out;
}

/** The largest number a paging parameter takes (PostgreSQL's int4): more is never a real page. */
export const MAX_INTEGER_PARAM = 2_147_483_647;

export function integerParam(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,10}$/.test(value) || Number(value) > MAX_INTEGER_PARAM) {
    throw ngsiErrors.badRequestData(`${name} must be a whole number from 0 to ${MAX_INTEGER_PARAM}.`);
  }
  return Number(value);
}

export function booleanParam(value: string | undefined, name: string): boolean {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw ngsiErrors.badRequestData(`${name} must be true or false.`);
}

/**
 * An id as a path segment of a `Location`: only what a segment may not hold is escaped, so a URN keeps
 * its colons (RFC 3986 §3.3: pchar includes ":", "@" and the sub-delims) and reads as the id given.
 */
export function pathSegment(id: string): string {
  return encodeURIComponent(id).replace(/%(3A|40|24|26|2B|2C|3B|3D)/g, (escaped) => decodeURIComponent(escaped));
}

export function requireBody(request: FastifyRequest): unknown {
  // An empty body is no JSON document at all: the request is not well formed (§5.5.2, InvalidRequest).
  if (request.body === undefined || request.body === null) throw ngsiErrors.invalidRequest('A request body is needed.');
  return request.body;
}

/**
 * The platform's refusals of input in NGSI-LD's terms: a request not well formed (a parameter the route
 * does not take, a body or parameter of the wrong shape) is InvalidRequest; content that cannot be
 * stored is BadRequestData; a body over `bodyLimit` is BadRequestData with HTTP's 413, naming the limit.
 */
const ngsiInputProblem =
  (bodyLimit: number): InputProblemFactory =>
  (code, detail) => {
    if (code === 'BODY_TOO_LARGE') {
      return ngsiErrors.bodyTooLarge(
        `The request body is over ${bodyLimit} bytes, the most the NGSI-LD API accepts (NGSI_LD_BODY_LIMIT): send less in one request.`,
      );
    }
    return code === 'UNKNOWN_QUERY_PARAMETER' || code === 'VALIDATION_FAILED'
      ? ngsiErrors.invalidRequest(detail)
      : ngsiErrors.badRequestData(detail);
  };

/**
 * How every NGSI-LD plugin reads and answers requests: errors in its terms, no empty path segment, its
 * media types without parameters, and JSON and JSON-LD bodies; NGSI-LD's own answer for a body that is not JSON: InvalidRequest. Input the
 * platform's guard refuses (unstorable text, too deep) is BadRequestData on these routes. A body over
 * `bodyLimit` (NGSI_LD_BODY_LIMIT) is refused unread with 413: one caller's huge attribute would
 * otherwise hold the database, and on the embedded one the whole server, for everyone.
 */
export function useNgsiBodyParsers(app: FastifyInstance, bodyLimit: number): void {
  const inputProblem = ngsiInputProblem(bodyLimit);
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, inputProblem };
    route.bodyLimit ??= bodyLimit;
  });
  // `/entities//attrs`: the router takes the empty segment as an id; a path naming no id is a bad request.
  app.addHook('preValidation', async (request) => {
    const params = (request.params ?? {}) as Record<string, unknown>;
    const empty = Object.keys(params).find((name) => params[name] === '');
    if (empty !== undefined) throw ngsiErrors.badRequestData(`The path names no ${empty}: a segment is empty.`);
  });
  // NGSI-LD's media types are sent as such (§6.3.4); a charset parameter is no part of them.
  app.addHook('onSend', async (_request, reply, payload) => {
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && /^application\/(json|ld\+json|geo\+json); charset=utf-8$/.test(type)) {
      void reply.header('content-type', type.slice(0, type.indexOf(';')));
    }
    return payload;
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    ['application/json', JSON_LD, 'application/merge-patch+json'],
    { parseAs: 'string' },
    (_request, body, done) => {
      // A body-less request that still names a JSON type (DELETE, POST without payload): no body.
      if ((body as string).length === 0) {
        done(null, undefined);
        return;
      }
      try {
        done(null, JSON.parse(body as string) as unknown);
      } catch {
        done(ngsiErrors.invalidRequest('The request body is not valid JSON.'), undefined);
      }
    },
  );
}

/** An entity as a GeoJSON Feature: its geometry from `geometryIri`, its rendered members as properties. */
export function geoJsonFeature(entity: Entity, rendered: Record<string, unknown>, geometryIri: string) {
  const { id: _id, ...properties } = rendered;
  const geometry = entity.attrs[geometryIri]?.find((i) => i.type === 'GeoProperty')?.value ?? null;
  return { id: entity.id, type: 'Feature', geometry, properties };
}

/** What a route of the NGSI-LD API reads from its request, read once and in the same order everywhere. */
export interface NgsiCall<Params = Record<string, string>> {
  readonly tenant: string;
  /** Path parameters, percent-decoded once by the router (decoding again would mangle ids holding "%"). */
  readonly params: Params;
  readonly query: Query;
  /** The request body; present whenever the route takes one (else undefined). */
  readonly body: unknown;
  /** The @context in force: the body's (JSON-LD), else the Link header's, else the core context. */
  readonly terms: TermMap;
  /** The negotiated response type; application/json for routes that answer without a body. */
  readonly respondAs: ResponseType;
  readonly request: FastifyRequest;
}

export interface CallShape {
  /** The route takes a body (a missing one is refused); its @context gives the terms. */
  readonly body?: boolean;
  /** The route answers with a body: Accept is negotiated; `entities` may also be answered as GeoJSON. */
  readonly answers?: 'entities' | 'documents';
  /**
   * How the terms are found when not from the request alone (a batch of JSON-LD entities); `core` for
   * a route that names no term (the Link header is then not fetched).
   */
  readonly terms?: 'core' | ((request: FastifyRequest, body: unknown) => Promise<TermMap>);
}

export type NgsiHandler<Params> = (call: NgsiCall<Params>, reply: FastifyReply) => Promise<unknown>;

/**
 * Makes route handlers that read the request the one way the API does: repeated query parameters,
 * then Accept (406), then the body, then the @context it names.
 */
export function ngsiHandlers(resolver: ContextResolver) {
  return <Params = Record<string, string>>(shape: CallShape, handle: NgsiHandler<Params>) =>
    async (request: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
      const query = queryOf(request);
      const respondAs = shape.answers ? negotiate(request, shape.answers === 'entities') : 'application/json';
      const body = shape.body ? requireBody(request) : undefined;
      const terms =
        shape.terms === 'core'
          ? await resolver.core()
          : shape.terms
            ? await shape.terms(request, body)
            : await requestTerms(request, resolver, body);
      const params = (request.params ?? {}) as Params;
      return handle({ tenant: request.tenant, params, query, body, terms, respondAs, request }, reply);
    };
}
