-- @context documents the broker made itself (GS CIM 009 §5.13: ImplicitlyCreated): a subscription's
-- @context given as an array or inline object, kept under one URL that its notifications can name.
ALTER TABLE ngsi_jsonld_context DROP CONSTRAINT ngsi_jsonld_context_kind_check;
ALTER TABLE ngsi_jsonld_context ADD CONSTRAINT ngsi_jsonld_context_kind_check
  CHECK (kind IN ('hosted', 'cached', 'implicit'));
-- Counting a tenant's implicit documents (their bound) reads this index only.
CREATE INDEX ngsi_jsonld_context_tenant_kind ON ngsi_jsonld_context (tenant, kind);
