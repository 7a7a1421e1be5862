-- Per-device credentials. A group with device_auth = 'secret' takes a device's readings only with that
-- device's own secret (MQTT password, HTTP header), not with the group's API key alone: one terminal
-- cannot speak for another. Only a hash of the secret is kept (SHA-256 of 192 random bits: no salt or
-- slow hash needed); it is shown once, when issued.
ALTER TABLE iot_service_group ADD COLUMN device_auth text NOT NULL DEFAULT 'apikey'
  CHECK (device_auth IN ('apikey', 'secret'));
ALTER TABLE iot_device ADD COLUMN secret_hash text;
ALTER TABLE iot_device ADD COLUMN secret_issued_at timestamptz;
CREATE INDEX iot_device_secret ON iot_device (secret_hash) WHERE secret_hash IS NOT NULL;
