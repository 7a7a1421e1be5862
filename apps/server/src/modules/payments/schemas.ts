import { Type, type TSchema } from 'typebox';
import { List } from '../../platform/http/schemas.js';
import { CONFIRMATION_OUTCOMES, PAYMENT_STATES, REFUND_STATES } from './model.js';

/** Payments as the API sends and takes them (the shapes of model.ts; times ISO 8601, amounts whole đồng). */

const Opt = <T extends TSchema>(s: T) => Type.Optional(s);
const Time = (description?: string) => Type.String({ format: 'date-time', ...(description ? { description } : {}) });
const Vnd = (description: string) => Type.Integer({ minimum: 0, description });

export const PaymentStateSchema = Type.Enum(PAYMENT_STATES);
export const OutcomeSchema = Type.Enum(CONFIRMATION_OUTCOMES);
export const ReferenceSchema = Type.String({
  pattern: '^TL[0-9A-HJKMNP-TV-Z]{10}$',
  description: 'TL + 10 Crockford base32 characters: the transfer memo',
});

export const IntentSchema = Type.Object({
  reference: Type.String({ description: 'TL + 10 Crockford base32 characters: the transfer memo' }),
  purpose: Type.String({ description: "What the payment is for, e.g. 'dossier-fee'" }),
  subject: Type.String({ description: 'What it is for within the purpose, e.g. the dossier code' }),
  amountVnd: Vnd('Amount in đồng'),
  description: Type.String(),
  state: PaymentStateSchema,
  qr: Type.String({ description: 'The VietQR (EMVCo) payload a bank app scans' }),
  createdAt: Time(),
  paidAt: Opt(Time()),
  cancelledAt: Opt(Time()),
  bankTransaction: Opt(Type.String()),
  receiptNumber: Opt(Type.String({ description: 'BL-<year>-<6 digits>' })),
});

export const ConfirmationBodySchema = Type.Object(
  {
    transactionId: Type.String({ minLength: 1, maxLength: 100, description: "The bank's id of the transfer" }),
    reference: Type.String({ minLength: 1, maxLength: 500, description: 'The memo: the payment reference' }),
    amountVnd: Type.Integer({ minimum: 1, maximum: 999_999_999_999, description: 'Amount received in đồng' }),
    paidAt: Type.String({ format: 'date-time' }),
    accountNumber: Type.String({ minLength: 1, maxLength: 40, description: 'The account credited' }),
  },
  // The signature vouches for the body as the bank sends it: a field the bank adds (currency, a
  // channel) does not get a signed payment refused and lost; it is kept, unsettled (the service).
  { additionalProperties: true },
);

export const AnswerSchema = Type.Object({
  transactionId: Type.String(),
  outcome: OutcomeSchema,
  reference: Opt(Type.String()),
  receiptNumber: Opt(Type.String()),
});

export const ReceiptSchema = Type.Object({
  number: Type.String({ description: 'BL-<year>-<6 digits>, per tenant and year' }),
  reference: Type.String(),
  purpose: Type.String(),
  subject: Type.String(),
  description: Type.String(),
  amountVnd: Vnd('Amount paid in đồng'),
  paidAt: Time(),
  bankTransaction: Type.String(),
  payee: Type.Object({
    bankBin: Type.String(),
    bankName: Type.String(),
    account: Type.String(),
    accountName: Type.String(),
  }),
});

const Line = Type.Object({
  transactionId: Type.String(),
  reference: Type.String({ description: 'The memo as the bank sent it' }),
  amountVnd: Vnd('Amount received'),
  paidAt: Time(),
  receivedAt: Time(),
  outcome: OutcomeSchema,
});

const Paid = Type.Object({ count: Type.Integer(), sumVnd: Vnd('Sum paid') });
const Tally = (description: string) =>
  Type.Object({ count: Type.Integer(), sumVnd: Vnd('Their sum') }, { description });
const Channels = Type.Object({
  transfer: Tally('Intents paid by VietQR bank transfer'),
  counter: Tally('Payments taken at a counter (cash or card)'),
});

export const RefundStateSchema = Type.Enum(REFUND_STATES);

export const RefundSchema = Type.Object({
  transactionId: Type.String({ description: "The bank's transaction whose money is due back" }),
  reference: Type.String({ description: 'The intent the transfer named' }),
  purpose: Type.String(),
  subject: Type.String(),
  amountVnd: Vnd('Amount to give back in đồng'),
  reason: Type.String({
    description:
      "Why nothing is owed: 'intent-cancelled' (the transfer came after the intent was cancelled) or the purpose's word (e.g. 'dossier-withdrawn')",
  }),
  state: RefundStateSchema,
  dueAt: Time(),
  refundedAt: Opt(Time()),
  refundReference: Opt(Type.String({ description: "The refund's own reference (the transfer back, or the voucher)" })),
  refundedBy: Opt(Type.String({ description: 'The account that recorded the refund' })),
});

export const CounterPaymentSchema = Type.Object({
  purpose: Type.String(),
  subject: Type.String(),
  receiptNumber: Type.String({ description: 'The number of the receipt the officer gave' }),
  amountVnd: Vnd('Amount paid in đồng'),
  paidAt: Time(),
  by: Type.Object({ id: Type.String(), name: Type.String() }, { description: 'The officer who recorded it' }),
  intent: Opt(Type.String({ description: 'The VietQR intent cancelled with it' })),
});

export const ReconciliationSchema = Type.Object({
  from: Type.String({ format: 'date' }),
  to: Type.String({ format: 'date' }),
  days: List(
    Type.Object({
      date: Type.String({ format: 'date', description: 'A day in Hà Nội time' }),
      created: Type.Integer({ description: 'Intents made that day' }),
      paid: Type.Object(
        { count: Type.Integer(), sumVnd: Vnd('Sum paid') },
        { description: 'Payments that day, every channel' },
      ),
      channels: Channels,
      counter: List(CounterPaymentSchema),
      pending: Type.Integer({ description: 'Of the intents made that day, those still pending' }),
      cancelled: Type.Integer({ description: 'Of the intents made that day, those cancelled' }),
      unmatched: List(Line),
      amountMismatches: List(Line),
      duplicates: List(Line),
      refundsDue: List(RefundSchema, { description: 'Refunds that became due that day, as they stand now' }),
      refunded: List(RefundSchema, { description: 'Refunds recorded as made that day' }),
    }),
  ),
  totals: Type.Object({
    created: Type.Integer(),
    paid: Paid,
    channels: Channels,
    pending: Type.Integer(),
    cancelled: Type.Integer(),
    unmatched: Type.Integer(),
    amountMismatches: Type.Integer(),
    duplicates: Type.Integer(),
    unsettledVnd: Vnd('Money received that paid no intent'),
    refunds: Type.Object({
      due: Tally('Refunds that became due in the period'),
      outstanding: Tally('Of those, the ones still due'),
      refunded: Tally('Refunds made in the period'),
    }),
  }),
});
