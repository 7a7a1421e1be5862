import { AppError, defineErrors } from '../platform/errors.js';

/**
 * The NGSI-LD API answers with the error types of ETSI GS CIM 009 (§5.5.2, table 5.5.2-1) in the
 * problem document's `type`, through the platform's one error type and mapper.
 */
const NGSI_LD_ERRORS = 'https://uri.etsi.org/ngsi-ld/errors/';

const ngsiError = (name: string, status: number, code: string) => (detail: string, extra?: Record<string, unknown>) =>
  new AppError(code, status, detail, { type: `${NGSI_LD_ERRORS}${name}`, title: name, ...(extra ? { extra } : {}) });

export const ngsiErrors = {
  invalidRequest: ngsiError('InvalidRequest', 400, 'INVALID_REQUEST'),
  badRequestData: ngsiError('BadRequestData', 400, 'BAD_REQUEST_DATA'),
  alreadyExists: ngsiError('AlreadyExists', 409, 'ALREADY_EXISTS'),
  operationNotSupported: ngsiError('OperationNotSupported', 422, 'OPERATION_NOT_SUPPORTED'),
  resourceNotFound: ngsiError('ResourceNotFound', 404, 'RESOURCE_NOT_FOUND'),
  nonexistentTenant: ngsiError('NonexistentTenant', 404, 'NONEXISTENT_TENANT'),
  tooManyResults: ngsiError('TooManyResults', 403, 'TOO_MANY_RESULTS'),
  /** NGSI-LD names no type for it; the content cannot be taken, so BadRequestData, with HTTP's own status. */
  bodyTooLarge: ngsiError('BadRequestData', 413, 'NGSI_LD_BODY_TOO_LARGE'),
  /** A write that would leave an entity with more attributes than NGSI_LD_MAX_ATTRIBUTES. */
  tooManyAttributes: ngsiError('BadRequestData', 400, 'NGSI_LD_TOO_MANY_ATTRIBUTES'),
  ldContextNotAvailable: ngsiError('LdContextNotAvailable', 503, 'LD_CONTEXT_NOT_AVAILABLE'),
  notAcceptable: ngsiError('NotAcceptable', 406, 'NOT_ACCEPTABLE'),
  internalError: ngsiError('InternalError', 500, 'NGSI_LD_INTERNAL_ERROR'),
  /** A method the path does not have (a collection cannot be updated or deleted whole): says which it has. */
} as const;

/** The broker's errors, as the error catalogue lists them. */
export const CONTEXT_ERRORS = defineErrors({
  INVALID_REQUEST: {
    status: 400,
    ngsiLd: 'InvalidRequest',
    when: 'NGSI-LD: the request is not well formed (JSON, parameters)',
  },
  BAD_REQUEST_DATA: {
    status: 400,
    ngsiLd: 'BadRequestData',
    when: 'NGSI-LD: the request is well formed but its content is not valid (an attribute, a query, a pattern over its cost bounds)',
  },
  RESOURCE_NOT_FOUND: {
    status: 404,
    ngsiLd: 'ResourceNotFound',
    when: 'NGSI-LD: no such entity, attribute, subscription, context source registration or context',
  },
  NONEXISTENT_TENANT: { status: 404, ngsiLd: 'NonexistentTenant', when: 'NGSI-LD: the tenant named has no data' },
  TOO_MANY_RESULTS: {
    status: 403,
    ngsiLd: 'TooManyResults',
    when: 'NGSI-LD: more than `NGSI_LD_MAX_LIMIT` entities asked for in one page',
  },
  NGSI_LD_BODY_TOO_LARGE: {
    status: 413,
    ngsiLd: 'BadRequestData',
    when: 'NGSI-LD: the request body is over `NGSI_LD_BODY_LIMIT`; nothing was read or changed',
  },
  NGSI_LD_TOO_MANY_ATTRIBUTES: {
    status: 400,
    ngsiLd: 'BadRequestData',
    when: 'NGSI-LD: the write would leave an entity with more attributes than `NGSI_LD_MAX_ATTRIBUTES` (and more than it had); nothing was changed (in a batch, that entity fails)',
  },
  CONTEXT_TYPE_OWNED: {
    status: 403,
    when: 'writing, through the NGSI-LD API, an entity of a type a module keeps (`EmergencyIncident`, `EmergencyUnit`, `EmergencyStation`): the module writes them within its rules; use its API',
  },
  CONTEXT_PLATFORM_WIDE: {
    status: 403,
    when: 'deleting a platform-wide `@context` (one kept before tenants owned them): only a platform administrator may',
  },
  NOT_ACCEPTABLE: {
    status: 406,
    ngsiLd: 'NotAcceptable',
    when: 'NGSI-LD: the `Accept` header asks for a representation the broker does not give',
  },
  ALREADY_EXISTS: {
    status: 409,
    ngsiLd: 'AlreadyExists',
    when: 'NGSI-LD: an entity, subscription or context source registration of that id exists',
  },
  OPERATION_NOT_SUPPORTED: {
    status: 422,
    ngsiLd: 'OperationNotSupported',
    when: 'NGSI-LD: an operation the broker does not support',
  },
  TOO_MANY_STREAMS: {
    status: 429,
    when: 'the caller (an API key, an account, or an address when anonymous) already holds `EVENT_STREAMS_PER_CALLER` event streams (`GET /api/v1/events`) open on this instance; see `Retry-After`',
  },
  NGSI_LD_INTERNAL_ERROR: {
    status: 500,
    ngsiLd: 'InternalError',
    when: 'NGSI-LD: a bug; logged in full with the request id',
  },
  LD_CONTEXT_NOT_AVAILABLE: {
    status: 503,
    ngsiLd: 'LdContextNotAvailable',
    when: 'NGSI-LD: a remote `@context` could not be had (not allowed by the outbound guard, unreachable, too large, not a context)',
  },
  CONTEXT_ALIASES_INVALID: { status: 500, when: 'at start: the `CONTEXT_ALIASES` file is not a map of URLs to files' },
});
