-- NGSI-LD context source registrations (GS CIM 009 §5.9, §5.10): what other brokers and sources hold,
-- kept for discovery. Discovery matches a query against the information in the body.
CREATE TABLE ngsi_csource_registration (
  tenant       text NOT NULL REFERENCES ngsi_tenant (name),
  id           text NOT NULL,
  -- the registration in expanded form, without its read-only members (context/registrations/model.ts)
  body         jsonb NOT NULL,
  expires_at   timestamptz,
  created_at   timestamptz NOT NULL,
  modified_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant, id)
);
