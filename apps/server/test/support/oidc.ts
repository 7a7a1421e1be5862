import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/**
 * The city's identity provider for tests: a real OpenID Connect provider (oidc-provider) on loopback,
 * with its development login and consent pages. Every login name is an account; its claims are set
 * by the test.
 */

export const TEST_CLIENT_ID = 'thanglong-ioc';
export const TEST_CLIENT_SECRET = 'idp-test-secret-0123456789';

export const listen = async (handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Server> => {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
};
export const baseOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
export const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

export interface CityIdp {
  readonly issuer: string;
  readonly people: Map<string, Record<string, unknown>>;
  stop(): Promise<void>;
}

/** A provider whose client may come back to these redirect URIs (the staff's callback, the applicants'). */
export async function startCityIdp(redirectUrl: string | readonly string[]): Promise<CityIdp> {
  const people = new Map<string, Record<string, unknown>>();
  const server = await listen(() => undefined);
  const issuer = baseOf(server);
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: TEST_CLIENT_ID,
        client_secret: TEST_CLIENT_SECRET,
        redirect_uris: typeof redirectUrl === 'string' ? [redirectUrl] : [...redirectUrl],
        response_types: ['code'],
        grant_types: ['authorization_code'],
      },
    ],
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username'],
      thanglong: ['roles', 'tenant'],
      // A citizen's national ID number, as the city's provider gives it to the public services.
      citizen: ['national_id'],
    },
    conformIdTokenClaims: false, // the claims asked for by scope go into the ID token
    cookies: { keys: ['city-idp-cookie-key-for-tests'] },
    pkce: { required: () => true, methods: ['S256'] },
    findAccount: (_ctx, sub) => ({
      accountId: sub,
      claims: () => ({ sub, ...(people.get(sub) ?? {}) }),
    }),
  });
  server.removeAllListeners('request');
  const handle = provider.callback();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => void handle(req, res));
  return { issuer, people, stop: () => close(server) };
}

/** Plays a browser at the identity provider: follows redirects, keeps cookies, fills the login and consent forms. */
export async function logInAtIdp(authorizeUrl: string, login: string, redirectUrl: string): Promise<URL> {
  const jar = new Map<string, string>();
  let url = authorizeUrl;
  let body: string | undefined;
  for (let step = 0; step < 20; step++) {
    const res = await fetch(url, {
      method: body === undefined ? 'GET' : 'POST',
      redirect: 'manual',
      headers: {
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      ...(body === undefined ? {} : { body }),
    });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const at = pair.indexOf('=');
      const [name, value] = [pair.slice(0, at), pair.slice(at + 1)];
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(cookie)) jar.delete(name);
      else jar.set(name, value);
    }
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      const next = new URL(location, url);
      if (next.href.startsWith(redirectUrl)) return next;
      url = next.href;
      body = undefined;
      continue;
    }
    const html = await res.text();
    assert.equal(res.status, 200, `the identity provider answered ${res.status}: ${html.slice(0, 500)}`);
    const action = /action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
    assert.ok(action && prompt, `no form on the identity provider's page: ${html.slice(0, 500)}`);
    url = new URL(action, url).href;
    body = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'any' } : { prompt }).toString();
  }
  throw new Error('the identity provider never sent the browser back');
}
