import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { isAppError } from '../errors.js';
import { Empty } from '../http/schemas.js';
import { OIDC_LOGIN_TTL_SECONDS, type OidcService } from './oidc.js';
import { userView, type RevealUsers } from './routes.js';
import * as S from './schemas.js';

/** Ties a login to the browser that started it, so nobody can slip their own login into someone else's. */
const STATE_COOKIE = 'thanglong_oidc_state';
const COOKIE_PATH = '/api/v1/auth/oidc';

function stateCookie(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === STATE_COOKIE) return value.join('=');
  }
  return undefined;
}

function setStateCookie(reply: FastifyReply, value: string, maxAge: number, secure: boolean): void {
  void reply.header(
    'set-cookie',
    `${STATE_COOKIE}=${value}; Path=${COOKIE_PATH}; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`,
  );
}

const wantsPage = (request: FastifyRequest): boolean => /\btext\/html\b/.test(request.headers.accept ?? '');

/** Single sign-on under /api/v1 (registered only when OIDC_ISSUER is set). */
export const oidcRoutes: FastifyPluginAsyncTypebox<{ oidc: OidcService; reveal: RevealUsers }> = async (
  app,
  { oidc, reveal },
) => {
  const tags = ['Access'];

  app.get(
    '/auth/oidc/login',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: "Log in with the city account: redirects to the city's identity provider",
        response: { 302: Empty("To the city's identity provider") },
      },
    },
    async (_request, reply) => {
      const { url, state } = await oidc.beginLogin();
      setStateCookie(reply, state, OIDC_LOGIN_TTL_SECONDS, oidc.secure);
      return reply.header('cache-control', 'no-store').redirect(url, 302);
    },
  );

  app.get(
    '/auth/oidc/callback',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Where the identity provider sends the browser back; leads to the web app with a one-time code',
        querystring: Type.Object({ state: Type.Optional(Type.String()) }, { additionalProperties: true }),
        response: {
          303: Empty('To the web app, with the one-time code (#sso=) or, for a browser, the error (#sso-error=)'),
        },
      },
    },
    async (request, reply) => {
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      setStateCookie(reply, '', 0, oidc.secure);
      void reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      try {
        const code = await oidc.finishLogin(query, stateCookie(request));
        // In the fragment: never sent to a server, and the page removes it at once.
        return reply.redirect(`/#sso=${encodeURIComponent(code)}`, 303);
      } catch (err) {
        // A person in a browser goes back to the login page, which explains; a program gets problem+json.
        if (isAppError(err) && wantsPage(request)) {
          return reply.redirect(`/#sso-error=${encodeURIComponent(err.code)}`, 303);
        }
        throw err;
      }
    },
  );

  app.post(
    '/auth/oidc/session',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Redeem the one-time code of a city-account login for a session (once, within a minute)',
        body: Type.Object({ code: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
        response: { 200: S.LoginResponse },
      },
    },
    async (request) => {
      const result = await oidc.redeem(request.body.code, {
        userAgent: request.headers['user-agent'],
        remoteAddress: request.ip,
      });
      return {
        token: result.token,
        tokenType: 'Bearer' as const,
        expiresAt: result.expiresAt.toISOString(),
        passwordChangeRequired: false,
        user: userView(result.user, (await reveal(request, [result.user], result.user))[0]),
      };
    },
  );
};
