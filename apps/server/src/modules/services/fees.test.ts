import assert from 'node:assert/strict';
import { after, before, describe, it, mock } from 'node:test';
import { pino } from 'pino';
import { buildApp } from '../../app.js';
import type { App } from '../../app.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { multipart, pdfBytes } from '../../../test/support/uploads.js';
import { accountWith, buildTestApp, problemOf, testConfig, type Account } from '../../../test/support/app.js';
import { drawnText } from '../../platform/pdf/index.js';
import { cityWards } from '../city/index.js';
import { bankConfirmation, decodeEmv, DEMO_PAYEE, paymentsModule, type Reconciliation } from '../payments/index.js';
import { HANOI_AGENCIES, HANOI_PROCEDURES } from './hanoi-procedures.js';
import { servicesModule, type StaffDossier } from './index.js';
import { unpaidBefore } from './store.js';
import { feesFor } from './procedures.js';

/**
 * A dossier's fee and its payment: the bank's confirmation and a withdrawal or refusal at the same
 * moment (one lock order, no deadlock on PostgreSQL); the result handed out only once the fee is paid,
 * online or recorded at the counter; the payments' staff may not cancel a dossier's fee. And what the
 * applicant is given of the handling: the control sheet (form 06) without the officers' hand-off notes.
 */

const SECRET = 'a-test-webhook-secret-long-enough-0123456789';
const BASE = '/api/v1/services';
const CENTRE = 'trung-tam-phvhcc';

describe("the certified copy's fee (Circular 226/2016/TT-BTC): by the original's pages, capped a copy, times the copies", () => {
  const COPY = HANOI_PROCEDURES.find((p) => p.code === '2.000815');
  assert.ok(COPY, 'the certified copy is in the catalogue');
  const fee = (originalPages: number, copies: number) => feesFor(COPY, { originalPages, copies }).totalVnd;

  it('charges 2,000 đồng a page for the first two pages', () => {
    assert.equal(fee(1, 1), 2000);
    assert.equal(fee(2, 1), 4000);
  });
  it('charges 1,000 đồng a page from the third', () => {
    assert.equal(fee(3, 1), 5000);
    assert.equal(fee(10, 1), 12_000);
  });
  it('charges at most 200,000 đồng a copy', () => {
    assert.equal(fee(198, 1), 200_000, 'the cap is reached at page 198');
    assert.equal(fee(199, 1), 200_000);
    assert.equal(fee(300, 1), 200_000);
    assert.equal(fee(2000, 1), 200_000);
  });
  it('charges each copy so, the cap a copy', () => {
    assert.equal(fee(3, 4), 20_000);
    assert.equal(fee(300, 3), 600_000);
  });
  it('names the fee with its amount', () => {
    assert.deepEqual(feesFor(COPY, { originalPages: 2, copies: 2 }).items, [
      { code: 'phi-chung-thuc', name: COPY.fees[0]!.name, amountVnd: 8000 },
    ]);
  });
});

describeEachDriver('online public services: fees, and what the applicant is given', (ctx) => {
  let app: App;
  let centreOfficer: Account;
  let wardOfficer: Account;
  let otherOfficer: Account;
  let admin: Account;
  const ward = cityWards()[0] as { code: string; name: string };
  let transactions = 0;
  let uploads = 0;

  before(async () => {
    app = await buildTestApp(ctx.db, { PAYMENTS_WEBHOOK_SECRET: SECRET });
    centreOfficer = await accountWith(app, ['officer'], '');
    wardOfficer = await accountWith(app, ['officer'], '');
    otherOfficer = await accountWith(app, ['officer'], '');
    admin = await accountWith(app, ['admin'], '*');
    await app.modules.get(servicesModule).catalogue.seed('', HANOI_PROCEDURES, HANOI_AGENCIES);
    for (const [who, agencies] of [
      [centreOfficer, [CENTRE]],
      [wardOfficer, [`ward-${ward.code}`]],
      [otherOfficer, ['so-tu-phap']],
    ] as const) {
      const res = await call('PUT', `${BASE}/staff/${who.id}`, { agencies }, admin);
      assert.equal(res.status, 200, res.body);
    }
  });
  after(async () => {
    await app.http.close();
  });

  async function call(
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    payload?: unknown,
    who: Account | null = centreOfficer,
    headers: Record<string, string> = {},
  ) {
    const res = await app.http.inject({
      method,
      url,
      headers: { ...(who ? who.auth : {}), ...headers },
      ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    });
    return { status: res.statusCode, body: res.body, res };
  }

  /**
   * A certified copy (partial process, 2,000 đồng a page for pages 1–2, 1,000 from the third, an
   * electronic result), filed online.
   */
  const fileCopy = async (originalPages = 3, copies = 1) => {
    const res = await fileCopyRefused(originalPages, copies);
    assert.equal(res.status, 201, res.body);
    return res.res.json<{ code: string; token: string; fee: { totalVnd: number; payment?: { reference: string } } }>();
  };
  /** The same filing, answered as it is (refused or not); each upload from an address of its own. */
  const fileCopyRefused = async (originalPages: number, copies: number) => {
    const { body, contentType } = multipart(await pdfBytes('Ban chinh'), 'ban-chinh.pdf');
    const up = await app.http.inject({
      method: 'POST',
      url: `${BASE}/uploads`,
      payload: body,
      headers: { 'content-type': contentType },
      remoteAddress: `10.77.${(++uploads >> 8) & 255}.${uploads & 255}`,
    });
    assert.equal(up.statusCode, 201, up.body);
    const values = {
      requesterName: 'Đỗ Văn Nam',
      requesterIdNumber: '001085054321',
      requesterPhone: '0912000111',
      requesterAddress: '5 Hàng Đào',
      residenceWard: ward.code,
      documentName: 'Bằng tốt nghiệp',
      issuedBy: 'Trường Đại học',
      originalPages,
      copies,
    };
    return call(
      'POST',
      `${BASE}/dossiers`,
      {
        procedure: '2.000815',
        applicant: {
          kind: 'citizen',
          name: values.requesterName,
          idNumber: values.requesterIdNumber,
          phone: '0912000111',
        },
        values,
        documents: [{ code: 'ban-chinh', uploadId: up.json<{ id: string }>().id }],
      },
      null,
    );
  };

  const confirm = (reference: string, amountVnd: number) =>
    app.http.inject(
      bankConfirmation(SECRET, {
        transactionId: `FT${process.pid}F${++transactions}`,
        reference: `${reference} Nop phi`,
        amountVnd,
        paidAt: new Date().toISOString(),
        accountNumber: DEMO_PAYEE.account,
      }),
    );

  const act = async (code: string, action: string, body: Record<string, unknown> = {}, status = 200) => {
    const res = await call('POST', `${BASE}/dossiers/${code}/${action}`, body, admin);
    assert.equal(res.status, status, `${action}: ${res.body}`);
    return res;
  };
  const detail = async (code: string) => {
    const res = await call('GET', `${BASE}/dossiers/${code}`, undefined, admin);
    assert.equal(res.status, 200, res.body);
    return res.res.json<StaffDossier>();
  };
  /** Received, handled, signed: the result made and waiting at the centre. */
  const toResult = async (code: string) => {
    for (const action of ['receive', 'start', 'hand-off', 'hand-off']) await act(code, action);
    await act(code, 'result', { title: 'BẢN SAO ĐƯỢC CHỨNG THỰC', body: ['Chứng thực bản sao đúng với bản chính.'] });
    assert.equal((await detail(code)).state, 'result-ready');
  };

  it("the bank's confirmation and a withdrawal or refusal at the same moment: both answered, none an error", async () => {
    for (let i = 0; i < 6; i++) {
      const filed = await fileCopy();
      const reference = filed.fee.payment?.reference as string;
      const close =
        i % 2 === 0
          ? call('POST', `${BASE}/my/dossiers/${filed.code}/withdraw`, { reason: 'Nộp nhầm.' }, null, {
              'x-applicant-token': filed.token,
            })
          : call('POST', `${BASE}/dossiers/${filed.code}/reject`, { reason: 'Không thuộc thẩm quyền.' }, admin);
      const [paid, closed] = await Promise.all([confirm(reference, filed.fee.totalVnd), close]);
      assert.equal(paid.statusCode, 200, `try ${i}, confirmation: ${paid.body}`);
      assert.equal(closed.status, 200, `try ${i}, ${i % 2 === 0 ? 'withdraw' : 'reject'}: ${closed.body}`);
      // Whichever came first, the two agree: paid and kept paid, or cancelled and the transfer unmatched.
      const outcome = paid.json<{ outcome: string }>().outcome;
      const d = await detail(filed.code);
      assert.equal(d.state, i % 2 === 0 ? 'withdrawn' : 'rejected');
      assert.deepEqual(
        [outcome, d.fee.state],
        outcome === 'matched' ? ['matched', 'paid'] : ['unmatched', 'cancelled'],
      );
    }
  });

  it('a transfer after the withdrawal: its money due back, shown on the dossier, refunded by the treasury, reconciled', async () => {
    const filed = await fileCopy();
    const withdrawn = await call('POST', `${BASE}/my/dossiers/${filed.code}/withdraw`, { reason: 'Nộp nhầm.' }, null, {
      'x-applicant-token': filed.token,
    });
    assert.equal(withdrawn.status, 200, withdrawn.body);
    const paid = await confirm(filed.fee.payment?.reference as string, filed.fee.totalVnd);
    assert.equal(paid.json<{ outcome: string }>().outcome, 'unmatched');
    const transactionId = paid.json<{ transactionId: string }>().transactionId;
    let d = await detail(filed.code);
    assert.deepEqual([d.state, d.fee.state], ['withdrawn', 'cancelled']);
    assert.deepEqual(
      d.fee.refunds?.map((r) => [r.transactionId, r.amountVnd, r.reason, r.state]),
      [[transactionId, filed.fee.totalVnd, 'intent-cancelled', 'due']],
    );
    const refunded = await call(
      'POST',
      `/api/v1/payments/refunds/${transactionId}/refunded`,
      { reference: 'HT-2026-0001' },
      admin,
    );
    assert.equal(refunded.status, 200, refunded.body);
    d = await detail(filed.code);
    assert.deepEqual(
      d.fee.refunds?.map((r) => [r.state, r.refundReference]),
      [['refunded', 'HT-2026-0001']],
    );
    const recon = (await call('GET', '/api/v1/payments/reconciliation', undefined, admin)).res.json<Reconciliation>();
    assert.deepEqual(
      [
        recon.days.flatMap((day) => day.refundsDue).find((r) => r.transactionId === transactionId)?.state,
        recon.days.flatMap((day) => day.refunded).some((r) => r.transactionId === transactionId),
      ],
      ['refunded', true],
    );
  });

  it(
    'the bank confirmation just before a withdrawal takes the dossier: paid, withdrawn, its money due back',
    { skip: ctx.driver === 'pglite' ? 'the embedded database runs one transaction at a time: no race' : false },
    async () => {
      const filed = await fileCopy();
      const reference = filed.fee.payment?.reference as string;
      const payments = app.modules.get(paymentsModule);
      const hold = payments.hold.bind(payments);
      let answer: { outcome: string; transactionId: string } | undefined;
      // The withdrawal has read the fee due; the bank's confirmation commits before it holds the payment.
      payments.hold = async (tenant, ref, tx) => {
        if (ref === reference && !answer) {
          answer = (await confirm(reference, filed.fee.totalVnd)).json<{ outcome: string; transactionId: string }>();
        }
        return hold(tenant, ref, tx);
      };
      try {
        const withdrawn = await call(
          'POST',
          `${BASE}/my/dossiers/${filed.code}/withdraw`,
          { reason: 'Nộp nhầm.' },
          null,
          {
            'x-applicant-token': filed.token,
          },
        );
        assert.equal(withdrawn.status, 200, withdrawn.body);
      } finally {
        payments.hold = hold;
      }
      assert.equal(answer?.outcome, 'matched');
      const d = await detail(filed.code);
      assert.deepEqual([d.state, d.fee.state], ['withdrawn', 'paid']);
      assert.deepEqual(
        d.fee.refunds?.map((r) => [r.transactionId, r.reason, r.state]),
        [[answer?.transactionId, 'dossier-withdrawn', 'due']],
      );
    },
  );

  it("files a certified copy with the fee of its original's pages and copies, on the dossier and in the VietQR code", async () => {
    const filed = await fileCopy(300, 2);
    assert.equal(filed.fee.totalVnd, 400_000, '200,000 đồng a copy at most');
    const qr = (filed.fee.payment as { qr?: string } | undefined)?.qr;
    assert.ok(qr, 'the filing answers with its VietQR code');
    assert.equal(decodeEmv(qr).fields.get('54'), '400000', "the code's amount");
    const d = await detail(filed.code);
    assert.equal(d.fee.totalVnd, 400_000);
    assert.equal(d.fee.state, 'due');
    const mine = await call('GET', `${BASE}/my/dossiers/${filed.code}`, undefined, null, {
      'x-applicant-token': filed.token,
    });
    assert.equal(mine.status, 200, mine.body);
    assert.equal(mine.res.json<{ fee: { totalVnd: number } }>().fee.totalVnd, 400_000);
    // Out of the form's bounds: refused, nothing filed.
    for (const [originalPages, copies] of [
      [3, 0],
      [3, 999],
      [0, 1],
      [2001, 1],
    ]) {
      const res = await fileCopyRefused(originalPages!, copies!);
      assert.equal(res.status, 400, res.body);
      assert.equal(problemOf(res.res).code, 'SERVICES_FORM_INVALID');
    }
  });

  it('a result is handed out and returned only once the fee is paid, online or recorded at the counter', async () => {
    const filed = await fileCopy(4);
    assert.equal(filed.fee.totalVnd, 6000);
    const mine = { 'x-applicant-token': filed.token };
    await toResult(filed.code);
    // Unpaid: the applicant is asked to pay, not given the result; the dossier is not returned.
    const view = await call('GET', `${BASE}/my/dossiers/${filed.code}`, undefined, null, mine);
    assert.equal(view.res.json<{ result?: unknown }>().result, undefined);
    const result = await call('GET', `${BASE}/my/dossiers/${filed.code}/result`, undefined, null, mine);
    assert.equal(result.status, 409, result.body);
    assert.equal(problemOf(result.res).code, 'SERVICES_FEE_UNPAID');
    assert.equal(problemOf((await act(filed.code, 'return', {}, 409)).res).code, 'SERVICES_FEE_UNPAID');
    let d = await detail(filed.code);
    assert.equal(d.state, 'result-ready');
    assert.ok(!d.actions.includes('return'), "!d.actions.includes('return')");
    // The handling officers still read the result they made.
    assert.equal((await call('GET', `${BASE}/dossiers/${filed.code}/result`, undefined, admin)).status, 200);

    // Paid by its QR code: handed out and returned.
    assert.equal((await confirm(filed.fee.payment?.reference as string, 6000)).statusCode, 200);
    const given = await call('GET', `${BASE}/my/dossiers/${filed.code}/result`, undefined, null, mine);
    assert.equal(given.status, 200, given.body);
    assert.equal(given.res.headers['content-type'], 'application/pdf');
    await act(filed.code, 'return');
    d = await detail(filed.code);
    assert.deepEqual([d.state, d.fee.state], ['returned', 'paid']);

    // Paid at the counter: recorded by an officer of the agency that has it, with the receipt's number.
    const cash = await fileCopy(2);
    await toResult(cash.code);
    // The officers' page follows the server: the payment at the counter is offered to the agency that has
    // the dossier while the fee is due, not to another agency's officer, and the return is not offered yet.
    const due = await detail(cash.code);
    assert.deepEqual(
      [due.actions.includes('fee-paid-at-counter'), due.actions.includes('return'), due.fee.receipt],
      [true, false, undefined],
    );
    const theirs = await call('GET', `${BASE}/dossiers/${cash.code}`, undefined, otherOfficer);
    assert.equal(theirs.status, 200, theirs.body);
    assert.ok(!theirs.res.json<StaffDossier>().actions.includes('fee-paid-at-counter'), theirs.body);
    const at = `${BASE}/dossiers/${cash.code}/fee/paid-at-counter`;
    const stranger = await call('POST', at, { receipt: '0001234' }, otherOfficer);
    assert.equal(stranger.status, 403, stranger.body);
    assert.equal((await call('POST', at, { receipt: '' }, centreOfficer)).status, 400);
    assert.equal((await detail(cash.code)).fee.state, 'due');
    const recorded = await call('POST', at, { receipt: '0001234' }, centreOfficer);
    assert.equal(recorded.status, 200, recorded.body);
    d = recorded.res.json<StaffDossier>();
    assert.equal(d.fee.state, 'paid');
    // Paid, not online: no payment reference (the Decision 766 index counts it as paid at the counter).
    assert.equal(d.fee.reference, undefined);
    assert.equal(d.fee.receipt, '0001234');
    assert.ok(d.actions.includes('return'), "d.actions.includes('return')");
    assert.ok(!d.actions.includes('fee-paid-at-counter'), "!d.actions.includes('fee-paid-at-counter')");
    const again = await call('POST', at, { receipt: '0001235' }, centreOfficer);
    assert.equal(again.status, 409, again.body);
    assert.equal(problemOf(again.res).code, 'SERVICES_FEE_NOT_DUE');
    // The applicant sees the fee paid at the counter, with the receipt's number.
    const cashMine = { 'x-applicant-token': cash.token };
    const seenByApplicant = await call('GET', `${BASE}/my/dossiers/${cash.code}`, undefined, null, cashMine);
    assert.equal(seenByApplicant.status, 200, seenByApplicant.body);
    assert.deepEqual(seenByApplicant.res.json<{ fee: Record<string, unknown> }>().fee, {
      totalVnd: 4000,
      state: 'paid',
      channel: 'counter',
      receipt: '0001234',
    });
    // The treasury's reconciliation lists it beside the transfers, as JSON and CSV.
    const recon = await call('GET', '/api/v1/payments/reconciliation', undefined, admin);
    assert.equal(recon.status, 200, recon.body);
    const counted = recon.res
      .json<Reconciliation>()
      .days.flatMap((day) => day.counter)
      .filter((c) => c.subject === cash.code);
    assert.deepEqual(
      counted.map((c) => [c.purpose, c.receiptNumber, c.amountVnd, c.by.id]),
      [['dossier-fee', '0001234', 4000, centreOfficer.id]],
    );
    assert.ok(recon.res.json<Reconciliation>().totals.channels.counter.sumVnd >= 4000, recon.body);
    const csv = await call('GET', '/api/v1/payments/reconciliation?format=csv', undefined, admin);
    assert.match(csv.body, /,0001234[ ,]/);
    // Its QR code pays nothing any more: a transfer after it is unmatched, not a second fee, and its
    // money is due back (shown to the officers).
    const late = await confirm(cash.fee.payment?.reference as string, 4000);
    assert.equal(late.json<{ outcome: string }>().outcome, 'unmatched');
    assert.deepEqual(
      (await detail(cash.code)).fee.refunds?.map((r) => [r.amountVnd, r.reason, r.state]),
      [[4000, 'intent-cancelled', 'due']],
    );
    assert.equal((await call('GET', `${BASE}/my/dossiers/${cash.code}/result`, undefined, null, cashMine)).status, 200);
    await call('POST', `${BASE}/dossiers/${cash.code}/return`, {}, centreOfficer);
    d = await detail(cash.code);
    assert.deepEqual([d.state, d.fee.receipt], ['returned', '0001234']);
    // Recorded in the audit trail, by whom.
    await app.audit.flush();
    const audited = await ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_record WHERE action = 'POST /api/v1/services/dossiers/:code/fee/paid-at-counter'
         AND target = $1 AND outcome = 200 AND actor_id = $2`,
      [cash.code, centreOfficer.id],
    );
    assert.equal(audited.rows[0]?.n, 1);
  });

  /** A copy of a birth extract: a full-process procedure (its fee paid before receipt), filed online. */
  const fileExtract = async () => {
    const values = {
      requesterName: 'Lê Thị Mai',
      requesterIdNumber: '001190054321',
      requesterPhone: '0912000222',
      requesterAddress: '7 Hàng Gai',
      residenceWard: ward.code,
      recordKind: 'khai-sinh',
      recordPerson: 'Lê Thị Mai',
      forSelf: true,
      copies: 2,
    };
    const res = await call(
      'POST',
      `${BASE}/dossiers`,
      {
        procedure: '2.000635',
        applicant: {
          kind: 'citizen',
          name: values.requesterName,
          idNumber: values.requesterIdNumber,
          phone: '0912000222',
        },
        values,
        documents: [],
      },
      null,
    );
    assert.equal(res.status, 201, res.body);
    return res.res.json<{ code: string; token: string; fee: { totalVnd: number; payment?: { reference: string } } }>();
  };
  /** Filed past the unpaid expiry (72 hours and a minute ago). */
  const age = async (code: string) => {
    await ctx.db.query(`UPDATE services_dossiers SET submitted_at = $1 WHERE tenant = '' AND code = $2`, [
      new Date(Date.now() - 72 * 3600_000 - 60_000).toISOString(),
      code,
    ]);
  };
  const dossiers = () => app.modules.get(servicesModule).dossiers;

  it("the unpaid expiry and the bank's confirmation at the same moment: both done, none an error", async () => {
    for (let i = 0; i < 6; i++) {
      const filed = await fileExtract();
      await age(filed.code);
      const [run, paid] = await Promise.all([
        dossiers().closeUnpaid(),
        confirm(filed.fee.payment?.reference as string, filed.fee.totalVnd),
      ]);
      assert.equal(paid.statusCode, 200, `try ${i}, confirmation: ${paid.body}`);
      assert.equal(run.failed, 0, `try ${i}: the expiry failed`);
      // Whichever came first, the two agree: paid and waiting for its receipt, or refused and the
      // transfer unmatched (a refund).
      const outcome = paid.json<{ outcome: string }>().outcome;
      const d = await detail(filed.code);
      assert.deepEqual(
        [outcome, d.state, d.fee.state],
        outcome === 'matched' ? ['matched', 'submitted', 'paid'] : ['unmatched', 'rejected', 'cancelled'],
      );
    }
  });

  it("the fee recorded at the counter and the bank's confirmation at the same moment: paid once", async () => {
    for (let i = 0; i < 4; i++) {
      const filed = await fileCopy();
      const [counter, paid] = await Promise.all([
        call('POST', `${BASE}/dossiers/${filed.code}/fee/paid-at-counter`, { receipt: `R${i}` }, admin),
        confirm(filed.fee.payment?.reference as string, filed.fee.totalVnd),
      ]);
      assert.equal(paid.statusCode, 200, `try ${i}, confirmation: ${paid.body}`);
      const outcome = paid.json<{ outcome: string }>().outcome;
      // The counter first: the transfer is unmatched (a refund). The bank first: the counter is told
      // the fee is not due.
      if (outcome === 'matched') {
        assert.equal(counter.status, 409, `try ${i}: ${counter.body}`);
        assert.equal(problemOf(counter.res).code, 'SERVICES_FEE_NOT_DUE');
      } else {
        assert.equal(outcome, 'unmatched');
        assert.equal(counter.status, 200, `try ${i}: ${counter.body}`);
      }
      assert.equal((await detail(filed.code)).fee.state, 'paid');
    }
  });

  it("a stop while the fee's payment is pending, and the bank's confirmation at the same moment", async () => {
    for (let i = 0; i < 4; i++) {
      // A partial-process dossier is handled with its fee due.
      const filed = await fileCopy();
      for (const action of ['receive', 'start']) await act(filed.code, action);
      const [stopped, paid] = await Promise.all([
        call('POST', `${BASE}/dossiers/${filed.code}/stop`, { reason: 'Không đủ điều kiện.' }, admin),
        confirm(filed.fee.payment?.reference as string, filed.fee.totalVnd),
      ]);
      assert.equal(paid.statusCode, 200, `try ${i}, confirmation: ${paid.body}`);
      assert.equal(stopped.status, 200, `try ${i}, stop: ${stopped.body}`);
      const outcome = paid.json<{ outcome: string }>().outcome;
      const d = await detail(filed.code);
      assert.equal(d.state, 'stopped');
      assert.deepEqual(
        [outcome, d.fee.state],
        outcome === 'matched' ? ['matched', 'paid'] : ['unmatched', 'cancelled'],
      );
    }
  });

  it('the unpaid expiry closes online filings only, also those asked for a supplement before receipt', async () => {
    const waiting = await fileExtract();
    const asked = await fileExtract();
    await act(asked.code, 'request-supplement', { items: ['Bản sao CCCD'], note: 'Thiếu bản sao CCCD.' });
    assert.equal((await detail(asked.code)).state, 'supplement');
    // Filed at the counter (its fee is taken there): never closed by the expiry.
    const counter = await fileExtract();
    await ctx.db.query(`UPDATE services_dossiers SET channel = 'counter' WHERE tenant = '' AND code = $1`, [
      counter.code,
    ]);
    // The applicant is told by when to pay: on filing and on their dossier, 72 hours after filing.
    const filedAt = Date.parse((await detail(waiting.code)).submittedAt);
    const payBy = (x: { fee: { payBy?: string } }) => x.fee.payBy;
    assert.equal(payBy(waiting as { fee: { payBy?: string } }), new Date(filedAt + 72 * 3600_000).toISOString());
    const mine = async (d: { code: string; token: string }) =>
      (await call('GET', `${BASE}/my/dossiers/${d.code}`, undefined, null, { 'x-applicant-token': d.token })).res.json<{
        fee: { payBy?: string };
      }>();
    assert.equal(payBy(await mine(waiting)), new Date(filedAt + 72 * 3600_000).toISOString());
    assert.ok(payBy(await mine(asked)), 'asked for a supplement before receipt: still to pay by then');
    assert.equal(payBy(await mine(counter)), undefined, 'filed at the counter: no deadline');
    for (const d of [waiting, asked, counter]) await age(d.code);
    const run = await dossiers().closeUnpaid();
    assert.deepEqual(run, { closed: 2, failed: 0 });
    for (const d of [waiting, asked]) {
      const closed = await detail(d.code);
      assert.deepEqual([closed.state, closed.fee.state], ['rejected', 'cancelled']);
    }
    const from = await ctx.db.query<{ from_state: string; by_kind: string }>(
      `SELECT from_state, by_kind FROM services_dossier_events WHERE tenant = '' AND code = $1 ORDER BY id DESC LIMIT 1`,
      [asked.code],
    );
    assert.deepEqual(from.rows[0], { from_state: 'supplement', by_kind: 'system' });
    const kept = await detail(counter.code);
    assert.deepEqual([kept.state, kept.fee.state], ['submitted', 'due']);
    await ctx.db.query(`UPDATE services_dossiers SET fee_state = 'paid' WHERE tenant = '' AND code = $1`, [
      counter.code,
    ]);
  });

  it('a dossier the unpaid expiry cannot close is left for the next run; those behind it are closed', async () => {
    const broken = await fileExtract();
    const behind = await fileExtract();
    await age(broken.code);
    await age(behind.code);
    // Older than the other, and its procedure's version gone: closing it fails, on every run.
    await ctx.db.query(
      `UPDATE services_dossiers SET procedure_version = 9999, submitted_at = submitted_at - interval '1 hour'
       WHERE tenant = '' AND code = $1`,
      [broken.code],
    );
    try {
      // Read a page at a time after the last one read: the failing one never hides those behind it.
      const expired = new Date(Date.now() - 72 * 3600_000).toISOString();
      const [first] = await unpaidBefore(ctx.db, expired, 1);
      const [second] = await unpaidBefore(ctx.db, expired, 1, first);
      assert.deepEqual([first?.code, second?.code], [broken.code, behind.code]);
      assert.deepEqual(await unpaidBefore(ctx.db, expired, 1, second), []);
      assert.deepEqual(await dossiers().closeUnpaid(), { closed: 1, failed: 1 });
      assert.equal((await detail(behind.code)).state, 'rejected');
      // Tried again only after its back-off: the next minute's run passes it by.
      assert.deepEqual(await dossiers().closeUnpaid(), { closed: 0, failed: 0 });
    } finally {
      await ctx.db.query(`UPDATE services_dossiers SET fee_state = 'paid' WHERE tenant = '' AND code = $1`, [
        broken.code,
      ]);
    }
  });

  it('a dossier the unpaid expiry cannot close is tried again after a doubling wait, capped at an hour, logged once', async () => {
    const broken = await fileExtract();
    await age(broken.code);
    const { rows } = await ctx.db.query<{ procedure_version: number }>(
      `SELECT procedure_version FROM services_dossiers WHERE tenant = '' AND code = $1`,
      [broken.code],
    );
    await ctx.db.query(`UPDATE services_dossiers SET procedure_version = 9999 WHERE tenant = '' AND code = $1`, [
      broken.code,
    ]);
    const lines: { level: number; msg: string; dossier?: string }[] = [];
    const log = pino(
      { level: 'debug' },
      { write: (line: string) => void lines.push(JSON.parse(line) as (typeof lines)[number]) },
    );
    // A process of its own (its own back-offs), its log read; the module's clock moved by hand.
    const own = await buildApp(testConfig({ PAYMENTS_WEBHOOK_SECRET: SECRET }), { db: ctx.db, log });
    const errors = () => lines.filter((l) => l.level >= 50 && l.dossier === broken.code);
    mock.timers.enable({ apis: ['Date'], now: Date.now() });
    try {
      const run = async () => (await own.modules.get(servicesModule).dossiers.closeUnpaid()).failed;
      // Tried at 0, then 1, 3 and 7 minutes on (waits of 1, 2, 4 minutes): not on the minutes between.
      const tried: number[] = [];
      for (let minute = 0; minute <= 7; minute++) {
        if ((await run()) === 1) tried.push(minute);
        mock.timers.tick(60_000);
      }
      assert.deepEqual(tried, [0, 1, 3, 7]);
      // The same failure is logged once, not at every try.
      assert.equal(errors().length, 1, JSON.stringify(errors()));
      // The wait stops doubling at an hour: tried every hour from then on.
      for (let hour = 0; hour < 8; hour++) {
        mock.timers.tick(3600_000);
        assert.equal(await run(), 1, `hour ${hour}`);
      }
      assert.equal(errors().length, 1);
      // Mended, it is closed at its next try.
      await ctx.db.query(`UPDATE services_dossiers SET procedure_version = $1 WHERE tenant = '' AND code = $2`, [
        rows[0]?.procedure_version,
        broken.code,
      ]);
      mock.timers.tick(3600_000);
      assert.equal(await run(), 0);
      assert.equal((await detail(broken.code)).state, 'rejected');
    } finally {
      mock.timers.reset();
      await own.http.close();
      await ctx.db.query(
        `UPDATE services_dossiers SET procedure_version = $1, fee_state = 'paid' WHERE tenant = '' AND code = $2 AND state <> 'rejected'`,
        [rows[0]?.procedure_version, broken.code],
      );
    }
  });

  it(
    'on a fresh process (no key read yet) the expiry and a told step finish on the embedded database',
    { timeout: 60_000 },
    async () => {
      const stale = await fileExtract();
      await age(stale.code);
      const waiting = await fileCopy();
      const who = { id: admin.id, name: admin.username, roles: ['admin'] };
      // A second process over the same database and keys: nothing of the tenant's keys read yet.
      const fresh = await buildTestApp(ctx.db, { PAYMENTS_WEBHOOK_SECRET: SECRET });
      try {
        assert.deepEqual(await fresh.modules.get(servicesModule).dossiers.closeUnpaid(), { closed: 1, failed: 0 });
      } finally {
        await fresh.http.close();
      }
      assert.equal((await detail(stale.code)).state, 'rejected');
      const other = await buildTestApp(ctx.db, { PAYMENTS_WEBHOOK_SECRET: SECRET });
      try {
        const d = await other.modules.get(servicesModule).dossiers.act('', waiting.code, { action: 'receive' }, who);
        assert.equal(d.state, 'received');
      } finally {
        await other.http.close();
      }
      const told = (await app.messages.outbox('', { topic: 'services.receive', limit: 500 })).find((m) =>
        m.subject.startsWith(waiting.code),
      );
      assert.ok(told, 'the applicant is told of the receipt');
    },
  );

  it("the payments' staff may not cancel a dossier's fee: the dossier would wait on a payment nobody can make", async () => {
    const filed = await fileCopy();
    const reference = filed.fee.payment?.reference as string;
    const res = await call('POST', `/api/v1/payments/intents/${reference}/cancel`, {}, admin);
    assert.equal(res.status, 409, res.body);
    assert.equal(problemOf(res.res).code, 'PAYMENTS_OWNED');
    // Still payable: paid by its QR code, the fee is paid.
    assert.equal((await confirm(reference, filed.fee.totalVnd)).json<{ outcome: string }>().outcome, 'matched');
    assert.equal((await detail(filed.code)).fee.state, 'paid');
  });

  it("the applicant's control sheet (form 06) leaves out the officers' hand-off notes; the officers' has them", async () => {
    const filed = await fileCopy();
    for (const action of ['receive', 'start']) await act(filed.code, action);
    await act(filed.code, 'hand-off', { note: 'NOIBO7X nghi giả mạo' });
    const text = async (url: string, who: Account | null, headers: Record<string, string> = {}) => {
      const res = await call('GET', url, undefined, who, headers);
      assert.equal(res.status, 200, res.body);
      return (await drawnText(res.res.rawPayload)).flat().join(' ');
    };
    const mine = await text(`${BASE}/my/dossiers/${filed.code}/forms/06`, null, { 'x-applicant-token': filed.token });
    assert.ok(mine.includes('Chuyển'), mine);
    assert.ok(!mine.includes('NOIBO7X'), mine);
    const theirs = await text(`${BASE}/dossiers/${filed.code}/forms/06`, admin);
    assert.ok(theirs.includes('NOIBO7X'), theirs);
  });
});
