-- IoT ingestion: service groups and devices, provisioned as the FIWARE IoT Agent's API does.
--
-- A service group binds an API key (per resource, e.g. /iot/json) to a tenant (fiware-service) and
-- gives its devices defaults: entity type, attribute mappings, static attributes, explicitAttrs,
-- autoprovision. attributes, static_attributes and commands are JSON arrays of the shapes in
-- ingest/model.ts (the agent's, with unitCode flat).
-- A device on the wire names itself by API key and device id only, so one key names one group, in
-- every tenant: the key is unique on its own, not only with its resource.
CREATE TABLE iot_service_group (
  resource           text NOT NULL,
  apikey             text NOT NULL,
  tenant             text NOT NULL,
  service_path       text NOT NULL DEFAULT '/',
  entity_type        text NOT NULL,
  attributes         jsonb NOT NULL DEFAULT '[]',
  static_attributes  jsonb NOT NULL DEFAULT '[]',
  commands           jsonb NOT NULL DEFAULT '[]',
  explicit_attrs     boolean NOT NULL DEFAULT false,
  add_timestamp      boolean,
  autoprovision      boolean NOT NULL DEFAULT true,
  created_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (resource, apikey)
);
CREATE UNIQUE INDEX iot_service_group_apikey ON iot_service_group (apikey);
CREATE INDEX iot_service_group_tenant ON iot_service_group (tenant, service_path);

-- A device and its health: last_seen_at, message_count and error_count are updated once per batch.
CREATE TABLE iot_device (
  tenant             text NOT NULL,
  device_id          text NOT NULL,
  service_path       text NOT NULL DEFAULT '/',
  apikey             text,
  entity_name        text NOT NULL,
  entity_type        text NOT NULL,
  attributes         jsonb NOT NULL DEFAULT '[]',
  static_attributes  jsonb NOT NULL DEFAULT '[]',
  commands           jsonb NOT NULL DEFAULT '[]',
  explicit_attrs     boolean,
  add_timestamp      boolean,
  protocol           text,
  transport          text,
  endpoint           text,
  autoprovisioned    boolean NOT NULL DEFAULT false,
  created_at         timestamptz NOT NULL DEFAULT now(),
  last_seen_at       timestamptz,
  message_count      bigint NOT NULL DEFAULT 0,
  error_count        bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant, device_id)
);
CREATE INDEX iot_device_service_path ON iot_device (tenant, service_path);
CREATE INDEX iot_device_entity ON iot_device (tenant, entity_name);
CREATE INDEX iot_device_apikey ON iot_device (tenant, apikey);
