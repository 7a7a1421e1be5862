import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../db/index.js';
import { AppError, problemType } from '../errors.js';
import { guardInput, MAX_ID_LENGTH } from './input-guard.js';
import { multipartProblem } from './multipart.js';
import { takeOptionalBodies } from './optional-body.js';
import { problemInVietnamese, problemLanguageOf } from './problem-language.js';
import { RouteMethods } from './methods.js';
import { allowDeclaredQueryParameters } from './query-parameters.js';

/**
 * The one mapper from errors to RFC 9457 problem+json. AppErrors keep their code and detail;
 * Fastify's own client errors (validation, body size, media type) get stable codes; the database out
 * of reach is a 503 with Retry-After; anything else is logged in full and answered with a plain 500
 * that reveals nothing.
 */

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  requestId: string;
  [extension: string]: unknown;
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  411: 'Length Required',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'INVALID_CONTENT_LENGTH',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'EMPTY_BODY',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_TYPE: 'MISSING_CONTENT_TYPE',
  FST_ERR_CTP_INVALID_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_MAX_PARAM_LENGTH: 'PATH_TOO_LONG',
  FST_ERR_BAD_URL: 'BAD_URL',
};

/** PostgreSQL's query_canceled: the statement ran past DATABASE_STATEMENT_TIMEOUT. */
const QUERY_CANCELED = '57014';
const DATABASE_RETRY_AFTER_SECONDS = 5;

function toAppError(error: FastifyError): AppError | undefined {
  if (error instanceof AppError) return error;
  if (error.validation) {
    const where = error.validationContext ?? 'request';
    return new AppError('VALIDATION_FAILED', 400, `The ${where} is not valid: ${error.message}`, {
      extra: {
        errors: error.validation.map((v) => ({
          in: where,
          pointer: v.instancePath || '/',
          detail: v.message ?? 'is not valid',
          ...(v.keyword === 'additionalProperties' ? { property: String(v.params['additionalProperty']) } : {}),
        })),
      },
      params: { in: where, refusals: error.validation },
    });
  }
  if ((error as { code?: unknown }).code === QUERY_CANCELED) {
    return new AppError(
      'QUERY_TIMEOUT',
      503,
      'The database stopped this request: it ran longer than the instance allows (DATABASE_STATEMENT_TIMEOUT). Ask for less: a type, an id pattern, a smaller limit.',
    );
  }
  // The database down is no bug of ours and no fault of the caller's: try again shortly.
  if (isDatabaseUnavailable(error)) {
    return new AppError('DATABASE_UNAVAILABLE', 503, 'The database does not answer: try again shortly.', {
      headers: { 'retry-after': String(DATABASE_RETRY_AFTER_SECONDS) },
    });
  }
  const multipart = multipartProblem(error);
  if (multipart) return multipart;
  const status = error.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    const code = FASTIFY_CODES[error.code] ?? (error instanceof SyntaxError ? 'MALFORMED_JSON' : 'BAD_REQUEST');
    return new AppError(code, status, error.message);
  }
  return undefined;
}

/**
 * A schema's refusal, or a body over the route's limit, on an API with its own error types (NGSI-LD) is
 * said in that API's terms.
 */
function inApiTerms(error: AppError | undefined, request: FastifyRequest): AppError | undefined {
  const speak = request.routeOptions.config.inputProblem;
  if ((error?.code !== 'VALIDATION_FAILED' && error?.code !== 'BODY_TOO_LARGE') || !speak) return error;
  return speak(error.code, error.message);
}

export function problemFor(error: AppError, request: FastifyRequest): ProblemDocument {
  const document: ProblemDocument = {
    ...error.extra,
    type: error.type,
    title: error.title ?? REASONS[error.status] ?? 'Error',
    status: error.status,
    detail: error.message,
    instance: request.url.split('?')[0] ?? request.url,
    code: error.code,
    requestId: String(request.id),
  };
  if (problemLanguageOf(request.headers['accept-language']) !== 'vi') return document;
  // A reader who asked for Vietnamese gets the words in Vietnamese; the code and fields stay as they are.
  const vi = problemInVietnamese(error, error.params, document.requestId);
  const fields = document['errors'];
  return {
    ...document,
    title: vi.title,
    detail: vi.detail,
    ...(Array.isArray(fields) && vi.fieldDetails
      ? {
          errors: fields.map((f: Record<string, unknown>, i) => ({
            ...f,
            detail: vi.fieldDetails?.[i] ?? f['detail'],
          })),
        }
      : {}),
  };
}

export function sendProblem(reply: FastifyReply, error: AppError): FastifyReply {
  for (const [name, value] of Object.entries(error.headers)) void reply.header(name, value);
  const language = problemLanguageOf(reply.request.headers['accept-language']);
  void reply.header('content-language', language).header('vary', 'Accept-Language');
  return reply
    .code(error.status)
    .type('application/problem+json; charset=utf-8')
    .serializer(JSON.stringify)
    .send(problemFor(error, reply.request));
}

/**
 * Errors Fastify answers before routing (a path parameter longer than maxParamLength, a path that is
 * not valid percent-encoding): problem+json like every other error. Given to Fastify as `frameworkErrors`.
 */
export function frameworkProblem(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const known =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new AppError(
          'PATH_TOO_LONG',
          414,
          `A path segment is longer than ${MAX_ID_LENGTH} characters, the most an id may have.`,
        )
      : (toAppError(error) ?? new AppError('BAD_REQUEST', 400, error.message));
  void sendProblem(reply, known);
}

/**
 * Requests Node refuses before Fastify sees them (headers or URL over the 16 KiB limit, a request that
 * does not parse, one too slow to arrive): a problem+json written to the socket. Given to Fastify as
 * `clientErrorHandler`.
 */
export function clientProblem(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, detail] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'HEADERS_TOO_LARGE', 'The request line and headers are larger than 16 KiB: ask for less in the URL.']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'REQUEST_TIMEOUT', 'The request did not arrive in time.']
        : [400, 'BAD_REQUEST', 'The request is not valid HTTP.'];
  const title = REASONS[status] ?? 'Error';
  const body = JSON.stringify({ type: problemType(code), title, status, detail, code, requestId: randomUUID() });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}

/** What answers a browser asking for a page at an address no route takes: the web app, when it is built. */
export interface UnknownPage {
  /** The app's page for the request, or null when the request is not a browser's for a page. */
  answer?: (request: FastifyRequest, reply: FastifyReply) => FastifyReply | null;
}

export function registerProblemHandling(app: FastifyInstance, unknownPage: UnknownPage = {}): void {
  takeOptionalBodies(app);
  guardInput(app);
  allowDeclaredQueryParameters(app);
  app.setErrorHandler((error: FastifyError, request, reply) => {
    // A request no route takes may still have had its body read (and refused) first: what counts is the path.
    if (request.is404 && (error.statusCode ?? 500) < 500) return sendProblem(reply, unrouted(request));
    const known = inApiTerms(toAppError(error), request);
    if (known) {
      if (known.status >= 500) request.log.error({ err: error }, known.message);
      return sendProblem(reply, known);
    }
    request.log.error({ err: error }, 'unexpected error');
    return sendProblem(
      reply,
      new AppError(
        'INTERNAL',
        500,
        `Something went wrong on our side. Quote request id ${String(request.id)} when reporting it.`,
        {
          type: problemType('INTERNAL'),
        },
      ),
    );
  });

  const routes = new RouteMethods();
  routes.watch(app);
  const unrouted = (request: FastifyRequest): AppError => {
    const path = request.url.split('?')[0] ?? request.url;
    const allowed = routes.allowedAt(path);
    if (allowed.length > 0) {
      return new AppError(
        'METHOD_NOT_ALLOWED',
        405,
        `${path} does not take ${request.method}; it takes ${allowed.join(', ')}.`,
        { headers: { allow: allowed.join(', ') }, params: { method: request.method, allow: allowed.join(', ') } },
      );
    }
    return new AppError('NOT_FOUND', 404, `No resource at ${request.method} ${path}.`);
  };
  app.setNotFoundHandler((request, reply) => {
    const problem = unrouted(request);
    // A person who follows an old link or mistypes an address sees the app's "page not found", not JSON.
    const page = problem.status === 404 ? (unknownPage.answer?.(request, reply) ?? null) : null;
    return page ?? sendProblem(reply, problem);
  });
}
