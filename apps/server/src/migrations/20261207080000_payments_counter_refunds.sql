-- Payments (modules/payments): the fees paid at a counter (cash or card at the one-stop), beside the
-- bank transfers, so the treasury reconciles both; and the refunds owed for money received that
-- nothing is owed for any more (a transfer for a payment already cancelled, or one that won the race
-- with the closing of what it paid for).

-- A payment at a counter, recorded by the officer with the number of the receipt they gave.
CREATE TABLE payments_counter (
  tenant         text NOT NULL,
  purpose        text NOT NULL,
  subject        text NOT NULL,
  -- The office whose receipt book the number is of (each keeps its own numbering).
  office         text NOT NULL,
  receipt_number text NOT NULL,
  amount_vnd     bigint NOT NULL CHECK (amount_vnd > 0),
  paid_at        timestamptz NOT NULL,
  by_id          text NOT NULL,
  by_name        text NOT NULL,
  -- The VietQR intent it made pointless (cancelled with it), when there was one.
  intent         text
);

-- A receipt is one payment: its number in an office's book is not given for a second (one cash receipt,
-- many fees paid), however its letters are written.
CREATE UNIQUE INDEX payments_counter_receipt ON payments_counter (tenant, office, upper(receipt_number));

CREATE INDEX payments_counter_subject ON payments_counter (tenant, purpose, subject);

CREATE INDEX payments_counter_paid ON payments_counter (tenant, paid_at);

-- Money to give back, one per bank transaction received: due until the treasury records the refund.
CREATE TABLE payments_refunds (
  tenant           text NOT NULL,
  transaction_id   text NOT NULL UNIQUE,
  intent           text NOT NULL,
  purpose          text NOT NULL,
  subject          text NOT NULL,
  amount_vnd       bigint NOT NULL,
  -- Why nothing is owed: 'intent-cancelled', or the purpose's own word ('dossier-withdrawn', …).
  reason           text NOT NULL,
  due_at           timestamptz NOT NULL,
  refunded_at      timestamptz,
  refund_reference text,
  refunded_by      text,
  CHECK ((refunded_at IS NULL) = (refund_reference IS NULL))
);

CREATE INDEX payments_refunds_subject ON payments_refunds (tenant, purpose, subject);
CREATE INDEX payments_refunds_due ON payments_refunds (tenant, due_at);
CREATE INDEX payments_refunds_refunded ON payments_refunds (tenant, refunded_at) WHERE refunded_at IS NOT NULL;
