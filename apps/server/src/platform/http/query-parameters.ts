import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import type { InputProblemFactory } from './input-guard.js';

/**
 * Every route takes only the query parameters its querystring schema declares: a parameter it does
 * not know (misspelt, or one it does not support yet) is refused with a 400 naming it, instead of
 * being ignored while the caller believes it applied. A route without a querystring schema takes
 * none; one whose schema allows additional properties explicitly (`additionalProperties: true`, e.g. a
 * page of the web app) takes any.
 */

type Declared = ReadonlySet<string> | 'any';

const declaredOf = new WeakMap<object, Declared>();
const NONE: Declared = new Set();

function declared(schema: unknown): Declared {
  if (typeof schema !== 'object' || schema === null) return NONE;
  const known = declaredOf.get(schema);
  if (known) return known;
  const { properties, additionalProperties } = schema as {
    properties?: Record<string, unknown>;
    additionalProperties?: unknown;
  };
  const open =
    additionalProperties === true || (typeof additionalProperties === 'object' && additionalProperties !== null);
  const result: Declared = open ? 'any' : new Set(Object.keys(properties ?? {}));
  declaredOf.set(schema, result);
  return result;
}

const platformProblem: InputProblemFactory = (code, detail) => new AppError(code, 400, detail);

function unknownParameter(request: FastifyRequest): string | undefined {
  const query = request.query;
  if (typeof query !== 'object' || query === null) return undefined;
  const allowed = declared(request.routeOptions.schema?.querystring);
  if (allowed === 'any') return undefined;
  return Object.keys(query).find((name) => !allowed.has(name));
}

/** Installs the allow-list on every route of the app (requests no route matched are left to the 404). */
export function allowDeclaredQueryParameters(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    if (request.routeOptions.url === undefined || request.is404) return;
    const name = unknownParameter(request);
    if (name === undefined) return;
    const allowed = declared(request.routeOptions.schema?.querystring);
    const list = allowed === 'any' ? [] : [...allowed];
    const detail =
      `The query parameter "${name}" is not supported here` +
      (list.length > 0 ? `; this route takes ${list.join(', ')}.` : '; this route takes none.');
    throw (request.routeOptions.config.inputProblem ?? platformProblem)('UNKNOWN_QUERY_PARAMETER', detail);
  });
}
