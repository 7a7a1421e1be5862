-- Single sign-on through the city's identity provider (OpenID Connect).

-- An account that logs in through the identity provider: it is found again by (issuer, subject),
-- never by its username, and it has no local password.
CREATE TABLE auth_external_identity (
  user_id        uuid PRIMARY KEY REFERENCES auth_user (id) ON DELETE CASCADE,
  issuer         text NOT NULL,
  subject        text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  last_login_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (issuer, subject)
);

-- A login under way: the browser went to the identity provider and has not come back yet. Keyed by
-- a hash of `state`; deleted when the browser returns, so a callback works once, on any instance.
CREATE TABLE auth_oidc_login (
  state_hash     text PRIMARY KEY,
  nonce          text NOT NULL,
  code_verifier  text NOT NULL,
  expires_at     timestamptz NOT NULL
);
CREATE INDEX auth_oidc_login_expires_idx ON auth_oidc_login (expires_at);

-- A login that succeeded, waiting for the web app to redeem its one-time code for a session.
CREATE TABLE auth_oidc_handoff (
  code_hash   text PRIMARY KEY,
  user_id     uuid NOT NULL REFERENCES auth_user (id) ON DELETE CASCADE,
  expires_at  timestamptz NOT NULL
);
CREATE INDEX auth_oidc_handoff_expires_idx ON auth_oidc_handoff (expires_at);
