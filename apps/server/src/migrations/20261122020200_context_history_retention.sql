-- How long the broker keeps history, per tenant and optionally per entity type. Without a rule the
-- default of NGSI_LD_HISTORY_RETENTION applies. keep is an ISO 8601 duration; NULL keeps forever.
CREATE TABLE ngsi_temporal_retention (
  tenant       text NOT NULL,
  -- expanded entity type; NULL: every entity of the tenant
  entity_type  text,
  keep         text CHECK (keep IS NULL OR keep::interval > interval '0'),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX ngsi_temporal_retention_rule_idx ON ngsi_temporal_retention (tenant, (COALESCE(entity_type, '')));

-- The start of the calendar period (a number of months, plus any days and time) holding `at`, with
-- periods counted from `origin` on the UTC calendar: origin + k × step for the right k. date_bin does
-- the same for fixed strides but refuses months and years.
CREATE FUNCTION ngsi_period_start(at timestamptz, origin timestamptz, step interval) RETURNS timestamptz
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
  t timestamp := at AT TIME ZONE 'UTC';
  o timestamp := origin AT TIME ZONE 'UTC';
  months int := extract(year FROM step)::int * 12 + extract(month FROM step)::int;
  k bigint;
BEGIN
  IF months <= 0 THEN
    RETURN date_bin(step, at, origin);
  END IF;
  k := floor(((extract(year FROM t) - extract(year FROM o)) * 12 + extract(month FROM t) - extract(month FROM o)) / months);
  WHILE o + step * k > t LOOP
    k := k - 1;
  END LOOP;
  WHILE o + step * (k + 1) <= t LOOP
    k := k + 1;
  END LOOP;
  RETURN (o + step * k) AT TIME ZONE 'UTC';
END;
$$;
