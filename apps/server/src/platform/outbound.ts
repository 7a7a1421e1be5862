import { lookup as dnsLookup } from 'node:dns/promises';
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * The one gate for requests the server makes on a user's behalf: remote @context downloads,
 * notification delivery (HTTP and MQTT) and whatever else is to come. A URL is allowed when every
 * address its host resolves to is a public unicast address, or when the operator's allow-list
 * (OUTBOUND_ALLOW) names the host, the host and port, or a network holding the address. The request
 * then goes to the very address that was checked (no second DNS answer can change it), and each
 * redirect is checked again.
 */

/**
 * One entry of OUTBOUND_ALLOW: a host name (`*.name` for every name under it), an address or a
 * network (CIDR), with an optional port.
 */
export type AllowRule =
  | { readonly kind: 'host'; readonly host: string; readonly port?: number }
  | { readonly kind: 'network'; readonly network: string; readonly prefix: number; readonly port?: number };

/** A refusal: the destination is not allowed, or cannot be resolved. The message is for logs. */
export class OutboundRefused extends Error {
  override readonly name = 'OutboundRefused';
}

/** A refusal because the host's name cannot be resolved now (it may resolve later). */
export class OutboundUnresolved extends OutboundRefused {}

/** The destination was allowed but the exchange failed (network, timeout, size). The message is for logs. */
export class OutboundFailed extends Error {
  override readonly name = 'OutboundFailed';
}

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** An address as ipaddr.js reads it, IPv4-mapped IPv6 (`::ffff:127.0.0.1`) as the IPv4 address it is. */
function parseAddress(text: string): Address | undefined {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (!ipaddr.isValid(bare)) return undefined;
  const address = ipaddr.parse(bare);
  return address instanceof ipaddr.IPv6 && address.isIPv4MappedAddress() ? address.toIPv4Address() : address;
}

const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

/**
 * What kind of address this is: `public` for a global unicast address, else the name of its special
 * range (loopback, private, linkLocal, uniqueLocal, carrierGradeNat, multicast, unspecified, reserved,
 * …). Any textual form is read: `2130706433`, `0177.0.0.1`, `0x7f.1`, `::ffff:127.0.0.1`, `[::1]`.
 */
export function addressRange(text: string): string {
  const address = parseAddress(text);
  if (!address) return 'invalid';
  const range = address.range();
  if (range !== 'unicast') return range;
  if (address instanceof ipaddr.IPv6 && !address.match(GLOBAL_UNICAST_V6)) return 'reserved';
  return 'public';
}

export const isPublicAddress = (text: string): boolean => addressRange(text) === 'public';

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,62})(\.[a-z0-9_]([a-z0-9_-]{0,62}))*\.?$/;

/** One OUTBOUND_ALLOW entry: `receiver.internal`, `*.city.internal:8443`, `10.20.0.0/16`, `[fd00::5]:1883`. */
export function parseAllowRule(entry: string): AllowRule {
  const text = entry.trim().toLowerCase();
  if (text.includes('/')) {
    if (!ipaddr.isValidCIDR(text)) throw new Error(`"${entry}" is not a network in CIDR notation`);
    const [network, prefix] = ipaddr.parseCIDR(text);
    return { kind: 'network', network: network.toString(), prefix };
  }
  let host = text;
  let port: number | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  const hostPort = /^([^:]+):(\d+)$/.exec(text);
  if (bracketed) {
    host = bracketed[1] as string;
    port = bracketed[2] === undefined ? undefined : Number(bracketed[2]);
  } else if (hostPort) {
    host = hostPort[1] as string;
    port = Number(hostPort[2]);
  }
  if (port !== undefined && (port < 1 || port > 65535)) throw new Error(`"${entry}" has no valid port`);
  const address = parseAddress(host);
  if (address) {
    const bits = address.kind() === 'ipv4' ? 32 : 128;
    return { kind: 'network', network: address.toString(), prefix: bits, ...(port !== undefined ? { port } : {}) };
  }
  const name = host.startsWith('*.') ? host.slice(2) : host;
  if (!HOST_NAME.test(name)) throw new Error(`"${entry}" is not a host name, address or network`);
  return { kind: 'host', host: host.replace(/\.$/, ''), ...(port !== undefined ? { port } : {}) };
}

/** The whole OUTBOUND_ALLOW list (comma-separated). */
export const parseAllowList = (raw: string): AllowRule[] =>
  raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(parseAllowRule);

const DEFAULT_PORTS: Readonly<Record<string, number>> = { 'http:': 80, 'https:': 443, 'mqtt:': 1883, 'mqtts:': 8883 };

/** Where a checked URL may be reached: the address to connect to, and the name it was reached by. */
export interface Destination {
  readonly url: URL;
  /** The host as written (no brackets): for the Host header and TLS. */
  readonly hostname: string;
  /** The address that was checked and must be connected to. */
  readonly address: string;
  readonly family: 4 | 6;
  readonly port: number;
}

/** `host:port` of an http(s) URL, default port filled in, for comparing with this instance's own. */
function endpointOf(url: URL): string {
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  return `${url.hostname.toLowerCase()}:${port}`;
}

function isLocalhost(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}

export type Resolve = (hostname: string) => Promise<{ address: string; family: number }[]>;

const systemResolve: Resolve = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export interface OutboundOptions {
  readonly allow: readonly AllowRule[];
  /** This instance's own public URL (PUBLIC_URL): its APIs are no receiver, wherever they resolve. */
  readonly self?: string | undefined;
  /** Name resolution; a stub in tests of names that resolve to internal addresses. */
  readonly resolve?: Resolve;
}

export interface OutboundRequest {
  readonly method?: 'GET' | 'POST';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  readonly timeoutMs: number;
  /** Largest response body read; a longer one fails. */
  readonly maxBytes: number;
  /** Redirects followed (each one checked again); 0: a 3xx is the answer. */
  readonly maxRedirects?: number;
}

export interface OutboundResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** The URL that answered, after redirects. */
  readonly url: string;
}

export class OutboundGuard {
  readonly #allow: readonly AllowRule[];
  readonly #resolve: Resolve;
  readonly #self: string | undefined;
  readonly #http = new HttpAgent({ keepAlive: true, maxSockets: 64 });
  readonly #https = new HttpsAgent({ keepAlive: true, maxSockets: 64 });

  constructor(options: OutboundOptions) {
    this.#allow = options.allow;
    this.#resolve = options.resolve ?? systemResolve;
    this.#self = options.self === undefined ? undefined : endpointOf(new URL(options.self));
  }

  /**
   * Checks that `target` may be reached and returns the address to connect to. Rejects with
   * OutboundRefused (with the reason, for logs) when any address of the host is not public and not
   * allowed, or when the host cannot be resolved.
   */
  async check(target: string | URL): Promise<Destination> {
    let url: URL;
    try {
      url = typeof target === 'string' ? new URL(target) : target;
    } catch {
      throw new OutboundRefused(`${String(target)} is not a URL`);
    }
    const defaultPort = DEFAULT_PORTS[url.protocol];
    if (defaultPort === undefined) throw new OutboundRefused(`${url.protocol} URLs are not requested`);
    const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    const port = url.port === '' ? defaultPort : Number(url.port);
    const hostAllowed = this.#allowsHost(hostname, port);
    if (!hostAllowed && this.#self !== undefined && endpointOf(url) === this.#self) {
      throw new OutboundRefused(`${url.protocol}//${url.host} is this instance's own address (PUBLIC_URL)`);
    }
    const literal = parseAddress(hostname);
    let addresses: { address: string; family: 4 | 6 }[];
    if (literal) {
      addresses = [{ address: literal.toString(), family: literal.kind() === 'ipv4' ? 4 : 6 }];
    } else if (!HOST_NAME.test(hostname.toLowerCase())) {
      // A scheme without a host syntax of its own (mqtt:) keeps escapes and odd characters in the host.
      throw new OutboundRefused(`${hostname} is not a host name`);
    } else if (isLocalhost(hostname)) {
      // Loopback by definition (RFC 6761 §6.3), whatever a resolver would answer.
      addresses = [
        { address: '127.0.0.1', family: 4 },
        { address: '::1', family: 6 },
      ];
    } else {
      let resolved: { address: string; family: number }[];
      try {
        resolved = await this.#resolve(hostname);
      } catch (err) {
        throw new OutboundUnresolved(`${hostname} cannot be resolved: ${(err as Error).message}`);
      }
      addresses = resolved.flatMap((r) => {
        const a = parseAddress(r.address);
        return a ? [{ address: a.toString(), family: a.kind() === 'ipv4' ? (4 as const) : (6 as const) }] : [];
      });
      if (addresses.length === 0) throw new OutboundUnresolved(`${hostname} resolves to no address`);
    }
    for (const { address } of addresses) {
      if (hostAllowed || isPublicAddress(address) || this.#allowsAddress(address, port)) continue;
      throw new OutboundRefused(
        `${url.protocol}//${url.host} resolves to ${address} (${addressRange(address)}), which is not allowed (OUTBOUND_ALLOW)`,
      );
    }
    const first = addresses[0] as { address: string; family: 4 | 6 };
    return { url, hostname, address: first.address, family: first.family, port };
  }

  #allowsHost(hostname: string, port: number): boolean {
    const name = hostname.toLowerCase().replace(/\.$/, '');
    return this.#allow.some(
      (r) =>
        r.kind === 'host' &&
        (r.host === name || (r.host.startsWith('*.') && name.endsWith(r.host.slice(1)))) &&
        (r.port === undefined || r.port === port),
    );
  }

  /**
   * Whether `target` is a destination to accept now (a subscription's receiver): as check(), except
   * that a name the operator allowed by name needs no resolving yet. Rejects with OutboundRefused.
   * `unresolvedLater`: a name that cannot be resolved now is accepted, for a destination called only
   * later (a context source), when check() resolves it again before any request.
   */
  async admit(target: string, options: { unresolvedLater?: boolean } = {}): Promise<void> {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      throw new OutboundRefused(`${target} is not a URL`);
    }
    const port = url.port === '' ? DEFAULT_PORTS[url.protocol] : Number(url.port);
    const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    if (port !== undefined && this.#allowsHost(hostname, port)) return;
    try {
      await this.check(url);
    } catch (err) {
      if (!(options.unresolvedLater === true && err instanceof OutboundUnresolved)) throw err;
    }
  }

  #allowsAddress(text: string, port: number): boolean {
    const address = parseAddress(text);
    if (!address) return false;
    return this.#allow.some((r) => {
      if (r.kind !== 'network' || (r.port !== undefined && r.port !== port)) return false;
      const network = ipaddr.parse(r.network);
      return network.kind() === address.kind() && address.match(network, r.prefix);
    });
  }

  /**
   * An HTTP(S) request to a checked destination, connected to the checked address. Redirects are
   * followed only up to `maxRedirects`, each to a destination checked again.
   */
  async request(target: string, init: OutboundRequest): Promise<OutboundResponse> {
    const deadline = Date.now() + init.timeoutMs;
    let url = target;
    let method = init.method ?? 'GET';
    let body = init.body;
    for (let redirects = 0; ; redirects++) {
      const destination = await this.check(url);
      if (destination.url.protocol !== 'http:' && destination.url.protocol !== 'https:') {
        throw new OutboundRefused(`${destination.url.protocol} is not HTTP`);
      }
      const response = await this.#exchange(destination, { ...init, method, body }, deadline);
      const location = response.headers.location;
      if (response.status < 300 || response.status > 399 || location === undefined || (init.maxRedirects ?? 0) === 0) {
        return { ...response, url };
      }
      if (redirects >= (init.maxRedirects ?? 0)) throw new OutboundFailed(`${target}: too many redirects`);
      url = new URL(location, url).toString();
      if (response.status === 303) {
        method = 'GET';
        body = undefined;
      }
    }
  }

  #exchange(
    destination: Destination,
    init: OutboundRequest & { method: 'GET' | 'POST' },
    deadline: number,
  ): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
    const { url, hostname, address, port } = destination;
    const secure = url.protocol === 'https:';
    const remaining = deadline - Date.now();
    if (remaining <= 0) return Promise.reject(new OutboundFailed(`${url.origin}: no answer in time`));
    return new Promise((resolve, reject) => {
      const request = (secure ? httpsRequest : httpRequest)(
        {
          // The checked address, never the name again: a second DNS answer cannot move the request.
          host: address,
          family: destination.family,
          port,
          method: init.method,
          path: `${url.pathname}${url.search}`,
          headers: {
            ...init.headers,
            host: url.host,
            ...(init.body !== undefined ? { 'content-length': String(Buffer.byteLength(init.body)) } : {}),
          },
          agent: secure ? this.#https : this.#http,
          ...(secure && isIP(hostname) === 0 ? { servername: hostname } : {}),
        },
        (response: IncomingMessage) => {
          response.on('close', () => clearTimeout(timer));
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.byteLength;
            if (size > init.maxBytes) {
              response.destroy();
              reject(
                new OutboundFailed(`${url.origin}${url.pathname}: the answer is larger than ${init.maxBytes} bytes`),
              );
              return;
            }
            chunks.push(chunk);
          });
          response.on('end', () => {
            clearTimeout(timer);
            resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) });
          });
          response.on('error', (err) => reject(new OutboundFailed(`${url.origin}${url.pathname}: ${err.message}`)));
        },
      );
      // A timer of this request alone: an abort signal firing later would destroy a kept-alive socket
      // that by then serves another request.
      const timer = setTimeout(() => request.destroy(new OutboundFailed('no answer in time')), remaining);
      request.on('error', (err: Error) => {
        clearTimeout(timer);
        reject(new OutboundFailed(`${url.origin}${url.pathname}: ${err.message}`));
      });
      request.end(init.body);
    });
  }

  /** Closes idle kept-alive connections. */
  close(): void {
    this.#http.destroy();
    this.#https.destroy();
  }
}

/**
 * The guard as a WHATWG `fetch`, for libraries that take one (the OpenID Connect client): the same
 * checks, no redirects followed, bounded in time and size.
 */
export function guardedFetch(
  guard: OutboundGuard,
  limits: { readonly timeoutMs: number; readonly maxBytes: number },
): (url: string, options: { method?: string; headers?: unknown; body?: unknown }) => Promise<Response> {
  return async (url, options) => {
    const method = (options.method ?? 'GET').toUpperCase();
    if (method !== 'GET' && method !== 'POST') throw new OutboundRefused(`${method} requests are not made`);
    const headers = Object.fromEntries(new Headers(options.headers as ConstructorParameters<typeof Headers>[0]));
    // The OpenID Connect client sends form bodies (URLSearchParams) or none.
    const given = options.body;
    const body = typeof given === 'string' ? given : given instanceof URLSearchParams ? given.toString() : undefined;
    if (given !== undefined && given !== null && body === undefined) throw new OutboundRefused('unsupported body');
    const answer = await guard.request(url, { method, headers, ...(body === undefined ? {} : { body }), ...limits });
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(answer.headers)) {
      for (const v of [value ?? []].flat()) responseHeaders.append(name, v);
    }
    const empty = answer.body.byteLength === 0 || answer.status === 204 || answer.status === 304;
    return new Response(empty ? null : new Uint8Array(answer.body), {
      status: answer.status,
      headers: responseHeaders,
    });
  };
}
