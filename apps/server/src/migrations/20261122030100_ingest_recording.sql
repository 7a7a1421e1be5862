-- Ingestion writes measures in batches and records their history and changes itself, set-wise, in
-- the same transaction (a row trigger per entity would cost more than the write). It says so with
-- the transaction-local setting thanglong.recorded = 'on', and the row trigger then stays out.
DROP TRIGGER ngsi_entity_record ON ngsi_entity;
CREATE TRIGGER ngsi_entity_record AFTER INSERT OR UPDATE OR DELETE ON ngsi_entity
  FOR EACH ROW WHEN (current_setting('thanglong.recorded', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION ngsi_entity_record();

-- A device's measures merged into an entity's attributes: each measured attribute becomes its one
-- default instance, keeping the createdAt it had, unless the stored one was observed later (a late or
-- redelivered reading updates history, never the current state backwards).
CREATE FUNCTION iot_merge_measures(current jsonb, measured jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT current || COALESCE(jsonb_object_agg(m.key,
           jsonb_build_array(m.value -> 0 || jsonb_build_object('createdAt',
             COALESCE(current -> m.key -> 0 -> 'createdAt', m.value -> 0 -> 'createdAt')))), '{}')
  FROM jsonb_each(measured) AS m
  WHERE current -> m.key -> 0 ->> 'observedAt' IS NULL
     OR (current -> m.key -> 0 ->> 'observedAt')::timestamptz <= (m.value -> 0 ->> 'observedAt')::timestamptz
$$;
