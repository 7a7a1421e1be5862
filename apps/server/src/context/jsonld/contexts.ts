import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import jsonld from 'jsonld';
import { createHash, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Database } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import { OutboundGuard } from '../../platform/outbound.js';
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

/** What a processed context knows, shared by every request that names the same context. */
class Terms {
  readonly expanded = new Map<string, string>();
  readonly compacted = new Map<string, string>();
  readonly termsByIri = new Map<string, string>();
  readonly prefixes: [string, string][] = [];
  readonly mappings: Map<string, TermDefinition>;
  readonly vocab: string;

  constructor(active: ActiveContext) {
    this.mappings = active.mappings;
    this.vocab = active['@vocab'] ?? DEFAULT_VOCAB;
    for (const [term, def] of active.mappings) {
      const iri = def['@id'];
      if (!iri || iri.startsWith('@')) continue;
      const known = this.termsByIri.get(iri);
      // JSON-LD's choice: the shortest term, then the least in code-point order.
      if (known === undefined || term.length < known.length || (term.length === known.length && term < known)) {
        this.termsByIri.set(iri, term);
      }
      if (def._prefix) this.prefixes.push([term, iri]);
    }
    this.prefixes.sort((a, b) => b[1].length - a[1].length);
  }
}

export class TermMap {
  readonly #terms: Terms;

  /** From a processed context, or sharing the terms of another map with a different source. */
  constructor(
    active: ActiveContext | TermMap,
    readonly source: ContextSource,
  ) {
    this.#terms = active instanceof TermMap ? active.#terms : new Terms(active);
  }

  /** An attribute or type name as the client wrote it → its IRI. */
  expand(term: string): string {
    const { expanded } = this.#terms;
    let iri = expanded.get(term);
    if (iri === undefined) {
      iri = this.#expandUncached(term);
      // Names come from clients: the cache is bounded so that no stream of new names can grow it forever.
      if (expanded.size >= TERM_CACHE_LIMIT) expanded.clear();
      expanded.set(term, iri);
    }
    return iri;
  }

  #expandUncached(term: string): string {
    const { mappings, vocab } = this.#terms;
    const mapped = mappings.get(term)?.['@id'];
    if (mapped !== undefined) return mapped;
    const colon = term.indexOf(':');
    if (colon > 0) {
      const prefix = term.slice(0, colon);
      const suffix = term.slice(colon + 1);
      if (suffix.startsWith('//')) return term;
      const base = mappings.get(prefix)?.['@id'];
      return base !== undefined && !base.startsWith('@') ? base + suffix : term;
    }
    return vocab + term;
  }

  /** An IRI → the shortest name this context gives it. */
  compact(iri: string): string {
    const { compacted } = this.#terms;
    let term = compacted.get(iri);
    if (term === undefined) {
      term = this.#compactUncached(iri);
      if (compacted.size >= TERM_CACHE_LIMIT) compacted.clear();
      compacted.set(iri, term);
    }
    return term;
  }

  #compactUncached(iri: string): string {
    const { termsByIri, mappings, vocab, prefixes } = this.#terms;
    const term = termsByIri.get(iri);
    if (term !== undefined) return term;
    if (iri.startsWith(vocab)) {
      const suffix = iri.slice(vocab.length);
      if (suffix !== '' && !mappings.has(suffix) && !suffix.includes(':')) return suffix;
    }
    for (const [prefix, base] of prefixes) {
      if (iri.startsWith(base) && iri.length > base.length) return `${prefix}:${iri.slice(base.length)}`;
    }
    return iri;
  }
}

/**
 * How a response names the request's context: the context as the client gave it in a JSON-LD body,
 * and in a Link header its one URL (the core context when it gave none, or an inline or longer one).
 */
function sourceOf(userContexts: readonly unknown[], original: unknown): ContextSource {
  if (userContexts.length === 0) return CORE_SOURCE;
  const [only] = userContexts;
  return { linkUrl: userContexts.length === 1 && typeof only === 'string' ? only : CORE_CONTEXT_URL, value: original };
}

export interface ContextResolverOptions {
  /** Where hosted contexts and cached copies of remote ones are kept, shared by every instance. */
  readonly db?: Database | undefined;
  /** JSON file mapping context URLs to local files (relative paths from the file's folder). */
  readonly aliasesFile: string | undefined;
  readonly fetchTimeoutMs: number;
  readonly maxBytes: number;
  readonly log: Logger;
  /** The gate every download passes; without one, only public addresses are reached. */
  readonly outbound?: OutboundGuard;
}

/** Who manages stored contexts: a tenant, and whether a platform administrator (who alone may delete platform-wide ones). */
export interface ContextOwner {
  readonly tenant: string;
  readonly admin: boolean;
}

/** Who reads a stored context by its id: anonymous (hosted documents only), or an owner. */
export type ContextReader = ContextOwner | undefined;

const DEFAULT_TENANT = '';
/** The local id under which the core context is listed. */
const CORE_CONTEXT_ID = 'ngsi-ld-core-context';
const REDIRECTS = 5;

const CACHE_LIMIT = 500;
/**
 * How many @contexts the broker may make for one tenant (each subscription with a new array or inline
 * @context makes one; the same @context again reuses it): past this, such a request is refused.
 */
export const IMPLICIT_CONTEXT_LIMIT = 1000;
/** The largest such @context kept (64 KiB): with the count, what one tenant can make the broker store. */
export const IMPLICIT_CONTEXT_MAX_BYTES = 64 * 1024;
/** Uses are counted in memory and written this long after the first unwritten one (or before any read of the counts). */
const USE_FLUSH_MS = 5000;
const HOSTED_PATH = /\/ngsi-ld\/v1\/jsonldContexts\/([^/?#]+)$/;

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}
const CORE_SOURCE: ContextSource = { linkUrl: CORE_CONTEXT_URL, value: CORE_CONTEXT_URL };

/** Its message is what the caller is told: nothing about why (reachability stays in the log). */
class ContextUnavailable extends Error {
  constructor(url: string) {
    super(`The @context ${url} is not available.`);
  }
}

/** What a use counts for: a document by its local id, or the tenant's (else platform-wide) copy of a URL. */
type UseTarget = { readonly id: string } | { readonly tenant: string; readonly url: string };

const isContextDocument = (d: unknown): d is { '@context': unknown } =>
  d !== null && typeof d === 'object' && !Array.isArray(d) && '@context' in d;

export class ContextResolver {
  readonly #options: ContextResolverOptions;
  readonly #termMaps = new Map<string, Promise<TermMap>>();
  readonly #documents = new Map<string, unknown>();
  #aliases: Promise<Map<string, string>> | undefined;
  #initial: Promise<ActiveContext> | undefined;
  /** Uses of stored documents not yet written: a busy context is not one hot row. */
  #uses = new Map<string, { readonly target: UseTarget; hits: number }>();
  #usesFlush: NodeJS.Timeout | undefined;

  readonly #outbound: OutboundGuard;

  constructor(options: ContextResolverOptions) {
    this.#options = options;
    this.#outbound = options.outbound ?? new OutboundGuard({ allow: [] });
  }

  /** The core context alone: what a request without any @context gets. */
  core(): Promise<TermMap> {
    return this.resolve(undefined);
  }

  /**
   * Resolves a request's @context. `context` is undefined (core only), a URL (from a Link header or
   * the body), an object, or an array of those. Unreachable remote contexts → LdContextNotAvailable.
   * `tenant` is whose cached copies are used (and who owns a new download).
   */
  resolve(context: unknown, tenant: string = DEFAULT_TENANT): Promise<TermMap> {
    const userContexts = (Array.isArray(context) ? context : context === undefined ? [] : [context]).filter(
      (c) => !(typeof c === 'string' && CORE_CONTEXT_URLS.has(c)),
    );
    const key = userContexts.length === 0 ? '[]' : `${tenant}\n${JSON.stringify(userContexts)}`;
    let termMap = this.#termMaps.get(key);
    if (!termMap) {
      termMap = this.#build(userContexts, context, tenant);
      if (this.#termMaps.size >= CACHE_LIMIT) this.#termMaps.clear();
      this.#termMaps.set(key, termMap);
      // A failure is not cached: the next request tries again.
      termMap.catch(() => this.#termMaps.delete(key));
    }
    // The processed context is shared; how this request named it is its own (cached by the first form seen).
    const source = sourceOf(userContexts, context);
    return termMap.then((shared) =>
      shared.source.linkUrl === source.linkUrl && shared.source.value === source.value
        ? shared
        : new TermMap(shared, source),
    );
  }

  /**
   * Resolves the @context of a client's request and counts it as a use of each stored document it names
   * by URL (numberOfHits, lastUsage). A context that cannot be resolved counts nothing.
   */
  async resolveForRequest(context: unknown, tenant: string = DEFAULT_TENANT): Promise<TermMap> {
    const terms = await this.resolve(context, tenant);
    if (this.#options.db) {
      const named = Array.isArray(context) ? context : [context];
      for (const c of named) {
        if (typeof c !== 'string' || CORE_CONTEXT_URLS.has(c)) continue;
        const hosted = HOSTED_PATH.exec(safePath(c));
        this.#countUse(hosted ? { id: decodeURIComponent(hosted[1] as string) } : { tenant, url: c });
      }
    }
    return terms;
  }

  #countUse(target: UseTarget): void {
    const key = JSON.stringify(target);
    const known = this.#uses.get(key);
    if (known) known.hits++;
    else this.#uses.set(key, { target, hits: 1 });
    if (this.#uses.size >= CACHE_LIMIT) this.#flushInBackground();
    // Written within USE_FLUSH_MS of the first use not yet written; the timer never holds the process.
    this.#usesFlush ??= setTimeout(() => this.#flushInBackground(), USE_FLUSH_MS).unref();
  }

  #flushInBackground(): void {
    this.#flushUses().catch((err: unknown) => this.#options.log.warn({ err }, '@context uses not counted'));
  }

  /** Writes the uses counted so far (every read of the counts does this first). */
  async #flushUses(): Promise<void> {
    const { db } = this.#options;
    const uses = this.#uses;
    this.#uses = new Map();
    clearTimeout(this.#usesFlush);
    this.#usesFlush = undefined;
    if (!db) return;
    for (const { target, hits } of uses.values()) {
      if ('id' in target) await store.countUse(db, target.id, hits);
      else await store.countUseOfUrl(db, target.tenant, target.url, hits);
    }
  }

  async #build(userContexts: unknown[], original: unknown, tenant: string): Promise<TermMap> {
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
        documentLoader: (url: string) => this.#load(url, tenant),
      });
    } catch (err) {
      const unavailable = findCause(err, (e) => e instanceof ContextUnavailable);
      if (unavailable) throw ngsiErrors.ldContextNotAvailable(unavailable.message);
      const appError = findCause(err, (e) => e instanceof AppError);
      if (appError) throw appError;
      throw ngsiErrors.badRequestData(`The @context is not valid JSON-LD: ${(err as Error).message}`);
    }
    return new TermMap(active, sourceOf(userContexts, original));
  }

  async #load(url: string, tenant: string): Promise<{ contextUrl: null; documentUrl: string; document: unknown }> {
    const document = CORE_CONTEXT_URLS.has(url) ? CORE_CONTEXT : await this.#document(url, tenant);
    return { contextUrl: null, documentUrl: url, document };
  }

  async #document(url: string, tenant: string): Promise<unknown> {
    const key = `${tenant}\n${url}`;
    const cached = this.#documents.get(key);
    if (cached !== undefined) return cached;
    const aliases = await (this.#aliases ??= this.#readAliases());
    const document = await this.#stored(url, tenant, aliases.get(url));
    if (!isContextDocument(document)) {
      this.#options.log.warn({ url }, '@context is not a JSON-LD context document (it has no "@context")');
      throw new ContextUnavailable(url);
    }
    if (this.#documents.size >= CACHE_LIMIT) this.#documents.clear();
    this.#documents.set(key, document);
    return document;
  }

  /**
   * A hosted context (its URL is public, whoever hosts it), or the tenant's (or a platform-wide) copy
   * of a remote one another instance already downloaded, else a download kept as the tenant's copy.
   */
  async #stored(url: string, tenant: string, aliasFile: string | undefined): Promise<unknown> {
    const { db } = this.#options;
    // A local alias stands for the download: it is held (and listed) as a cached copy like one.
    const obtain = () => (aliasFile !== undefined ? this.#readAlias(url, aliasFile) : this.#fetch(url));
    if (!db) return obtain();
    const hosted = HOSTED_PATH.exec(safePath(url));
    if (hosted) {
      const found = await store.findContext(db, decodeURIComponent(hosted[1] as string));
      if (found && found.kind !== 'cached') return found.body;
    }
    const cached = await store.findContextAt(db, tenant, url);
    if (cached) return cached.body;
    const document = await obtain();
    if (isContextDocument(document)) {
      await store.saveContext(db, { id: randomUUID(), tenant, url, kind: 'cached', body: document });
    }
    return document;
  }

  // --- the /jsonldContexts API ----------------------------------------------------------------

  #requireDb(): Database {
    if (!this.#options.db) throw new Error('the context store needs a database');
    return this.#options.db;
  }

  /** Keeps a tenant's context document for clients to reference; returns its id (the URL is built by the caller). */
  async host(tenant: string, document: unknown, urlFor: (id: string) => string): Promise<{ id: string; url: string }> {
    if (document === null || typeof document !== 'object' || Array.isArray(document) || !('@context' in document)) {
      throw ngsiErrors.badRequestData('A context to host must be a JSON object with an "@context" member.');
    }
    const context = document['@context'];
    const checks = Array.isArray(context) ? context : [context];
    if (checks.some((c) => c === null || (typeof c !== 'object' && typeof c !== 'string'))) {
      throw ngsiErrors.badRequestData('"@context" must be a URL, an object or an array of those.');
    }
    // Reject what would not work later: process it now with the core context.
    await this.resolve(context, tenant);
    const id = randomUUID();
    const url = urlFor(id);
    await store.saveContext(this.#requireDb(), { id, tenant, url, kind: 'hosted', body: { '@context': context } });
    return { id, url };
  }

  /**
   * Keeps a request's @context that is not a single URL (an array, an inline object) as an
   * ImplicitlyCreated document (§5.13) and returns its URL, so that what is sent later (a notification)
   * can name it in one link. The same @context of the same tenant is kept once; a tenant holds at most
   * IMPLICIT_CONTEXT_LIMIT of them, each of at most IMPLICIT_CONTEXT_MAX_BYTES (or CONTEXT_MAX_SIZE if lower).
   */
  async implicit(tenant: string, context: unknown, urlFor: (id: string) => string): Promise<string> {
    const body = { '@context': context };
    const text = JSON.stringify(body);
    const maxBytes = Math.min(IMPLICIT_CONTEXT_MAX_BYTES, this.#options.maxBytes);
    if (Buffer.byteLength(text) > maxBytes) {
      throw ngsiErrors.badRequestData(
        `An array or inline @context is kept for at most ${maxBytes} bytes: put the larger parts in a hosted @context and name it by its URL.`,
      );
    }
    const id = createHash('sha256').update(`${tenant}\n${text}`).digest('hex').slice(0, 32);
    const url = urlFor(id);
    const held = await store.saveImplicitContext(this.#requireDb(), { id, tenant, url, body }, IMPLICIT_CONTEXT_LIMIT);
    if (!held) {
      throw ngsiErrors.badRequestData(
        `This tenant already holds ${IMPLICIT_CONTEXT_LIMIT} @contexts made from arrays or inline objects: delete some (DELETE /ngsi-ld/v1/jsonldContexts/{id}) or name the @context by one URL.`,
      );
    }
    return url;
  }

  /** The tenant's documents and the platform-wide ones. */
  async list(tenant: string, kind: store.ContextKind | undefined): Promise<store.StoredContext[]> {
    await this.#flushUses();
    const held = await store.listContexts(this.#requireDb(), tenant, kind);
    return kind === 'hosted' || kind === 'implicit' ? held : [this.#core, ...held];
  }

  /** The built-in core context, listed and served like a cached copy (§5.13.3), never deleted. */
  readonly #core: store.StoredContext = {
    id: CORE_CONTEXT_ID,
    tenant: store.PLATFORM_WIDE,
    url: CORE_CONTEXT_URL,
    kind: 'cached',
    body: CORE_CONTEXT,
    createdAt: new Date(),
    lastUsedAt: null,
    hits: 0,
  };

  /** A held document by its local id, or by its URL (the tenant's copy, else a platform-wide one). */
  async #find(id: string, tenant: string | undefined): Promise<store.StoredContext | null> {
    if (id === CORE_CONTEXT_ID || CORE_CONTEXT_URLS.has(id)) return this.#core;
    const db = this.#requireDb();
    const found = await store.findContext(db, id);
    if (found || !/^[a-z][a-z0-9+.-]*:/i.test(id)) return found;
    return store.findContextAt(db, tenant ?? store.PLATFORM_WIDE, id);
  }

  /**
   * A document by its id. A hosted one is published: anyone reads it. A cached copy and the details
   * of either are its tenant's business (platform-wide ones: any logged-in reader's).
   */
  async get(id: string, reader: ContextReader, details = false): Promise<store.StoredContext> {
    await this.#flushUses();
    const found = await this.#find(id, reader?.tenant);
    if (found === this.#core) return found;
    // Hosted and implicit documents are published: JSON-LD processors (notification receivers) fetch them.
    const published = found !== null && found.kind !== 'cached' && !details;
    if (!found || !(published || (reader && this.#owns(reader, found, true)))) {
      throw ngsiErrors.resourceNotFound(`No @context with the id ${id} is held here.`);
    }
    // Serving it is a use too; what is shown is the count before this one.
    this.#countUse({ id: found.id });
    return found;
  }

  #owns(owner: ContextOwner, found: store.StoredContext, reading: boolean): boolean {
    if (found.tenant === store.PLATFORM_WIDE) return reading || owner.admin;
    return found.tenant === owner.tenant;
  }

  /**
   * Forgets a tenant's hosted, cached or implicitly created context (a platform-wide one: administrators
   * only); `reload` downloads a cached one again at once (the others have nothing to download). Another
   * tenant's context does not exist for the caller.
   */
  async remove(owner: ContextOwner, id: string, reload: boolean): Promise<void> {
    const db = this.#requireDb();
    // Uses still counted in memory belong to this document, not to one made later under the same id.
    await this.#flushUses();
    const found = await this.#find(id, owner.tenant);
    if (found === this.#core) {
      // Built in: there is nothing to download again, and it cannot go.
      if (reload) return;
      throw ngsiErrors.badRequestData('The NGSI-LD core @context cannot be deleted.');
    }
    if (reload && (!found || found.kind !== 'cached')) {
      throw ngsiErrors.badRequestData('Only a cached copy of a remote @context can be reloaded.');
    }
    if (!found || !this.#owns(owner, found, true)) {
      throw ngsiErrors.resourceNotFound(`No @context with the id ${id} is held here.`);
    }
    if (!this.#owns(owner, found, false)) {
      throw new AppError(
        'CONTEXT_PLATFORM_WIDE',
        403,
        'A platform-wide @context can only be removed by an administrator.',
      );
    }
    if (reload && found.kind !== 'cached') {
      throw ngsiErrors.badRequestData('Only a cached copy of a remote @context can be reloaded.');
    }
    if (reload) {
      const fresh = await this.#fetch(found.url).catch((err: unknown) => {
        throw err instanceof ContextUnavailable ? ngsiErrors.ldContextNotAvailable(err.message) : err;
      });
      await db.transaction(async (tx) => {
        await store.deleteContext(tx, found.id);
        await store.saveContext(tx, {
          id: found.id,
          tenant: found.tenant,
          url: found.url,
          kind: 'cached',
          body: fresh,
        });
      });
    } else {
      await store.deleteContext(db, found.id);
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
      this.#options.log.error({ url, file, err }, 'the local copy of a @context cannot be read');
      throw new ContextUnavailable(url);
    }
  }

  /**
   * Downloads a remote context through the outbound gate: bounded in time and size, one retry on a
   * transient failure. Only a JSON-LD context document is returned (and so ever cached). The caller
   * learns only that it is not available; why (refused, unreachable, not a context) goes to the log.
   */
  async #fetch(url: string): Promise<unknown> {
    const { fetchTimeoutMs, maxBytes, log } = this.#options;
    const deadline = Date.now() + fetchTimeoutMs;
    let why = `${url} cannot be downloaded and has no local alias`;
    for (let attempt = 0; attempt < 2 && Date.now() < deadline && /^https?:\/\//.test(url); attempt++) {
      try {
        const res = await this.#outbound.request(url, {
          headers: { accept: 'application/ld+json, application/json;q=0.9' },
          timeoutMs: Math.max(1, deadline - Date.now()),
          maxBytes,
          maxRedirects: REDIRECTS,
        });
        if (res.status < 200 || res.status > 299) {
          why = `HTTP ${res.status}`;
          if (res.status < 500) break;
          continue;
        }
        let document: unknown;
        try {
          document = JSON.parse(res.body.toString('utf8')) as unknown;
        } catch {
          why = 'the answer is not JSON';
          break;
        }
        if (!isContextDocument(document)) {
          why = 'the answer is not a JSON-LD context document (no "@context")';
          break;
        }
        log.info({ url, bytes: res.body.byteLength }, '@context downloaded');
        return document;
      } catch (err) {
        why = (err as Error).message;
        if ((err as Error).name === 'OutboundRefused') break;
      }
    }
    log.warn({ url, reason: why }, '@context not available');
    throw new ContextUnavailable(url);
  }
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
