-- Public warnings as CAP 1.2 messages. A run is one warning's life: its Alert, the Updates while the
-- condition lasts, and the Cancel after; each message keeps its stable identifier and its XML as sent.
CREATE TABLE cap_message (
  identifier text PRIMARY KEY,
  tenant     text NOT NULL,
  source     text NOT NULL,
  condition  text NOT NULL,
  run        text NOT NULL,
  level      text NOT NULL,
  msg_type   text NOT NULL CHECK (msg_type IN ('Alert', 'Update', 'Cancel')),
  sent       timestamptz NOT NULL,
  expires    timestamptz NOT NULL,
  active     boolean NOT NULL,
  message    jsonb NOT NULL,
  xml        text NOT NULL
);
CREATE INDEX cap_message_thread_idx ON cap_message (tenant, source, condition, sent DESC);
CREATE INDEX cap_message_run_idx ON cap_message (run, sent);
CREATE INDEX cap_message_active_idx ON cap_message (tenant, sent DESC) WHERE active;
