-- People who log in. Usernames are unique regardless of case. tenant '' is the default tenant,
-- '*' every tenant (platform administrators).
CREATE TABLE auth_user (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username       text NOT NULL,
  display_name   text NOT NULL DEFAULT '',
  password_hash  text NOT NULL,
  roles          text[] NOT NULL,
  tenant         text NOT NULL DEFAULT '',
  disabled       boolean NOT NULL DEFAULT false,
  failed_logins  integer NOT NULL DEFAULT 0,
  locked_until   timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  last_login_at  timestamptz
);
CREATE UNIQUE INDEX auth_user_username_key ON auth_user (lower(username));
CREATE INDEX auth_user_tenant_idx ON auth_user (tenant);

-- A login: the token carries the session id, so logging out (revoking) takes effect at once.
CREATE TABLE auth_session (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id         uuid NOT NULL REFERENCES auth_user (id) ON DELETE CASCADE,
  created_at      timestamptz NOT NULL DEFAULT now(),
  expires_at      timestamptz NOT NULL,
  revoked_at      timestamptz,
  user_agent      text,
  remote_address  text
);
CREATE INDEX auth_session_user_idx ON auth_session (user_id);
CREATE INDEX auth_session_expires_idx ON auth_session (expires_at);

-- Keys for machines. Only a hash of the secret part is kept; the prefix finds the row.
CREATE TABLE auth_api_key (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name          text NOT NULL,
  prefix        text NOT NULL UNIQUE,
  secret_hash   text NOT NULL,
  roles         text[] NOT NULL,
  tenant        text NOT NULL DEFAULT '',
  created_by    uuid REFERENCES auth_user (id) ON DELETE SET NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz,
  revoked_at    timestamptz,
  last_used_at  timestamptz
);
CREATE INDEX auth_api_key_tenant_idx ON auth_api_key (tenant);

-- Secrets the platform makes for itself (the token signing key when AUTH_TOKEN_SECRET is unset),
-- shared by every instance through the database.
CREATE TABLE platform_secret (
  name        text PRIMARY KEY,
  value       text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
