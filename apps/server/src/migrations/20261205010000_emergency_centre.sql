-- The emergency centre (modules/emergency): stations, hospitals, units, incidents with their calls,
-- the units' responses (the NFPA interval times), the ticked steps of the procedure and the timeline.
-- Caller phone and name are personal data: stored sealed, the phone with a blind index to find a person.
CREATE TABLE emergency_station (
  tenant   text NOT NULL,
  id       text NOT NULL,
  name     text NOT NULL,
  agency   text NOT NULL,
  lon      double precision NOT NULL,
  lat      double precision NOT NULL,
  ward     text,
  PRIMARY KEY (tenant, id)
);

CREATE TABLE emergency_hospital (
  tenant       text NOT NULL,
  id           text NOT NULL,
  name         text NOT NULL,
  lon          double precision NOT NULL,
  lat          double precision NOT NULL,
  beds_free    integer,
  capabilities text[],
  PRIMARY KEY (tenant, id)
);

CREATE TABLE emergency_unit (
  tenant       text NOT NULL,
  id           text NOT NULL,
  call_sign    text NOT NULL,
  kind         text NOT NULL,
  agency       text NOT NULL,
  capabilities text[] NOT NULL,
  station_id   text NOT NULL,
  crew         integer NOT NULL,
  status       text NOT NULL,
  status_at    timestamptz NOT NULL,
  lon          double precision,
  lat          double precision,
  location_at  timestamptz,
  incident_id  uuid,
  hospital_id  text,
  PRIMARY KEY (tenant, id)
);
CREATE UNIQUE INDEX emergency_unit_call_sign_idx ON emergency_unit (tenant, call_sign);

-- The human number of incidents, per tenant and year: 2026-000123.
CREATE TABLE emergency_incident_counter (
  tenant text NOT NULL,
  year   integer NOT NULL,
  last   integer NOT NULL,
  PRIMARY KEY (tenant, year)
);

CREATE TABLE emergency_incident (
  tenant         text NOT NULL,
  id             uuid PRIMARY KEY,
  number         text NOT NULL,
  type_code      text NOT NULL,
  incident_group text NOT NULL,
  priority       integer NOT NULL CHECK (priority BETWEEN 1 AND 4),
  agencies       text[] NOT NULL,
  status         text NOT NULL CHECK (status IN ('pending', 'dispatched', 'on_scene', 'closed')),
  lon            double precision NOT NULL,
  lat            double precision NOT NULL,
  address        text,
  ward           text,
  street         text,
  created_at     timestamptz NOT NULL,
  closed_at      timestamptz,
  disposition    text,
  escalated_at   timestamptz,
  transferred_to text
);
CREATE INDEX emergency_incident_open_idx ON emergency_incident (tenant, status, created_at);

CREATE TABLE emergency_call (
  tenant       text NOT NULL,
  id           uuid PRIMARY KEY,
  incident_id  uuid NOT NULL REFERENCES emergency_incident (id),
  phone        text NOT NULL,
  phone_index  text NOT NULL,
  caller_name  text,
  answered_at  timestamptz NOT NULL,
  logged_at    timestamptz NOT NULL,
  language     text NOT NULL,
  text         text NOT NULL,
  lon          double precision NOT NULL,
  lat          double precision NOT NULL,
  address      text
);
CREATE INDEX emergency_call_incident_idx ON emergency_call (incident_id, answered_at);
CREATE INDEX emergency_call_phone_idx ON emergency_call (phone_index);

-- One unit's times on one incident; a unit sent again after being stood down has a second row.
CREATE TABLE emergency_response (
  id            bigserial PRIMARY KEY,
  tenant        text NOT NULL,
  incident_id   uuid NOT NULL REFERENCES emergency_incident (id),
  unit_id       text NOT NULL,
  kind          text NOT NULL,
  agency        text NOT NULL,
  dispatched_at timestamptz NOT NULL,
  en_route_at   timestamptz,
  on_scene_at   timestamptz,
  cleared_at    timestamptz
);
CREATE INDEX emergency_response_incident_idx ON emergency_response (incident_id, id);
CREATE INDEX emergency_response_unit_idx ON emergency_response (tenant, unit_id) WHERE cleared_at IS NULL;

CREATE TABLE emergency_sop_step (
  incident_id uuid NOT NULL REFERENCES emergency_incident (id),
  step_id     text NOT NULL,
  done_at     timestamptz NOT NULL,
  done_by     text NOT NULL,
  PRIMARY KEY (incident_id, step_id)
);

CREATE TABLE emergency_timeline (
  id          bigserial PRIMARY KEY,
  tenant      text NOT NULL,
  incident_id uuid NOT NULL REFERENCES emergency_incident (id),
  at          timestamptz NOT NULL,
  kind        text NOT NULL,
  unit_id     text,
  actor       text NOT NULL,
  detail      jsonb NOT NULL
);
CREATE INDEX emergency_timeline_incident_idx ON emergency_timeline (incident_id, at, id);
