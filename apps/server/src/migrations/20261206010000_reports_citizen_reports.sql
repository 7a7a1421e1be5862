-- Citizen reports and questions (modules/reports, Open311 GeoReport v2): the reports with their
-- routing, clocks and follow token, their timeline, uploaded photos and the outbox of messages to
-- reporters. The reporter's contact and the description as written are personal data: stored sealed,
-- the phone and e-mail with a blind index to find a person; the follow token only as its hash (and
-- sealed, to put the link in later messages). The moderated description is the public text.

-- The human number of reports, per tenant and year: 2026-000123.
CREATE TABLE reports_counter (
  tenant text NOT NULL,
  year   integer NOT NULL,
  last   integer NOT NULL,
  PRIMARY KEY (tenant, year)
);

CREATE TABLE reports_report (
  tenant               text NOT NULL,
  id                   text NOT NULL,
  service_code         text NOT NULL,
  state                text NOT NULL CHECK (state IN ('submitted', 'received', 'waiting', 'resolved', 'rejected', 'duplicate')),
  level                text NOT NULL CHECK (level IN ('urgent', 'normal', 'complex')),
  resolve_working_days integer NOT NULL,
  department_id        text NOT NULL,
  channel              text NOT NULL CHECK (channel IN ('open311', 'web', 'import')),
  language             text NOT NULL,
  lon                  double precision,
  lat                  double precision,
  address              text,
  address_id           text,
  ward_code            text,
  ward_name            text,
  -- Moderated: what the public sees (empty when hidden).
  description          text NOT NULL,
  hidden               boolean NOT NULL DEFAULT false,
  -- Sealed personal data.
  original_description text,
  contact_email        text,
  contact_phone        text,
  contact_first_name   text,
  contact_last_name    text,
  contact_device_id    text,
  contact_account_id   text,
  phone_index          text,
  email_index          text,
  attributes           jsonb NOT NULL DEFAULT '{}',
  media_urls           text[] NOT NULL DEFAULT '{}',
  media_ids            text[] NOT NULL DEFAULT '{}',
  token_hash           text,
  token_sealed         text,
  status_notes         text,
  service_notice       text,
  requested_at         timestamptz NOT NULL,
  updated_at           timestamptz NOT NULL,
  received_at          timestamptz,
  closed_at            timestamptz,
  expected_at          timestamptz,
  -- Periods waiting on the reporter: [{"from": iso, "to": iso?}], the last may be open.
  pauses               jsonb NOT NULL DEFAULT '[]',
  overdue_at           timestamptz,
  merged_into          text,
  external_id          text,
  -- An imported request's own service name and agency, as the other city gave them.
  external_service     text,
  external_agency      text,
  -- The place as a point, kept by the database: reports near a point are found nearest first by its index.
  geom                 geometry(Point, 4326) GENERATED ALWAYS AS (
                         CASE WHEN lon IS NULL OR lat IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(lon, lat), 4326) END
                       ) STORED,
  PRIMARY KEY (tenant, id)
);
CREATE INDEX reports_report_open_idx ON reports_report (tenant, state, department_id);
CREATE INDEX reports_report_requested_idx ON reports_report (tenant, requested_at);
CREATE INDEX reports_report_place_idx ON reports_report USING gist (geom);
CREATE UNIQUE INDEX reports_report_token_idx ON reports_report (token_hash);
CREATE INDEX reports_report_phone_idx ON reports_report (phone_index);
CREATE INDEX reports_report_email_idx ON reports_report (email_index);
CREATE UNIQUE INDEX reports_report_external_idx ON reports_report (tenant, external_id);

CREATE TABLE reports_event (
  id            bigserial PRIMARY KEY,
  tenant        text NOT NULL,
  report_id     text NOT NULL,
  at            timestamptz NOT NULL,
  kind          text NOT NULL,
  state         text NOT NULL,
  public        boolean NOT NULL,
  text          text,
  actor         text,
  department_id text,
  media_ids     text[]
);
CREATE INDEX reports_event_report_idx ON reports_event (tenant, report_id, id);
CREATE INDEX reports_event_public_idx ON reports_event (tenant, at) WHERE public;

-- Photos uploaded by reporters and officers; served in public unless hidden.
CREATE TABLE reports_media (
  tenant       text NOT NULL,
  id           uuid PRIMARY KEY,
  content_type text NOT NULL,
  bytes        bytea NOT NULL,
  size         integer NOT NULL,
  hidden       boolean NOT NULL DEFAULT false,
  created_at   timestamptz NOT NULL
);

-- Messages to reporters, queued in the transaction of their event and sent at least once. The
-- recipient is read from the report when sending; the text and link (the token) are sealed.
CREATE TABLE reports_outbox (
  id           bigserial PRIMARY KEY,
  tenant       text NOT NULL,
  report_id    text NOT NULL,
  event_kind   text NOT NULL,
  language     text NOT NULL,
  subject      text NOT NULL,
  text         text NOT NULL,
  link         text NOT NULL,
  created_at   timestamptz NOT NULL,
  attempts     integer NOT NULL DEFAULT 0,
  next_at      timestamptz NOT NULL,
  delivered_at timestamptz,
  sender       text,
  last_error   text
);
CREATE INDEX reports_outbox_due_idx ON reports_outbox (next_at) WHERE delivered_at IS NULL;
CREATE INDEX reports_outbox_report_idx ON reports_outbox (tenant, report_id, id);
