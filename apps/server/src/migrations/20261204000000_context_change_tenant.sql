-- The event stream replays a reconnecting client's missed changes of its own tenant only: read by this
-- index, a tenant's replay never walks through another tenant's changes.
CREATE INDEX ngsi_change_tenant_idx ON ngsi_change (tenant, xid, seq);
