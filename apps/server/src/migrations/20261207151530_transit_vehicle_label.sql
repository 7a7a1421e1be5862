-- The operator's own name for a bus (GTFS-Realtime vehicle.label, NGSI-LD fleetVehicleId) and its licence
-- plate, as its last reading gave them: the feeds and the rider's page name the bus as the operator does.
ALTER TABLE transit_vehicle ADD COLUMN IF NOT EXISTS label text;
ALTER TABLE transit_vehicle ADD COLUMN IF NOT EXISTS license_plate text;
