import type { FastifyInstance } from 'fastify';

/**
 * Which methods each path takes, so a request with a method the path does not take is answered
 * 405 Method Not Allowed with `Allow` (RFC 9110 §15.5.6) rather than 404, which would say the
 * resource does not exist.
 */
export class RouteMethods {
  readonly #routes: { pattern: RegExp; methods: Set<string> }[] = [];
  readonly #byUrl = new Map<string, Set<string>>();

  /** Records every route the app registers from now on. */
  watch(app: FastifyInstance): void {
    app.addHook('onRoute', (route) => {
      const url = route.url.length > 1 ? route.url.replace(/\/$/, '') : route.url;
      let methods = this.#byUrl.get(url);
      if (!methods) {
        methods = new Set();
        this.#byUrl.set(url, methods);
        this.#routes.push({ pattern: patternOf(url), methods });
      }
      for (const m of Array.isArray(route.method) ? route.method : [route.method]) methods.add(m);
    });
  }

  /** The methods taken at a request path (a trailing slash is the same path); empty when none is routed. */
  allowedAt(url: string): string[] {
    const path = (url.split('?')[0] ?? url).replace(/(.)\/$/, '$1');
    const allowed = new Set<string>();
    for (const { pattern, methods } of this.#routes) if (pattern.test(path)) methods.forEach((m) => allowed.add(m));
    return [...allowed].sort();
  }
}

/** A route's path as a pattern: `:name` is one segment (possibly empty, as the router takes it), `*` the rest. */
function patternOf(url: string): RegExp {
  const source = url
    .split('/')
    .map((segment) => {
      if (segment === '*') return '.*';
      if (segment.startsWith(':')) return '[^/]*';
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return new RegExp(`^${source}$`);
}
