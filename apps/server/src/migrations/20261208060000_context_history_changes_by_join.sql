-- Two quadratic costs out of the history's record function, each of which held the database (and with
-- it the embedded database's whole server) for seconds to minutes on one ordinary write:
-- - An instance is left out of the history when it is unchanged, and "unchanged" is now equality.
--   Containment (old @> new) compared array values element by element against every element:
--   re-sending an array of 20,000 numbers (100 kB) held the database for 20 s.
-- - The attributes that changed are found by reading the old and the new attributes once each and
--   joining them on the name. Looking each name up in both (NEW.attrs -> k) was quadratic once the
--   trigger's statement ran as a generic plan, as it does after a few writes in any session: the
--   attributes are then a parameter, stored compressed and out of line, and every lookup fetched and
--   decompressed them whole. Writing 3,000 attributes again held the database for 10 s (12,000: a
--   minute).
-- The record function is otherwise the one of 20261203080000_context_change_entity_times.sql.
CREATE OR REPLACE FUNCTION ngsi_entity_record() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed jsonb;
  before jsonb;
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE ngsi_temporal_entity SET deleted_at = now(), modified_at = now()
      WHERE tenant = OLD.tenant AND id = OLD.id;
    INSERT INTO ngsi_change (tenant, entity_id, kind, types, attrs, previous, at, entity_created_at,
                             entity_modified_at)
      VALUES (OLD.tenant, OLD.id, 'deleted', OLD.types, OLD.attrs, OLD.attrs, now(), OLD.created_at,
              OLD.modified_at);
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
    -- Each side is read once, whole, and the two joined on the attribute's name.
    SELECT COALESCE(jsonb_object_agg(n.key, n.value) FILTER (WHERE n.key IS NOT NULL), '{}'),
           COALESCE(jsonb_object_agg(o.key, o.value) FILTER (WHERE o.key IS NOT NULL), '{}')
      INTO changed, before
      FROM jsonb_each(NEW.attrs) AS n FULL JOIN jsonb_each(OLD.attrs) AS o ON o.key = n.key
      WHERE n.value IS DISTINCT FROM o.value;
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
      WHERE NOT EXISTS (SELECT 1 FROM jsonb_array_elements(ngsi_instances(before -> a.key)) AS o WHERE o = i)
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
