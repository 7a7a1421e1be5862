import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import jsonld from 'jsonld';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Database } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import { ngsiErrors } from '../errors.js';
import { CORE_CONTEXT, CORE_CONTEXT_URL, CORE_CONTEXT_URLS } from './core-context.js';
import * as store from './store.js';
import { DEFAULT_VOCAB } from './vocabulary.js';

/**
 * Turns the @context of a request (none, a Link URL, an inline object, an array) into a TermMap that
 * expands attribute and type names to IRIs and compacts them back. Context processing is done by the
 * JSON-LD library; its result is cached, so the hot path is two Map look-ups per name.
 */

interface TermDefinition {
  readonly '@id'?: string;
  readonly _prefix?: boolean;
}
interface ActiveContext {
  readonly mappings: Map<string, TermDefinition>;
  readonly '@vocab'?: string;
}
const TERM_CACHE_LIMIT = 10_000;

type ProcessContext = (active: ActiveContext | null, local: unknown, options: object) => Promise<ActiveContext>;
const processContext = (jsonld as unknown as { processContext: ProcessContext }).processContext;

/** What a response refers to: the URL(s) for a Link header and the value for an ld+json body. */
export interface ContextSource {
  /** The single URL to put in a Link header. */
  readonly linkUrl: string;
  /** The `@context` member of an application/ld+json body. */
  readonly value: unknown;
}

export class TermMap {
  readonly #expanded = new Map<string, string>();
  readonly #compacted = new Map<string, string>();
  readonly #termsByIri = new Map<string, string>();
  readonly #prefixes: [string, string][] = [];
  readonly #mappings: Map<string, TermDefinition>;
  readonly #vocab: string;

  constructor(
    active: ActiveContext,
    readonly source: ContextSource,
  ) {
    this.#mappings = active.mappings;
    this.#vocab = active['@vocab'] ?? DEFAULT_VOCAB;
    for (const [term, def] of active.mappings) {
      const iri = def['@id'];
      if (!iri || iri.startsWith('@')) continue;
      const known = this.#termsByIri.get(iri);
      // JSON-LD's choice: the shortest term, then the least in code-point order.
      if (known === undefined || term.length < known.length || (term.length === known.length && term < known)) {
        this.#termsByIri.set(iri, term);
      }
      if (def._prefix) this.#prefixes.push([term, iri]);
    }
    this.#prefixes.sort((a, b) => b[1].length - a[1].length);
  }

  /** An attribute or type name as the client wrote it → its IRI. */
  expand(term: string): string {
    let iri = this.#expanded.get(term);
    if (iri === undefined) {
      iri = this.#expandUncached(term);
      // Names come from clients: the cache is bounded so that no stream of new names can grow it forever.
      if (this.#expanded.size >= TERM_CACHE_LIMIT) this.#expanded.clear();
      this.#expanded.set(term, iri);
    }
    return iri;
  }

  #expandUncached(term: string): string {
    const mapped = this.#mappings.get(term)?.['@id'];
    if (mapped !== undefined) return mapped;
    const colon = term.indexOf(':');
    if (colon > 0) {
      const prefix = term.slice(0, colon);
      const suffix = term.slice(colon + 1);
      if (suffix.startsWith('//')) return term;
      const base = this.#mappings.get(prefix)?.['@id'];
      return base !== undefined && !base.startsWith('@') ? base + suffix : term;
    }
    return this.#vocab + term;
  }

  /** An IRI → the shortest name this context gives it. */
  compact(iri: string): string {
    let term = this.#compacted.get(iri);
    if (term === undefined) {
      term = this.#compactUncached(iri);
      if (this.#compacted.size >= TERM_CACHE_LIMIT) this.#compacted.clear();
      this.#compacted.set(iri, term);
    }
    return term;
  }

  #compactUncached(iri: string): string {
    const term = this.#termsByIri.get(iri);
    if (term !== undefined) return term;
    if (iri.startsWith(this.#vocab)) {
      const suffix = iri.slice(this.#vocab.length);
      if (suffix !== '' && !this.#mappings.has(suffix) && !suffix.includes(':')) return suffix;
    }
    for (const [prefix, base] of this.#prefixes) {
      if (iri.startsWith(base) && iri.length > base.length) return `${prefix}:${iri.slice(base.length)}`;
    }
    return iri;
  }
}

export interface ContextResolverOptions {
  /** Where hosted contexts and cached copies of remote ones are kept, shared by every instance. */
  readonly db?: Database | undefined;
  /** JSON file mapping context URLs to local files (relative paths from the file's folder). */
  readonly aliasesFile: string | undefined;
  readonly fetchTimeoutMs: number;
  readonly maxBytes: number;
  readonly log: Logger;
}

const CACHE_LIMIT = 500;
const HOSTED_PATH = /\/ngsi-ld\/v1\/jsonldContexts\/([^/?#]+)$/;

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}
const CORE_SOURCE: ContextSource = { linkUrl: CORE_CONTEXT_URL, value: CORE_CONTEXT_URL };

class ContextUnavailable extends Error {}

export class ContextResolver {
  readonly #options: ContextResolverOptions;
  readonly #termMaps = new Map<string, Promise<TermMap>>();
  readonly #documents = new Map<string, unknown>();
  #aliases: Promise<Map<string, string>> | undefined;
  #initial: Promise<ActiveContext> | undefined;

  constructor(options: ContextResolverOptions) {
    this.#options = options;
  }

  /** The core context alone: what a request without any @context gets. */
  core(): Promise<TermMap> {
    return this.resolve(undefined);
  }

  /**
   * Resolves a request's @context. `context` is undefined (core only), a URL (from a Link header or
   * the body), an object, or an array of those. Unreachable remote contexts → LdContextNotAvailable.
   */
  resolve(context: unknown): Promise<TermMap> {
    const userContexts = (Array.isArray(context) ? context : context === undefined ? [] : [context]).filter(
      (c) => !(typeof c === 'string' && CORE_CONTEXT_URLS.has(c)),
    );
    const key = JSON.stringify(userContexts);
    let termMap = this.#termMaps.get(key);
    if (!termMap) {
      termMap = this.#build(userContexts, context);
      if (this.#termMaps.size >= CACHE_LIMIT) this.#termMaps.clear();
      this.#termMaps.set(key, termMap);
      // A failure is not cached: the next request tries again.
      termMap.catch(() => this.#termMaps.delete(key));
    }
    return termMap;
  }

  async #build(userContexts: unknown[], original: unknown): Promise<TermMap> {
    for (const c of userContexts) {
      if (typeof c === 'string') {
        let url: URL | undefined;
        try {
          url = new URL(c);
        } catch {
          url = undefined;
        }
        if (!url || !['http:', 'https:', 'file:', 'urn:'].includes(url.protocol)) {
          throw ngsiErrors.badRequestData(`The @context "${c}" is not an absolute URL.`);
        }
      } else if (c === null || typeof c !== 'object' || Array.isArray(c)) {
        throw ngsiErrors.badRequestData('A @context must be a URL, an object or an array of those.');
      }
    }
    this.#initial ??= processContext(null, null, {});
    const initial = await this.#initial;
    let active: ActiveContext;
    try {
      active = await processContext(initial, [...userContexts, CORE_CONTEXT_URL], {
        documentLoader: (url: string) => this.#load(url),
      });
    } catch (err) {
      const unavailable = findCause(err, (e) => e instanceof ContextUnavailable);
      if (unavailable) throw ngsiErrors.ldContextNotAvailable(unavailable.message);
      const appError = findCause(err, (e) => e instanceof AppError);
      if (appError) throw appError;
      throw ngsiErrors.badRequestData(`The @context is not valid JSON-LD: ${(err as Error).message}`);
    }
    const source: ContextSource =
      userContexts.length === 0
        ? CORE_SOURCE
        : { linkUrl: typeof original === 'string' ? original : CORE_CONTEXT_URL, value: original };
    return new TermMap(active, source);
  }

  async #load(url: string): Promise<{ contextUrl: null; documentUrl: string; document: unknown }> {
    const document = CORE_CONTEXT_URLS.has(url) ? CORE_CONTEXT : await this.#document(url);
    return { contextUrl: null, documentUrl: url, document };
  }

  async #document(url: string): Promise<unknown> {
    const cached = this.#documents.get(url);
    if (cached !== undefined) return cached;
    const aliases = await (this.#aliases ??= this.#readAliases());
    const file = aliases.get(url);
    const document = file !== undefined ? await this.#readAlias(url, file) : await this.#stored(url);
    if (document === null || typeof document !== 'object' || !('@context' in document)) {
      throw new ContextUnavailable(`${url} is not a JSON-LD context document (it has no "@context").`);
    }
    this.#documents.set(url, document);
    return document;
  }

  /** A hosted context, or a copy of a remote one another instance already downloaded, else a download. */
  async #stored(url: string): Promise<unknown> {
    const { db } = this.#options;
    if (!db) return this.#fetch(url);
    const hosted = HOSTED_PATH.exec(safePath(url));
    if (hosted) {
      const found = await store.findContext(db, decodeURIComponent(hosted[1] as string));
      if (found?.kind === 'hosted') return found.body;
    }
    const cached = await store.findContextByUrl(db, url);
    if (cached) return cached.body;
    const document = await this.#fetch(url);
    await store.saveContext(db, { id: randomUUID(), url, kind: 'cached', body: document });
    return document;
  }

  // --- the /jsonldContexts API ----------------------------------------------------------------

  #requireDb(): Database {
    if (!this.#options.db) throw new Error('the context store needs a database');
    return this.#options.db;
  }

  /** Keeps a context document for clients to reference; returns its id (the URL is built by the caller). */
  async host(document: unknown, urlFor: (id: string) => string): Promise<{ id: string; url: string }> {
    if (document === null || typeof document !== 'object' || Array.isArray(document) || !('@context' in document)) {
      throw ngsiErrors.badRequestData('A context to host must be a JSON object with an "@context" member.');
    }
    const context = document['@context'];
    const checks = Array.isArray(context) ? context : [context];
    if (checks.some((c) => c === null || (typeof c !== 'object' && typeof c !== 'string'))) {
      throw ngsiErrors.badRequestData('"@context" must be a URL, an object or an array of those.');
    }
    // Reject what would not work later: process it now with the core context.
    await this.resolve(context);
    const id = randomUUID();
    const url = urlFor(id);
    await store.saveContext(this.#requireDb(), { id, url, kind: 'hosted', body: { '@context': context } });
    return { id, url };
  }

  list(kind: 'hosted' | 'cached' | undefined): Promise<store.StoredContext[]> {
    return store.listContexts(this.#requireDb(), kind);
  }

  async get(id: string): Promise<store.StoredContext> {
    const found = await store.findContext(this.#requireDb(), id);
    if (!found) throw ngsiErrors.resourceNotFound(`No @context with the id ${id} is held here.`);
    return found;
  }

  /** Forgets a hosted or cached context; `reload` downloads a cached one again at once. */
  async remove(id: string, reload: boolean): Promise<void> {
    const db = this.#requireDb();
    const found = await store.findContext(db, id);
    if (!found) throw ngsiErrors.resourceNotFound(`No @context with the id ${id} is held here.`);
    if (reload && found.kind !== 'cached') {
      throw ngsiErrors.badRequestData('Only a cached copy of a remote @context can be reloaded.');
    }
    if (reload) {
      const fresh = await this.#fetch(found.url).catch((err: unknown) => {
        throw err instanceof ContextUnavailable ? ngsiErrors.ldContextNotAvailable(err.message) : err;
      });
      await db.transaction(async (tx) => {
        await store.deleteContext(tx, id);
        await store.saveContext(tx, { id, url: found.url, kind: 'cached', body: fresh });
      });
    } else {
      await store.deleteContext(db, id);
    }
    this.#documents.clear();
    this.#termMaps.clear();
  }

  async #readAliases(): Promise<Map<string, string>> {
    const file = this.#options.aliasesFile;
    if (!file) return new Map();
    const raw = JSON.parse(await readFile(file, 'utf8')) as unknown;
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      throw new AppError('CONTEXT_ALIASES_INVALID', 500, `${file} must map @context URLs to file paths.`);
    }
    const base = dirname(file);
    return new Map(Object.entries(raw as Record<string, string>).map(([url, path]) => [url, resolve(base, path)]));
  }

  async #readAlias(url: string, file: string): Promise<unknown> {
    try {
      return JSON.parse(await readFile(file, 'utf8')) as unknown;
    } catch (err) {
      throw new ContextUnavailable(`The local copy of ${url} (${file}) cannot be read: ${(err as Error).message}`);
    }
  }

  /** Downloads a remote context: bounded in time and size, one retry on a transient failure. */
  async #fetch(url: string): Promise<unknown> {
    if (!/^https?:\/\//.test(url)) throw new ContextUnavailable(`${url} cannot be downloaded and has no local alias.`);
    const { fetchTimeoutMs, maxBytes, log } = this.#options;
    const deadline = Date.now() + fetchTimeoutMs;
    let lastError = '';
    for (let attempt = 0; attempt < 2 && Date.now() < deadline; attempt++) {
      try {
        const res = await fetch(url, {
          headers: { accept: 'application/ld+json, application/json;q=0.9' },
          signal: AbortSignal.timeout(Math.max(1, deadline - Date.now())),
          redirect: 'follow',
        });
        if (!res.ok) {
          lastError = `HTTP ${res.status}`;
          if (res.status < 500) break;
          continue;
        }
        const declared = Number(res.headers.get('content-length') ?? 0);
        if (declared > maxBytes) throw new ContextUnavailable(`${url} is larger than ${maxBytes} bytes.`);
        const text = await readLimited(res, maxBytes, url);
        log.info({ url, bytes: text.length }, '@context downloaded');
        try {
          return JSON.parse(text) as unknown;
        } catch {
          throw new ContextUnavailable(`${url} is not JSON.`);
        }
      } catch (err) {
        if (err instanceof ContextUnavailable) throw err;
        lastError =
          (err as Error).name === 'TimeoutError' ? `no answer within ${fetchTimeoutMs} ms` : (err as Error).message;
      }
    }
    throw new ContextUnavailable(`The @context ${url} cannot be retrieved: ${lastError}.`);
  }
}

async function readLimited(res: Response, maxBytes: number, url: string): Promise<string> {
  if (!res.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    size += (chunk as Uint8Array).byteLength;
    if (size > maxBytes) throw new ContextUnavailable(`${url} is larger than ${maxBytes} bytes.`);
    chunks.push(chunk as Uint8Array);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function findCause(err: unknown, match: (e: unknown) => boolean): Error | undefined {
  let current: unknown = err;
  for (let depth = 0; current && depth < 10; depth++) {
    if (match(current)) return current as Error;
    const c = current as { cause?: unknown; details?: { cause?: unknown } };
    current = c.details?.cause ?? c.cause;
  }
  return undefined;
}
