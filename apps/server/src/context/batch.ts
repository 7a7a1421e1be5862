import type { FastifyRequest } from 'fastify';
import { AppError } from '../platform/errors.js';
import { ngsiErrors } from './errors.js';
import { JSON_LD, linkedContext, requestTerms } from './http.js';
import type { ContextResolver, TermMap } from './jsonld/contexts.js';
import { parseEntity } from './model.js';
import type { BatchItem } from './service.js';

/** Most entities one batch operation may hold. */
export const MAX_BATCH = 10_000;

const isJsonLd = (request: FastifyRequest) =>
  String(request.headers['content-type'] ?? '')
    .split(';')[0]
    ?.trim()
    .toLowerCase() === JSON_LD;

const entityIdOf = (raw: unknown): string =>
  typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string'
    ? (raw as { id: string }).id
    : '';

/**
 * Parses each entity of a batch on its own, so one bad entity does not sink the others: in JSON-LD
 * each entity carries its own @context (missing or unobtainable: that entity's error); in JSON they
 * share the Link header's, and an entity holding "@context" is that entity's error (GS CIM 009 §5.6.7).
 */
export async function batchItems(
  request: FastifyRequest,
  resolver: ContextResolver,
  body: unknown,
  requireIdAndType: boolean,
  allowNull: boolean,
): Promise<BatchItem[]> {
  if (!Array.isArray(body)) throw ngsiErrors.badRequestData('A batch is a JSON array of entities.');
  if (body.length === 0) throw ngsiErrors.badRequestData('The batch is empty.');
  if (body.length > MAX_BATCH) throw ngsiErrors.badRequestData(`A batch holds at most ${MAX_BATCH} entities.`);
  const jsonLd = isJsonLd(request);
  if (jsonLd && linkedContext(request) !== undefined) {
    throw ngsiErrors.badRequestData('A JSON-LD body must not come with a @context Link header.');
  }
  const shared = jsonLd ? undefined : await requestTerms(request, resolver, {});
  // One resolution per distinct @context, shared by the entities that carry it.
  const resolved = new Map<string, Promise<TermMap>>();
  const termsOf = async (raw: unknown): Promise<TermMap> => {
    const context = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)['@context'] : undefined;
    if (shared) {
      if (context !== undefined) {
        throw ngsiErrors.badRequestData('An entity with "@context" must be sent as application/ld+json.');
      }
      return shared;
    }
    if (context === undefined)
      throw ngsiErrors.badRequestData('Each entity of a JSON-LD batch must carry its @context.');
    const key = JSON.stringify(context);
    let terms = resolved.get(key);
    if (!terms) {
      terms = resolver.resolveForRequest(context, request.tenant);
      resolved.set(key, terms);
    }
    return terms;
  };
  const items: BatchItem[] = [];
  for (const raw of body) {
    try {
      const entity = parseEntity(raw, await termsOf(raw), { requireIdAndType, allowNull });
      if (entity.id === '') throw ngsiErrors.badRequestData('Each entity of a batch needs an id.');
      items.push({ entity });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      items.push({ entityId: entityIdOf(raw), error: err });
    }
  }
  return items;
}
