-- Payments (modules/payments): what the city asks to be paid by VietQR bank transfer (intents), the
-- bank's confirmations of money received (each kept, matched or not, for reconciliation) and the
-- receipt numbers. A payment is for a purpose (e.g. 'dossier-fee') and a subject (e.g. the dossier
-- code); this module knows nothing else of either. No personal data: the payer is the bank's business.

-- Receipt numbers per tenant and year (Hà Nội time): BL-2026-000123.
CREATE TABLE payments_receipt_counter (
  tenant text NOT NULL,
  year   integer NOT NULL,
  last   integer NOT NULL,
  PRIMARY KEY (tenant, year)
);

CREATE TABLE payments_intents (
  tenant           text NOT NULL,
  -- Short and unambiguous, to fit the transfer's memo: TL + 10 Crockford base32 characters.
  reference        text NOT NULL UNIQUE,
  purpose          text NOT NULL,
  subject          text NOT NULL,
  amount_vnd       bigint NOT NULL CHECK (amount_vnd > 0),
  description      text NOT NULL,
  state            text NOT NULL CHECK (state IN ('pending', 'paid', 'cancelled')),
  -- The account the QR code names, as it was when the intent was made (the receipt says it).
  bank_bin         text NOT NULL,
  account          text NOT NULL,
  account_name     text NOT NULL,
  qr               text NOT NULL,
  created_at       timestamptz NOT NULL,
  paid_at          timestamptz,
  cancelled_at     timestamptz,
  bank_transaction text,
  receipt_number   text,
  CHECK ((state = 'paid') = (paid_at IS NOT NULL AND receipt_number IS NOT NULL AND bank_transaction IS NOT NULL))
);

-- One pending intent per purpose and subject: asking again gives the same one.
CREATE UNIQUE INDEX payments_intents_pending ON payments_intents (tenant, purpose, subject) WHERE state = 'pending';
CREATE INDEX payments_intents_subject ON payments_intents (tenant, purpose, subject, created_at DESC);
CREATE INDEX payments_intents_created ON payments_intents (tenant, created_at);
CREATE INDEX payments_intents_paid ON payments_intents (tenant, paid_at) WHERE paid_at IS NOT NULL;
CREATE UNIQUE INDEX payments_intents_receipt ON payments_intents (tenant, receipt_number) WHERE receipt_number IS NOT NULL;

-- Every confirmation the bank sent with a good signature, once per bank transaction: the answer
-- given is kept so a delivery again gets the same answer and changes nothing.
CREATE TABLE payments_confirmations (
  tenant         text NOT NULL,
  transaction_id text NOT NULL UNIQUE,
  reference      text NOT NULL,
  amount_vnd     bigint NOT NULL,
  account        text NOT NULL,
  paid_at        timestamptz NOT NULL,
  received_at    timestamptz NOT NULL,
  outcome        text NOT NULL CHECK (outcome IN ('matched', 'unmatched', 'amount-mismatch', 'duplicate-payment')),
  -- The intent it was matched against, when the reference named one.
  intent         text,
  body_sha256    text NOT NULL,
  answer         jsonb NOT NULL
);

CREATE INDEX payments_confirmations_received ON payments_confirmations (tenant, received_at);
