-- Operators' GTFS-Realtime VehiclePositions feeds that Thang Long polls, per tenant, with the
-- outcome of the last fetch. Headers may hold credentials: they are never sent back in clear.
CREATE TABLE transit_vehicle_feed (
  id               text PRIMARY KEY,
  tenant           text NOT NULL,
  url              text NOT NULL,
  scope            text NOT NULL,
  interval_seconds integer NOT NULL CHECK (interval_seconds >= 10),
  headers          jsonb NOT NULL DEFAULT '{}',
  created_at       timestamptz NOT NULL,
  created_by       text,
  next_fetch_at    timestamptz NOT NULL,
  failures         integer NOT NULL DEFAULT 0,
  last_attempt_at  timestamptz,
  last_success_at  timestamptz,
  last_error       text,
  last_error_at    timestamptz,
  last_entities    integer,
  last_accepted    integer,
  last_rejected    integer
);
CREATE INDEX transit_vehicle_feed_tenant_idx ON transit_vehicle_feed (tenant, created_at);
CREATE INDEX transit_vehicle_feed_due_idx ON transit_vehicle_feed (next_fetch_at);
