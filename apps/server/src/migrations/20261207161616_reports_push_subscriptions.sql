-- Browsers that asked to be told of a report's public updates (W3C Push API). The endpoint names one
-- browser, so it and the keys the message is encrypted to are sealed as personal data; the index is
-- keyed, so one browser follows one report once. Each public event after last_event_id is pushed in
-- order, at least once; next_at leases a subscription to one sender and spaces out retries.
CREATE TABLE reports_push_subscription (
  id             bigserial PRIMARY KEY,
  tenant         text NOT NULL,
  report_id      text NOT NULL,
  endpoint_index text NOT NULL,
  endpoint       text NOT NULL,
  p256dh         text NOT NULL,
  auth           text NOT NULL,
  language       text NOT NULL,
  last_event_id  bigint NOT NULL,
  attempts       integer NOT NULL DEFAULT 0,
  next_at        timestamptz NOT NULL,
  last_error     text,
  created_at     timestamptz NOT NULL,
  UNIQUE (tenant, report_id, endpoint_index)
);
CREATE INDEX reports_push_subscription_due_idx ON reports_push_subscription (next_at);
