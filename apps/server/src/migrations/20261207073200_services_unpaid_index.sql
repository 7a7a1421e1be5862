-- The worker looks every minute for online dossiers left unpaid past SERVICES_UNPAID_EXPIRY: those
-- waiting on their fee are few among a million dossiers, so an index of them alone.
CREATE INDEX services_dossiers_unpaid_idx ON services_dossiers (submitted_at)
  WHERE state = 'submitted' AND fee_state = 'due';
