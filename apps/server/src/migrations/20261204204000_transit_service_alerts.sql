-- Service alerts operators write for riders (GTFS-Realtime Alert). The id is the alert's entity id
-- in the ServiceAlerts feed, stable across edits; version counts edits, so an edit made on a stale
-- copy is refused.
CREATE TABLE transit_service_alert (
  id                text PRIMARY KEY,
  tenant            text NOT NULL,
  status            text NOT NULL CHECK (status IN ('draft', 'published', 'withdrawn')),
  cause             text,
  effect            text,
  severity          text,
  informed_entities jsonb NOT NULL,
  active_periods    jsonb NOT NULL DEFAULT '[]',
  -- The end of the last active period; NULL when one is open-ended or there is none (until withdrawn).
  ends_at           timestamptz,
  header            jsonb NOT NULL,
  description       jsonb,
  url               jsonb,
  version           integer NOT NULL DEFAULT 1,
  created_at        timestamptz NOT NULL,
  created_by        text,
  updated_at        timestamptz NOT NULL,
  updated_by        text,
  withdrawn_at      timestamptz,
  withdrawn_by      text
);
CREATE INDEX transit_service_alert_tenant_idx ON transit_service_alert (tenant, updated_at DESC);
CREATE INDEX transit_service_alert_published_idx ON transit_service_alert (tenant, ends_at) WHERE status = 'published';
