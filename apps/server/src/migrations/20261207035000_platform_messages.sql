-- Messages to people (an applicant's one-time code, later the updates on their dossiers), queued in
-- the transaction that decided them and sent at least once by the worker role. The contact, subject,
-- text and link are sealed personal data; the phone's blind index finds a person's messages for a
-- data-subject request. Delivered messages are dropped after a while (the gateway keeps its own log).
CREATE TABLE messages_outbox (
  id           bigserial PRIMARY KEY,
  tenant       text NOT NULL,
  topic        text NOT NULL,
  language     text NOT NULL,
  recipient    text NOT NULL,
  phone_index  text,
  subject      text NOT NULL,
  text         text NOT NULL,
  link         text,
  secrets      text,
  expires_at   timestamptz,
  created_at   timestamptz NOT NULL,
  attempts     integer NOT NULL DEFAULT 0,
  next_at      timestamptz NOT NULL,
  delivered_at timestamptz,
  sender       text,
  last_error   text
);
CREATE INDEX messages_outbox_due_idx ON messages_outbox (next_at) WHERE delivered_at IS NULL;
CREATE INDEX messages_outbox_tenant_idx ON messages_outbox (tenant, id);
CREATE INDEX messages_outbox_phone_idx ON messages_outbox (phone_index) WHERE phone_index IS NOT NULL;
