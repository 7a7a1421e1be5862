import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { BankConfirmation, PaymentIntent } from './model.js';

/**
 * The bank's side of the wire: the confirmation webhook's signature (docs/payments.md) and the
 * payment references it carries back. A signature is `t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<raw body>">` under PAYMENTS_WEBHOOK_SECRET; one older or newer than 5 minutes is refused so
 * a captured request cannot be sent again later.
 */

export const SIGNATURE_HEADER = 'x-payment-signature';
export const CONFIRMATIONS_PATH = '/api/v1/payments/confirmations';
export const SIGNATURE_TOLERANCE_S = 300;

/** Crockford's base32: no I, L, O, U, so a reference read aloud or typed is not misread. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const REFERENCE = /^TL[0-9A-HJKMNP-TV-Z]{10}$/;
const REFERENCE_IN_TEXT = /TL[0-9A-HJKMNP-TV-Z]{10}/;

/** A new payment reference: TL + 10 characters (50 random bits). */
export function newReference(): string {
  const bytes = randomBytes(10);
  let out = 'TL';
  for (const b of bytes) out += CROCKFORD[b & 31];
  return out;
}

/**
 * The reference a bank's memo carries: banks put the memo in capitals, may add their own words
 * around it, and people type O for 0 and I or L for 1 (Crockford's reading).
 */
export function referenceIn(memo: string): string | undefined {
  return referencesIn(memo)[0];
}

/**
 * Every reference a memo may carry, in its order, each once: those written as they are, else the one
 * read with Crockford's reading. A memo naming two is settled by a person (service.ts), never guessed.
 */
export function referencesIn(memo: string): string[] {
  const upper = memo.toUpperCase();
  const plain = [...new Set([...upper.matchAll(new RegExp(REFERENCE_IN_TEXT.source, 'g'))].map((m) => m[0]))];
  if (plain.length > 0) return plain;
  const read = upper.replace(/[^A-Z0-9]/g, '');
  const at = read.indexOf('TL');
  if (at < 0) return [];
  const tail = read
    .slice(at + 2, at + 12)
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  const candidate = `TL${tail}`;
  return REFERENCE.test(candidate) ? [candidate] : [];
}

export const sha256 = (body: string | Buffer): string => createHash('sha256').update(body).digest('hex');

const mac = (secret: string, t: string, raw: Buffer): Buffer =>
  createHmac('sha256', secret).update(`${t}.`).update(raw).digest();

export type SignatureCheck = { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

/** Checks a signature header against the raw body, in constant time, at `now`. */
export function checkSignature(secret: string, header: string | undefined, raw: Buffer, now: Date): SignatureCheck {
  if (header === undefined || header === '') return { ok: false, reason: 'missing' };
  const parts = header.split(',').map((p) => p.trim());
  const t = parts.find((p) => p.startsWith('t='))?.slice(2);
  const signatures = parts.filter((p) => p.startsWith('v1=')).map((p) => p.slice(3));
  if (t === undefined || !/^\d{1,12}$/.test(t) || signatures.length === 0) return { ok: false, reason: 'malformed' };
  if (Math.abs(now.getTime() / 1000 - Number(t)) > SIGNATURE_TOLERANCE_S) return { ok: false, reason: 'stale' };
  const expected = mac(secret, t, raw);
  let good = false;
  for (const hex of signatures) {
    if (!/^[0-9a-f]{64}$/i.test(hex)) continue;
    // Every candidate is compared, whether an earlier one matched or not: the time says nothing.
    if (timingSafeEqual(Buffer.from(hex, 'hex'), expected)) good = true;
  }
  return good ? { ok: true } : { ok: false, reason: 'mismatch' };
}

/** The signature header of a body at a time. */
export function signConfirmation(secret: string, raw: string | Buffer, at: Date): string {
  const t = String(Math.floor(at.getTime() / 1000));
  return `t=${t},v1=${mac(secret, t, Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'utf8')).toString('hex')}`;
}

/**
 * The bank simulator of the demo and the tests: a signed confirmation request as the bank sends it,
 * to POST to CONFIRMATIONS_PATH (by `inject` or over HTTP).
 */
export function bankConfirmation(
  secret: string,
  body: BankConfirmation,
  at: Date = new Date(),
): { method: 'POST'; url: string; headers: Record<string, string>; payload: string } {
  const payload = JSON.stringify(body);
  return {
    method: 'POST',
    url: CONFIRMATIONS_PATH,
    headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signConfirmation(secret, payload, at) },
    payload,
  };
}

/**
 * What a bank reports when a citizen pays an intent's QR code as shown (the demo's bank): a new
 * transaction id, the memo with the bank's own words around the reference, the exact amount.
 */
export function transferFor(
  intent: Pick<PaymentIntent, 'reference' | 'amountVnd'>,
  accountNumber: string,
  at: Date = new Date(),
): BankConfirmation {
  const day = at.toISOString().slice(2, 10).replaceAll('-', '');
  return {
    transactionId: `FT${day}${randomBytes(5).toString('hex').toUpperCase()}`,
    reference: `${intent.reference} CHUYEN KHOAN NOP PHI`,
    amountVnd: intent.amountVnd,
    paidAt: at.toISOString(),
    accountNumber,
  };
}
