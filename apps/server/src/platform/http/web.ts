import { readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { VERSION } from '../version.js';
import type { UnknownPage } from './problems.js';

/**
 * Serves the operations centre (apps/web, built by `npm run build`) from this server, so one process
 * and one port give the API and the page. Hashed assets are cached for a year; index.html is checked
 * every time, so a new build reaches browsers at once. Gzip copies made at build time are sent to
 * browsers that accept them. Without a build, `/` leads to the API docs. Files are kept in memory up
 * to a bound, the least recently sent going first; index.html is read again when it changed on disk.
 */

const DIST = fileURLToPath(new URL('../../../../web/dist/', import.meta.url));
/** The page's own paths (client-side routes): each answers with index.html. */
const PAGES = [
  '/',
  '/devices',
  '/trends',
  '/transit',
  '/admin',
  '/account',
  '/dispatch',
  '/dispatch/report',
  '/reports',
  '/reports/insight',
  '/dossiers',
  '/dossiers/index',
];
/** Where the APIs and the devices are: an unknown address there is answered in JSON, never with the page. */
const API_ROOTS = new Set(['api', 'ngsi-ld', 'docs', 'iot', 'assets', 'health', 'metrics', 'openapi.json', 'open311']);
/** Built asset names; source maps are never served (they would publish the sources). */
const ASSET = /^[A-Za-z0-9._-]+$/;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** Powerful browser features the operations centre never uses, denied to the page and anything it embeds. */
const DENIED_FEATURES = [
  'camera',
  'microphone',
  'payment',
  'usb',
  'serial',
  'bluetooth',
  'hid',
  'midi',
  'display-capture',
  'screen-wake-lock',
  'publickey-credentials-get',
].map((feature) => `${feature}=()`);
const PERMISSIONS_POLICY = [...DENIED_FEATURES, 'geolocation=()'].join(', ');
/** The public pages ask where the person is ("stops near me", "the place of the problem"), for themselves only. */
const RIDER_PERMISSIONS_POLICY = [...DENIED_FEATURES, 'geolocation=(self)'].join(', ');
/** The rider's page: public, phone-first, its own small entry of the web build (rider/index.html). */
const RIDER_PAGE = '/rider/'; // also /rider: the server ignores a trailing slash
/** The citizens' page: report a problem, follow it, see the reports near here (citizen/index.html). */
const CITIZEN_PAGE = '/citizen/';
/** Online public services: find a procedure, apply, pay, follow the dossier (dich-vu-cong/index.html). */
const SERVICES_PAGE = '/dich-vu-cong/';

/**
 * The page loads only its own scripts and talks only to this server; MapLibre needs blob: workers and
 * images, data: images and WebGL (no eval). An external map style (MAP_STYLE_URL) adds its own origin
 * for the style, tiles, glyphs and sprites it serves.
 */

/** A query string of any parameters: the allow-list does not apply. */
const ANY_QUERY = { type: 'object', additionalProperties: true } as const;
export function pageCsp(mapStyleUrl: string | undefined): string {
  const map = mapStyleUrl === undefined ? '' : ` ${new URL(mapStyleUrl).origin}`;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "worker-src 'self' blob:",
    'child-src blob:',
    `img-src 'self' data: blob:${map}`,
    "style-src 'self' 'unsafe-inline'",
    `connect-src 'self'${map}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

interface File {
  readonly body: Buffer;
  readonly gzip: Buffer | undefined;
  readonly type: string;
  /** The file's modification time and size when read (index.html is checked against them). */
  readonly stamp: string;
}

/** Bytes of files kept in memory: a build is a few MB (MapLibre ~1 MB), a few builds fit. */
export const ASSET_CACHE_BYTES = 16 * 1024 * 1024;

const sizeOf = (file: File): number => file.body.length + (file.gzip?.length ?? 0);

/**
 * The files sent lately, at most `maxBytes` of them, the least recently sent dropped first: builds
 * deployed one after another into a running server leave no trail of old files in memory. Names
 * that are not files are never kept (they are unbounded; each costs a look at the disk).
 */
export class AssetCache {
  readonly #files = new Map<string, File>();
  readonly #maxBytes: number;
  #bytes = 0;

  constructor(maxBytes = ASSET_CACHE_BYTES) {
    this.#maxBytes = maxBytes;
  }

  get files(): number {
    return this.#files.size;
  }

  get bytes(): number {
    return this.#bytes;
  }

  get(path: string): File | undefined {
    const file = this.#files.get(path);
    if (file) {
      // Most recently sent last: the Map keeps insertion order.
      this.#files.delete(path);
      this.#files.set(path, file);
    }
    return file;
  }

  set(path: string, file: File): void {
    this.delete(path);
    const size = sizeOf(file);
    if (size > this.#maxBytes) return; // sent, not kept
    this.#files.set(path, file);
    this.#bytes += size;
    for (const [oldest, old] of this.#files) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#files.delete(oldest);
      this.#bytes -= sizeOf(old);
    }
  }

  delete(path: string): void {
    const file = this.#files.get(path);
    if (!file) return;
    this.#files.delete(path);
    this.#bytes -= sizeOf(file);
  }
}

const stampOf = (full: string): string | null => {
  try {
    const s = statSync(full);
    return s.isFile() ? `${s.mtimeMs}:${s.size}` : null;
  } catch {
    return null;
  }
};

export interface WebOptions {
  readonly mapStyleUrl: string | undefined;
  /** Whether the login page offers "Log in with the city account" (OIDC_ISSUER is set). */
  readonly singleSignOn?: boolean;
  /** Where the built page is (WEB_DIST); the default is apps/web/dist. */
  readonly dist?: string;
  /** The files kept in memory (tests give a small one). */
  readonly cache?: AssetCache;
  /** Filled in here: the app's page for a browser asking for an address no route takes. */
  readonly unknownPage?: UnknownPage;
}

export async function webRoutes(app: FastifyInstance, options: WebOptions): Promise<void> {
  const dist = options.dist ?? DIST;
  const cache = options.cache ?? new AssetCache();
  const load = (path: string): File | null => {
    const full = join(dist, path);
    const cached = cache.get(path);
    // Hashed assets never change under their name; index.html does, with each build.
    if (cached && (path.startsWith('assets/') || cached.stamp === stampOf(full))) return cached;
    const stamp = stampOf(full);
    if (stamp === null) {
      cache.delete(path);
      return null;
    }
    const gzip = stampOf(`${full}.gz`) === null ? undefined : readFileSync(`${full}.gz`);
    const file = { body: readFileSync(full), gzip, type: TYPES[extname(path)] ?? 'application/octet-stream', stamp };
    cache.set(path, file);
    return file;
  };
  const contentSecurityPolicy = pageCsp(options.mapStyleUrl);
  const send = (
    request: FastifyRequest,
    reply: FastifyReply,
    file: File,
    cacheControl: string,
    permissionsPolicy = PERMISSIONS_POLICY,
  ) => {
    void reply
      .header('referrer-policy', 'strict-origin-when-cross-origin')
      .header('permissions-policy', permissionsPolicy);
    void reply.header('cache-control', cacheControl).header('vary', 'accept-encoding').type(file.type);
    const accepts = String(request.headers['accept-encoding'] ?? '');
    if (file.gzip && /\bgzip\b/.test(accepts)) return reply.header('content-encoding', 'gzip').send(file.gzip);
    return reply.send(file.body);
  };

  app.get(
    '/api/v1/ui/config',
    {
      config: { access: 'public' },
      schema: {
        tags: ['Operations centre'],
        summary: "What the operations centre's page needs before login: the map style, the version, single sign-on",
        response: {
          200: {
            type: 'object',
            properties: {
              mapStyleUrl: { type: ['string', 'null'] },
              version: { type: 'string' },
              ssoLoginUrl: { type: ['string', 'null'], description: 'Where "Log in with the city account" goes' },
            },
            required: ['mapStyleUrl', 'version', 'ssoLoginUrl'],
          },
        },
      },
    },
    async () => ({
      mapStyleUrl: options.mapStyleUrl ?? null,
      version: VERSION,
      ssoLoginUrl: options.singleSignOn ? '/api/v1/auth/oidc/login' : null,
    }),
  );

  // The web app's own addresses (a map view, a filter) and cache-busting belong to the browser side.
  for (const page of PAGES) {
    app.get(
      page,
      { config: { access: 'public' }, schema: { hide: true, querystring: ANY_QUERY } },
      (request, reply) => {
        const index = load('index.html');
        if (!index) return reply.redirect('/docs');
        void reply.header('content-security-policy', contentSecurityPolicy);
        return send(request, reply, index, 'no-cache');
      },
    );
  }

  // The public pages: the rider's and citizens' reports ask where the person is; online public services
  // never do (a ward is chosen from a list).
  for (const [path, file, name, policy] of [
    [RIDER_PAGE, 'rider/index.html', 'rider', RIDER_PERMISSIONS_POLICY],
    [CITIZEN_PAGE, 'citizen/index.html', 'citizen', RIDER_PERMISSIONS_POLICY],
    [SERVICES_PAGE, 'dich-vu-cong/index.html', 'online public services', PERMISSIONS_POLICY],
  ] as const) {
    app.get(
      path,
      { config: { access: 'public' }, schema: { hide: true, querystring: ANY_QUERY } },
      (request, reply) => {
        const index = load(file);
        if (!index) return reply.code(404).type('text/plain').send(`The ${name} page is not built: npm run build.`);
        void reply.header('content-security-policy', contentSecurityPolicy);
        return send(request, reply, index, 'no-cache', policy);
      },
    );
  }

  // The citizens' page's service worker (web push to a reporter): at the page's path, so its scope is the page.
  app.get(
    `${CITIZEN_PAGE}push-worker.js`,
    { config: { access: 'public' }, schema: { hide: true, querystring: ANY_QUERY } },
    (request, reply) => {
      const file = load('citizen/push-worker.js');
      if (!file) return reply.code(404).type('text/plain').send('Not found');
      return send(request, reply, file, 'no-cache');
    },
  );

  if (options.unknownPage) {
    options.unknownPage.answer = (request, reply) => {
      const root = (request.url.split('?')[0] ?? '').split('/')[1] ?? '';
      const wantsPage =
        (request.method === 'GET' || request.method === 'HEAD') &&
        !API_ROOTS.has(root) &&
        /\btext\/html\b/.test(String(request.headers.accept ?? ''));
      const index = wantsPage ? load('index.html') : null;
      if (!index) return null;
      // Still a 404 for crawlers and scripts; the page itself says "page not found" and leads home.
      void reply.code(404).header('content-security-policy', contentSecurityPolicy);
      return send(request, reply, index, 'no-cache');
    };
  }

  app.get<{ Params: { file: string } }>(
    '/assets/:file',
    { config: { access: 'public' }, schema: { hide: true, querystring: ANY_QUERY } },
    (request, reply) => {
      const name = request.params.file;
      const file = ASSET.test(name) && extname(name) in TYPES ? load(`assets/${name}`) : null;
      if (!file) return reply.code(404).type('text/plain').send('Not found');
      return send(request, reply, file, 'public, max-age=31536000, immutable');
    },
  );
}
