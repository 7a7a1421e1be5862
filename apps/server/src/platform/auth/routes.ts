import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { principalOf } from './access.js';
import { NoContent } from '../http/schemas.js';
import * as S from './schemas.js';
import type { AuthService } from './service.js';
import type { ApiKeyRecord, UserRecord } from './store.js';

/** An account's personal fields as the caller may see them (clear and audited, or masked). */
export interface PersonalOfUser {
  readonly displayName: string | null;
  readonly phone: string | null;
  readonly email: string | null;
}
export type RevealUsers = (
  request: FastifyRequest,
  users: readonly UserRecord[],
  self?: UserRecord,
) => Promise<PersonalOfUser[]>;

export const userView = (u: UserRecord, p: PersonalOfUser | undefined) => ({
  id: u.id,
  username: u.username,
  displayName: p?.displayName ?? '',
  phone: p?.phone ?? null,
  email: p?.email ?? null,
  roles: u.roles,
  tenant: u.tenant,
  disabled: u.disabled,
  createdAt: u.createdAt.toISOString(),
  updatedAt: u.updatedAt.toISOString(),
  lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
  lockedUntil: u.lockedUntil !== null && u.lockedUntil.getTime() > Date.now() ? u.lockedUntil.toISOString() : null,
  mustChangePassword: u.mustChangePassword,
});

const apiKeyView = (k: ApiKeyRecord) => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  roles: k.roles,
  tenant: k.tenant,
  createdAt: k.createdAt.toISOString(),
  expiresAt: k.expiresAt?.toISOString() ?? null,
  revokedAt: k.revokedAt?.toISOString() ?? null,
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
});

/** Login, accounts and API keys under /api/v1. */
export const authRoutes: FastifyPluginAsyncTypebox<{ auth: AuthService; reveal: RevealUsers }> = async (
  app,
  { auth, reveal },
) => {
  const tags = ['Access'];
  const viewOne = async (request: FastifyRequest, u: UserRecord, self?: UserRecord) =>
    userView(u, (await reveal(request, [u], self))[0]);

  app.post(
    '/auth/login',
    {
      config: {
        access: 'public',
        // Failed logins are told apart in the audit trail by the name tried (a login name, not personal data).
        auditTarget: (request) => {
          const username = (request.body as { username?: unknown } | undefined)?.username;
          return typeof username === 'string' ? username.slice(0, 64) : undefined;
        },
        // Attempts per source address, whatever their outcome (failures are also counted apart).
        rateLimit:
          auth.loginRateLimit === null
            ? false
            : {
                max: auth.loginRateLimit,
                timeWindow: 60_000,
                hook: 'onRequest',
                allowList: () => false,
                keyGenerator: (request) => `login:${request.ip}`,
              },
      },
      schema: {
        tags,
        summary: 'Log in with a username and password',
        body: S.Login,
        response: { 200: S.LoginResponse },
      },
    },
    async (request) => {
      const result = await auth.login(request.body.username, request.body.password, {
        userAgent: request.headers['user-agent'],
        remoteAddress: request.ip,
      });
      return {
        token: result.token,
        tokenType: 'Bearer' as const,
        expiresAt: result.expiresAt.toISOString(),
        passwordChangeRequired: result.user.mustChangePassword,
        user: await viewOne(request, result.user, result.user),
      };
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { passwordChange: true },
      schema: { tags, summary: 'End the current session', response: { 204: NoContent } },
    },
    async (request, reply) => {
      await auth.logout(principalOf(request));
      return reply.code(204).send();
    },
  );

  app.get(
    '/auth/me',
    { config: { passwordChange: true }, schema: { tags, summary: 'Who the caller is', response: { 200: S.Me } } },
    async (request) => {
      const p = principalOf(request);
      return {
        kind: p.kind,
        id: p.id,
        name: p.name,
        roles: [...p.roles],
        tenant: p.tenant,
        ...(p.mustChangePassword ? { passwordChangeRequired: true } : {}),
      };
    },
  );

  app.put(
    '/auth/password',
    {
      config: { passwordChange: true },
      schema: {
        tags,
        summary: 'Change your own password (ends your sessions)',
        body: S.ChangePassword,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await auth.changeOwnPassword(principalOf(request), request.body.currentPassword, request.body.newPassword, {
        remoteAddress: request.ip,
      });
      return reply.code(204).send();
    },
  );

  app.get(
    '/users',
    {
      config: { access: { permission: 'access:read' } },
      schema: { tags, summary: 'List user accounts', querystring: S.Page, response: { 200: S.UserList } },
    },
    async (request) => {
      const { limit, offset } = request.query;
      const page = await auth.listUsers(principalOf(request).tenant, { limit, offset });
      const personal = await reveal(request, page.items);
      return { items: page.items.map((u, i) => userView(u, personal[i])), total: page.total, limit, offset };
    },
  );

  app.post(
    '/users',
    {
      config: { access: { permission: 'access:manage' } },
      schema: { tags, summary: 'Create a user account', body: S.CreateUser, response: { 201: S.CreatedUser } },
    },
    async (request, reply) => {
      const { user, generatedPassword } = await auth.createUser(principalOf(request), {
        ...request.body,
        tenant: request.body.tenant ?? undefined,
      });
      void reply.code(201).header('location', `/api/v1/users/${user.id}`);
      const view = await viewOne(request, user);
      return generatedPassword === undefined ? { user: view } : { user: view, generatedPassword };
    },
  );

  app.get(
    '/users/:id',
    {
      config: { access: { permission: 'access:read' } },
      schema: { tags, summary: 'One user account', params: S.IdParams, response: { 200: S.User } },
    },
    async (request) => viewOne(request, await auth.getUser(principalOf(request).tenant, request.params.id)),
  );

  app.patch(
    '/users/:id',
    {
      config: { access: { permission: 'access:manage' } },
      schema: {
        tags,
        summary: 'Change roles, tenant, name or password, require a new password, or disable an account',
        params: S.IdParams,
        body: S.UpdateUser,
        response: { 200: S.User },
      },
    },
    async (request) => viewOne(request, await auth.updateUser(principalOf(request), request.params.id, request.body)),
  );

  app.delete(
    '/users/:id',
    {
      config: { access: { permission: 'access:manage' } },
      schema: { tags, summary: 'Delete a user account', params: S.IdParams, response: { 204: NoContent } },
    },
    async (request, reply) => {
      await auth.deleteUser(principalOf(request), request.params.id);
      return reply.code(204).send();
    },
  );

  app.post(
    '/users/:id/unlock',
    {
      config: { access: { permission: 'access:manage' } },
      schema: {
        tags,
        summary: 'Unlock an account locked after failed logins',
        params: S.IdParams,
        response: { 200: S.User },
      },
    },
    async (request) => viewOne(request, await auth.unlockUser(principalOf(request), { id: request.params.id })),
  );

  app.post(
    '/users/:id/password-reset',
    {
      config: { access: { permission: 'access:manage' } },
      schema: {
        tags,
        summary: 'Give an account a new generated password (shown once; its owner must change it at next login)',
        params: S.IdParams,
        response: { 200: S.ResetPassword },
      },
    },
    async (request) => {
      const { user, generatedPassword } = await auth.resetPassword(principalOf(request), request.params.id);
      return { user: await viewOne(request, user), generatedPassword };
    },
  );

  app.get(
    '/api-keys',
    {
      config: { access: { permission: 'access:read' } },
      schema: { tags, summary: 'List API keys (without their secrets)', response: { 200: S.ApiKeyList } },
    },
    async (request) => ({ items: (await auth.listApiKeys(principalOf(request).tenant)).map(apiKeyView) }),
  );

  app.post(
    '/api-keys',
    {
      config: { access: { permission: 'access:manage' } },
      schema: {
        tags,
        summary: 'Create an API key for a machine',
        body: S.CreateApiKey,
        response: { 201: S.CreatedApiKey },
      },
    },
    async (request, reply) => {
      const created = await auth.createApiKey(principalOf(request), {
        ...request.body,
        tenant: request.body.tenant ?? undefined,
      });
      void reply.code(201).header('location', `/api/v1/api-keys/${created.record.id}`);
      return { apiKey: apiKeyView(created.record), key: created.key };
    },
  );

  app.get(
    '/api-keys/:id',
    {
      config: { access: { permission: 'access:read' } },
      schema: { tags, summary: 'One API key (without its secret)', params: S.IdParams, response: { 200: S.ApiKey } },
    },
    async (request) => apiKeyView(await auth.getApiKey(principalOf(request).tenant, request.params.id)),
  );

  app.delete(
    '/api-keys/:id',
    {
      config: { access: { permission: 'access:manage' } },
      schema: { tags, summary: 'Revoke an API key', params: S.IdParams, response: { 204: NoContent } },
    },
    async (request, reply) => {
      await auth.revokeApiKey(principalOf(request), request.params.id);
      return reply.code(204).send();
    },
  );
};
