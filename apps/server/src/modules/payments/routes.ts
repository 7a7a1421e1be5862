import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { principalOf } from '../../platform/auth/index.js';
import { AppError, problems } from '../../platform/errors.js';
import { Document, List } from '../../platform/http/schemas.js';
import { CONFIRMATIONS_PATH, SIGNATURE_HEADER } from './bank.js';
import type { BankConfirmation } from './model.js';
import {
  AnswerSchema,
  ConfirmationBodySchema,
  IntentSchema,
  PaymentStateSchema,
  ReceiptSchema,
  ReconciliationSchema,
  ReferenceSchema,
  RefundSchema,
  RefundStateSchema,
} from './schemas.js';
import { reconciliationCsv, type PaymentsService } from './service.js';

/** Payments' API: the bank's webhook (signed, no login) and the staff's reads. Thin over the service. */

const read = { access: { permission: 'payments:read' as const } };
const manage = { access: { permission: 'payments:manage' as const } };
const refund = { access: { permission: 'payments:refund' as const } };
const tags = ['Payments'];
const BASE = '/api/v1/payments';
const MAX_WEBHOOK_BYTES = 16 * 1024;
const Reference = Type.Object({ reference: ReferenceSchema });
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The bank's transaction id a body claims (for the audit record of a refused attempt), or undefined. */
function claimedTransaction(body: unknown): string | undefined {
  let value: unknown = body;
  if (Buffer.isBuffer(body)) {
    try {
      value = JSON.parse(body.toString('utf8'));
    } catch {
      return undefined;
    }
  }
  const id = (value as { transactionId?: unknown } | null)?.transactionId;
  return typeof id === 'string' ? `transaction:${id.slice(0, 100)}` : undefined;
}

/** Why a confirmation's signature was refused, in the problem's two languages. */
const SIGNATURE_REFUSALS = {
  missing: { en: 'The confirmation is not signed', vi: 'Xác nhận thanh toán không có chữ ký' },
  malformed: { en: "The confirmation's signature is malformed", vi: 'Chữ ký của xác nhận thanh toán sai định dạng' },
  stale: {
    en: "The confirmation's signature is more than 300 seconds old or ahead",
    vi: 'Chữ ký của xác nhận thanh toán lệch quá 300 giây so với giờ máy chủ',
  },
  mismatch: {
    en: "The confirmation's signature does not match its body",
    vi: 'Chữ ký không khớp với nội dung xác nhận thanh toán',
  },
} as const;

/** The bank's confirmations: the signature is checked over the raw bytes before anything is read. */
async function webhookRoutes(fastify: FastifyInstance, { payments }: { payments: PaymentsService }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const raw = new WeakMap<FastifyRequest, Buffer>();
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: MAX_WEBHOOK_BYTES }, (_r, body, done) =>
    done(null, body),
  );

  app.post(
    CONFIRMATIONS_PATH,
    {
      config: { access: 'public', auditTarget: (request) => claimedTransaction(request.body) },
      schema: {
        tags,
        summary:
          "The bank's confirmation of a transfer received, signed (X-Payment-Signature: t=<unix seconds>,v1=<hex " +
          'HMAC-SHA256 of "<t>.<raw body>">). 200 with the outcome, the same for every delivery of a transaction; ' +
          '401 when the signature is missing, wrong or more than 300 s off; 503 when it could not be settled (send again)',
        headers: Type.Object({ [SIGNATURE_HEADER]: Type.Optional(Type.String({ maxLength: 1000 })) }),
        body: ConfirmationBodySchema,
        response: { 200: AnswerSchema },
      },
      // The signature first, over the bytes as sent; only a signed body is parsed and validated.
      preValidation: async (request) => {
        const bytes = request.body;
        if (!Buffer.isBuffer(bytes)) {
          throw problems.badRequest('PAYMENTS_BODY_INVALID', 'Send the confirmation as application/json.');
        }
        const header: unknown = request.headers[SIGNATURE_HEADER];
        const check = payments.checkSignature(typeof header === 'string' ? header : undefined, bytes);
        if (!check.ok) {
          const why = SIGNATURE_REFUSALS[check.reason];
          throw new AppError(
            'PAYMENTS_SIGNATURE_INVALID',
            401,
            `${why.en}: X-Payment-Signature is t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>"> ` +
              'with the shared secret, within 300 seconds. Nothing was kept.',
            { params: { reasonVi: why.vi } },
          );
        }
        raw.set(request, bytes);
        try {
          request.body = JSON.parse(bytes.toString('utf8')) as BankConfirmation;
        } catch {
          throw problems.badRequest('PAYMENTS_BODY_INVALID', 'The confirmation is not JSON.');
        }
      },
    },
    async (request) => {
      const body: BankConfirmation = request.body;
      return payments.confirm(request.tenant, body, raw.get(request) ?? Buffer.alloc(0));
    },
  );
}

export async function paymentsRoutes(
  fastify: FastifyInstance,
  { payments }: { payments: PaymentsService },
): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  await app.register(webhookRoutes, { payments });

  app.get(
    `${BASE}/intents`,
    {
      config: read,
      schema: {
        tags,
        summary: 'Payment intents, newest first: by state, made from (inclusive) and before to',
        querystring: Type.Object(
          {
            state: Type.Optional(PaymentStateSchema),
            from: Type.Optional(Type.String({ format: 'date-time' })),
            to: Type.Optional(Type.String({ format: 'date-time' })),
            limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ intents: List(IntentSchema) }) },
      },
    },
    async (request) => ({ intents: await payments.intents(request.tenant, request.query) }),
  );

  app.get(
    `${BASE}/intents/:reference`,
    {
      config: read,
      schema: {
        tags,
        summary: 'A payment intent by its reference, with its QR code as SVG',
        params: Reference,
        response: { 200: Type.Object({ intent: IntentSchema, qrSvg: Type.String() }) },
      },
    },
    async (request) => {
      const intent = await payments.intent(request.tenant, request.params.reference);
      return { intent, qrSvg: await payments.qrSvg(intent.qr) };
    },
  );

  app.post(
    `${BASE}/intents/:reference/cancel`,
    {
      config: manage,
      schema: {
        tags,
        summary:
          'Cancels a pending intent: a transfer for it later is kept as unmatched (409 unless pending, or if its ' +
          "purpose's module cancels it: a dossier's fee)",
        params: Reference,
        response: { 200: Type.Object({ intent: IntentSchema }) },
      },
    },
    async (request) => ({ intent: await payments.cancelByStaff(request.tenant, request.params.reference) }),
  );

  app.get(
    `${BASE}/intents/:reference/receipt`,
    {
      config: read,
      schema: {
        tags,
        summary: 'The receipt of a paid intent (404 unless paid)',
        params: Reference,
        response: { 200: ReceiptSchema },
      },
    },
    async (request) => payments.receipt(request.tenant, request.params.reference),
  );

  app.get(
    `${BASE}/refunds`,
    {
      config: read,
      schema: {
        tags,
        summary:
          'Money received that nothing is owed for, to give back (a transfer for a cancelled intent, or one that ' +
          'paid as its purpose closed), newest first: by state, purpose and subject',
        querystring: Type.Object(
          {
            state: Type.Optional(RefundStateSchema),
            purpose: Type.Optional(Type.String({ maxLength: 40 })),
            subject: Type.Optional(Type.String({ maxLength: 100 })),
            limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ refunds: List(RefundSchema) }) },
      },
    },
    async (request) => ({ refunds: await payments.refunds(request.tenant, request.query) }),
  );

  app.post(
    `${BASE}/refunds/:transactionId/refunded`,
    {
      config: refund,
      schema: {
        tags,
        summary:
          "Records that a refund due was made, with the refund's reference (the transfer back or the voucher); " +
          'the same reference again changes nothing, another is 409; 404 when no refund is due for the transaction',
        params: Type.Object({ transactionId: Type.String({ minLength: 1, maxLength: 100 }) }),
        body: Type.Object(
          { reference: Type.String({ minLength: 1, maxLength: 100, description: "The refund's own reference" }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ refund: RefundSchema }) },
      },
    },
    async (request) => ({
      refund: await payments.recordRefund(
        request.tenant,
        request.params.transactionId,
        request.body.reference,
        principalOf(request).name,
      ),
    }),
  );

  app.get(
    `${BASE}/reconciliation`,
    {
      config: read,
      schema: {
        tags,
        summary:
          'Day by day (Hà Nội): intents made, payments (count, sum) by channel (bank transfer, counter, with the ' +
          "counter's receipts), pending, cancelled, the confirmations that paid nothing (unmatched, amount " +
          'mismatches, duplicates) with their transaction ids, and the refunds due and made; JSON or CSV',
        querystring: Type.Object(
          {
            from: Type.Optional(Type.String({ format: 'date', description: 'First day (default: 30 days before to)' })),
            to: Type.Optional(Type.String({ format: 'date', description: 'Last day, included (default: today)' })),
            format: Type.Optional(Type.Enum(['json', 'csv'])),
          },
          { additionalProperties: false },
        ),
        produces: ['application/json', 'text/csv'],
        response: {
          200: {
            description: 'The reconciliation',
            content: {
              'application/json': { schema: ReconciliationSchema },
              'text/csv': Document('text/csv', 'UTF-8 with BOM, one line per day').content['text/csv'],
            },
          },
        },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const today = new Date(payments.now().getTime() + 7 * 3600_000).toISOString().slice(0, 10);
      const to = q.to ?? today;
      const from = q.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 30 * 86_400_000).toISOString().slice(0, 10);
      if (!DATE.test(from) || !DATE.test(to)) {
        throw problems.badRequest('PAYMENTS_PERIOD_INVALID', 'from and to are dates, YYYY-MM-DD.');
      }
      const r = await payments.reconciliation(request.tenant, from, to);
      if (q.format === 'csv') {
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="payments-${from}-${to}.csv"`)
          .send(reconciliationCsv(r));
      }
      return r;
    },
  );
}
