/**
 * Who may do what. A permission is `<family>:<action>`; the family is the API family a route belongs
 * to, so anonymous read access can be opened per family by configuration (AUTH_ANONYMOUS_READ).
 * The platform's own permissions are granted here; each city module declares its own, with the roles
 * they are granted to, in its definition (platform/modules.ts), and the app joins them in one table.
 */

export const ROLES = ['admin', 'operator', 'dispatcher', 'officer', 'viewer', 'monitor'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_DESCRIPTIONS: Readonly<Record<Role, string>> = {
  admin: 'Platform administrator: accounts, keys, configuration and everything operators can do',
  operator: 'Operations-centre operator: watches the city, handles alarms',
  dispatcher: 'Emergency call-taker and dispatcher',
  officer: 'Department officer handling citizen reports and dossiers',
  viewer: 'Read-only access to the operations centre',
  monitor: 'Monitoring systems: metrics and health',
};

export const PERMISSIONS = [
  'access:manage',
  'access:read',
  'metrics:read',
  'context:read',
  'context:write',
  'iot:read',
  'iot:write',
  'audit:read',
  'pii:read',
  'personal-data:manage',
  'messages:read',
] as const;
export type PlatformPermission = (typeof PERMISSIONS)[number];
/** A permission of the platform or of a module: `<family>:<action>`. */
export type Permission = `${string}:${string}`;

const GRANTS: Readonly<Record<PlatformPermission, readonly Role[]>> = {
  'access:manage': ['admin'],
  'access:read': ['admin'],
  'metrics:read': ['admin', 'monitor'],
  // The city's shared picture: everyone who works in the operations centre reads it; those who act write.
  'context:read': ['admin', 'operator', 'dispatcher', 'officer', 'viewer'],
  'context:write': ['admin', 'operator', 'dispatcher', 'officer'],
  // Devices and their API keys: the operations centre sees them; only those who run it provision.
  'iot:read': ['admin', 'operator', 'viewer'],
  'iot:write': ['admin', 'operator'],
  // The audit trail: who did what, and reads of personal data; only administrators read it.
  'audit:read': ['admin'],
  // Personal data in clear (otherwise masked; every such read is audited), and data-subject requests and consent.
  'pii:read': ['admin'],
  'personal-data:manage': ['admin', 'officer'],
  // The outbox of messages to people (contacts masked): administrators, to see what left and what failed.
  'messages:read': ['admin'],
};

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

/** The platform's permissions (the modules' are granted by the app's PermissionTable). */
export function rolesGrant(roles: readonly Role[], permission: PlatformPermission): boolean {
  const allowed = GRANTS[permission];
  return roles.some((r) => allowed.includes(r));
}

/** Every permission of a running app: the platform's and those its modules declare. */
export class PermissionTable {
  readonly #grants = new Map<string, readonly Role[]>(Object.entries(GRANTS));

  /** Adds a module's permissions; a permission declared twice is a programming error. */
  add(owner: string, grants: Readonly<Record<Permission, readonly Role[]>>): void {
    for (const [permission, roles] of Object.entries(grants)) {
      if (!/^[a-z][a-z0-9-]*:[a-z][a-z0-9-]*$/.test(permission)) {
        throw new Error(`${owner}: "${permission}" is not a permission (<family>:<action>)`);
      }
      if (this.#grants.has(permission)) throw new Error(`${owner}: the permission ${permission} is declared twice`);
      this.#grants.set(permission, roles);
    }
  }

  has(permission: Permission): boolean {
    return this.#grants.has(permission);
  }

  /** Whether one of the roles is granted the permission; an unknown permission is granted to none. */
  grants(roles: readonly Role[], permission: Permission): boolean {
    const allowed = this.#grants.get(permission) ?? [];
    return roles.some((r) => allowed.includes(r));
  }
}

export const familyOf = (permission: Permission): string => permission.split(':')[0] as string;

export const isReadPermission = (permission: Permission): boolean => permission.endsWith(':read');
