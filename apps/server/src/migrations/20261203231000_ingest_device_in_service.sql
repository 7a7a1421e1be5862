-- A device that says whether it is in service (a vehicle's serviceStatus): true on duty, false out of
-- service (between trips, after its day: not offline), null for a device that never says (a sensor).
ALTER TABLE iot_device ADD COLUMN in_service boolean;
