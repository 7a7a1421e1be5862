/** Accounts, sessions, API keys and access control: the public surface of platform/auth. */
export { accessControl, principalOf, type RouteAccess } from './access.js';
export { authRoutes, type PersonalOfUser, type RevealUsers } from './routes.js';
export {
  ACCOUNT_PERSONAL_FIELDS,
  type PersonalFieldSealer,
  ALL_TENANTS,
  AuthService,
  canActInTenant,
  DEFAULT_TENANT,
  isTenantName,
  type Principal,
} from './service.js';
export {
  ROLES,
  ROLE_DESCRIPTIONS,
  isRole,
  PermissionTable,
  rolesGrant,
  type Permission,
  type PlatformPermission,
  type Role,
} from './permissions.js';
export { generatePassword, MIN_PASSWORD_LENGTH } from './passwords.js';
export { idpFetch, OIDC_CALLBACK_PATH, OidcService, type IdpFetch } from './oidc.js';
export { oidcRoutes } from './oidc-routes.js';
