import { defineErrors } from './errors.js';

/** The errors the platform itself sends: HTTP handling, accounts, audit, personal data, the database. */
export const PLATFORM_ERRORS = defineErrors({
  VALIDATION_FAILED: {
    status: 400,
    when: 'the body, query string, path or headers do not match the schema; `errors` lists each field',
  },
  MALFORMED_JSON: { status: 400, when: 'the body is not JSON' },
  REFUSED_JSON_KEY: {
    status: 400,
    when: 'a JSON body with a key `__proto__`, or `constructor` holding `prototype`: refused, as it could change what every object inherits',
  },
  EMPTY_BODY: { status: 400, when: 'a JSON body was announced but is empty' },
  MISSING_CONTENT_TYPE: { status: 400, when: 'a body was sent without a `Content-Type`' },
  INVALID_CONTENT_LENGTH: { status: 400, when: '`Content-Length` does not match the body' },
  BAD_REQUEST: { status: 400, when: 'any other request the HTTP layer cannot read' },
  MULTIPART_INCOMPLETE: {
    status: 400,
    when: 'a multipart form (an upload) ends before its closing boundary: it was cut short',
  },
  MULTIPART_MALFORMED: { status: 400, when: 'a multipart form without a boundary, or with a field named `__proto__`' },
  MULTIPART_TOO_MANY_FILES: {
    status: 413,
    when: 'a multipart form carries more files than the route takes (an upload: 1)',
  },
  MULTIPART_TOO_MANY_FIELDS: { status: 413, when: 'a multipart form has more fields than the route takes' },
  MULTIPART_TOO_MANY_PARTS: { status: 413, when: 'a multipart form has more parts than the route takes' },
  MULTIPART_FILE_TOO_LARGE: { status: 413, when: "a file in a multipart form is over the route's limit" },
  INVALID_TENANT: { status: 400, when: 'the tenant header is not a tenant name' },
  UNSTORABLE_TEXT: {
    status: 400,
    ngsiLd: 'BadRequestData',
    when: 'the body, query string or path holds a NUL character or half a surrogate pair, which cannot be stored ([security.md](security.md#query-and-input-limits))',
  },
  INPUT_TOO_DEEP: { status: 400, ngsiLd: 'BadRequestData', when: 'the JSON body is nested deeper than 64 levels' },
  BAD_URL: { status: 400, when: 'the path is not valid percent-encoding' },
  UNKNOWN_QUERY_PARAMETER: {
    status: 400,
    ngsiLd: 'InvalidRequest',
    when: 'a query parameter the route does not take (misspelt, or not supported); `detail` names it and the ones the route takes',
  },
  NUMBER_OUT_OF_RANGE: {
    status: 400,
    when: 'a whole number in the query string (`offset=1e22`) is beyond 2^53 − 1, more than can be held exactly',
  },
  PASSWORD_TOO_SHORT: { status: 400, when: 'a password shorter than 12 characters' },
  PASSWORD_TOO_WEAK: {
    status: 400,
    when: 'the password is easy to guess; `detail` says why, `strength` and `strengthNeeded` give the score (0-4)',
  },
  PASSWORD_CONTAINS_USERNAME: { status: 400, when: 'the password is or contains the username' },
  PASSWORD_UNCHANGED: { status: 400, when: 'the new password is the current one' },
  WRONG_PASSWORD: { status: 400, when: 'changing a password: the current password given is wrong' },
  INVALID_USERNAME: { status: 400, when: 'a username that is not 3-64 letters, digits, `.`, `_` or `-`' },
  EXPIRY_IN_PAST: { status: 400, when: "an API key's expiry is in the past" },
  TENANT_REQUIRED: { status: 400, when: 'a new account or API key must name its tenant (`""`, a name, or `*`)' },
  ALL_TENANTS_ADMIN_ONLY: {
    status: 400,
    when: 'every tenant (`*`) is for accounts and keys with the `admin` role only',
  },
  OIDC_STATE_INVALID: {
    status: 400,
    when: "single sign-on: the login's `state` is unknown, expired, already used, or from another browser ([access-control.md](access-control.md#single-sign-on-openid-connect))",
  },
  OIDC_CODE_INVALID: { status: 400, when: 'single sign-on: the one-time code is unknown, expired or already used' },
  SUBJECT_REQUIRED: {
    status: 400,
    when: 'a data-subject request or consent names the person by neither or both of `phone` and `nationalId` ([personal-data.md](personal-data.md))',
  },
  UNAUTHENTICATED: { status: 401, when: 'credentials missing, invalid, expired or revoked' },
  LOGIN_FAILED: { status: 401, when: 'wrong username or password, or the account is disabled' },
  OIDC_LOGIN_REFUSED: { status: 401, when: 'single sign-on: the identity provider refused the login' },
  OIDC_ID_TOKEN_INVALID: {
    status: 401,
    when: 'single sign-on: the ID token does not hold (issuer, audience, expiry, nonce, signature)',
  },
  FORBIDDEN: { status: 403, when: "the caller's roles lack the permission" },
  PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    when: "this session's password must be changed first (`PUT /api/v1/auth/password`)",
  },
  OIDC_ACCOUNT_REFUSED: {
    status: 403,
    when: 'single sign-on: the city account has no mapped role or no usable tenant, or is disabled here',
  },
  NOT_FOUND: { status: 404, when: "no such resource, or not the caller's" },
  METHOD_NOT_ALLOWED: {
    status: 405,
    when: 'the path exists but does not take this method; `Allow` lists the ones it takes',
  },
  REQUEST_TIMEOUT: { status: 408, when: 'the request did not arrive within `HTTP_REQUEST_TIMEOUT`' },
  USERNAME_TAKEN: { status: 409, when: 'an account of that username exists' },
  LAST_ADMIN: { status: 409, when: 'the last enabled administrator cannot be removed, disabled or demoted' },
  OIDC_USERNAME_TAKEN: { status: 409, when: "single sign-on: the provider's username is a local account's" },
  EXTERNAL_ACCOUNT: { status: 409, when: 'a password for an account that logs in with the city account' },
  NOT_AN_ERASURE_REQUEST: { status: 409, when: 'erasure asked of a data-subject request of another kind' },
  REQUEST_CLOSED: { status: 409, when: 'a data-subject request already completed or rejected' },
  BODY_TOO_LARGE: { status: 413, when: 'over `HTTP_BODY_LIMIT`' },
  PATH_TOO_LONG: { status: 414, when: 'a path segment is longer than 256 characters, the most an id may have' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    when: 'a body type the route does not take, or a compressed body (`Content-Encoding`)',
  },
  TOO_MANY_ATTEMPTS: {
    status: 429,
    when: 'the account is locked after failed logins, or the source address failed to authenticate too often; see `Retry-After`',
  },
  RATE_LIMITED: {
    status: 429,
    when: 'over `AUTH_LOGIN_RATE_LIMIT` or `API_KEY_RATE_LIMIT`; see `Retry-After` and `RateLimit-*`',
  },
  HEADERS_TOO_LARGE: { status: 431, when: 'the request line and headers (a long URL) are over 16 KiB' },
  INTERNAL: { status: 500, when: 'a bug; nothing about it is revealed, the full error is logged with the request id' },
  PERSONAL_DATA_KEY_UNAVAILABLE: {
    status: 500,
    when: 'personal data is wrapped by a master key this instance was not given (`PERSONAL_DATA_KEY`, `PERSONAL_DATA_KEY_PREVIOUS`)',
  },
  OIDC_PROVIDER_UNAVAILABLE: {
    status: 502,
    when: 'single sign-on: the identity provider cannot be reached (or is not allowed by `OUTBOUND_ALLOW`) or did not complete the login',
  },
  DATABASE_UNAVAILABLE: {
    status: 503,
    when: 'the database is out of reach (on any route): try again (see `Retry-After`)',
  },
  SHUTTING_DOWN: { status: 503, when: 'this instance is stopping: try again, on another one (see `Retry-After`)' },
  QUERY_TIMEOUT: {
    status: 503,
    when: "PostgreSQL cancelled the request's statement after `DATABASE_STATEMENT_TIMEOUT`: ask for less",
  },
  // At start, never on a request: the instance refuses to run and says why.
  DATABASE_IN_USE: { status: 500, when: 'at start: another process holds the embedded database under `DATA_DIR`' },
  DATABASE_TOO_OLD: { status: 500, when: 'at start: PostgreSQL is older than 15' },
  MIGRATION_BADLY_NAMED: {
    status: 500,
    when: 'at start: a migration file is not named `<yyyymmddhhmmss>_<owner>_<what>.sql`',
  },
  MIGRATION_DUPLICATE_VERSION: { status: 500, when: 'at start: two migration files share a version' },
  MIGRATION_UNKNOWN: {
    status: 500,
    when: 'at start: the database has a migration this version does not know (a newer release ran on it)',
  },
  MIGRATION_CHECKSUM_MISMATCH: { status: 500, when: 'at start: an applied migration was changed' },
});
