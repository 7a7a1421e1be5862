-- Where a bus has stood since stopped_since: it stands until it is 30 m from there, so a bus creeping
-- along in traffic (a few metres between readings) is not taken for one standing still.
ALTER TABLE transit_vehicle ADD COLUMN IF NOT EXISTS stopped_lon double precision;
ALTER TABLE transit_vehicle ADD COLUMN IF NOT EXISTS stopped_lat double precision;
