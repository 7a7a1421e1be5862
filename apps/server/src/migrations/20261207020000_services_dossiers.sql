-- Online public services' dossiers (modules/services, Decree 118/2025): the dossiers with their state,
-- clock and fee, their timeline (every transition, by whom, from/to which agency: the control sheet,
-- form 06), the uploaded documents and results, the agencies each officer works for, and the outbox of
-- events for the National Public Service Portal with the local receiver's log. The applicant's name,
-- id number, phone, e-mail and address and the form fields marked personal are stored sealed, the id
-- number and phone with a blind index to find a person.

-- The day's sequence of dossier codes, per tenant: H26.261207.00042.
CREATE TABLE services_dossier_counter (
  tenant text NOT NULL,
  day    date NOT NULL,
  last   integer NOT NULL,
  PRIMARY KEY (tenant, day)
);

CREATE TABLE services_dossiers (
  tenant            text NOT NULL,
  code              text NOT NULL,
  procedure_code    text NOT NULL,
  procedure_version integer NOT NULL,
  -- The procedure's time limit (working days, halves allowed) and result, as filed (a later version does not change them).
  limit_days        numeric(6,1) NOT NULL,
  electronic_result boolean NOT NULL,
  online_level      text NOT NULL CHECK (online_level IN ('full', 'partial')),
  -- The agency that has the dossier now (the one-stop centre, then each step's agency).
  agency            text NOT NULL,
  state             text NOT NULL CHECK (state IN ('submitted', 'received', 'processing', 'supplement',
                      'result-ready', 'returned', 'rejected', 'stopped', 'withdrawn')),
  channel           text NOT NULL CHECK (channel IN ('online', 'counter', 'post')),
  language          text NOT NULL CHECK (language IN ('vi', 'en')),
  applicant_kind    text NOT NULL,
  -- Sealed personal data, and the blind indexes to find a person.
  applicant_name    text NOT NULL,
  applicant_id      text,
  applicant_phone   text,
  applicant_email   text,
  applicant_address text,
  id_index          text,
  phone_index       text,
  -- The city's identity provider's subject of an applicant who signed in (their "my dossiers").
  applicant_subject text,
  -- The form: fields marked personal sealed (field → sealed value), the others plain.
  values_plain      jsonb NOT NULL DEFAULT '{}',
  values_sealed     jsonb NOT NULL DEFAULT '{}',
  -- School enrolment: the school and ward chosen (places are counted per school).
  school            text,
  fee_state         text NOT NULL CHECK (fee_state IN ('none', 'due', 'paid')),
  fee_total_vnd     bigint NOT NULL DEFAULT 0,
  payment_reference text,
  submitted_at      timestamptz NOT NULL,
  received_at       timestamptz,
  due_at            timestamptz,
  returned_at       timestamptz,
  closed_at         timestamptz,
  timeliness        text CHECK (timeliness IN ('early', 'on-time', 'late')),
  -- The queue's order: the due date, or (not yet received) the submission a century earlier, so the
  -- dossiers waiting to be received come first in the order they came. Kept by the store.
  queue_at          timestamptz NOT NULL,
  step_index        integer NOT NULL DEFAULT 0,
  step_due_at       timestamptz,
  officer           text,
  -- A supplement: the state it came from, what was asked; the clock's pauses [{"from", "to"?}].
  supplement_from   text,
  asked             jsonb,
  pauses            jsonb NOT NULL DEFAULT '[]',
  extension_days    integer NOT NULL DEFAULT 0,
  -- The applicant's rating after the return (Decision 766: satisfaction).
  rating            integer CHECK (rating BETWEEN 1 AND 5),
  rating_comment    text,
  rated_at          timestamptz,
  updated_at        timestamptz NOT NULL,
  PRIMARY KEY (tenant, code)
);
-- The officer's queue: open dossiers of an agency in the order of their due dates (keyset on queue_at, code).
CREATE INDEX services_dossiers_queue_idx ON services_dossiers (tenant, agency, queue_at, code)
  WHERE state IN ('submitted', 'received', 'processing', 'supplement', 'result-ready');
CREATE INDEX services_dossiers_open_idx ON services_dossiers (tenant, queue_at, code)
  WHERE state IN ('submitted', 'received', 'processing', 'supplement', 'result-ready');
-- The index (Decision 766) and the book (form 07) over a period.
CREATE INDEX services_dossiers_submitted_idx ON services_dossiers (tenant, submitted_at);
CREATE INDEX services_dossiers_returned_idx ON services_dossiers (tenant, returned_at) WHERE returned_at IS NOT NULL;
CREATE INDEX services_dossiers_id_idx ON services_dossiers (id_index);
CREATE INDEX services_dossiers_phone_idx ON services_dossiers (phone_index);
CREATE INDEX services_dossiers_subject_idx ON services_dossiers (tenant, applicant_subject);
CREATE INDEX services_dossiers_school_idx ON services_dossiers (tenant, procedure_code, school) WHERE school IS NOT NULL;

CREATE TABLE services_dossier_events (
  id          bigserial PRIMARY KEY,
  tenant      text NOT NULL,
  code        text NOT NULL,
  at          timestamptz NOT NULL,
  kind        text NOT NULL,
  by_kind     text NOT NULL CHECK (by_kind IN ('applicant', 'staff', 'system')),
  by_id       text,
  by_name     text,
  from_state  text,
  to_state    text,
  from_agency text,
  to_agency   text,
  note        text,
  data        jsonb NOT NULL DEFAULT '{}',
  FOREIGN KEY (tenant, code) REFERENCES services_dossiers (tenant, code) ON DELETE CASCADE
);
CREATE INDEX services_dossier_events_idx ON services_dossier_events (tenant, code, id);

-- Uploads (before and after filing) and the results the agencies make.
CREATE TABLE services_dossier_documents (
  tenant       text NOT NULL,
  id           uuid NOT NULL,
  dossier      text,
  kind         text NOT NULL CHECK (kind IN ('upload', 'result')),
  doc_code     text,
  name         text NOT NULL,
  content_type text NOT NULL,
  bytes        integer NOT NULL,
  sha256       text NOT NULL,
  data         bytea NOT NULL,
  scan         text NOT NULL,
  created_at   timestamptz NOT NULL,
  PRIMARY KEY (tenant, id)
);
CREATE INDEX services_dossier_documents_dossier_idx ON services_dossier_documents (tenant, dossier);
CREATE INDEX services_dossier_documents_unused_idx ON services_dossier_documents (created_at) WHERE dossier IS NULL;
CREATE INDEX services_dossier_documents_sha_idx ON services_dossier_documents (sha256) WHERE kind = 'result';

-- The agencies each officer works for (an admin works for all).
CREATE TABLE services_staff (
  tenant     text NOT NULL,
  user_id    text NOT NULL,
  agencies   text[] NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant, user_id)
);

-- Events for the National Public Service Portal, queued in the change's transaction; delivered at least
-- once and in order per dossier (a failed event holds back that dossier's later ones only).
CREATE TABLE services_portal_outbox (
  id           bigserial PRIMARY KEY,
  tenant       text NOT NULL,
  dossier      text NOT NULL,
  kind         text NOT NULL,
  payload      jsonb NOT NULL,
  created_at   timestamptz NOT NULL,
  attempts     integer NOT NULL DEFAULT 0,
  next_at      timestamptz NOT NULL,
  delivered_at timestamptz,
  last_error   text
);
CREATE INDEX services_portal_outbox_pending_idx ON services_portal_outbox (tenant, dossier, id) WHERE delivered_at IS NULL;
-- A dossier's events, delivered or not (the index counts them per dossier).
CREATE INDEX services_portal_outbox_dossier_idx ON services_portal_outbox (tenant, dossier);

-- What the local receiver (SERVICES_PORTAL=local) got: the portal's side, for the admin and the tests.
CREATE TABLE services_portal_received (
  id          bigserial PRIMARY KEY,
  event_id    bigint NOT NULL UNIQUE,
  tenant      text NOT NULL,
  dossier     text NOT NULL,
  kind        text NOT NULL,
  payload     jsonb NOT NULL,
  received_at timestamptz NOT NULL
);
