import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

/**
 * One guard for what every request carries (path parameters, query string, body), before any route
 * sees it: text PostgreSQL cannot store (a NUL character, half a surrogate pair) and JSON nested
 * deeper than any document of the city needs are refused with a 400, instead of failing deep in a
 * parser, a renderer or the database.
 */

/**
 * Longest id (entity, attribute, subscription…), in characters; also Fastify's `maxParamLength`, which
 * it checks after percent-decoding, so every id that can be created can be addressed in a path.
 */
export const MAX_ID_LENGTH = 256;

/** Deepest nesting of arrays and objects a JSON body may have (a GeoJSON MultiPolygon in an attribute needs about 8). */
export const MAX_JSON_DEPTH = 64;

/** Turns a refused input into the problem the route's API speaks; the NGSI-LD API sets its own. */
export type InputProblemCode =
  | 'UNSTORABLE_TEXT'
  | 'INPUT_TOO_DEEP'
  | 'NUMBER_OUT_OF_RANGE'
  | 'UNKNOWN_QUERY_PARAMETER'
  | 'VALIDATION_FAILED'
  | 'BODY_TOO_LARGE';
export type InputProblemFactory = (code: InputProblemCode, detail: string) => AppError;

declare module 'fastify' {
  interface FastifyContextConfig {
    inputProblem?: InputProblemFactory;
  }
}

const platformProblem: InputProblemFactory = (code, detail) => new AppError(code, 400, detail);

const HALF_PAIR = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when PostgreSQL can store the string as text or jsonb. */
export const isStorableText = (text: string): boolean => !text.includes('\u0000') && !HALF_PAIR.test(text);

export interface InputProblem {
  readonly code: InputProblemCode;
  readonly detail: string;
}

const segment = (key: string | number) => {
  const text = String(key).replace(/~/g, '~0').replace(/\//g, '~1');
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
};

/** The first problem of a parsed input (`where`: "body", "query string", "path"), or undefined. */
export function findInputProblem(value: unknown, where: string): InputProblem | undefined {
  // Iterative, so a hostile depth cannot exhaust the stack before it is measured.
  const pending: { value: unknown; depth: number; path: string }[] = [{ value, depth: 0, path: '' }];
  const unstorable = (path: string): InputProblem => ({
    code: 'UNSTORABLE_TEXT',
    detail:
      `The ${where} holds a NUL character or half a surrogate pair${path ? ` at ${path}` : ''}; ` +
      'such text cannot be stored.',
  });
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    const { value: v, depth, path } = item;
    if (typeof v === 'string') {
      if (!isStorableText(v)) return unstorable(path);
      continue;
    }
    if (typeof v !== 'object' || v === null || ArrayBuffer.isView(v)) continue;
    if (depth >= MAX_JSON_DEPTH) {
      return {
        code: 'INPUT_TOO_DEEP',
        detail: `The ${where} is nested deeper than ${MAX_JSON_DEPTH} levels of arrays and objects.`,
      };
    }
    if (Array.isArray(v)) {
      v.forEach((member: unknown, i) => pending.push({ value: member, depth: depth + 1, path: `${path}/${i}` }));
      continue;
    }
    for (const [key, member] of Object.entries(v as Record<string, unknown>)) {
      const at = `${path}/${segment(key)}`;
      if (!isStorableText(key)) return unstorable(at);
      pending.push({ value: member, depth: depth + 1, path: at });
    }
  }
  return undefined;
}

function problemOf(request: FastifyRequest): InputProblem | undefined {
  return (
    findInputProblem(request.params, 'path') ??
    findInputProblem(request.query, 'query string') ??
    findInputProblem(request.body, 'request body')
  );
}

/**
 * A whole number the schema coerced from the query string (offset=1e22) that JavaScript cannot hold
 * exactly: PostgreSQL would refuse it as a bigint.
 */
function hugeNumberIn(query: unknown): InputProblem | undefined {
  if (typeof query !== 'object' || query === null) return undefined;
  for (const [name, value] of Object.entries(query as Record<string, unknown>)) {
    for (const v of Array.isArray(value) ? (value as unknown[]) : [value]) {
      if (typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v)) {
        return {
          code: 'NUMBER_OUT_OF_RANGE',
          detail: `The query parameter ${name} is out of range: at most ${Number.MAX_SAFE_INTEGER}.`,
        };
      }
    }
  }
  return undefined;
}

/** Installs the guard on every route of the app. */
export function guardInput(app: FastifyInstance): void {
  const refuse = (request: FastifyRequest, problem: InputProblem) =>
    (request.routeOptions.config.inputProblem ?? platformProblem)(problem.code, problem.detail);
  app.addHook('preValidation', async (request) => {
    const problem = problemOf(request);
    if (problem) throw refuse(request, problem);
  });
  // After the schema has turned query strings into numbers.
  app.addHook('preHandler', async (request) => {
    const problem = hugeNumberIn(request.query);
    if (problem) throw refuse(request, problem);
  });
}
