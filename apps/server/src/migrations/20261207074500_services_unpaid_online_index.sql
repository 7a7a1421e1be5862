-- The unpaid expiry closes only online filings (a counter or post filing's fee is taken at the counter),
-- also when asked for a supplement before receipt: the index holds exactly what the worker reads.
DROP INDEX IF EXISTS services_dossiers_unpaid_idx;
CREATE INDEX services_dossiers_unpaid_idx ON services_dossiers (submitted_at, tenant, code)
  WHERE fee_state = 'due' AND channel = 'online' AND online_level = 'full' AND fee_total_vnd > 0
    AND (state = 'submitted' OR (state = 'supplement' AND supplement_from = 'submitted'));
