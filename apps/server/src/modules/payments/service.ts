import type { Logger } from 'pino';
import type { Database, Sql } from '../../platform/db/index.js';
import { csvText } from '../../platform/csv.js';
import { AppError, problems } from '../../platform/errors.js';
import { hanoiDate } from '../../platform/hanoi-time.js';
import { checkSignature, newReference, REFERENCE, referencesIn, sha256, type SignatureCheck } from './bank.js';
import type {
  BankConfirmation,
  ConfirmationAnswer,
  ConfirmationOutcome,
  CounterPayment,
  NewCounterPayment,
  NewIntent,
  PaymentIntent,
  PaymentState,
  Receipt,
  Reconciliation,
  ReconciliationDay,
  Refund,
  RefundState,
  Tally,
} from './model.js';
import * as store from './store.js';
import { qrSvg, vietQrBank, vietQrPayload, MAX_AMOUNT_VND, type Payee } from './vietqr.js';

export interface PaymentSettings extends Payee {
  /** The bank's webhook secret (PAYMENTS_WEBHOOK_SECRET, or the one generated into DATA_DIR). */
  readonly webhookSecret: string;
}

/** What runs when an intent of a purpose is paid: inside the confirmation's transaction. */
export type SettledHandler = (tx: Sql, tenant: string, intent: PaymentIntent) => Promise<void>;

const PURPOSE = /^[a-z][a-z0-9-]{0,39}$/;
/** A refund's reason is a short code too: 'intent-cancelled', 'dossier-withdrawn'. */
const REASON = PURPOSE;
const MAX_RECEIPT = 50;
const MAX_REFUND_REFERENCE = 100;
const MAX_SUBJECT = 100;
const MAX_DESCRIPTION = 500;
const MAX_PERIOD_DAYS = 366;
/** The fields of a bank confirmation this service understands (ConfirmationBodySchema). */
const CONFIRMATION_FIELDS = new Set(['transactionId', 'reference', 'amountVnd', 'paidAt', 'accountNumber']);
/** How far ahead of this server's clock a confirmation's paidAt may be (as the signature's time). */
const PAID_AT_AHEAD_MS = 300_000;

const toIntent = (s: store.StoredIntent): PaymentIntent => {
  const { bankBin: _bin, account: _account, accountName: _name, ...intent } = s;
  return intent;
};

/**
 * The intent a transfer's memo names: the one known reference it carries. A memo naming two known
 * ones (a withdrawn dossier's and another's) is no one's: kept unmatched for a person to settle, not
 * guessed. Looked up in one order (locks taken so cannot cross another confirmation's).
 */
async function intentOfMemo(sql: Sql, tenant: string, memo: string, lock: boolean) {
  const known: store.StoredIntent[] = [];
  for (const reference of referencesIn(memo).sort()) {
    const intent = await store.intentByReference(sql, tenant, reference, lock);
    if (intent) known.push(intent);
  }
  return known.length === 1 ? known[0] : undefined;
}

const receiptNumber = (year: number, n: number) => `BL-${year}-${String(n).padStart(6, '0')}`;

/**
 * Payments by VietQR bank transfer. Another module asks for a payment (an intent for a purpose and a
 * subject), shows its QR code, and registers what happens when it is paid (`onSettled`): the bank's
 * signed confirmation marks the intent paid, gives it a receipt number and runs those handlers in one
 * transaction — so a dossier's fee is paid exactly when its payment is, or neither is.
 */
export class PaymentsService {
  readonly settings: PaymentSettings;
  readonly #db: Database;
  readonly #log: Logger;
  readonly #now: () => Date;
  readonly #handlers = new Map<string, SettledHandler[]>();
  /** What the handlers need ready before the confirmation's transaction (keys written or cached, as the
   * embedded database's one connection cannot read them from inside it). */
  readonly #prepares = new Map<string, ((tenant: string) => Promise<void>)[]>();
  /** Purposes whose pending intents only their module cancels (with what was paid for). */
  readonly #ownerCancels = new Set<string>();
  /** Counts each confirmation by outcome (the module's metrics set it). */
  onOutcome: (outcome: ConfirmationOutcome | 'replay' | 'signature-invalid') => void = () => {};

  constructor(deps: { db: Database; settings: PaymentSettings; log: Logger; now?: () => Date }) {
    this.#db = deps.db;
    this.settings = deps.settings;
    this.#log = deps.log;
    this.#now = deps.now ?? (() => new Date());
  }

  now(): Date {
    return this.#now();
  }

  /**
   * The pending intent of (purpose, subject), made when there is none. Asking again returns the same
   * one; asking again with another amount is refused (cancel the pending one first). `tx`: made in
   * the caller's transaction (a dossier and its fee's intent together).
   */
  async createIntent(tenant: string, intent: NewIntent, tx?: Sql): Promise<PaymentIntent> {
    if (!PURPOSE.test(intent.purpose)) {
      throw problems.badRequest('PAYMENTS_INVALID', 'A purpose is a short code: lower-case letters, digits and -.');
    }
    if (intent.subject.trim() === '' || intent.subject.length > MAX_SUBJECT) {
      throw problems.badRequest('PAYMENTS_INVALID', `A subject is 1–${MAX_SUBJECT} characters.`);
    }
    if (intent.description.trim() === '' || intent.description.length > MAX_DESCRIPTION) {
      throw problems.badRequest('PAYMENTS_INVALID', `A description is 1–${MAX_DESCRIPTION} characters.`);
    }
    if (!Number.isSafeInteger(intent.amountVnd) || intent.amountVnd < 1 || intent.amountVnd > MAX_AMOUNT_VND) {
      throw problems.badRequest('PAYMENTS_INVALID', `An amount is a whole number of đồng, 1 to ${MAX_AMOUNT_VND}.`);
    }
    if (intent.reference !== undefined && !REFERENCE.test(intent.reference)) {
      throw problems.badRequest('PAYMENTS_INVALID', 'A reference is one newReference() gave: TL and 10 characters.');
    }
    const { reference: given, ...asked } = intent;
    const make = async (sql: Sql): Promise<PaymentIntent> => {
      const { bankBin, account, accountName } = this.settings;
      // One statement when nothing is pending and the reference is free (nearly always): the insert
      // gives way to either, and only then is the pending one read or another reference tried.
      for (let reference = given ?? newReference(); ; reference = newReference()) {
        const qr = vietQrPayload({ bankBin, account, accountName, amountVnd: intent.amountVnd, purpose: reference });
        const made = await store.insertIntent(sql, tenant, {
          ...asked,
          reference,
          bankBin,
          account,
          accountName,
          qr,
          at: this.#now(),
        });
        if (made) return toIntent(made);
        const pending = await store.pendingIntent(sql, tenant, intent.purpose, intent.subject);
        if (pending) return this.#same(pending, intent);
        if (!(await store.referenceTaken(sql, reference))) throw new Error('a pending intent was made and is gone');
      }
    };
    return tx ? make(tx) : this.#db.transaction(make);
  }

  /** A fresh reference for an intent about to be made (see NewIntent.reference). */
  newReference(): string {
    return newReference();
  }

  #same(existing: store.StoredIntent, asked: NewIntent): PaymentIntent {
    if (existing.amountVnd !== asked.amountVnd) {
      throw problems.conflict(
        'PAYMENTS_INTENT_DIFFERS',
        `A payment of ${existing.amountVnd} VND is pending for ${asked.purpose} ${asked.subject} ` +
          `(${existing.reference}); cancel it before asking for ${asked.amountVnd} VND.`,
      );
    }
    return toIntent(existing);
  }

  /** The intent of (purpose, subject) that counts: the pending or paid one, else the newest cancelled. */
  async intentOf(tenant: string, purpose: string, subject: string): Promise<PaymentIntent | undefined> {
    const found = await store.currentIntent(this.#db, tenant, purpose, subject);
    return found && toIntent(found);
  }

  async intent(tenant: string, reference: string): Promise<PaymentIntent> {
    const found = await store.intentByReference(this.#db, tenant, reference);
    if (!found) throw new AppError('PAYMENTS_NOT_FOUND', 404, `No payment of reference "${reference}".`);
    return toIntent(found);
  }

  async intents(
    tenant: string,
    q: { state?: PaymentState | undefined; from?: string | undefined; to?: string | undefined; limit?: number },
  ): Promise<PaymentIntent[]> {
    const rows = await store.listIntents(this.#db, tenant, {
      state: q.state,
      from: q.from === undefined ? undefined : new Date(q.from),
      to: q.to === undefined ? undefined : new Date(q.to),
      limit: q.limit ?? 100,
    });
    return rows.map(toIntent);
  }

  /**
   * Cancels a pending intent (its QR code pays nothing any more: a later transfer is unmatched). For
   * the purpose's owner, which closes what the payment was for with it (in its transaction `tx`).
   */
  async cancel(tenant: string, reference: string, tx?: Sql): Promise<PaymentIntent> {
    return this.#cancel(tenant, reference, true, tx);
  }

  /**
   * Cancels a pending intent for the payments' staff: not one whose purpose's module cancels it
   * itself (a dossier's fee, when the dossier closes); else its record would wait on a payment nobody
   * can make.
   */
  async cancelByStaff(tenant: string, reference: string): Promise<PaymentIntent> {
    return this.#cancel(tenant, reference, false);
  }

  async #cancel(tenant: string, reference: string, byOwner: boolean, tx?: Sql): Promise<PaymentIntent> {
    const run = async (sql: Sql) => {
      const found = await store.intentByReference(sql, tenant, reference, true);
      if (!found) throw new AppError('PAYMENTS_NOT_FOUND', 404, `No payment of reference "${reference}".`);
      if (!byOwner && this.#ownerCancels.has(found.purpose)) {
        throw problems.conflict(
          'PAYMENTS_OWNED',
          `The payment ${reference} is for ${found.purpose} ${found.subject}, which its own module cancels when it ` +
            'closes it (a dossier withdrawn, refused or stopped); nothing changed.',
        );
      }
      if (found.state !== 'pending') {
        throw problems.conflict(
          'PAYMENTS_STATE',
          `The payment ${reference} is ${found.state}; only a pending one is cancelled.`,
        );
      }
      await store.cancelIntent(sql, tenant, reference, this.#now());
      return toIntent((await store.intentByReference(sql, tenant, reference)) as store.StoredIntent);
    };
    return tx ? run(tx) : this.#db.transaction(run);
  }

  /**
   * Holds a pending intent's row until `tx` ends, for its owner about to lock what it was for: the
   * confirmation locks the intent, then the owner's row (a settled handler), so everyone who may take
   * both takes them in that order (else they deadlock on PostgreSQL).
   */
  async hold(tenant: string, reference: string, tx: Sql): Promise<void> {
    await store.intentByReference(tx, tenant, reference, true);
  }

  /**
   * Registers what a purpose's owner does when one of its intents is paid (in the same transaction).
   * `ownerCancels`: only the owner cancels its pending intents (the staff's cancel is 409 PAYMENTS_OWNED).
   * `prepare`: what the handler needs ready before the confirmation's transaction (keys written or
   * cached, as the embedded database's one connection cannot read them from inside it).
   */
  onSettled(
    purpose: string,
    handler: SettledHandler,
    options: { ownerCancels?: boolean; prepare?: (tenant: string) => Promise<void> } = {},
  ): void {
    this.#handlers.set(purpose, [...(this.#handlers.get(purpose) ?? []), handler]);
    if (options.ownerCancels) this.#ownerCancels.add(purpose);
    if (options.prepare) this.#prepares.set(purpose, [...(this.#prepares.get(purpose) ?? []), options.prepare]);
  }

  qrSvg(payload: string): Promise<string> {
    return qrSvg(payload);
  }

  /** Checks the bank's signature over the raw body (constant time, 5 minutes either way). */
  checkSignature(header: string | undefined, raw: Buffer): SignatureCheck {
    const check = checkSignature(this.settings.webhookSecret, header, raw, this.#now());
    if (!check.ok) this.onOutcome('signature-invalid');
    return check;
  }

  /**
   * Takes the bank's confirmation (its signature already checked). The first delivery of a
   * transaction decides and keeps the answer; every later one gets that answer and changes nothing.
   * A handler that fails rolls everything back (nothing kept) and the bank, answered 503, retries.
   */
  async confirm(tenant: string, c: BankConfirmation, rawBody: Buffer | string): Promise<ConfirmationAnswer> {
    const replayed = await store.confirmationAnswer(this.#db, c.transactionId);
    if (replayed) {
      this.onOutcome('replay');
      return replayed;
    }
    const receivedAt = this.#now();
    const paidAt = new Date(c.paidAt);
    // A payment made after it was confirmed is a bank clock or message gone wrong: a receipt is never
    // dated in the future. The bank is told (it fixes and sends again); nothing is kept.
    if (paidAt.getTime() > receivedAt.getTime() + PAID_AT_AHEAD_MS) {
      throw problems.badRequest(
        'PAYMENTS_BODY_INVALID',
        `paidAt (${c.paidAt}) is more than ${PAID_AT_AHEAD_MS / 1000} s after this server's clock (${receivedAt.toISOString()}). Nothing was kept.`,
      );
    }
    // Nor more than a year back: no intent waits that long, and the receipt's year would be wrong.
    if (paidAt.getTime() < receivedAt.getTime() - MAX_PERIOD_DAYS * 86_400_000) {
      throw problems.badRequest(
        'PAYMENTS_BODY_INVALID',
        `paidAt (${c.paidAt}) is more than ${MAX_PERIOD_DAYS} days before this server's clock. Nothing was kept.`,
      );
    }
    // Only the paid purpose's owner gets ready (its intent read without a lock: the transaction reads it again).
    const owner = await intentOfMemo(this.#db, tenant, c.reference, false);
    for (const prepare of (owner && this.#prepares.get(owner.purpose)) ?? []) await prepare(tenant);
    try {
      const answer = await this.#db.transaction(async (tx) => {
        const intent = await intentOfMemo(tx, tenant, c.reference, true);
        let outcome: ConfirmationOutcome;
        // A field beyond the five (a status, a currency) might change what the transfer means: the money
        // is kept for the treasury to reconcile by hand, never settled on a message half understood.
        const unknown = Object.keys(c).some((k) => !CONFIRMATION_FIELDS.has(k));
        if (!intent || intent.state === 'cancelled' || intent.account !== c.accountNumber || unknown)
          outcome = 'unmatched';
        else if (intent.state === 'paid') outcome = 'duplicate-payment';
        else if (intent.amountVnd !== c.amountVnd) outcome = 'amount-mismatch';
        else outcome = 'matched';

        let number: string | undefined;
        if (outcome === 'matched' && intent) {
          const year = Number(hanoiDate(paidAt.getTime()).slice(0, 4));
          number = receiptNumber(year, await store.nextReceiptNumber(tx, tenant, year));
        }
        const answer: ConfirmationAnswer = {
          transactionId: c.transactionId,
          outcome,
          ...(intent ? { reference: intent.reference } : {}),
          ...(number ? { receiptNumber: number } : {}),
        };
        const kept = await store.insertConfirmation(tx, tenant, {
          transactionId: c.transactionId,
          reference: c.reference,
          amountVnd: c.amountVnd,
          account: c.accountNumber,
          paidAt,
          receivedAt,
          outcome,
          intent: intent?.reference,
          bodySha256: sha256(rawBody),
          answer,
        });
        if (!kept) throw new Replayed();
        // Money for a payment already cancelled (its purpose closed, or paid at a counter): nothing is
        // owed for it, so it is due back, named for the treasury to refund.
        if (intent && intent.state === 'cancelled' && intent.account === c.accountNumber && !unknown) {
          await store.insertRefund(tx, tenant, {
            transactionId: c.transactionId,
            intent: intent.reference,
            purpose: intent.purpose,
            subject: intent.subject,
            amountVnd: c.amountVnd,
            reason: 'intent-cancelled',
            at: receivedAt,
          });
        }
        if (outcome === 'matched' && intent && number) {
          const paid = toIntent(
            await store.markPaid(tx, tenant, intent.reference, {
              at: paidAt,
              transactionId: c.transactionId,
              receiptNumber: number,
            }),
          );
          for (const handler of this.#handlers.get(paid.purpose) ?? []) {
            try {
              await handler(tx, tenant, paid);
            } catch (err) {
              throw new SettlementFailed(paid, err);
            }
          }
        }
        return answer;
      });
      this.onOutcome(answer.outcome);
      if (answer.outcome !== 'matched') {
        this.#log.warn(
          { tenant, transactionId: c.transactionId, reference: c.reference, outcome: answer.outcome },
          'a bank confirmation paid no intent: kept for reconciliation',
        );
      }
      return answer;
    } catch (err) {
      if (err instanceof Replayed) {
        // Another delivery of the same transaction was kept first: its answer is the answer.
        this.onOutcome('replay');
        return (await store.confirmationAnswer(this.#db, c.transactionId)) as ConfirmationAnswer;
      }
      if (err instanceof SettlementFailed) {
        this.#log.error(
          { err: err.cause, tenant, reference: err.intent.reference, purpose: err.intent.purpose },
          'a payment could not be settled: nothing kept, the bank will send it again',
        );
        throw problems.unavailable(
          'PAYMENTS_SETTLEMENT_FAILED',
          'The payment could not be recorded now; nothing was kept. Send the confirmation again.',
          60,
        );
      }
      throw err;
    }
  }

  /**
   * A payment taken at a counter (cash or card), recorded by the officer with the number of the receipt
   * they gave, so the reconciliation shows it beside the transfers. In the owner's transaction `tx`
   * (the owner cancels the VietQR intent it makes pointless first, in the same transaction).
   */
  async recordCounter(tenant: string, p: NewCounterPayment, tx?: Sql): Promise<CounterPayment> {
    if (!PURPOSE.test(p.purpose) || p.subject.trim() === '' || p.subject.length > MAX_SUBJECT) {
      throw problems.badRequest('PAYMENTS_INVALID', 'A counter payment names its purpose and subject.');
    }
    if (p.office.trim() === '' || p.office.length > MAX_SUBJECT) {
      throw problems.badRequest('PAYMENTS_INVALID', 'A counter payment names the office whose receipt it is.');
    }
    if (p.receiptNumber.trim() === '' || p.receiptNumber.length > MAX_RECEIPT) {
      throw problems.badRequest('PAYMENTS_INVALID', `A receipt number is 1–${MAX_RECEIPT} characters.`);
    }
    if (!Number.isSafeInteger(p.amountVnd) || p.amountVnd < 1 || p.amountVnd > MAX_AMOUNT_VND) {
      throw problems.badRequest('PAYMENTS_INVALID', `An amount is a whole number of đồng, 1 to ${MAX_AMOUNT_VND}.`);
    }
    const run = async (sql: Sql) => {
      const kept = await store.insertCounterPayment(sql, tenant, { ...p, at: this.#now() });
      if (!kept) {
        throw problems.conflict(
          'PAYMENTS_COUNTER_RECORDED',
          `The receipt ${p.receiptNumber} of ${p.office} is already recorded for a payment: a receipt is given for one; nothing changed.`,
        );
      }
      return kept;
    };
    return tx ? run(tx) : this.#db.transaction(run);
  }

  /** The payments at a counter for a purpose's subject, oldest first. */
  async counterPaymentsOf(tenant: string, purpose: string, subject: string): Promise<CounterPayment[]> {
    return store.counterPaymentsOf(this.#db, tenant, purpose, subject);
  }

  /**
   * For the purpose's owner, in its transaction (the intent held first, as the confirmation holds it):
   * the intent was paid, but what it paid for closed in the same instant (a withdrawal that lost the
   * race to the bank), so nothing is owed and its money is due back. Nothing when it is not paid.
   */
  async refundDue(tenant: string, reference: string, reason: string, tx: Sql): Promise<Refund | undefined> {
    if (!REASON.test(reason)) throw new Error(`a refund's reason is a short code (got "${reason}")`);
    const intent = await store.intentByReference(tx, tenant, reference, true);
    if (!intent || intent.state !== 'paid' || !intent.bankTransaction) return undefined;
    await store.insertRefund(tx, tenant, {
      transactionId: intent.bankTransaction,
      intent: intent.reference,
      purpose: intent.purpose,
      subject: intent.subject,
      amountVnd: intent.amountVnd,
      reason,
      at: this.#now(),
    });
    this.#log.warn(
      { tenant, reference, transactionId: intent.bankTransaction, reason },
      'a payment is due back: what it paid for closed as it was paid',
    );
    return store.refundOfTransaction(tx, tenant, intent.bankTransaction);
  }

  /** The refunds of a purpose's subject (due or refunded), newest first. */
  async refundsOf(tenant: string, purpose: string, subject: string): Promise<Refund[]> {
    return store.listRefunds(this.#db, tenant, { purpose, subject, limit: 100 });
  }

  async refunds(
    tenant: string,
    q: { state?: RefundState | undefined; purpose?: string | undefined; subject?: string | undefined; limit?: number },
  ): Promise<Refund[]> {
    return store.listRefunds(this.#db, tenant, { ...q, limit: q.limit ?? 100 });
  }

  /**
   * Records that a refund due was made, with its reference (the treasury's transfer back or voucher).
   * The same reference again is the same refund (answered as it is); another is refused.
   */
  async recordRefund(tenant: string, transactionId: string, reference: string, by: string): Promise<Refund> {
    const ref = reference.trim();
    if (ref === '' || ref.length > MAX_REFUND_REFERENCE) {
      throw problems.badRequest('PAYMENTS_INVALID', `A refund's reference is 1–${MAX_REFUND_REFERENCE} characters.`);
    }
    return this.#db.transaction(async (tx) => {
      const found = await store.refundOfTransaction(tx, tenant, transactionId, true);
      if (!found) {
        throw new AppError(
          'PAYMENTS_REFUND_NOT_FOUND',
          404,
          `No refund is due for the transaction "${transactionId}".`,
        );
      }
      if (found.state === 'refunded') {
        if (found.refundReference === ref) return found;
        throw problems.conflict(
          'PAYMENTS_REFUND_STATE',
          `The transaction ${transactionId} was already refunded (${found.refundReference ?? ''}); nothing changed.`,
        );
      }
      await store.markRefunded(tx, tenant, transactionId, { at: this.#now(), reference: ref, by });
      return (await store.refundOfTransaction(tx, tenant, transactionId)) as Refund;
    });
  }

  /** The receipt of a paid intent (404 unless paid). */
  async receipt(tenant: string, reference: string): Promise<Receipt> {
    const found = await store.intentByReference(this.#db, tenant, reference);
    if (!found || found.state !== 'paid' || !found.receiptNumber || !found.paidAt || !found.bankTransaction) {
      throw new AppError('PAYMENTS_RECEIPT_NOT_FOUND', 404, `No paid payment of reference "${reference}".`);
    }
    return {
      number: found.receiptNumber,
      reference: found.reference,
      purpose: found.purpose,
      subject: found.subject,
      description: found.description,
      amountVnd: found.amountVnd,
      paidAt: found.paidAt,
      bankTransaction: found.bankTransaction,
      payee: {
        bankBin: found.bankBin,
        bankName: vietQrBank(found.bankBin)?.name ?? found.bankBin,
        account: found.account,
        accountName: found.accountName,
      },
    };
  }

  /**
   * Day by day (Hà Nội) from `from` to `to` (dates, both included): intents made, paid (count and
   * sum), still pending and cancelled of those made, and the confirmations that paid nothing.
   */
  async reconciliation(tenant: string, from: string, to: string): Promise<Reconciliation> {
    const start = dayStart(from);
    const end = dayStart(to) + 86_400_000;
    if (!(start < end) || end - start > MAX_PERIOD_DAYS * 86_400_000) {
      throw problems.badRequest('PAYMENTS_PERIOD_INVALID', `from is on or before to, at most ${MAX_PERIOD_DAYS} days.`);
    }
    const [created, paid, unsettled, counter, refunds] = await Promise.all([
      store.intentsCreatedByDay(this.#db, tenant, new Date(start), new Date(end)),
      store.intentsPaidByDay(this.#db, tenant, new Date(start), new Date(end)),
      store.unsettledConfirmations(this.#db, tenant, new Date(start), new Date(end)),
      store.counterPaymentsIn(this.#db, tenant, new Date(start), new Date(end)),
      store.refundsIn(this.#db, tenant, new Date(start), new Date(end)),
    ]);
    const undated = <T extends { date: string }>({ date: _d, ...rest }: T): Omit<T, 'date'> => rest;
    const days: ReconciliationDay[] = [];
    for (let t = start; t < end; t += 86_400_000) {
      const date = hanoiDate(t);
      const c = created.find((r) => r.date === date);
      const p = paid.find((r) => r.date === date);
      const lines = unsettled.filter((u) => u.date === date).map(undated);
      const atCounter = counter.filter((r) => r.date === date).map(undated);
      const transfer = { count: p?.count ?? 0, sumVnd: p?.sumVnd ?? 0 };
      const counterTally = tally(atCounter);
      days.push({
        date,
        created: c?.created ?? 0,
        paid: { count: transfer.count + counterTally.count, sumVnd: transfer.sumVnd + counterTally.sumVnd },
        channels: { transfer, counter: counterTally },
        counter: atCounter,
        pending: c?.pending ?? 0,
        cancelled: c?.cancelled ?? 0,
        unmatched: lines.filter((l) => l.outcome === 'unmatched'),
        amountMismatches: lines.filter((l) => l.outcome === 'amount-mismatch'),
        duplicates: lines.filter((l) => l.outcome === 'duplicate-payment'),
        refundsDue: refunds.due.filter((r) => r.date === date).map(undated),
        refunded: refunds.refunded.filter((r) => r.date === date).map(undated),
      });
    }
    const sum = (f: (d: ReconciliationDay) => number) => days.reduce((s, d) => s + f(d), 0);
    return {
      from,
      to,
      days,
      totals: {
        created: sum((d) => d.created),
        paid: { count: sum((d) => d.paid.count), sumVnd: sum((d) => d.paid.sumVnd) },
        channels: {
          transfer: { count: sum((d) => d.channels.transfer.count), sumVnd: sum((d) => d.channels.transfer.sumVnd) },
          counter: tally(counter),
        },
        pending: sum((d) => d.pending),
        cancelled: sum((d) => d.cancelled),
        unmatched: sum((d) => d.unmatched.length),
        amountMismatches: sum((d) => d.amountMismatches.length),
        duplicates: sum((d) => d.duplicates.length),
        unsettledVnd: unsettled.reduce((s, u) => s + u.amountVnd, 0),
        refunds: {
          due: tally(refunds.due),
          outstanding: tally(refunds.due.filter((r) => r.state === 'due')),
          refunded: tally(refunds.refunded),
        },
      },
    };
  }
}

const tally = (items: readonly { amountVnd: number }[]): Tally => ({
  count: items.length,
  sumVnd: items.reduce((s, i) => s + i.amountVnd, 0),
});

/** The instant a Hà Nội day starts. */
const dayStart = (date: string): number => Date.parse(`${date}T00:00:00+07:00`);

class Replayed extends Error {}

class SettlementFailed extends Error {
  constructor(
    readonly intent: PaymentIntent,
    cause: unknown,
  ) {
    super('a settled handler failed', { cause });
  }
}

/**
 * The reconciliation as CSV (UTF-8 with a BOM, so spreadsheet programs read Vietnamese right). The
 * banks' transaction ids are text the server did not choose: the platform's writer keeps them from
 * being read as formulas.
 */
export function reconciliationCsv(r: Reconciliation): string {
  const ids = (lines: readonly { transactionId: string }[]) => lines.map((l) => l.transactionId).join(' ');
  const header = [
    'date',
    'created',
    'paid_count',
    'paid_sum_vnd',
    'transfer_count',
    'transfer_sum_vnd',
    'counter_count',
    'counter_sum_vnd',
    'counter_receipts',
    'pending',
    'cancelled',
    'unmatched_count',
    'unmatched_transactions',
    'amount_mismatch_count',
    'amount_mismatch_transactions',
    'duplicate_count',
    'duplicate_transactions',
    'refund_due_count',
    'refund_due_sum_vnd',
    'refund_due_transactions',
    'refunded_count',
    'refunded_sum_vnd',
    'refunded_transactions',
  ];
  const rows = r.days.map((d) => [
    d.date,
    d.created,
    d.paid.count,
    d.paid.sumVnd,
    d.channels.transfer.count,
    d.channels.transfer.sumVnd,
    d.channels.counter.count,
    d.channels.counter.sumVnd,
    d.counter.map((c) => c.receiptNumber).join(' '),
    d.pending,
    d.cancelled,
    d.unmatched.length,
    ids(d.unmatched),
    d.amountMismatches.length,
    ids(d.amountMismatches),
    d.duplicates.length,
    ids(d.duplicates),
    d.refundsDue.length,
    tally(d.refundsDue).sumVnd,
    ids(d.refundsDue),
    d.refunded.length,
    tally(d.refunded).sumVnd,
    ids(d.refunded),
  ]);
  return csvText(header, rows, { bom: true });
}
