-- The broker's memory: every attribute instance ever written (the temporal API reads it) and a log of
-- changes (subscriptions and modules consume it). Both are written by a trigger on ngsi_entity, inside
-- the transaction that changes the entity, so every write path records them and none can forget.

-- Entities the temporal API knows: still current, deleted (deleted_at set) or created through the
-- temporal API alone.
CREATE TABLE ngsi_temporal_entity (
  tenant       text NOT NULL,
  id           text NOT NULL,
  types        text[] NOT NULL,
  scopes       text[],
  created_at   timestamptz NOT NULL,
  modified_at  timestamptz NOT NULL,
  deleted_at   timestamptz,
  PRIMARY KEY (tenant, id)
);
CREATE INDEX ngsi_temporal_entity_types_idx ON ngsi_temporal_entity USING gin (types);

-- One row per attribute instance. `instance` has the shape of an instance in ngsi_entity.attrs.
-- ts is the time the value is about (observedAt, else modifiedAt); the table is partitioned by month
-- on it, and BRIN-indexed, so a time range reads only the months and blocks it covers.
CREATE TABLE ngsi_attr_instance (
  tenant       text NOT NULL,
  entity_id    text NOT NULL,
  attr         text NOT NULL,
  dataset_id   text,
  instance_id  text NOT NULL,
  ts           timestamptz NOT NULL,
  observed_at  timestamptz,
  created_at   timestamptz NOT NULL,
  modified_at  timestamptz NOT NULL,
  deleted_at   timestamptz,
  -- the value when it is a number, so aggregations never parse JSON
  num          double precision,
  instance     jsonb NOT NULL
) PARTITION BY RANGE (ts);
CREATE TABLE ngsi_attr_instance_default PARTITION OF ngsi_attr_instance DEFAULT;
-- Carries what aggregations read, so they are answered from the index alone.
CREATE INDEX ngsi_attr_instance_entity_idx ON ngsi_attr_instance (tenant, entity_id, attr, ts)
  INCLUDE (dataset_id, num, deleted_at);
CREATE INDEX ngsi_attr_instance_ts_idx ON ngsi_attr_instance USING brin (ts);

-- Creates the partition of the month holding `day`, moving any rows the default partition already
-- has for it. Idempotent; the worker calls it ahead of time.
CREATE FUNCTION ngsi_attr_instance_partition(day date) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  first date := date_trunc('month', day)::date;
  next date := (date_trunc('month', day) + interval '1 month')::date;
  name text := 'ngsi_attr_instance_' || to_char(first, 'YYYYMM');
BEGIN
  IF to_regclass(name) IS NOT NULL THEN
    RETURN name;
  END IF;
  EXECUTE format('CREATE TABLE %I (LIKE ngsi_attr_instance INCLUDING DEFAULTS)', name);
  EXECUTE format(
    'WITH moved AS (DELETE FROM ngsi_attr_instance_default WHERE ts >= %L AND ts < %L RETURNING *)
     INSERT INTO %I SELECT * FROM moved', first, next, name);
  EXECUTE format('ALTER TABLE ngsi_attr_instance ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
    name, first, next);
  RETURN name;
END;
$$;

SELECT ngsi_attr_instance_partition((now() - interval '1 month')::date);
SELECT ngsi_attr_instance_partition(now()::date);
SELECT ngsi_attr_instance_partition((now() + interval '1 month')::date);

-- The change log. Rows are ordered by (xid, seq): a consumer reads only rows whose transaction is
-- older than every transaction still running, so a row that commits late is never skipped.
CREATE TABLE ngsi_change (
  xid        xid8 NOT NULL DEFAULT pg_current_xact_id(),
  seq        bigint GENERATED ALWAYS AS IDENTITY,
  tenant     text NOT NULL,
  entity_id  text NOT NULL,
  kind       text NOT NULL CHECK (kind IN ('created', 'updated', 'deleted')),
  types      text[] NOT NULL,
  -- the instances of the attributes that changed, as now (for a deleted entity: as they were)
  attrs      jsonb NOT NULL,
  -- the same attributes as they were before (absent ones omitted), for showChanges
  previous   jsonb NOT NULL,
  at         timestamptz NOT NULL,
  PRIMARY KEY (xid, seq)
);
CREATE INDEX ngsi_change_at_idx ON ngsi_change (at);

-- Where each durable consumer of the change log has got to.
CREATE TABLE ngsi_change_cursor (
  consumer    text PRIMARY KEY,
  xid         xid8 NOT NULL,
  seq         bigint NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- An attribute's instances; anything else (written by hand, not by the broker) as none.
CREATE FUNCTION ngsi_instances(value jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN jsonb_typeof(value) = 'array' THEN value ELSE '[]'::jsonb END
$$;

CREATE FUNCTION ngsi_entity_record() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed jsonb;
  before jsonb;
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE ngsi_temporal_entity SET deleted_at = now(), modified_at = now()
      WHERE tenant = OLD.tenant AND id = OLD.id;
    INSERT INTO ngsi_change (tenant, entity_id, kind, types, attrs, previous, at)
      VALUES (OLD.tenant, OLD.id, 'deleted', OLD.types, OLD.attrs, OLD.attrs, now());
    RETURN NULL;
  END IF;

  IF TG_OP = 'INSERT' THEN
    INSERT INTO ngsi_temporal_entity AS t (tenant, id, types, scopes, created_at, modified_at)
      VALUES (NEW.tenant, NEW.id, NEW.types, NEW.scopes, NEW.created_at, NEW.modified_at)
      ON CONFLICT (tenant, id) DO UPDATE
        SET types = ARRAY(SELECT DISTINCT x FROM unnest(t.types || EXCLUDED.types) AS x),
            scopes = EXCLUDED.scopes, modified_at = EXCLUDED.modified_at, deleted_at = NULL;
    changed := NEW.attrs;
    before := '{}';
  ELSE
    IF OLD.types IS DISTINCT FROM NEW.types OR OLD.scopes IS DISTINCT FROM NEW.scopes THEN
      UPDATE ngsi_temporal_entity t
        SET types = ARRAY(SELECT DISTINCT x FROM unnest(t.types || NEW.types) AS x),
            scopes = NEW.scopes, modified_at = NEW.modified_at
        WHERE t.tenant = NEW.tenant AND t.id = NEW.id;
    END IF;
    SELECT COALESCE(jsonb_object_agg(k, NEW.attrs -> k) FILTER (WHERE NEW.attrs ? k), '{}'),
           COALESCE(jsonb_object_agg(k, OLD.attrs -> k) FILTER (WHERE OLD.attrs ? k), '{}')
      INTO changed, before
      FROM (SELECT jsonb_object_keys(NEW.attrs) UNION SELECT jsonb_object_keys(OLD.attrs)) AS keys(k)
      WHERE (NEW.attrs -> k) IS DISTINCT FROM (OLD.attrs -> k);
    IF changed = '{}' AND before = '{}' AND OLD.types IS NOT DISTINCT FROM NEW.types THEN
      RETURN NULL;
    END IF;
  END IF;

  -- One statement for the rest: each statement a trigger runs costs, and this runs on every write.
  WITH revived AS (
    -- The temporal API may have deleted the temporal entity while the entity lives on: start it again,
    -- or the history recorded from now on would belong to no entity the temporal API can see.
    INSERT INTO ngsi_temporal_entity (tenant, id, types, scopes, created_at, modified_at)
      SELECT NEW.tenant, NEW.id, NEW.types, NEW.scopes, NEW.created_at, NEW.modified_at
      WHERE NOT EXISTS (SELECT 1 FROM ngsi_temporal_entity t WHERE t.tenant = NEW.tenant AND t.id = NEW.id)
      ON CONFLICT DO NOTHING
  ), instances AS (
    INSERT INTO ngsi_attr_instance
        (tenant, entity_id, attr, dataset_id, instance_id, ts, observed_at, created_at, modified_at, deleted_at,
         num, instance)
      -- New or changed instances.
      SELECT NEW.tenant, NEW.id, a.key, i ->> 'datasetId', 'urn:ngsi-ld:attribute:instance:' || gen_random_uuid(),
             COALESCE((i ->> 'observedAt')::timestamptz, (i ->> 'modifiedAt')::timestamptz, NEW.modified_at),
             (i ->> 'observedAt')::timestamptz,
             COALESCE((i ->> 'modifiedAt')::timestamptz, NEW.modified_at),
             COALESCE((i ->> 'modifiedAt')::timestamptz, NEW.modified_at),
             NULL,
             CASE WHEN jsonb_typeof(i -> 'value') = 'number' THEN (i ->> 'value')::double precision END,
             i
      FROM jsonb_each(changed) AS a(key, value) CROSS JOIN LATERAL jsonb_array_elements(ngsi_instances(a.value)) AS i
      WHERE NOT COALESCE((before -> a.key) @> jsonb_build_array(i), false)
      UNION ALL
      -- Instances that went away: recorded as deleted, with the NGSI-LD Null as their value.
      SELECT NEW.tenant, NEW.id, a.key, o ->> 'datasetId', 'urn:ngsi-ld:attribute:instance:' || gen_random_uuid(),
             NEW.modified_at, NULL, NEW.modified_at, NEW.modified_at, NEW.modified_at, NULL,
             jsonb_strip_nulls(jsonb_build_object('type', o -> 'type', 'value', 'urn:ngsi-ld:null',
               'datasetId', o -> 'datasetId',
               'deletedAt', to_char(NEW.modified_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
      FROM jsonb_each(before) AS a(key, value) CROSS JOIN LATERAL jsonb_array_elements(ngsi_instances(a.value)) AS o
      WHERE NOT EXISTS (
        SELECT 1 FROM jsonb_array_elements(ngsi_instances(changed -> a.key)) AS n
        WHERE (n ->> 'datasetId') IS NOT DISTINCT FROM (o ->> 'datasetId'))
  )
  INSERT INTO ngsi_change (tenant, entity_id, kind, types, attrs, previous, at)
    VALUES (NEW.tenant, NEW.id, CASE WHEN TG_OP = 'INSERT' THEN 'created' ELSE 'updated' END, NEW.types,
            changed, before, NEW.modified_at);
  RETURN NULL;
END;
$$;

CREATE TRIGGER ngsi_entity_record AFTER INSERT OR UPDATE OR DELETE ON ngsi_entity
  FOR EACH ROW EXECUTE FUNCTION ngsi_entity_record();

-- Entities that exist already start their history now.
INSERT INTO ngsi_temporal_entity (tenant, id, types, scopes, created_at, modified_at)
  SELECT tenant, id, types, scopes, created_at, modified_at FROM ngsi_entity
  ON CONFLICT DO NOTHING;
