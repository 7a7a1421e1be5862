import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

/**
 * A body a route declares optional (its schema wrapped in Type.Optional: a staff step, a withdrawal)
 * may be left out: sent with no body at all, or as an empty application/json, it is read as {}.
 * A route whose body is required still refuses both, as before: an empty JSON body as EMPTY_BODY,
 * no body at all as VALIDATION_FAILED ("body must be object").
 */
export function takeOptionalBodies(app: FastifyInstance): void {
  const emptyJson = new WeakSet<FastifyRequest>();
  const json = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') {
      emptyJson.add(request);
      done(null, undefined);
      return;
    }
    void json(request, body as string, done);
  });
  app.addHook('preValidation', async (request) => {
    // No route takes it: the not-found handler says 404 or 405 by the path, whatever the body.
    if (request.is404) return;
    if (request.body !== undefined && request.body !== null) return;
    const schema = request.routeOptions.schema?.body as { '~optional'?: boolean } | undefined;
    if (schema?.['~optional'] === true) request.body = {};
    else if (emptyJson.has(request)) {
      throw new AppError('EMPTY_BODY', 400, "Body cannot be empty when content-type is set to 'application/json'");
    }
  });
}
