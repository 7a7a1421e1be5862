/**
 * Payments' words. An intent is what the city asks to be paid (for a purpose and a subject, e.g. the
 * fee of dossier 000.00.12.H26-261207-0001), shown as a VietQR code; the bank's confirmation settles
 * it; a paid intent has a receipt.
 */

export type PaymentState = 'pending' | 'paid' | 'cancelled';
export const PAYMENT_STATES: readonly PaymentState[] = ['pending', 'paid', 'cancelled'];

export interface PaymentIntent {
  /** TL + 10 Crockford base32 characters: the transfer's memo. */
  readonly reference: string;
  readonly purpose: string;
  readonly subject: string;
  readonly amountVnd: number;
  readonly description: string;
  readonly state: PaymentState;
  /** The EMVCo/VietQR payload. */
  readonly qr: string;
  readonly createdAt: string;
  readonly paidAt?: string;
  readonly cancelledAt?: string;
  readonly bankTransaction?: string;
  readonly receiptNumber?: string;
}

export interface NewIntent {
  readonly purpose: string;
  readonly subject: string;
  readonly amountVnd: number;
  /** What is paid, in words the payer reads on the receipt (no personal data). */
  readonly description: string;
  /**
   * The reference to make it with, drawn from newReference() beforehand so the subject's own record
   * can name it as it is written; another is drawn if it is taken. None: one is drawn.
   */
  readonly reference?: string | undefined;
}

/**
 * What the bank says of a confirmation, kept:
 * matched            the intent is paid by it;
 * unmatched          no pending or paid intent of the reference (unknown, cancelled, or another account);
 * amount-mismatch    the intent is pending but the amount differs: left pending;
 * duplicate-payment  the intent was already paid by another transaction.
 */
export type ConfirmationOutcome = 'matched' | 'unmatched' | 'amount-mismatch' | 'duplicate-payment';
export const CONFIRMATION_OUTCOMES: readonly ConfirmationOutcome[] = [
  'matched',
  'unmatched',
  'amount-mismatch',
  'duplicate-payment',
];

/** The bank's webhook body (docs/payments.md). */
export interface BankConfirmation {
  readonly transactionId: string;
  readonly reference: string;
  readonly amountVnd: number;
  readonly paidAt: string;
  readonly accountNumber: string;
}

/** The answer to a confirmation: the same for every delivery of one transaction. */
export interface ConfirmationAnswer {
  readonly transactionId: string;
  readonly outcome: ConfirmationOutcome;
  /** The intent's reference, when the confirmation named one. */
  readonly reference?: string;
  readonly receiptNumber?: string;
}

export interface Receipt {
  /** BL-<year>-<6 digits>, per tenant and year (Hà Nội time of payment). */
  readonly number: string;
  readonly reference: string;
  readonly purpose: string;
  readonly subject: string;
  readonly description: string;
  readonly amountVnd: number;
  readonly paidAt: string;
  readonly bankTransaction: string;
  readonly payee: {
    readonly bankBin: string;
    readonly bankName: string;
    readonly account: string;
    readonly accountName: string;
  };
}

/** A confirmation kept for reconciliation (one not matched, or matched). */
export interface ConfirmationLine {
  readonly transactionId: string;
  readonly reference: string;
  readonly amountVnd: number;
  readonly paidAt: string;
  readonly receivedAt: string;
  readonly outcome: ConfirmationOutcome;
}

/** How a payment reached the city: a VietQR bank transfer, or cash or card at a counter. */
export type PaymentChannel = 'transfer' | 'counter';

/** A payment taken at a counter (the one-stop's cash desk), recorded by an officer. */
export interface CounterPayment {
  readonly purpose: string;
  readonly subject: string;
  /** The office whose receipt book it is (each numbers its own). */
  readonly office: string;
  /** The number of the receipt the officer gave (their receipt book's). */
  readonly receiptNumber: string;
  readonly amountVnd: number;
  readonly paidAt: string;
  readonly by: { readonly id: string; readonly name: string };
  /** The VietQR intent cancelled with it, when there was one. */
  readonly intent?: string;
}

export interface NewCounterPayment {
  readonly purpose: string;
  readonly subject: string;
  readonly office: string;
  readonly receiptNumber: string;
  readonly amountVnd: number;
  readonly by: { readonly id: string; readonly name: string };
  readonly intent?: string | undefined;
}

export type RefundState = 'due' | 'refunded';
export const REFUND_STATES: readonly RefundState[] = ['due', 'refunded'];

/**
 * Money received that nothing is owed for, to give back: a transfer for an intent already cancelled
 * ('intent-cancelled'), or one that paid an intent whose purpose then closed in the same instant
 * (its owner's word, e.g. 'dossier-withdrawn'). One per bank transaction.
 */
export interface Refund {
  readonly transactionId: string;
  /** The intent the transfer named. */
  readonly reference: string;
  readonly purpose: string;
  readonly subject: string;
  readonly amountVnd: number;
  readonly reason: string;
  readonly state: RefundState;
  readonly dueAt: string;
  readonly refundedAt?: string;
  /** The refund's own reference (the treasury's transfer back, or its voucher). */
  readonly refundReference?: string;
  readonly refundedBy?: string;
}

/** A count of payments and their sum in đồng. */
export interface Tally {
  readonly count: number;
  readonly sumVnd: number;
}

/** One day (Hà Nội) of reconciliation. */
export interface ReconciliationDay {
  readonly date: string;
  /** Intents made that day. */
  readonly created: number;
  /** Payments that day, every channel, and their sum. */
  readonly paid: Tally;
  /** The same by channel: intents paid by transfer, payments at a counter. */
  readonly channels: { readonly transfer: Tally; readonly counter: Tally };
  /** The payments at a counter that day. */
  readonly counter: readonly CounterPayment[];
  /** Of the intents made that day, those still pending. */
  readonly pending: number;
  readonly cancelled: number;
  /** Confirmations received that day that paid no intent, by outcome. */
  readonly unmatched: readonly ConfirmationLine[];
  readonly amountMismatches: readonly ConfirmationLine[];
  readonly duplicates: readonly ConfirmationLine[];
  /** Refunds that became due that day (as they stand now), and those recorded as refunded that day. */
  readonly refundsDue: readonly Refund[];
  readonly refunded: readonly Refund[];
}

export interface Reconciliation {
  readonly from: string;
  readonly to: string;
  readonly days: readonly ReconciliationDay[];
  readonly totals: {
    readonly created: number;
    readonly paid: Tally;
    readonly channels: { readonly transfer: Tally; readonly counter: Tally };
    readonly pending: number;
    readonly cancelled: number;
    readonly unmatched: number;
    readonly amountMismatches: number;
    readonly duplicates: number;
    /** Money received that paid no intent (to refund or match by hand). */
    readonly unsettledVnd: number;
    /** Refunds that became due in the period, those of them still due, and those refunded in it. */
    readonly refunds: { readonly due: Tally; readonly outstanding: Tally; readonly refunded: Tally };
  };
}
