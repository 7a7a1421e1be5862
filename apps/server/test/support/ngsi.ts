import type { LightMyRequestResponse } from 'fastify';
import type { App } from '../../src/app.js';
import { problemOf, type Account } from './app.js';

/** Calls of the NGSI-LD API through `inject`, as an account (or anonymously with `who: null`). */

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface CallOptions {
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** Who calls; the default account when undefined, nobody when null. */
  readonly who?: Account | null;
}

/** `app` and `account` are read at each call: test suites create them in before(). */
export function ngsiCaller(app: () => App, account: () => Account | null) {
  return (method: Method, url: string, options: CallOptions = {}): Promise<LightMyRequestResponse> => {
    const who = options.who === undefined ? account() : options.who;
    const headers: Record<string, string> = { ...(who ? who.auth : {}), ...options.headers };
    if (options.body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    return app().http.inject({
      method,
      url: `/ngsi-ld/v1${url}`,
      headers,
      ...(options.body !== undefined
        ? { payload: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }
        : {}),
    });
  };
}

/** The NGSI-LD error type of a problem response, without its namespace (e.g. `BadRequestData`). */
export const ngsiErrorType = (res: LightMyRequestResponse): string =>
  problemOf(res).type.replace('https://uri.etsi.org/ngsi-ld/errors/', '');
