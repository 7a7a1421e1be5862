/**
 * Who may do what. A permission is `<family>:<action>`; the family is the API family a route belongs
 * to, so anonymous read access can be opened per family by configuration (AUTH_ANONYMOUS_READ).
 * This table is the one place that grants permissions to roles.
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
  'environment:read',
  'alarms:read',
  'alarms:write',
  'kpis:read',
  'audit:read',
  'pii:read',
  'personal-data:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Readonly<Record<Permission, readonly Role[]>> = {
  'access:manage': ['admin'],
  'access:read': ['admin'],
  'metrics:read': ['admin', 'monitor'],
  // The city's shared picture: everyone who works in the operations centre reads it; those who act write.
  'context:read': ['admin', 'operator', 'dispatcher', 'officer', 'viewer'],
  'context:write': ['admin', 'operator', 'dispatcher', 'officer'],
  // Devices and their API keys: the operations centre sees them; only those who run it provision.
  'iot:read': ['admin', 'operator', 'viewer'],
  'iot:write': ['admin', 'operator'],
  // Air quality is public information: every role reads it (and AUTH_ANONYMOUS_READ can open it to all).
  'environment:read': ['admin', 'operator', 'dispatcher', 'officer', 'viewer', 'monitor'],
  // Alarms: the operations centre sees them; its operators and dispatchers act on them.
  'alarms:read': ['admin', 'operator', 'dispatcher', 'officer', 'viewer'],
  'alarms:write': ['admin', 'operator', 'dispatcher'],
  // The KPI strip: everyone in the operations centre (leaders read it with the viewer role).
  'kpis:read': ['admin', 'operator', 'dispatcher', 'officer', 'viewer'],
  // The audit trail: who did what, and reads of personal data; only administrators read it.
  'audit:read': ['admin'],
  // Personal data in clear (otherwise masked; every such read is audited), and data-subject requests and consent.
  'pii:read': ['admin'],
  'personal-data:manage': ['admin', 'officer'],
};

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

export function rolesGrant(roles: readonly Role[], permission: Permission): boolean {
  const allowed = GRANTS[permission];
  return roles.some((r) => allowed.includes(r));
}

export const familyOf = (permission: Permission): string => permission.split(':')[0] as string;

export const isReadPermission = (permission: Permission): boolean => permission.endsWith(':read');
