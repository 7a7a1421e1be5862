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

/** One day (Hà Nội) of reconciliation. */
export interface ReconciliationDay {
  readonly date: string;
  /** Intents made that day. */
  readonly created: number;
  /** Intents paid that day, and their sum. */
  readonly paid: { readonly count: number; readonly sumVnd: number };
  /** Of the intents made that day, those still pending. */
  readonly pending: number;
  readonly cancelled: number;
  /** Confirmations received that day that paid no intent, by outcome. */
  readonly unmatched: readonly ConfirmationLine[];
  readonly amountMismatches: readonly ConfirmationLine[];
  readonly duplicates: readonly ConfirmationLine[];
}

export interface Reconciliation {
  readonly from: string;
  readonly to: string;
  readonly days: readonly ReconciliationDay[];
  readonly totals: {
    readonly created: number;
    readonly paid: { readonly count: number; readonly sumVnd: number };
    readonly pending: number;
    readonly cancelled: number;
    readonly unmatched: number;
    readonly amountMismatches: number;
    readonly duplicates: number;
    /** Money received that paid no intent (to refund or match by hand). */
    readonly unsettledVnd: number;
  };
}
