-- The alarm console: when an alarm arrived (its condition may be older: a backfilled reading), shelving
-- (ISA-18.2 "shelved": hidden from the active list for a bounded time, with a reason), and escalation of a
-- critical alarm left unacknowledged, claimed once per alarm in the database.
ALTER TABLE alarm ADD COLUMN received_at timestamptz;
UPDATE alarm a SET received_at = coalesce((SELECT min(e.at) FROM alarm_event e WHERE e.alarm_id = a.id), a.raised_at);
ALTER TABLE alarm ALTER COLUMN received_at SET NOT NULL;
ALTER TABLE alarm ADD COLUMN shelved_until timestamptz;
ALTER TABLE alarm ADD COLUMN shelved_by text;
ALTER TABLE alarm ADD COLUMN shelve_reason text;
ALTER TABLE alarm ADD COLUMN escalated_at timestamptz;
CREATE INDEX alarm_escalation_idx ON alarm (received_at) WHERE severity = 'critical' AND state = 'active-unacknowledged' AND escalated_at IS NULL;
CREATE INDEX alarm_shelved_idx ON alarm (shelved_until) WHERE shelved_until IS NOT NULL;

-- What escalation sent, for the demo's outbox sender (a real one sends it on; this one keeps it here).
CREATE TABLE alarm_outbox (
  id        bigserial PRIMARY KEY,
  tenant    text NOT NULL,
  alarm_id  uuid NOT NULL REFERENCES alarm (id) ON DELETE CASCADE,
  sent_at   timestamptz NOT NULL,
  subject   text NOT NULL,
  body      text NOT NULL
);
CREATE INDEX alarm_outbox_alarm_idx ON alarm_outbox (alarm_id);
