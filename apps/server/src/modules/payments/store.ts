import type { Sql } from '../../platform/db/index.js';
import type {
  ConfirmationAnswer,
  ConfirmationLine,
  ConfirmationOutcome,
  CounterPayment,
  NewCounterPayment,
  NewIntent,
  PaymentIntent,
  PaymentState,
  Refund,
  RefundState,
} from './model.js';

/** Payments' SQL. Times go in as Dates and come out as ISO strings. */

type Time = Date | string;
const iso = (v: Time): string => new Date(v).toISOString();

/** An intent as stored, with the payee its QR code names. */
export interface StoredIntent extends PaymentIntent {
  readonly bankBin: string;
  readonly account: string;
  readonly accountName: string;
}

interface IntentRow {
  reference: string;
  purpose: string;
  subject: string;
  amount_vnd: number;
  description: string;
  state: PaymentState;
  bank_bin: string;
  account: string;
  account_name: string;
  qr: string;
  created_at: Time;
  paid_at: Time | null;
  cancelled_at: Time | null;
  bank_transaction: string | null;
  receipt_number: string | null;
}

const INTENT = `reference, purpose, subject, amount_vnd, description, state, bank_bin, account, account_name, qr,
  created_at, paid_at, cancelled_at, bank_transaction, receipt_number`;

const intentOf = (r: IntentRow): StoredIntent => ({
  reference: r.reference,
  purpose: r.purpose,
  subject: r.subject,
  amountVnd: Number(r.amount_vnd),
  description: r.description,
  state: r.state,
  qr: r.qr,
  createdAt: iso(r.created_at),
  ...(r.paid_at === null ? {} : { paidAt: iso(r.paid_at) }),
  ...(r.cancelled_at === null ? {} : { cancelledAt: iso(r.cancelled_at) }),
  ...(r.bank_transaction === null ? {} : { bankTransaction: r.bank_transaction }),
  ...(r.receipt_number === null ? {} : { receiptNumber: r.receipt_number }),
  bankBin: r.bank_bin,
  account: r.account,
  accountName: r.account_name,
});

/**
 * Inserts a pending intent unless one is pending for the purpose and subject, or the reference is
 * taken: then nothing (undefined).
 */
export async function insertIntent(
  sql: Sql,
  tenant: string,
  i: NewIntent & { reference: string; bankBin: string; account: string; accountName: string; qr: string; at: Date },
): Promise<StoredIntent | undefined> {
  const { rows } = await sql.query<IntentRow>(
    `INSERT INTO payments_intents (tenant, reference, purpose, subject, amount_vnd, description, state,
       bank_bin, account, account_name, qr, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $8, $9, $10, $11)
     ON CONFLICT DO NOTHING
     RETURNING ${INTENT}`,
    [
      tenant,
      i.reference,
      i.purpose,
      i.subject,
      i.amountVnd,
      i.description,
      i.bankBin,
      i.account,
      i.accountName,
      i.qr,
      i.at,
    ],
  );
  return rows[0] && intentOf(rows[0]);
}

export async function referenceTaken(sql: Sql, reference: string): Promise<boolean> {
  const { rows } = await sql.query('SELECT 1 FROM payments_intents WHERE reference = $1', [reference]);
  return rows.length > 0;
}

export async function pendingIntent(
  sql: Sql,
  tenant: string,
  purpose: string,
  subject: string,
): Promise<StoredIntent | undefined> {
  const { rows } = await sql.query<IntentRow>(
    `SELECT ${INTENT} FROM payments_intents WHERE tenant = $1 AND purpose = $2 AND subject = $3 AND state = 'pending'`,
    [tenant, purpose, subject],
  );
  return rows[0] && intentOf(rows[0]);
}

/** The intent of a purpose and subject that counts: the pending or paid one, newest first; else the newest. */
export async function currentIntent(
  sql: Sql,
  tenant: string,
  purpose: string,
  subject: string,
): Promise<StoredIntent | undefined> {
  const { rows } = await sql.query<IntentRow>(
    `SELECT ${INTENT} FROM payments_intents WHERE tenant = $1 AND purpose = $2 AND subject = $3
     ORDER BY (state = 'cancelled'), created_at DESC, reference LIMIT 1`,
    [tenant, purpose, subject],
  );
  return rows[0] && intentOf(rows[0]);
}

/** An intent by reference; `lock` holds its row until the transaction ends. */
export async function intentByReference(
  sql: Sql,
  tenant: string,
  reference: string,
  lock = false,
): Promise<StoredIntent | undefined> {
  const { rows } = await sql.query<IntentRow>(
    `SELECT ${INTENT} FROM payments_intents WHERE tenant = $1 AND reference = $2${lock ? ' FOR UPDATE' : ''}`,
    [tenant, reference],
  );
  return rows[0] && intentOf(rows[0]);
}

export async function listIntents(
  sql: Sql,
  tenant: string,
  q: { state?: PaymentState | undefined; from?: Date | undefined; to?: Date | undefined; limit: number },
): Promise<StoredIntent[]> {
  const { rows } = await sql.query<IntentRow>(
    `SELECT ${INTENT} FROM payments_intents
     WHERE tenant = $1 AND ($2::text IS NULL OR state = $2) AND ($3::timestamptz IS NULL OR created_at >= $3)
       AND ($4::timestamptz IS NULL OR created_at < $4)
     ORDER BY created_at DESC, reference LIMIT $5`,
    [tenant, q.state ?? null, q.from ?? null, q.to ?? null, q.limit],
  );
  return rows.map(intentOf);
}

export async function cancelIntent(sql: Sql, tenant: string, reference: string, at: Date): Promise<boolean> {
  const { rowCount } = await sql.query(
    `UPDATE payments_intents SET state = 'cancelled', cancelled_at = $3
     WHERE tenant = $1 AND reference = $2 AND state = 'pending'`,
    [tenant, reference, at],
  );
  return rowCount === 1;
}

/** The next receipt number of a tenant's year (the counter's row is held until the transaction ends). */
export async function nextReceiptNumber(sql: Sql, tenant: string, year: number): Promise<number> {
  const { rows } = await sql.query<{ last: number }>(
    `INSERT INTO payments_receipt_counter (tenant, year, last) VALUES ($1, $2, 1)
     ON CONFLICT (tenant, year) DO UPDATE SET last = payments_receipt_counter.last + 1
     RETURNING last`,
    [tenant, year],
  );
  return Number(rows[0]?.last);
}

export async function markPaid(
  sql: Sql,
  tenant: string,
  reference: string,
  paid: { at: Date; transactionId: string; receiptNumber: string },
): Promise<StoredIntent> {
  const { rows } = await sql.query<IntentRow>(
    `UPDATE payments_intents SET state = 'paid', paid_at = $3, bank_transaction = $4, receipt_number = $5
     WHERE tenant = $1 AND reference = $2 AND state = 'pending'
     RETURNING ${INTENT}`,
    [tenant, reference, paid.at, paid.transactionId, paid.receiptNumber],
  );
  const row = rows[0];
  if (!row) throw new Error(`the intent ${reference} was not pending when marked paid`);
  return intentOf(row);
}

/** The answer kept for a bank transaction, if it came before. */
export async function confirmationAnswer(sql: Sql, transactionId: string): Promise<ConfirmationAnswer | undefined> {
  const { rows } = await sql.query<{ answer: ConfirmationAnswer }>(
    'SELECT answer FROM payments_confirmations WHERE transaction_id = $1',
    [transactionId],
  );
  return rows[0]?.answer;
}

/** Keeps a confirmation; false when the transaction is already kept (another delivery came first). */
export async function insertConfirmation(
  sql: Sql,
  tenant: string,
  c: {
    transactionId: string;
    reference: string;
    amountVnd: number;
    account: string;
    paidAt: Date;
    receivedAt: Date;
    outcome: ConfirmationOutcome;
    intent: string | undefined;
    bodySha256: string;
    answer: ConfirmationAnswer;
  },
): Promise<boolean> {
  const { rowCount } = await sql.query(
    `INSERT INTO payments_confirmations (tenant, transaction_id, reference, amount_vnd, account, paid_at,
       received_at, outcome, intent, body_sha256, answer)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (transaction_id) DO NOTHING`,
    [
      tenant,
      c.transactionId,
      c.reference,
      c.amountVnd,
      c.account,
      c.paidAt,
      c.receivedAt,
      c.outcome,
      c.intent ?? null,
      c.bodySha256,
      JSON.stringify(c.answer),
    ],
  );
  return rowCount === 1;
}

// --- reconciliation: days in Hà Nội time (UTC+7 all year) ---------------------------------------------

const DAY = (column: string) => `to_char((${column} AT TIME ZONE 'UTC') + interval '7 hours', 'YYYY-MM-DD')`;

export interface IntentDayCounts {
  date: string;
  created: number;
  pending: number;
  cancelled: number;
}

export async function intentsCreatedByDay(sql: Sql, tenant: string, from: Date, to: Date): Promise<IntentDayCounts[]> {
  const { rows } = await sql.query<IntentDayCounts>(
    `SELECT ${DAY('created_at')} AS date, count(*)::int AS created,
       count(*) FILTER (WHERE state = 'pending')::int AS pending,
       count(*) FILTER (WHERE state = 'cancelled')::int AS cancelled
     FROM payments_intents WHERE tenant = $1 AND created_at >= $2 AND created_at < $3
     GROUP BY 1`,
    [tenant, from, to],
  );
  return rows;
}

export async function intentsPaidByDay(
  sql: Sql,
  tenant: string,
  from: Date,
  to: Date,
): Promise<{ date: string; count: number; sumVnd: number }[]> {
  const { rows } = await sql.query<{ date: string; count: number; sum_vnd: number | string }>(
    `SELECT ${DAY('paid_at')} AS date, count(*)::int AS count, sum(amount_vnd) AS sum_vnd
     FROM payments_intents WHERE tenant = $1 AND state = 'paid' AND paid_at >= $2 AND paid_at < $3
     GROUP BY 1`,
    [tenant, from, to],
  );
  return rows.map((r) => ({ date: r.date, count: r.count, sumVnd: Number(r.sum_vnd) }));
}

/** Confirmations received in the period that paid nothing, with their Hà Nội day. */
export async function unsettledConfirmations(
  sql: Sql,
  tenant: string,
  from: Date,
  to: Date,
): Promise<(ConfirmationLine & { date: string })[]> {
  const { rows } = await sql.query<{
    date: string;
    transaction_id: string;
    reference: string;
    amount_vnd: number;
    paid_at: Time;
    received_at: Time;
    outcome: ConfirmationOutcome;
  }>(
    `SELECT ${DAY('received_at')} AS date, transaction_id, reference, amount_vnd, paid_at, received_at, outcome
     FROM payments_confirmations
     WHERE tenant = $1 AND received_at >= $2 AND received_at < $3 AND outcome <> 'matched'
     ORDER BY received_at, transaction_id`,
    [tenant, from, to],
  );
  return rows.map((r) => ({
    date: r.date,
    transactionId: r.transaction_id,
    reference: r.reference,
    amountVnd: Number(r.amount_vnd),
    paidAt: iso(r.paid_at),
    receivedAt: iso(r.received_at),
    outcome: r.outcome,
  }));
}

// --- payments at a counter ----------------------------------------------------------------------------

interface CounterRow {
  purpose: string;
  subject: string;
  office: string;
  receipt_number: string;
  amount_vnd: number | string;
  paid_at: Time;
  by_id: string;
  by_name: string;
  intent: string | null;
}

const counterOf = (r: CounterRow): CounterPayment => ({
  purpose: r.purpose,
  subject: r.subject,
  office: r.office,
  receiptNumber: r.receipt_number,
  amountVnd: Number(r.amount_vnd),
  paidAt: iso(r.paid_at),
  by: { id: r.by_id, name: r.by_name },
  ...(r.intent === null ? {} : { intent: r.intent }),
});

/** Keeps a payment at a counter; false when that receipt is already recorded for the subject. */
export async function insertCounterPayment(
  sql: Sql,
  tenant: string,
  p: NewCounterPayment & { at: Date },
): Promise<CounterPayment | undefined> {
  const { rows } = await sql.query<CounterRow>(
    `INSERT INTO payments_counter
       (tenant, purpose, subject, office, receipt_number, amount_vnd, paid_at, by_id, by_name, intent)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT DO NOTHING
     RETURNING purpose, subject, office, receipt_number, amount_vnd, paid_at, by_id, by_name, intent`,
    [tenant, p.purpose, p.subject, p.office, p.receiptNumber, p.amountVnd, p.at, p.by.id, p.by.name, p.intent ?? null],
  );
  return rows[0] && counterOf(rows[0]);
}

export async function counterPaymentsOf(
  sql: Sql,
  tenant: string,
  purpose: string,
  subject: string,
): Promise<CounterPayment[]> {
  const { rows } = await sql.query<CounterRow>(
    `SELECT purpose, subject, office, receipt_number, amount_vnd, paid_at, by_id, by_name, intent FROM payments_counter
     WHERE tenant = $1 AND purpose = $2 AND subject = $3 ORDER BY paid_at, receipt_number`,
    [tenant, purpose, subject],
  );
  return rows.map(counterOf);
}

/** The payments at a counter in the period, with their Hà Nội day. */
export async function counterPaymentsIn(
  sql: Sql,
  tenant: string,
  from: Date,
  to: Date,
): Promise<(CounterPayment & { date: string })[]> {
  const { rows } = await sql.query<CounterRow & { date: string }>(
    `SELECT ${DAY('paid_at')} AS date, purpose, subject, office, receipt_number, amount_vnd, paid_at, by_id, by_name, intent
     FROM payments_counter WHERE tenant = $1 AND paid_at >= $2 AND paid_at < $3
     ORDER BY paid_at, receipt_number`,
    [tenant, from, to],
  );
  return rows.map((r) => ({ date: r.date, ...counterOf(r) }));
}

// --- refunds -------------------------------------------------------------------------------------------

interface RefundRow {
  transaction_id: string;
  intent: string;
  purpose: string;
  subject: string;
  amount_vnd: number | string;
  reason: string;
  due_at: Time;
  refunded_at: Time | null;
  refund_reference: string | null;
  refunded_by: string | null;
}

const REFUND = `transaction_id, intent, purpose, subject, amount_vnd, reason, due_at, refunded_at, refund_reference,
  refunded_by`;

const refundOf = (r: RefundRow): Refund => ({
  transactionId: r.transaction_id,
  reference: r.intent,
  purpose: r.purpose,
  subject: r.subject,
  amountVnd: Number(r.amount_vnd),
  reason: r.reason,
  state: r.refunded_at === null ? 'due' : 'refunded',
  dueAt: iso(r.due_at),
  ...(r.refunded_at === null ? {} : { refundedAt: iso(r.refunded_at) }),
  ...(r.refund_reference === null ? {} : { refundReference: r.refund_reference }),
  ...(r.refunded_by === null ? {} : { refundedBy: r.refunded_by }),
});

/** Marks a bank transaction's money as due back; nothing when it already is (the first reason stands). */
export async function insertRefund(
  sql: Sql,
  tenant: string,
  r: {
    transactionId: string;
    intent: string;
    purpose: string;
    subject: string;
    amountVnd: number;
    reason: string;
    at: Date;
  },
): Promise<void> {
  await sql.query(
    `INSERT INTO payments_refunds (tenant, transaction_id, intent, purpose, subject, amount_vnd, reason, due_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (transaction_id) DO NOTHING`,
    [tenant, r.transactionId, r.intent, r.purpose, r.subject, r.amountVnd, r.reason, r.at],
  );
}

/** A refund by its bank transaction; `lock` holds its row until the transaction ends. */
export async function refundOfTransaction(
  sql: Sql,
  tenant: string,
  transactionId: string,
  lock = false,
): Promise<Refund | undefined> {
  const { rows } = await sql.query<RefundRow>(
    `SELECT ${REFUND} FROM payments_refunds WHERE tenant = $1 AND transaction_id = $2${lock ? ' FOR UPDATE' : ''}`,
    [tenant, transactionId],
  );
  return rows[0] && refundOf(rows[0]);
}

export async function markRefunded(
  sql: Sql,
  tenant: string,
  transactionId: string,
  r: { at: Date; reference: string; by: string },
): Promise<void> {
  await sql.query(
    `UPDATE payments_refunds SET refunded_at = $3, refund_reference = $4, refunded_by = $5
     WHERE tenant = $1 AND transaction_id = $2 AND refunded_at IS NULL`,
    [tenant, transactionId, r.at, r.reference, r.by],
  );
}

export async function listRefunds(
  sql: Sql,
  tenant: string,
  q: { state?: RefundState | undefined; purpose?: string | undefined; subject?: string | undefined; limit: number },
): Promise<Refund[]> {
  const { rows } = await sql.query<RefundRow>(
    `SELECT ${REFUND} FROM payments_refunds
     WHERE tenant = $1 AND ($2::text IS NULL OR ($2 = 'due') = (refunded_at IS NULL))
       AND ($3::text IS NULL OR purpose = $3) AND ($4::text IS NULL OR subject = $4)
     ORDER BY due_at DESC, transaction_id LIMIT $5`,
    [tenant, q.state ?? null, q.purpose ?? null, q.subject ?? null, q.limit],
  );
  return rows.map(refundOf);
}

/** Refunds that became due in the period and those refunded in it, each with its Hà Nội day. */
export async function refundsIn(
  sql: Sql,
  tenant: string,
  from: Date,
  to: Date,
): Promise<{ due: (Refund & { date: string })[]; refunded: (Refund & { date: string })[] }> {
  const { rows: due } = await sql.query<RefundRow & { date: string }>(
    `SELECT ${DAY('due_at')} AS date, ${REFUND} FROM payments_refunds
     WHERE tenant = $1 AND due_at >= $2 AND due_at < $3 ORDER BY due_at, transaction_id`,
    [tenant, from, to],
  );
  const { rows: refunded } = await sql.query<RefundRow & { date: string }>(
    `SELECT ${DAY('refunded_at')} AS date, ${REFUND} FROM payments_refunds
     WHERE tenant = $1 AND refunded_at >= $2 AND refunded_at < $3 ORDER BY refunded_at, transaction_id`,
    [tenant, from, to],
  );
  const dated = (r: RefundRow & { date: string }) => ({ date: r.date, ...refundOf(r) });
  return { due: due.map(dated), refunded: refunded.map(dated) };
}
