-- The queue finds closed dossiers by their state (rejected, stopped, withdrawn, returned): an index of
-- those alone, in the queue's order, so a page of them is read without sorting every closed dossier.
CREATE INDEX services_dossiers_closed_idx ON services_dossiers (tenant, state, queue_at, code)
  WHERE state IN ('returned', 'rejected', 'stopped', 'withdrawn');

-- A dossier closed without its fee paid (withdrawn, refused, stopped: its payment intent cancelled)
-- owes nothing: its fee is 'cancelled', no longer 'due'.
ALTER TABLE services_dossiers DROP CONSTRAINT services_dossiers_fee_state_check;
ALTER TABLE services_dossiers ADD CONSTRAINT services_dossiers_fee_state_check
  CHECK (fee_state IN ('none', 'due', 'paid', 'cancelled'));
UPDATE services_dossiers SET fee_state = 'cancelled'
 WHERE fee_state = 'due' AND state IN ('rejected', 'stopped', 'withdrawn');
