-- A current value stamped in the future (a wrong clock, or a write made on purpose) must not hold
-- every later reading back: as a bar for newer readings, its observedAt counts for no later than the
-- moment it was written (its modifiedAt; `at` for an instance without one). Replaces the two-argument
-- merge of 20261122030100_ingest_recording.sql.
CREATE FUNCTION iot_merge_measures(current jsonb, measured jsonb, at timestamptz) RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT current || COALESCE(jsonb_object_agg(m.key,
           jsonb_build_array(m.value -> 0 || jsonb_build_object('createdAt',
             COALESCE(current -> m.key -> 0 -> 'createdAt', m.value -> 0 -> 'createdAt')))), '{}')
  FROM jsonb_each(measured) AS m
  WHERE current -> m.key -> 0 ->> 'observedAt' IS NULL
     OR LEAST((current -> m.key -> 0 ->> 'observedAt')::timestamptz,
              COALESCE((current -> m.key -> 0 ->> 'modifiedAt')::timestamptz, at))
          <= (m.value -> 0 ->> 'observedAt')::timestamptz
$$;

DROP FUNCTION iot_merge_measures(jsonb, jsonb);
