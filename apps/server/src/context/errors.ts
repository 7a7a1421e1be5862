import { AppError } from '../platform/errors.js';

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
  ldContextNotAvailable: ngsiError('LdContextNotAvailable', 503, 'LD_CONTEXT_NOT_AVAILABLE'),
  notAcceptable: ngsiError('NotAcceptable', 406, 'NOT_ACCEPTABLE'),
  internalError: ngsiError('InternalError', 500, 'NGSI_LD_INTERNAL_ERROR'),
} as const;
