import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { isAppError } from '../../platform/errors.js';
import { Empty } from '../../platform/http/schemas.js';
import {
  APPLICANT_PAGE,
  APPLICANT_TOKEN_HEADER,
  SIGN_ON_TTL_MS,
  type Applicant,
  type Applicants,
} from './applicants.js';

/** Ties a sign-on to the browser that started it, so nobody can slip their own sign-on into someone else's. */
const STATE_COOKIE = 'thanglong_applicant_state';
const COOKIE_PATH = '/api/v1/services/applicant';

function stateCookie(request: FastifyRequest): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === STATE_COOKIE) return value.join('=');
  }
  return undefined;
}

function setStateCookie(reply: FastifyReply, value: string, maxAgeSeconds: number, secure: boolean): void {
  void reply.header(
    'set-cookie',
    `${STATE_COOKIE}=${value}; Path=${COOKIE_PATH}; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`,
  );
}

const wantsPage = (request: FastifyRequest): boolean => /\btext\/html\b/.test(request.headers.accept ?? '');

/** The applicant's token as a request carries it. */
export const applicantTokenOf = (request: FastifyRequest): string | undefined => {
  const value = request.headers[APPLICANT_TOKEN_HEADER];
  return typeof value === 'string' ? value.trim() : undefined;
};

const DossierCode = Type.String({ minLength: 1, maxLength: 40, description: 'The dossier code (mã hồ sơ)' });
const Issued = Type.Object({
  token: Type.String({ description: 'Send it as X-Applicant-Token on the my/ routes; shown once' }),
  expiresAt: Type.String({ format: 'date-time' }),
});
const ApplicantView = Type.Union([
  Type.Object({
    kind: Type.Literal('identity'),
    name: Type.String(),
    idNumber: Type.Optional(Type.String({ description: 'Masked but for its last digits' })),
  }),
  Type.Object({ kind: Type.Literal('dossier'), code: Type.String() }),
]);

/** What an applicant may be shown of themselves: the sign-on subject is an identifier for the server only. */
const viewOf = (a: Applicant) =>
  a.kind === 'dossier'
    ? { kind: a.kind, code: a.code }
    : {
        kind: a.kind,
        name: a.name,
        ...(a.idNumber === undefined
          ? {}
          : { idNumber: `${'*'.repeat(Math.max(0, a.idNumber.length - 3))}${a.idNumber.slice(-3)}` }),
      };

/**
 * How applicants prove who they are, under /api/v1/services (public: a citizen has no staff account).
 * Registered by the services module's index: `app.register(applicantRoutes, { applicants })`.
 */
export const applicantRoutes: FastifyPluginAsyncTypebox<{ applicants: Applicants }> = async (app, { applicants }) => {
  const tags = ['Online public services'];
  const auditDossier = (request: FastifyRequest) => (request.body as { code?: string } | undefined)?.code;
  // The codes asked for are sent after the answer: the database stays open until they are.
  app.addHook('onClose', () => applicants.settled());

  app.post(
    '/api/v1/services/access',
    {
      config: { access: 'public', auditTarget: auditDossier },
      schema: {
        tags,
        summary: "Ask for a one-time code sent to the dossier's contact (always 202: nothing says whether it matched)",
        body: Type.Object(
          {
            code: DossierCode,
            contact: Type.String({
              minLength: 3,
              maxLength: 200,
              description: 'The phone number or e-mail address given on the dossier',
            }),
          },
          { additionalProperties: false },
        ),
        response: { 202: Empty('A code is on its way if the dossier and the contact go together') },
      },
    },
    async (request, reply) => {
      await applicants.requestCode(request.tenant, request.body.code, request.body.contact, request.ip);
      return reply.code(202).header('cache-control', 'no-store').send();
    },
  );

  app.post(
    '/api/v1/services/access/verify',
    {
      config: { access: 'public', auditTarget: auditDossier },
      schema: {
        tags,
        summary: "Trade the dossier's one-time code for a token to follow it (8 hours)",
        body: Type.Object(
          {
            code: DossierCode,
            otp: Type.String({ minLength: 1, maxLength: 20, description: 'The 6 digits received' }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Issued },
      },
    },
    async (request, reply) => {
      const issued = await applicants.verifyCode(
        request.tenant,
        request.body.code,
        request.body.otp,
        request.ip,
        (who) => {
          // The try that locks a code is marked so in its audit record: a run of them is an attack to see.
          request.auditDetail = { lockedOut: who };
        },
      );
      void reply.header('cache-control', 'no-store');
      return issued;
    },
  );

  app.get(
    '/api/v1/services/applicant',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Who the X-Applicant-Token proves (401 SERVICES_APPLICANT_UNKNOWN without a valid one)',
        response: { 200: ApplicantView },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return viewOf(await applicants.required(request.tenant, applicantTokenOf(request)));
    },
  );

  app.post(
    '/api/v1/services/applicant/logout',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'End the X-Applicant-Token before its time',
        response: { 204: Empty('The token no longer works') },
      },
    },
    async (request, reply) => {
      const token = applicantTokenOf(request);
      if (token !== undefined) await applicants.revoke(request.tenant, token);
      return reply.code(204).send();
    },
  );

  // Single sign-on with the city's identity provider, when OIDC is configured.
  if (!applicants.signOnEnabled) return;

  app.get(
    '/api/v1/services/applicant/login',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: "Sign in as an applicant with the city account: redirects to the city's identity provider",
        response: { 302: Empty("To the city's identity provider") },
      },
    },
    async (request, reply) => {
      const { url, state } = await applicants.beginSignOn(request.tenant);
      setStateCookie(reply, state, SIGN_ON_TTL_MS / 1000, applicants.signOnSecure);
      return reply.header('cache-control', 'no-store').redirect(url, 302);
    },
  );

  app.get(
    '/api/v1/services/applicant/callback',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: `Where the identity provider sends the applicant back; leads to ${APPLICANT_PAGE} with the token (#session=)`,
        querystring: Type.Object({ state: Type.Optional(Type.String()) }, { additionalProperties: true }),
        response: {
          303: Empty(`To ${APPLICANT_PAGE}#session=<token>, or for a browser the error (#sso-error=<code>)`),
        },
      },
    },
    async (request, reply) => {
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      setStateCookie(reply, '', 0, applicants.signOnSecure);
      void reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      try {
        const { token } = await applicants.finishSignOn(request.tenant, query, stateCookie(request));
        // In the fragment: never sent to a server nor written to its logs; the page removes it at once.
        return reply.redirect(`${APPLICANT_PAGE}#session=${encodeURIComponent(token)}`, 303);
      } catch (err) {
        if (isAppError(err) && wantsPage(request)) {
          return reply.redirect(`${APPLICANT_PAGE}#sso-error=${encodeURIComponent(err.code)}`, 303);
        }
        throw err;
      }
    },
  );
};
