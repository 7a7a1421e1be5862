/** Accounts, sessions, API keys and access control: the public surface of platform/auth. */
export { accessControl, principalOf, type RouteAccess } from './access.js';
export { authRoutes } from './routes.js';
export { ALL_TENANTS, AuthService, canActInTenant, DEFAULT_TENANT, isTenantName, type Principal } from './service.js';
export {
  ROLES,
  ROLE_DESCRIPTIONS,
  isRole,
  PermissionTable,
  type Permission,
  type PlatformPermission,
  type Role,
} from './permissions.js';
export { generatePassword, MIN_PASSWORD_LENGTH } from './passwords.js';
