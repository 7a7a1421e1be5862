-- NGSI-LD subscriptions and the durable outbox of their notifications.
--
-- A change is matched against subscriptions when the matcher consumes the change log; each
-- notification it produces is written here in the same transaction that advances its cursor, then
-- delivered and deleted. So a notification, once produced, survives a crash until it is delivered.
CREATE TABLE ngsi_subscription (
  tenant             text NOT NULL REFERENCES ngsi_tenant (name),
  id                 text NOT NULL,
  -- the subscription in expanded form, without its status members (context/subscriptions/model.ts)
  body               jsonb NOT NULL,
  -- what the matcher indexes subscriptions by: expanded entity types (NULL: any) and watched attributes
  types              text[],
  watched            text[],
  is_active          boolean NOT NULL DEFAULT true,
  expires_at         timestamptz,
  throttling         double precision,
  time_interval      double precision,
  -- periodic subscriptions: when the next notification is due (state shared by every instance)
  next_due_at        timestamptz,
  last_notification  timestamptz,
  last_success       timestamptz,
  last_failure       timestamptz,
  times_sent         bigint NOT NULL DEFAULT 0,
  times_failed       bigint NOT NULL DEFAULT 0,
  created_at         timestamptz NOT NULL,
  modified_at        timestamptz NOT NULL,
  PRIMARY KEY (tenant, id)
);
CREATE INDEX ngsi_subscription_due_idx ON ngsi_subscription (next_due_at) WHERE time_interval IS NOT NULL;

CREATE TABLE ngsi_notification (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant            text NOT NULL,
  subscription_id   text NOT NULL,
  -- the receiver: each has its own delivery queue, so a slow one never holds up the others
  endpoint          text NOT NULL,
  -- exactly what is sent: {body, contentType, headers, qos}
  message           jsonb NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  attempts          integer NOT NULL DEFAULT 0,
  next_attempt_at   timestamptz NOT NULL DEFAULT now(),
  -- an instance delivering a row leases it; a crashed instance's lease runs out and another retries
  claimed_until     timestamptz,
  last_error        text
);
CREATE INDEX ngsi_notification_due_idx ON ngsi_notification (next_attempt_at, id);
