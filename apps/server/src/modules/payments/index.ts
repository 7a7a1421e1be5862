import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { Counter } from 'prom-client';
import { Invalid, variable } from '../../platform/config.js';
import { defineErrors } from '../../platform/errors.js';
import { defineConfig, defineModule } from '../../platform/modules.js';
import { paymentsRoutes } from './routes.js';
import { PaymentsService } from './service.js';
import { ACCOUNT_NAME, vietQrBank } from './vietqr.js';

/** Payments by VietQR bank transfer (NAPAS 247): the public surface of payments/. */
export * from './model.js';
export {
  bankConfirmation,
  CONFIRMATIONS_PATH,
  SIGNATURE_HEADER,
  SIGNATURE_TOLERANCE_S,
  signConfirmation,
  transferFor,
} from './bank.js';
export { PaymentsService, reconciliationCsv, type PaymentSettings, type SettledHandler } from './service.js';
export { decodeEmv, qrSvg, vietQrPayload } from './vietqr.js';

/**
 * The demo's payee: the city treasury's account at VietinBank (a real BIN), with a plainly made-up
 * account number and a name that says DEMO, so a scan in a real bank app pays nobody.
 */
export const DEMO_PAYEE = { bankBin: '970415', account: '0000000000', accountName: 'KBNN HA NOI DEMO' } as const;

/** Where the generated webhook secret is kept when PAYMENTS_WEBHOOK_SECRET is not set. */
export const WEBHOOK_SECRET_FILE = 'payments-webhook.secret';

function parseBin(raw: string): string {
  const bin = raw.trim();
  if (!/^\d{6}$/.test(bin)) throw new Invalid('must be a 6-digit NAPAS bank BIN (e.g. 970415 for VietinBank)');
  if (!vietQrBank(bin)) throw new Invalid(`is not the BIN of a bank that receives VietQR transfers (got ${bin})`);
  return bin;
}

function parseAccount(raw: string): string {
  const account = raw.trim();
  if (!/^[0-9A-Za-z]{1,19}$/.test(account)) throw new Invalid('must be an account number: 1–19 letters or digits');
  return account;
}

function parseAccountName(raw: string): string {
  const name = raw.trim();
  if (!ACCOUNT_NAME.test(name)) {
    throw new Invalid('must be the account name as the bank writes it: 1–25 capitals without accents, digits, spaces');
  }
  return name;
}

function parseSecret(raw: string): string {
  if (raw.length < 32 || !/^[\x21-\x7e]+$/.test(raw)) {
    throw new Invalid('must be at least 32 printable characters without spaces (e.g. openssl rand -hex 32)');
  }
  return raw;
}

/**
 * The webhook secret: PAYMENTS_WEBHOOK_SECRET, else one generated once into DATA_DIR (as the
 * personal-data key is), said loudly: the bank must be given it, and every instance needs the same.
 */
function webhookSecret(configured: string | undefined, dataDir: string, log: Logger): string {
  if (configured !== undefined) return configured;
  const path = join(dataDir, WEBHOOK_SECRET_FILE);
  if (!existsSync(path)) {
    mkdirSync(dataDir, { recursive: true });
    try {
      writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  log.warn(
    { path },
    'PAYMENTS_WEBHOOK_SECRET is not set: the bank signs its confirmations with the secret kept in this file. Give ' +
      'the bank that secret, every instance the same one, and set PAYMENTS_WEBHOOK_SECRET in production.',
  );
  return readFileSync(path, 'utf8').trim();
}

export const paymentsModule = defineModule({
  name: 'payments',
  permissions: {
    'payments:read': ['admin', 'officer', 'viewer'],
    'payments:manage': ['admin'],
    // The treasury's refunds of money nothing is owed for (admin; a treasury role later).
    'payments:refund': ['admin'],
  },
  config: defineConfig(
    {
      PAYMENTS_BANK_BIN: variable({
        doc: "NAPAS BIN of the payee's bank (6 digits, a bank receiving VietQR transfers); the default is the demo's VietinBank",
        parse: parseBin,
        fallback: DEMO_PAYEE.bankBin,
      }),
      PAYMENTS_ACCOUNT: variable({
        doc: "The payee's account number at that bank (1–19 letters or digits); the default is the demo's, which pays nobody",
        parse: parseAccount,
        fallback: DEMO_PAYEE.account,
      }),
      PAYMENTS_ACCOUNT_NAME: variable({
        doc: "The payee's account name as the bank writes it (capitals without accents, at most 25)",
        parse: parseAccountName,
        fallback: DEMO_PAYEE.accountName,
      }),
      PAYMENTS_WEBHOOK_SECRET: variable({
        doc: "The bank's confirmation webhook secret (HMAC-SHA256, at least 32 characters); unset: generated once into DATA_DIR/payments-webhook.secret",
        parse: parseSecret,
        secret: true,
      }),
    },
    (v) => ({
      bankBin: v.PAYMENTS_BANK_BIN ?? DEMO_PAYEE.bankBin,
      account: v.PAYMENTS_ACCOUNT ?? DEMO_PAYEE.account,
      accountName: v.PAYMENTS_ACCOUNT_NAME ?? DEMO_PAYEE.accountName,
      webhookSecret: v.PAYMENTS_WEBHOOK_SECRET,
    }),
  ),
  errors: defineErrors({
    PAYMENTS_NOT_FOUND: { status: 404, when: 'payments: no payment intent of that reference in the tenant' },
    PAYMENTS_RECEIPT_NOT_FOUND: { status: 404, when: 'payments: a receipt of an intent that is not paid (or none)' },
    PAYMENTS_STATE: { status: 409, when: 'payments: cancelling an intent that is not pending; nothing changed' },
    PAYMENTS_OWNED: {
      status: 409,
      when: "payments: an admin cancelling an intent only its purpose's module cancels (a dossier's fee: the dossier's withdrawal, refusal or stop cancels it); nothing changed",
    },
    PAYMENTS_INVALID: {
      status: 400,
      when: 'payments: an intent without a purpose code, subject or description, or with an amount that is not 1 đồng or more',
    },
    PAYMENTS_INTENT_DIFFERS: {
      status: 409,
      when: 'payments: an intent asked again for the same purpose and subject with another amount while one is pending',
    },
    PAYMENTS_SIGNATURE_INVALID: {
      status: 401,
      when: 'payments: a bank confirmation whose X-Payment-Signature is missing, wrong or more than 300 s off; audited, nothing kept',
    },
    PAYMENTS_BODY_INVALID: {
      status: 400,
      when: "payments: a signed bank confirmation that is not JSON, or paid (paidAt) more than 300 s after this server's clock or more than 366 days before it; nothing kept",
    },
    PAYMENTS_SETTLEMENT_FAILED: {
      status: 503,
      when: 'payments: a confirmation that could not be settled (what the paid purpose does failed); nothing kept, the bank sends it again',
    },
    PAYMENTS_COUNTER_RECORDED: {
      status: 409,
      when: "payments: a payment at a counter recorded with a receipt number the office's book already gave for a payment (this one or another); nothing changed",
    },
    PAYMENTS_REFUND_NOT_FOUND: {
      status: 404,
      when: 'payments: recording a refund for a transaction that has none due',
    },
    PAYMENTS_REFUND_STATE: {
      status: 409,
      when: 'payments: recording a refund already recorded with another reference; nothing changed',
    },
    PAYMENTS_PERIOD_INVALID: {
      status: 400,
      when: 'payments: a reconciliation period whose from is after to, or longer than 366 days',
    },
  }),
  create({ db, log, settings, config }) {
    if (
      settings.bankBin === DEMO_PAYEE.bankBin &&
      settings.account === DEMO_PAYEE.account &&
      settings.accountName === DEMO_PAYEE.accountName
    ) {
      log.warn(
        'payments go to the demo account (KBNN HA NOI DEMO, 0000000000): set PAYMENTS_BANK_BIN, PAYMENTS_ACCOUNT and PAYMENTS_ACCOUNT_NAME',
      );
    }
    const payments = new PaymentsService({
      db,
      log,
      settings: { ...settings, webhookSecret: webhookSecret(settings.webhookSecret, config.dataDir, log) },
    });
    return {
      provides: payments,
      async routes(app) {
        await app.register(paymentsRoutes, { payments });
      },
      metrics(registry) {
        const confirmations = new Counter({
          name: 'thanglong_payments_confirmations_total',
          help: "The bank's confirmations by outcome (matched, unmatched, amount-mismatch, duplicate-payment; replay: a delivery again; signature-invalid: refused)",
          labelNames: ['outcome'] as const,
          registers: [registry],
        });
        payments.onOutcome = (outcome) => confirmations.inc({ outcome });
      },
    };
  },
});
