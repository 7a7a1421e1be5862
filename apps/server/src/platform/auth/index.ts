/** Accounts, sessions, API keys and access control: the public surface of platform/auth. */
export { accessControl, principalOf, type RouteAccess } from './access.js';
export { authRoutes } from './routes.js';
export { ALL_TENANTS, AuthService, canActInTenant, DEFAULT_TENANT, isTenantName, type Principal } from './service.js';
export { ROLES, ROLE_DESCRIPTIONS, isRole, type Permission, type Role } from './permissions.js';
export { generatePassword, MIN_PASSWORD_LENGTH } from './passwords.js';
export { idpFetch, OIDC_CALLBACK_PATH, OidcService, type IdpFetch } from './oidc.js';
export { oidcRoutes } from './oidc-routes.js';
