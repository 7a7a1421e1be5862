import { Type, type Static } from 'typebox';
import { MIN_PASSWORD_LENGTH } from './passwords.js';
import { ROLES } from './permissions.js';

export const Role = Type.Enum(ROLES, { description: ROLES.join(', ') });

const Tenant = Type.String({
  maxLength: 64,
  description: "Tenant: a name (letters, digits, _ and -), '' for the default tenant, '*' for every tenant",
});

/**
 * Checked by the service, so a missing tenant gets its own clear error (TENANT_REQUIRED). `null` is
 * let through to be refused the same way: as a bare string, validation would coerce it to '' (the
 * default tenant) without a word.
 */
const GrantedTenant = Type.Unsafe<string | null>({
  type: ['string', 'null'], // one schema of two types: ajv coerces nothing that is one of them
  maxLength: 64,
  description:
    "Required: a tenant name (letters, digits, _ and -), '' for the default tenant, '*' for every tenant (administrators only)",
});

const Timestamp = Type.String({ format: 'date-time' });
const Id = Type.String({ description: 'UUID' });

const Password = Type.String({ minLength: MIN_PASSWORD_LENGTH, maxLength: 200 });

export const IdParams = Type.Object({ id: Id });

const PersonalNote = ' (personal data: masked without pii:read)';
const Phone = Type.String({ pattern: '^\\+?[0-9 .()-]{6,20}$', description: 'Phone number' });
const Email = Type.String({ format: 'email', maxLength: 200 });

export const User = Type.Object({
  id: Id,
  username: Type.String(),
  displayName: Type.String({ description: `Name shown in the operations centre${PersonalNote}` }),
  phone: Type.Union([Type.String({ description: `Phone${PersonalNote}` }), Type.Null()]),
  email: Type.Union([Type.String({ description: `Email${PersonalNote}` }), Type.Null()]),
  roles: Type.Array(Role),
  tenant: Tenant,
  disabled: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  lastLoginAt: Type.Union([Timestamp, Type.Null()]),
  lockedUntil: Type.Union([Timestamp, Type.Null()], { description: 'Locked after failed logins until then' }),
  mustChangePassword: Type.Boolean({ description: 'Must choose a new password before anything else' }),
});

export const CreateUser = Type.Object(
  {
    username: Type.String({ pattern: '^[A-Za-z0-9._-]{3,64}$', description: '3-64 letters, digits, ., _ or -' }),
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    phone: Type.Optional(Phone),
    email: Type.Optional(Email),
    password: Type.Optional({
      ...Password,
      description: `At least ${MIN_PASSWORD_LENGTH} characters; omit it to have one generated and returned once`,
    }),
    roles: Type.Array(Role, { minItems: 1 }),
    tenant: Type.Optional(GrantedTenant),
  },
  { additionalProperties: false },
);

export const CreatedUser = Type.Object({
  user: User,
  generatedPassword: Type.Optional(Type.String({ description: 'Only when no password was given; shown once' })),
});

export const ResetPassword = Type.Object({
  user: User,
  generatedPassword: Type.String({ description: 'The new password: shown once, to be changed at next login' }),
});

export const UpdateUser = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    phone: Type.Optional(Phone),
    email: Type.Optional(Email),
    password: Type.Optional(Password),
    roles: Type.Optional(Type.Array(Role, { minItems: 1 })),
    tenant: Type.Optional(Tenant),
    disabled: Type.Optional(Type.Boolean()),
    mustChangePassword: Type.Optional(
      Type.Boolean({ description: 'true: the person must choose a new password at their next login' }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const Page = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
});

export const UserList = Type.Object({
  items: Type.Array(User),
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
});

export const Login = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

export const LoginResponse = Type.Object({
  token: Type.String({ description: 'Send as "Authorization: Bearer <token>"' }),
  tokenType: Type.Literal('Bearer'),
  expiresAt: Timestamp,
  passwordChangeRequired: Type.Boolean({
    description: 'The password must be changed (PUT /api/v1/auth/password) before anything else',
  }),
  user: User,
});

export const Me = Type.Object({
  kind: Type.Union([Type.Literal('user'), Type.Literal('api-key')]),
  id: Id,
  name: Type.String(),
  roles: Type.Array(Role),
  tenant: Tenant,
  passwordChangeRequired: Type.Optional(Type.Boolean()),
});

export const ChangePassword = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: 200 }), newPassword: Password },
  { additionalProperties: false },
);

export const ApiKey = Type.Object({
  id: Id,
  name: Type.String(),
  prefix: Type.String({ description: 'Public part of the key, to recognise it in lists' }),
  roles: Type.Array(Role),
  tenant: Tenant,
  createdAt: Timestamp,
  expiresAt: Type.Union([Timestamp, Type.Null()]),
  revokedAt: Type.Union([Timestamp, Type.Null()]),
  lastUsedAt: Type.Union([Timestamp, Type.Null()]),
});

export const CreateApiKey = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    roles: Type.Array(Role, { minItems: 1 }),
    tenant: Type.Optional(GrantedTenant),
    expiresAt: Type.Optional(Timestamp),
  },
  { additionalProperties: false },
);

export const CreatedApiKey = Type.Object({
  apiKey: ApiKey,
  key: Type.String({ description: 'The secret key: shown once, send it as "Authorization: Bearer <key>"' }),
});

export const ApiKeyList = Type.Object({ items: Type.Array(ApiKey) });

export type CreateUserBody = Static<typeof CreateUser>;
export type UpdateUserBody = Static<typeof UpdateUser>;
