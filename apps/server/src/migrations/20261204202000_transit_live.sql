-- Live buses: each vehicle's matched state (one row per tenant and vehicle, so every instance serves
-- the same picture, and computes the same predictions from it), the arrivals it made at stops, and
-- the predictions kept for scoring against the arrivals.

CREATE TABLE transit_vehicle (
  tenant            text NOT NULL,
  vehicle_id        text NOT NULL,
  observed_at       timestamptz NOT NULL,
  lon               double precision NOT NULL,
  lat               double precision NOT NULL,
  speed_kmh         double precision,
  heading           double precision,
  trip_id           text,
  route_id          text,
  direction_id      smallint,
  service_date      text,
  start_time        text,
  shape_dist        double precision,
  offset_m          double precision,
  deviation_secs    integer,
  stop_sequence     integer,
  stop_id           text,
  status            text,
  finished          boolean NOT NULL DEFAULT false,
  flags             jsonb NOT NULL DEFAULT '[]',
  off_route_readings integer NOT NULL DEFAULT 0,
  stopped_since     timestamptz,
  rejected_at       timestamptz,
  rejected_reason   text,
  updated_at        timestamptz NOT NULL,
  PRIMARY KEY (tenant, vehicle_id)
);
CREATE INDEX transit_vehicle_observed_idx ON transit_vehicle (tenant, observed_at);
CREATE INDEX transit_vehicle_trip_idx ON transit_vehicle (tenant, trip_id);

-- When a bus reached (arrived_at) and left (departed_at) each stop of its trip: the ground truth
-- predictions are scored against.
CREATE TABLE transit_stop_arrival (
  tenant              text NOT NULL,
  trip_id             text NOT NULL,
  service_date        text NOT NULL,
  stop_sequence       integer NOT NULL,
  stop_id             text NOT NULL,
  route_id            text NOT NULL,
  vehicle_id          text NOT NULL,
  arrived_at          timestamptz,
  departed_at         timestamptz,
  scheduled_arrival   timestamptz NOT NULL,
  scheduled_departure timestamptz NOT NULL,
  PRIMARY KEY (tenant, trip_id, service_date, stop_sequence)
);
CREATE INDEX transit_stop_arrival_route_idx ON transit_stop_arrival (tenant, route_id, arrived_at);

-- The first prediction made for a stop in each horizon band, scored once the bus arrives.
CREATE TABLE transit_prediction (
  tenant          text NOT NULL,
  trip_id         text NOT NULL,
  service_date    text NOT NULL,
  stop_sequence   integer NOT NULL,
  horizon         text NOT NULL,
  route_id        text NOT NULL,
  stop_id         text NOT NULL,
  made_at         timestamptz NOT NULL,
  predicted_at    timestamptz NOT NULL,
  scheduled_at    timestamptz NOT NULL,
  actual_at       timestamptz,
  error_secs      double precision,
  within_band     boolean,
  baseline_within boolean,
  PRIMARY KEY (tenant, trip_id, service_date, stop_sequence, horizon)
);
CREATE INDEX transit_prediction_scored_idx ON transit_prediction (tenant, route_id, actual_at);
CREATE INDEX transit_prediction_made_idx ON transit_prediction (made_at);
