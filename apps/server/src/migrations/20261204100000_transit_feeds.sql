-- GTFS Schedule feeds, versioned per tenant. An import loads a new version beside the current one,
-- then makes it current in one transaction; readers always read the tenant's current version.
CREATE TABLE transit_feed_version (
  id            text PRIMARY KEY,
  tenant        text NOT NULL,
  status        text NOT NULL CHECK (status IN ('importing', 'current', 'previous', 'failed')),
  source        text NOT NULL,
  imported_at   timestamptz NOT NULL,
  imported_by   text,
  current_since timestamptz,
  timezone      text,
  counts        jsonb,
  errors        jsonb NOT NULL DEFAULT '[]',
  warnings      jsonb NOT NULL DEFAULT '[]'
);
CREATE UNIQUE INDEX transit_feed_version_current_idx ON transit_feed_version (tenant) WHERE status = 'current';
CREATE INDEX transit_feed_version_tenant_idx ON transit_feed_version (tenant, imported_at DESC);

-- The feed's rows, each keyed by its version (which carries the tenant). No foreign key to the
-- version: a check per row would slow bulk loading, and the store deletes a version's rows itself.
CREATE TABLE transit_agency (
  version_id text NOT NULL,
  agency_id  text NOT NULL,
  name       text NOT NULL,
  url        text NOT NULL,
  timezone   text NOT NULL,
  lang       text,
  phone      text,
  PRIMARY KEY (version_id, agency_id)
);

CREATE TABLE transit_route (
  version_id  text NOT NULL,
  route_id    text NOT NULL,
  agency_id   text,
  short_name  text,
  long_name   text,
  description text,
  route_type  integer NOT NULL,
  url         text,
  color       text,
  text_color  text,
  sort_order  integer,
  PRIMARY KEY (version_id, route_id)
);

CREATE TABLE transit_stop (
  version_id          text NOT NULL,
  stop_id             text NOT NULL,
  code                text,
  name                text,
  description         text,
  lat                 double precision,
  lon                 double precision,
  geom                geometry(Point, 4326),
  zone_id             text,
  location_type       smallint NOT NULL,
  parent_station      text,
  timezone            text,
  wheelchair_boarding smallint,
  platform_code       text,
  PRIMARY KEY (version_id, stop_id)
);
CREATE INDEX transit_stop_geom_idx ON transit_stop USING gist (geom);
CREATE INDEX transit_stop_parent_idx ON transit_stop (version_id, parent_station) WHERE parent_station IS NOT NULL;

CREATE TABLE transit_trip (
  version_id            text NOT NULL,
  trip_id               text NOT NULL,
  route_id              text NOT NULL,
  service_id            text NOT NULL,
  headsign              text,
  short_name            text,
  direction_id          smallint,
  block_id              text,
  shape_id              text,
  wheelchair_accessible smallint,
  bikes_allowed         smallint,
  PRIMARY KEY (version_id, trip_id)
);
CREATE INDEX transit_trip_route_idx ON transit_trip (version_id, route_id);

-- Times are seconds from the service day's start (noon minus 12 h), so 25:35:00 is 92100.
CREATE TABLE transit_stop_time (
  version_id     text NOT NULL,
  trip_id        text NOT NULL,
  stop_sequence  integer NOT NULL,
  stop_id        text NOT NULL,
  arrival_secs   integer,
  departure_secs integer,
  headsign       text,
  pickup_type    smallint,
  drop_off_type  smallint,
  dist_traveled  double precision,
  timepoint      smallint,
  PRIMARY KEY (version_id, trip_id, stop_sequence)
);
CREATE INDEX transit_stop_time_stop_idx ON transit_stop_time (version_id, stop_id);

CREATE TABLE transit_calendar (
  version_id text NOT NULL,
  service_id text NOT NULL,
  monday     boolean NOT NULL,
  tuesday    boolean NOT NULL,
  wednesday  boolean NOT NULL,
  thursday   boolean NOT NULL,
  friday     boolean NOT NULL,
  saturday   boolean NOT NULL,
  sunday     boolean NOT NULL,
  start_date date NOT NULL,
  end_date   date NOT NULL,
  PRIMARY KEY (version_id, service_id)
);

CREATE TABLE transit_calendar_date (
  version_id     text NOT NULL,
  service_id     text NOT NULL,
  date           date NOT NULL,
  exception_type smallint NOT NULL CHECK (exception_type IN (1, 2)),
  PRIMARY KEY (version_id, service_id, date)
);

CREATE TABLE transit_shape_point (
  version_id    text NOT NULL,
  shape_id      text NOT NULL,
  sequence      integer NOT NULL,
  lat           double precision NOT NULL,
  lon           double precision NOT NULL,
  dist_traveled double precision,
  PRIMARY KEY (version_id, shape_id, sequence)
);

CREATE TABLE transit_frequency (
  version_id   text NOT NULL,
  trip_id      text NOT NULL,
  start_secs   integer NOT NULL,
  end_secs     integer NOT NULL,
  headway_secs integer NOT NULL,
  exact_times  smallint NOT NULL CHECK (exact_times IN (0, 1))
);
CREATE INDEX transit_frequency_trip_idx ON transit_frequency (version_id, trip_id);

CREATE TABLE transit_transfer (
  version_id        text NOT NULL,
  from_stop_id      text,
  to_stop_id        text,
  from_route_id     text,
  to_route_id       text,
  from_trip_id      text,
  to_trip_id        text,
  transfer_type     smallint NOT NULL,
  min_transfer_time integer
);
CREATE INDEX transit_transfer_version_idx ON transit_transfer (version_id);

CREATE TABLE transit_fare_attribute (
  version_id        text NOT NULL,
  fare_id           text NOT NULL,
  price             numeric NOT NULL,
  currency          text NOT NULL,
  payment_method    smallint NOT NULL,
  transfers         smallint,
  agency_id         text,
  transfer_duration integer,
  PRIMARY KEY (version_id, fare_id)
);

CREATE TABLE transit_fare_rule (
  version_id     text NOT NULL,
  fare_id        text NOT NULL,
  route_id       text,
  origin_id      text,
  destination_id text,
  contains_id    text
);
CREATE INDEX transit_fare_rule_version_idx ON transit_fare_rule (version_id);
