-- Applicants of online public services: how a citizen or a business proves who they are to follow
-- their dossiers. Nothing here is kept in clear that would let a reader of the database act as them:
-- tokens and one-time codes are stored hashed; names, ID numbers and sign-on subjects are sealed.

-- One-time codes sent to a dossier's contact: valid 10 minutes, a few tries, then locked.
CREATE TABLE services_applicant_code (
  id          bigserial PRIMARY KEY,
  tenant      text NOT NULL,
  dossier     text NOT NULL,
  salt        text NOT NULL,
  code_hash   text NOT NULL,
  tries       integer NOT NULL DEFAULT 0,
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz
);
CREATE INDEX services_applicant_code_dossier_idx ON services_applicant_code (tenant, dossier, id);

-- Requests for codes and tries at them, by source (its address hashed) and dossier: the rate limits,
-- shared by every instance.
CREATE TABLE services_applicant_attempt (
  id          bigserial PRIMARY KEY,
  tenant      text NOT NULL,
  kind        text NOT NULL,
  source      text NOT NULL,
  dossier     text NOT NULL,
  at          timestamptz NOT NULL
);
CREATE INDEX services_applicant_attempt_source_idx ON services_applicant_attempt (kind, source, at);
CREATE INDEX services_applicant_attempt_at_idx ON services_applicant_attempt (at);

-- Applicants' tokens (header X-Applicant-Token): a dossier's (code proved) or a person's (signed in).
CREATE TABLE services_applicant_token (
  token_hash  text PRIMARY KEY,
  tenant      text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('dossier', 'identity')),
  dossier     text,
  subject     text,
  name        text,
  id_number   text,
  id_index    text,
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL
);
CREATE INDEX services_applicant_token_expiry_idx ON services_applicant_token (expires_at);
CREATE INDEX services_applicant_token_id_idx ON services_applicant_token (id_index) WHERE id_index IS NOT NULL;

-- Sign-ons under way with the city's identity provider (state, nonce, PKCE verifier), until the
-- browser comes back to any instance.
CREATE TABLE services_applicant_login (
  state_hash     text PRIMARY KEY,
  tenant         text NOT NULL,
  nonce          text NOT NULL,
  code_verifier  text NOT NULL,
  expires_at     timestamptz NOT NULL
);
