-- Personal data (Law 91/2025/QH15, Decree 13/2023/NĐ-CP): the keys that encrypt it, data-subject
-- requests and consent. Values themselves live in each module's tables, sealed (platform/personal-data).

-- One data key per tenant and purpose ('data' encrypts values, 'index' keys the blind indexes),
-- wrapped (AES-256-GCM) by the master key PERSONAL_DATA_KEY, named by master_key_id.
CREATE TABLE personal_data_key (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant         text NOT NULL,
  purpose        text NOT NULL CHECK (purpose IN ('data', 'index')),
  wrapped        text NOT NULL,
  master_key_id  text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  rewrapped_at   timestamptz,
  UNIQUE (tenant, purpose)
);

-- A data subject's request: access/export, erasure, correction, objection. The person is named by a
-- blind index of their phone or national id; due_at is the legal deadline.
CREATE TABLE personal_data_request (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant          text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('access', 'erasure', 'correction', 'objection')),
  subject_kind    text NOT NULL CHECK (subject_kind IN ('phone', 'national-id')),
  subject_index   text NOT NULL,
  subject_sealed  text NOT NULL,
  status          text NOT NULL CHECK (status IN ('received', 'in-progress', 'completed', 'rejected')),
  note_sealed     text,
  received_at     timestamptz NOT NULL DEFAULT now(),
  due_at          timestamptz NOT NULL,
  completed_at    timestamptz,
  recorded_by     text NOT NULL,
  result          jsonb
);
CREATE INDEX personal_data_request_open_idx ON personal_data_request (tenant, status, due_at);
CREATE INDEX personal_data_request_subject_idx ON personal_data_request (tenant, subject_index);

-- Consent per purpose: a ledger, one row per giving or withdrawal; the latest row is the state.
CREATE TABLE personal_data_consent (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant           text NOT NULL,
  subject_kind     text NOT NULL CHECK (subject_kind IN ('phone', 'national-id')),
  subject_index    text NOT NULL,
  subject_sealed   text NOT NULL,
  purpose          text NOT NULL,
  given            boolean NOT NULL,
  at               timestamptz NOT NULL DEFAULT now(),
  evidence_sealed  text NOT NULL,
  recorded_by      text NOT NULL
);
CREATE INDEX personal_data_consent_subject_idx ON personal_data_consent (tenant, subject_index, purpose, at);

-- Accounts carry personal data too: display_name now holds a sealed value; phone and email are new,
-- sealed, with a blind index of the phone to find a person's account.
ALTER TABLE auth_user ADD COLUMN phone text, ADD COLUMN email text, ADD COLUMN phone_index text;
CREATE INDEX auth_user_phone_index_idx ON auth_user (phone_index);
