-- Alarms of the operations centre, with the ISA-18.2 states: active-unacknowledged, active-acknowledged,
-- cleared-unacknowledged (returned to normal, not yet seen) and cleared (closed). One condition of one
-- source has at most one open alarm: raising it again updates that alarm.
CREATE TABLE alarm (
  id              uuid PRIMARY KEY,
  tenant          text NOT NULL,
  source          text NOT NULL,
  condition       text NOT NULL,
  severity        text NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low')),
  state           text NOT NULL CHECK (state IN ('active-unacknowledged', 'active-acknowledged',
                                                  'cleared-unacknowledged', 'cleared')),
  title           text NOT NULL,
  description     text,
  value           double precision,
  threshold       double precision,
  unit            text,
  location        jsonb,
  area            text,
  raised_at       timestamptz NOT NULL,
  cleared_at      timestamptz,
  acknowledged_at timestamptz,
  acknowledged_by text,
  assignee        text,
  raised_by       text,
  updated_at      timestamptz NOT NULL
);
CREATE UNIQUE INDEX alarm_open_idx ON alarm (tenant, source, condition) WHERE state <> 'cleared';
CREATE INDEX alarm_list_idx ON alarm (tenant, state, raised_at DESC);

-- Each alarm's journal: raised, severity changed, acknowledged, assigned, commented, cleared.
CREATE TABLE alarm_event (
  id       bigserial PRIMARY KEY,
  alarm_id uuid NOT NULL REFERENCES alarm (id) ON DELETE CASCADE,
  at       timestamptz NOT NULL,
  kind     text NOT NULL,
  actor    text,
  text     text,
  data     jsonb
);
CREATE INDEX alarm_event_alarm_idx ON alarm_event (alarm_id, id);
