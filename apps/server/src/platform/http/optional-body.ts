import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

/**
 * Whether a body the safe parser refused is JSON all the same: then it was refused for a key that
 * could change what objects inherit, and is said so (JSON.parse keeps such a key as an own property,
 * and its result is dropped).
 */
function isJson(body: string): boolean {
  try {
    JSON.parse(body);
    return true;
  } catch {
    return false;
  }
}

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
    void json(request, body as string, (err, parsed) => {
      if (err && isJson(body as string)) {
        done(
          new AppError(
            'REFUSED_JSON_KEY',
            400,
            'The body has a key "__proto__" (or "constructor" holding "prototype"), which is refused: it could change what every object inherits. Remove or rename it.',
          ),
          undefined,
        );
        return;
      }
      done(err, parsed);
    });
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
