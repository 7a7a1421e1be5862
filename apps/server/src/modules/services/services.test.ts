import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import pg from 'pg';
import type { App } from '../../app.js';
import type { Database } from '../../platform/db/index.js';
import { describeEachDriver, silentLog } from '../../../test/support/databases.js';
import { multipart, pdfBytes } from '../../../test/support/uploads.js';
import { accountWith, buildTestApp, problemOf, testConfig, type Account } from '../../../test/support/app.js';
import { ConfigError } from '../../platform/config.js';
import { vietnamCalendar } from '../../platform/calendar/index.js';
import { drawnQrCodes, drawnText, vietnameseDate } from '../../platform/pdf/index.js';
import { cityWards } from '../city/index.js';
import { bankConfirmation, DEMO_PAYEE, paymentsModule } from '../payments/index.js';
import { HANOI_AGENCIES, HANOI_PROCEDURES } from './hanoi-procedures.js';
import {
  computeIndex,
  localPortal,
  PortalDelivery,
  servicesModule,
  type IndexFigures,
  type NationalPortal,
  type StaffDossier,
} from './index.js';
import { decides } from './procedures.js';
import { shortTimeVi, timeVi } from './documents/sheet.js';
import { indexRows } from './store.js';
import { PORTAL_LOCK } from './portal.js';
import { schoolYearOf } from './school-year.js';
import { hanoiDate } from '../../platform/hanoi-time.js';

/**
 * Online public services over HTTP, end to end: an applicant uploads two documents and files a
 * construction permit dossier, pays its fee through the bank's signed webhook, the one-stop officer
 * receives and starts it, asks for a supplement, the applicant supplements, the dossier is handed to
 * the ward and back, the result is made (a signed PDF that verifies), returned early and rated.
 * Refusals (wrong state, wrong agency, wrong role) change nothing; the queue is ordered and masked;
 * the portal's events go in order per dossier past a failing receiver; the index matches a count made
 * here from the rules.
 */

const SECRET = 'a-test-webhook-secret-long-enough-0123456789';
const BASE = '/api/v1/services';
const PERMIT = 'HN.XD.GPXD-NO';
const CENTRE = 'trung-tam-phvhcc';

describeEachDriver('online public services: dossiers', (ctx) => {
  let app: App;
  let centreOfficer: Account;
  let wardOfficer: Account;
  let otherOfficer: Account;
  let viewer: Account;
  let admin: Account;
  const ward = cityWards()[0] as { code: string; name: string };
  const wardAgency = `ward-${ward.code}`;
  let transactions = 0;

  /** The statements the app runs while set (the filing's are counted). */
  let statements: string[] | undefined;
  /** Those of them run in a transaction. */
  let inTransaction: string[] | undefined;
  const counting = (): Database => {
    const seen = (text: string) => statements?.push(text.replace(/\s+/g, ' ').trim());
    return {
      ...ctx.db,
      query: (text, params) => (seen(text), ctx.db.query(text, params)),
      transaction: (work) =>
        ctx.db.transaction((tx) =>
          work({
            query: (text, params) => (seen(text), inTransaction?.push(text), tx.query(text, params)),
            exec: (script) => tx.exec(script),
          }),
        ),
    };
  };

  before(async () => {
    app = await buildTestApp(counting(), { PAYMENTS_WEBHOOK_SECRET: SECRET });
    centreOfficer = await accountWith(app, ['officer'], '');
    wardOfficer = await accountWith(app, ['officer'], '');
    otherOfficer = await accountWith(app, ['officer'], '');
    viewer = await accountWith(app, ['viewer'], '');
    admin = await accountWith(app, ['admin'], '*');
    await app.modules.get(servicesModule).catalogue.seed('', HANOI_PROCEDURES, HANOI_AGENCIES);
    for (const [who, agencies] of [
      [centreOfficer, [CENTRE]],
      [wardOfficer, [wardAgency]],
      [otherOfficer, ['so-tu-phap']],
    ] as const) {
      const res = await call('PUT', `${BASE}/staff/${who.id}`, { agencies }, admin);
      assert.equal(res.status, 200, res.body);
    }
  });

  it('tells each member of staff the agencies whose queue and book they keep', async () => {
    const mine = async (who: Account | null) => call('GET', `${BASE}/agencies/mine`, undefined, who);
    assert.deepEqual((await mine(wardOfficer)).json(), { all: false, agencies: [wardAgency] });
    assert.deepEqual((await mine(centreOfficer)).json(), { all: false, agencies: [CENTRE] });
    assert.deepEqual((await mine(admin)).json(), { all: true, agencies: [] });
    assert.deepEqual((await mine(viewer)).json(), { all: true, agencies: [] });
    assert.equal((await mine(null)).status, 401);
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
    return { status: res.statusCode, body: res.body, res, json: <T>() => res.json<T>() };
  }

  // The file uploads more than one address may in 10 minutes: each upload comes from an address of its own.
  let uploads = 0;
  const nextAddress = () => `10.1.${Math.floor(uploads / 250) % 250}.${(uploads++ % 250) + 1}`;
  const upload = async (file: Buffer, name: string, document?: string, from = nextAddress()) => {
    const { body, contentType } = multipart(file, name, document);
    const res = await app.http.inject({
      method: 'POST',
      url: `${BASE}/uploads`,
      payload: body,
      headers: { 'content-type': contentType },
      remoteAddress: from,
    });
    return { status: res.statusCode, body: res.body, json: <T>() => res.json<T>(), res };
  };

  const permitValues = (name = 'Nguyễn Văn An', idNumber = '001085012345', phone = '0912345678') => ({
    requesterName: name,
    requesterIdNumber: idNumber,
    requesterPhone: phone,
    requesterAddress: '12 Hàng Bạc',
    residenceWard: ward.code,
    plotWard: ward.code,
    plotAddress: '34 Hàng Bạc',
    landCertificateNumber: 'CS 012345',
    workKind: 'xay-moi',
    plotAreaM2: 60,
    floorAreaM2: 200,
    floors: 4,
    truthful: true,
  });

  const fileDossier = async (
    name = 'Nguyễn Văn An',
    procedure = PERMIT,
    person: { idNumber: string; phone: string } = { idNumber: '001085012345', phone: '0912345678' },
  ) => {
    const land = await upload(await pdfBytes('So do'), 'so-do.pdf');
    assert.equal(land.status, 201, land.body);
    const drawing = await upload(await pdfBytes('Ban ve'), 'ban-ve.pdf');
    assert.equal(drawing.status, 201, drawing.body);
    const res = await call(
      'POST',
      `${BASE}/dossiers`,
      {
        procedure,
        applicant: {
          kind: 'citizen',
          name,
          idNumber: person.idNumber,
          phone: person.phone,
          email: 'an@example.com',
          address: '12 Hàng Bạc',
        },
        values: permitValues(name, person.idNumber, person.phone),
        documents: [
          { code: 'giay-to-dat', uploadId: land.json<{ id: string }>().id },
          { code: 'ban-ve-thiet-ke', uploadId: drawing.json<{ id: string }>().id },
        ],
        language: 'vi',
      },
      null,
    );
    assert.equal(res.status, 201, res.body);
    return res.json<{
      code: string;
      token: string;
      fee: { totalVnd: number; state: string; payment?: { reference: string; qr: string; qrSvg: string } };
    }>();
  };

  const pay = async (reference: string, amountVnd: number) => {
    const res = await app.http.inject(
      bankConfirmation(SECRET, {
        transactionId: `FT${process.pid}${++transactions}`,
        reference: `${reference} Nop phi`,
        amountVnd,
        paidAt: new Date().toISOString(),
        accountNumber: DEMO_PAYEE.account,
      }),
    );
    assert.equal(res.statusCode, 200, res.body);
  };

  const act = async (
    code: string,
    action: string,
    body: Record<string, unknown> = {},
    who: Account = centreOfficer,
    status = 200,
  ) => {
    const res = await call('POST', `${BASE}/dossiers/${code}/${action}`, body, who);
    assert.equal(res.status, status, `${action}: ${res.body}`);
    return res;
  };
  const detail = async (code: string, who: Account = centreOfficer) => {
    const res = await call('GET', `${BASE}/dossiers/${code}`, undefined, who);
    assert.equal(res.status, 200, res.body);
    return res.json<StaffDossier>();
  };

  it('the whole path: file with two documents, pay, receive, start, supplement, hand-offs, signed result, return, rating', async () => {
    const filed = await fileDossier();
    assert.match(filed.code, /^H26\.\d{6}\.\d{5}$/);
    assert.equal(filed.fee.totalVnd, 75_000);
    assert.equal(filed.fee.state, 'due');
    assert.ok(filed.fee.payment?.qrSvg.startsWith('<svg'), "filed.fee.payment?.qrSvg.startsWith('<svg')");
    const code = filed.code;
    const mine = { 'x-applicant-token': filed.token };

    // Full-process with a fee: not received before it is paid; nothing changes.
    const unpaid = await act(code, 'receive', {}, centreOfficer, 409);
    assert.equal(problemOf(unpaid.res).code, 'SERVICES_FEE_UNPAID');
    const waiting = await detail(code);
    assert.equal(waiting.state, 'submitted');
    // The officers' page is not offered a receipt it would be refused.
    assert.ok(!waiting.actions.includes('receive'), waiting.actions.join());
    assert.ok(waiting.actions.includes('reject'), waiting.actions.join());

    await pay(filed.fee.payment?.reference as string, 75_000);
    let d = await detail(code);
    assert.equal(d.fee.state, 'paid');
    assert.ok(d.actions.includes('receive'), d.actions.join());
    assert.ok(
      d.timeline.some((e) => e.kind === 'fee-paid'),
      "d.timeline.some((e) => e.kind === 'fee-paid')",
    );
    // The applicant is told the fee arrived, with the amount, as of the other steps.
    const paidMessage = (await app.messages.outbox('', { topic: 'services.fee-paid', limit: 500 })).find((m) =>
      m.subject.startsWith(code),
    );
    assert.ok(paidMessage, 'a message on the fee paid');
    assert.match(paidMessage.text, /Đã thanh toán phí, lệ phí: H26/);
    assert.ok(paidMessage.text.includes('Số tiền: 75.000 đồng.'), paidMessage.text);

    // Another agency's officer and a viewer are refused; nothing changes.
    const stranger = await act(code, 'receive', {}, otherOfficer, 403);
    assert.equal(problemOf(stranger.res).code, 'SERVICES_NOT_YOURS');
    await act(code, 'receive', {}, viewer, 403);
    assert.equal((await detail(code)).state, 'submitted');
    // The refusal is in the audit trail, with its outcome.
    await app.audit.flush();
    const refused = await ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_record WHERE action = 'POST /api/v1/services/dossiers/:code/:action'
         AND target = $1 AND outcome = 403 AND actor_id = $2`,
      [code, otherOfficer.id],
    );
    assert.equal(refused.rows[0]?.n, 1);

    await act(code, 'receive');
    d = await detail(code);
    assert.equal(d.state, 'received');
    assert.ok(d.dueAt, 'd.dueAt');
    const dueAtReceipt = d.dueAt;
    assert.deepEqual(d.forms, ['01']);
    // The applicant is told the appointment as the receipt writes it: "17:00 ngày 07/12/2026", Hanoi time.
    const told = (await app.messages.outbox('', { topic: 'services.receive', limit: 500 })).find((m) =>
      m.subject.startsWith(code),
    );
    assert.ok(told?.text.includes(`Hẹn trả kết quả: ${shortTimeVi(dueAtReceipt)}.`), told?.text);
    // The handler sees the applicant in clear (audited), a viewer masked.
    assert.equal(d.applicant.name, 'Nguyễn Văn An');
    assert.equal(d.applicant.phone, '0912345678');
    const masked = await detail(code, viewer);
    assert.notEqual(masked.applicant.name, 'Nguyễn Văn An');
    assert.notEqual(masked.applicant.phone, '0912345678');
    const reads = await ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_record WHERE action = 'personal-data.read' AND target = $1`,
      [`services-dossiers:${code}`],
    );
    assert.ok((reads.rows[0]?.n ?? 0) >= 1, '(reads.rows[0]?.n ?? 0) >= 1');

    await act(code, 'start');
    const siteItem = 'Ảnh chụp hiện trạng khu đất và công trình liền kề';
    await act(code, 'request-supplement', { items: ['Bản vẽ mặt cắt', siteItem], note: 'Thiếu bản vẽ mặt cắt' });
    const asked = await call('GET', `${BASE}/my/dossiers/${code}`, undefined, null, mine);
    assert.equal(asked.status, 200, asked.body);
    assert.equal(asked.json<{ state: string; asked: { items: string[] } }>().asked.items[0], 'Bản vẽ mặt cắt');
    const dueBefore = (await detail(code)).dueAt;

    const section = await upload(await pdfBytes('Mat cat'), 'mat-cat.pdf');
    // The site photo is none of the procedure's documents: it answers the request's second item.
    const site = await upload(await pdfBytes('Hien trang'), 'hien-trang.pdf');
    const beyond = await call(
      'POST',
      `${BASE}/my/dossiers/${code}/supplement`,
      { documents: [{ code: 'asked-3', uploadId: site.json<{ id: string }>().id }] },
      null,
      mine,
    );
    assert.equal(beyond.status, 400, beyond.body);
    assert.equal(problemOf(beyond.res).code, 'SERVICES_DOCUMENTS_INVALID');
    const supplied = await call(
      'POST',
      `${BASE}/my/dossiers/${code}/supplement`,
      {
        documents: [
          { code: 'ban-ve-thiet-ke', uploadId: section.json<{ id: string }>().id },
          { code: 'asked-2', uploadId: site.json<{ id: string }>().id },
        ],
        note: 'Đã bổ sung',
      },
      null,
      mine,
    );
    assert.equal(supplied.status, 200, supplied.body);
    d = await detail(code);
    assert.equal(d.state, 'processing');
    assert.equal(d.documents.length, 4);
    const answered = d.documents.find((x) => x.name === 'hien-trang.pdf');
    assert.deepEqual([answered?.code, answered?.title], [`asked:${siteItem}`, siteItem]);
    const applicantView = await call('GET', `${BASE}/my/dossiers/${code}`, undefined, null, mine);
    assert.ok(
      applicantView.json<{ documents: { title: string }[] }>().documents.some((x) => x.title === siteItem),
      "the applicant's page lists it under the item's words",
    );
    // The clock stood still while waiting (if any working time passed, the due date moved later).
    assert.ok(
      new Date(d.dueAt as string) >= new Date(dueBefore as string),
      'new Date(d.dueAt as string) >= new Date(dueBefore as string)',
    );

    // Along the steps: the centre hands to the ward, the ward to itself (signing), where it makes the result.
    await act(code, 'hand-off', { note: 'Chuyển thẩm định' });
    assert.equal((await detail(code)).agency, wardAgency);
    const notTheirs = await act(code, 'hand-off', {}, centreOfficer, 403);
    assert.equal(problemOf(notTheirs.res).code, 'SERVICES_NOT_YOURS');
    const dueBeforeExtension = (await detail(code)).dueAt as string;
    await act(code, 'extend', { days: 2, reason: 'Cần kiểm tra thực địa' }, wardOfficer);
    const dueExtended = (await detail(code)).dueAt as string;
    assert.notEqual(dueExtended, dueBeforeExtension);
    await act(code, 'hand-off', {}, wardOfficer);
    // The signing is the ward's last step: it makes the result there, not handing the dossier on without one.
    const unsigned = await act(code, 'hand-off', {}, wardOfficer, 409);
    assert.equal(problemOf(unsigned.res).code, 'SERVICES_LAST_STEP');
    d = await detail(code);
    assert.equal(d.agency, wardAgency);
    assert.equal(d.extensionDays, 2);
    assert.deepEqual(d.forms, ['01', '02', '04', '06']);

    await act(
      code,
      'result',
      { title: 'GIẤY PHÉP XÂY DỰNG', body: ['Cho phép xây dựng nhà ở riêng lẻ.'] },
      wardOfficer,
    );
    // The result goes on to the centre, which returns it.
    assert.equal((await detail(code)).agency, CENTRE);
    const result = await call('GET', `${BASE}/my/dossiers/${code}/result`, undefined, null, mine);
    assert.equal(result.status, 200, result.body);
    assert.equal(result.res.headers['content-type'], 'application/pdf');
    const verified = await app.http.inject({
      method: 'POST',
      url: `${BASE}/results/verify`,
      headers: { 'content-type': 'application/pdf' },
      payload: result.res.rawPayload,
    });
    assert.equal(verified.statusCode, 200, verified.body);
    assert.deepEqual(
      { valid: verified.json<{ valid: boolean }>().valid, dossier: verified.json<{ dossier: string }>().dossier },
      { valid: true, dossier: code },
    );
    // Signed in the name of the ward's committee that issues it, by whom the procedure's step says signs.
    const signingWard = (await app.modules.get(servicesModule).catalogue.agency('', wardAgency))?.name.vi;
    assert.equal(verified.json<{ signer?: string }>().signer, signingWard);
    const signed = (await drawnText(result.res.rawPayload)).flat().join(' ');
    assert.ok(/CHỦ TỊCH|Chủ tịch/.test(signed), `the chairperson signs: ${signed.slice(-600)}`);
    assert.ok(!/THỦ TRƯỞNG|Thủ trưởng/.test(signed), 'not a generic head');
    // A byte changed: no longer valid.
    const tampered = Buffer.from(result.res.rawPayload);
    tampered[200] = (tampered[200] as number) ^ 1;
    const bad = await app.http.inject({
      method: 'POST',
      url: `${BASE}/results/verify`,
      headers: { 'content-type': 'application/pdf' },
      payload: tampered,
    });
    assert.equal(bad.json<{ valid: boolean }>().valid, false);

    const early = await call('POST', `${BASE}/my/dossiers/${code}/rating`, { score: 5 }, null, mine);
    assert.equal(early.status, 409, early.body);

    await act(code, 'return', {}, centreOfficer);
    d = await detail(code);
    assert.equal(d.state, 'returned');
    assert.equal(d.timeliness, 'early');

    // The applicant reads what they filed (as supplemented), and the day the result was returned.
    const filedView = await call('GET', `${BASE}/my/dossiers/${code}`, undefined, null, mine);
    assert.equal(filedView.status, 200, filedView.body);
    const asFiled = filedView.json<{ returnedAt?: string; values: Record<string, unknown> }>();
    assert.ok(asFiled.returnedAt && Date.parse(asFiled.returnedAt) > 0, filedView.body);
    assert.equal(asFiled.values['requesterIdNumber'], '001085012345');
    assert.equal(asFiled.values['plotAddress'], '34 Hàng Bạc');

    // A rating's comment is text as a filing's is: a bidirectional override refused, nothing rated.
    const hidden = await call(
      'POST',
      `${BASE}/my/dossiers/${code}/rating`,
      { score: 1, comment: 'a\u202eb' },
      null,
      mine,
    );
    assert.equal(hidden.status, 400, hidden.body);
    assert.equal(problemOf(hidden.res).code, 'SERVICES_FORM_INVALID');
    const rated = await call('POST', `${BASE}/my/dossiers/${code}/rating`, { score: 4, comment: 'Nhanh' }, null, mine);
    assert.equal(rated.status, 200, rated.body);
    assert.equal((await call('POST', `${BASE}/my/dossiers/${code}/rating`, { score: 5 }, null, mine)).status, 409);

    // A closed dossier: every step refused with its state named, nothing changed.
    const again = await act(code, 'receive', {}, centreOfficer, 409);
    assert.equal(problemOf(again.res).code, 'SERVICES_STATE');
    assert.match(problemOf(again.res).detail ?? '', /returned/);
    assert.equal((await detail(code)).state, 'returned');

    // The forms the steps made are served as PDFs; one it did not make is not.
    for (const kind of ['01', '02', '04', '06']) {
      const form = await call('GET', `${BASE}/dossiers/${code}/forms/${kind}`);
      assert.equal(form.status, 200, `${kind}: ${form.body.slice(0, 200)}`);
      assert.equal(form.res.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
    }
    assert.equal((await call('GET', `${BASE}/dossiers/${code}/forms/05`)).status, 404);
    const formText = async (kind: string) => {
      const pdf = (await call('GET', `${BASE}/dossiers/${code}/forms/${kind}`)).res.rawPayload;
      const qrs = await drawnQrCodes(pdf);
      assert.deepEqual(
        qrs.map((q) => q.page),
        [0],
        `form ${kind}: one QR code, on the first page`,
      );
      return drawnText(pdf);
    };
    const centreName = 'Trung tâm Phục vụ hành chính công thành phố Hà Nội';
    const wardName = (await app.modules.get(servicesModule).catalogue.agency('', wardAgency))?.name.vi as string;

    // 01: what was received, and the appointment made, at receipt (not the supplement's upload, not the extension).
    const receipt = (await formText('01')).flat().join(' ');
    assert.ok(receipt.includes(`Thời gian trả kết quả giải quyết hồ sơ: ${timeVi(dueAtReceipt)}`), receipt);
    assert.ok(!receipt.includes(timeVi(dueExtended)), '!receipt.includes(timeVi(dueExtended))');
    assert.ok(
      receipt.includes(`Bộ phận Một cửa – ${centreName} đã tiếp nhận`),
      'receipt.includes(`Bộ phận Một cửa – ${centreName} đã tiếp nhận`)',
    );
    const rows = (await formText('01')).flat();
    const docRows = rows.slice(rows.indexOf('Số lượng') + 1, rows.indexOf('2. Số lượng hồ sơ: 01 bộ.'));
    assert.deepEqual(
      docRows.filter((l) => /^\d+$/.test(l)),
      ['1', '1', '2', '1'],
      docRows.join(' | '),
    );
    assert.ok(receipt.includes('75.000 đồng (đã nộp)'), "receipt.includes('75.000 đồng (đã nộp)')");

    // 04: the ward asked; the old appointment, the new one, the reason; the ward's head signs.
    const apology = (await formText('04')).flat().join(' ');
    for (const words of [
      wardName.toUpperCase(),
      `Thời hạn trả kết quả đã hẹn: ${timeVi(dueBeforeExtension)}`,
      `Thời hạn trả kết quả mới: ${timeVi(dueExtended)}`,
      'Cần kiểm tra thực địa',
      `THỦ TRƯỞNG ${wardName.toUpperCase()}`,
    ])
      assert.ok(apology.includes(words), `04: ${words}`);

    // 06: each hand-off between named agencies and officers, dated with the year, judged; one page.
    const control = await formText('06');
    assert.equal(control.length, 1);
    const sheet = control.flat().join(' ');
    for (const words of [
      centreName,
      wardName,
      centreOfficer.username,
      wardOfficer.username,
      'Người nộp hồ sơ: Nguyễn Văn An',
    ])
      assert.ok(sheet.includes(words), `06: ${words}`);
    assert.ok(
      sheet.includes(`ngày ${timeVi(new Date().toISOString()).slice(-10)}`),
      'sheet.includes(`ngày ${timeVi(new Date().toISOString()).slice(-10)}`)',
    );
    const judged = control[0]!.filter((l) => ['Trước hạn', 'Đúng hạn', 'Quá hạn'].includes(l));
    // start, two hand-offs, the result, the return.
    assert.equal(judged.length, 5, control[0]!.join(' | '));
    for (const raw of [wardAgency, CENTRE, 'hand-off', '…']) assert.ok(!sheet.includes(raw), `06: no ${raw}`);

    // 07: plain dates are Hanoi days; the heading is the period asked for; the return date is filled.
    const hanoiDay = (ms: number) => new Date(ms + 7 * 3600_000).toISOString().slice(0, 10);
    const written = (day: string) => day.split('-').reverse().join('/');
    const today = hanoiDay(Date.now());
    const weekAgo = hanoiDay(Date.now() - 7 * 86_400_000);
    const book = await call('GET', `${BASE}/book?from=${weekAgo}&to=${today}&format=pdf`);
    assert.equal(book.status, 200, book.body);
    const bookText = (await drawnText(book.res.rawPayload)).flat().join(' ');
    assert.ok(bookText.includes(`Từ ngày ${written(weekAgo)} đến ngày ${written(today)}`), bookText.slice(0, 300));
    const bookJson = await call('GET', `${BASE}/book?from=${today}&to=${today}`);
    assert.equal(bookJson.status, 200, bookJson.body);
    const listed = bookJson.json<{ from: string; to: string; dossiers: { code: string; returnedAt?: string }[] }>();
    assert.equal(Date.parse(listed.to) - Date.parse(listed.from), 86_400_000);
    assert.ok(
      listed.dossiers.some((x) => x.code === code && x.returnedAt),
      'listed.dossiers.some((x) => x.code === code && x.returnedAt)',
    );
    // JSON names both agencies: the centre holds it again, the ward decided it (as the PDF says).
    const row = listed.dossiers.find((x) => x.code === code) as unknown as Record<string, string>;
    assert.deepEqual([row['agency'], row['decidingAgency']], [CENTRE, wardAgency], JSON.stringify(row));
    // The CSV: the platform's writer (RFC 4180, CRLF, a BOM), a line per dossier of the JSON, a book an
    // officer reads: Vietnamese by default, agencies by name, times in Hanoi time with the offset.
    const bookCsv = await call('GET', `${BASE}/book?from=${today}&to=${today}&format=csv`);
    assert.equal(bookCsv.status, 200, bookCsv.body);
    assert.equal(bookCsv.res.headers['content-language'], 'vi');
    const csvLines = bookCsv.body.replace(/^\uFEFF/, '').split('\r\n');
    assert.equal(
      csvLines[0],
      'Mã hồ sơ,Mã thủ tục,Cơ quan đang giữ hồ sơ,Cơ quan chủ trì giải quyết,Trạng thái,Kênh nộp,' +
        'Thời điểm nộp,Thời điểm tiếp nhận,Hẹn trả kết quả,Thời điểm trả kết quả,Đúng hạn',
    );
    assert.equal(csvLines.length, listed.dossiers.length + 2, 'a header, the dossiers, then the last line end');
    const line = csvLines.find((l) => l.startsWith(`${code},${PERMIT},`))?.split(',') ?? [];
    const returnedAt = listed.dossiers.find((x) => x.code === code)?.returnedAt as string;
    const inHanoi = `${new Date(Date.parse(returnedAt) + 7 * 3600_000).toISOString().slice(0, 19)}`;
    assert.deepEqual([line[2], line[3], line[4]], [centreName, wardName, 'Đã trả kết quả'], csvLines.join('\n'));
    assert.ok(line[9]?.startsWith(inHanoi) && line[9].endsWith('+07:00'), `returned at ${line[9]} (${returnedAt})`);
    const english = await call('GET', `${BASE}/book?from=${today}&to=${today}&format=csv`, undefined, undefined, {
      'accept-language': 'en-GB,en;q=0.9,vi;q=0.5',
    });
    assert.equal(english.res.headers['content-language'], 'en');
    assert.ok(
      english.body.startsWith('\uFEFFDossier code,Procedure code,Holding agency,Deciding agency,State,'),
      english.body.slice(0, 120),
    );
    // Each agency's book holds what passed it: the ward handled it (it is back at the centre now).
    const bookOf = async (agency: string) =>
      (await call('GET', `${BASE}/book?from=${today}&to=${today}&agency=${agency}`, undefined, admin)).json<{
        dossiers: { code: string }[];
      }>().dossiers;
    assert.ok(
      (await bookOf(wardAgency)).some((x) => x.code === code),
      "in the ward's book",
    );
    assert.ok(
      (await bookOf(CENTRE)).some((x) => x.code === code),
      "in the centre's book",
    );
    assert.ok(!(await bookOf('UBND-PHUONG-KHONG-CO')).some((x) => x.code === code), 'not in an unrelated book');
    // An officer reads only the books of the agencies they work for (as their queue).
    const theirs = await call('GET', `${BASE}/book?from=${today}&to=${today}&agency=${CENTRE}`, undefined, wardOfficer);
    assert.equal(theirs.status, 403, theirs.body);
    assert.equal(problemOf(theirs.res).code, 'SERVICES_NOT_YOURS');
    const own = await call('GET', `${BASE}/book?from=${today}&to=${today}`, undefined, wardOfficer);
    assert.equal(own.status, 200, own.body);
    assert.ok(
      own.json<{ dossiers: { code: string }[] }>().dossiers.some((x) => x.code === code),
      "the ward's own",
    );

    // Public tracking: no personal data.
    const tracked = await call('GET', `${BASE}/track/${code}`, undefined, null);
    assert.equal(tracked.status, 200);
    assert.doesNotMatch(tracked.body, /Nguyễn|0912345678/);
    // Returned: the days it was filed and returned, and the due date, no closing without a result.
    const dates = tracked.json<{ submittedAt?: string; returnedAt?: string; dueAt?: string; closedAt?: string }>();
    assert.ok(dates.submittedAt && dates.returnedAt && dates.dueAt, tracked.body);
    assert.equal(dates.closedAt, undefined);
  });

  it('a birth certificate names the child it is for, and the parent as the one who registered the birth', async () => {
    const witness = await upload(await pdfBytes('Lam chung'), 'lam-chung.pdf');
    assert.equal(witness.status, 201, witness.body);
    const born = new Date(Date.now() - 5 * 86_400_000 + 7 * 3600_000).toISOString().slice(0, 10);
    const filed = await call(
      'POST',
      `${BASE}/dossiers`,
      {
        procedure: '1.001193',
        applicant: { kind: 'citizen', name: 'Phạm Thị Mai', idNumber: '001190033333', phone: '0912000111' },
        values: {
          requesterName: 'Phạm Thị Mai',
          requesterIdNumber: '001190033333',
          requesterPhone: '0912000111',
          requesterAddress: '3 Hàng Gai',
          residenceWard: ward.code,
          relationship: 'me',
          childName: 'Phạm Minh Khang',
          childBirthDate: born,
          childSex: 'nam',
          childEthnicity: 'Kinh',
          birthPlaceKind: 'noi-khac',
          birthPlaceAddress: '3 Hàng Gai',
          motherName: 'Phạm Thị Mai',
          motherBirthDate: '1990-01-01',
          motherIdNumber: '001190033333',
          truthful: true,
        },
        documents: [{ code: 'xac-nhan-nguoi-lam-chung', uploadId: witness.json<{ id: string }>().id }],
        language: 'vi',
      },
      null,
    );
    assert.equal(filed.status, 201, filed.body);
    const { code, token } = filed.json<{ code: string; token: string }>();
    await act(code, 'receive');
    await act(code, 'start');
    await act(code, 'hand-off');
    await act(code, 'hand-off', {}, wardOfficer);
    await act(code, 'result', { title: 'GIẤY KHAI SINH', body: ['Giới tính: Nam; dân tộc: Kinh.'] }, wardOfficer);
    const result = await call('GET', `${BASE}/my/dossiers/${code}/result`, undefined, null, {
      'x-applicant-token': token,
    });
    assert.equal(result.status, 200, result.body);
    const text = (await drawnText(result.res.rawPayload)).flat().join(' ');
    for (const words of [
      'Người được khai sinh: Phạm Minh Khang',
      `Ngày, tháng, năm sinh: ${born.split('-').reverse().join('/')}`,
      'Người đi đăng ký khai sinh: Phạm Thị Mai',
    ])
      assert.ok(text.includes(words), `${words} in ${text.slice(0, 400)}`);
    assert.ok(!text.includes('Cấp cho'), "!text.includes('Cấp cho')");
    // Checked by anyone: issued in the name of the ward's committee that signed it, not the centre holding it now.
    const verified = await app.http.inject({
      method: 'POST',
      url: `${BASE}/results/verify`,
      headers: { 'content-type': 'application/pdf' },
      payload: result.res.rawPayload,
    });
    assert.equal(verified.statusCode, 200, verified.body);
    assert.deepEqual(verified.json<{ valid: boolean; dossier: string; agency: string }>(), {
      ...verified.json<object>(),
      valid: true,
      dossier: code,
      agency: wardAgency,
    });
    assert.equal((await detail(code)).agency, CENTRE);
  });

  it("a birth: no result before the ward committee's signing, and its steps not handed elsewhere; refusals audited, nothing changed", async () => {
    const notice = await upload(await pdfBytes('Giay chung sinh'), 'chung-sinh.pdf');
    assert.equal(notice.status, 201, notice.body);
    const filed = await call(
      'POST',
      `${BASE}/dossiers`,
      {
        procedure: '1.001193',
        applicant: { kind: 'citizen', name: 'Phạm Thị Hoa', phone: '0913000111' },
        values: {
          requesterName: 'Phạm Thị Hoa',
          requesterIdNumber: '001192012345',
          requesterPhone: '0913000111',
          requesterAddress: '7 Hàng Đào',
          residenceWard: ward.code,
          relationship: 'me',
          childName: 'Phạm Minh An',
          childBirthDate: new Date(Date.now() - 5 * 86_400_000).toISOString().slice(0, 10),
          childSex: 'nam',
          childEthnicity: 'Kinh',
          birthPlaceKind: 'co-so-y-te',
          birthFacility: 'Bệnh viện Phụ sản Hà Nội',
          motherName: 'Phạm Thị Hoa',
          motherBirthDate: '1992-03-04',
          motherIdNumber: '001192012345',
          truthful: true,
        },
        documents: [{ code: 'giay-chung-sinh', uploadId: notice.json<{ id: string }>().id }],
      },
      null,
    );
    assert.equal(filed.status, 201, filed.body);
    const code = filed.json<{ code: string }>().code;
    await act(code, 'receive');
    await act(code, 'start');
    const before = await detail(code, admin);
    assert.deepEqual([before.state, before.stepIndex, before.agency], ['processing', 0, CENTRE]);
    // The page is told the steps with their agencies, who decides, and that no result is to be made yet.
    assert.deepEqual(
      before.steps.map((s) => [s.code, s.agency]),
      [
        ['receive', CENTRE],
        ['handle', wardAgency],
        ['sign', wardAgency],
        ['return', CENTRE],
      ],
    );
    assert.equal(before.decidingAgency, wardAgency);
    assert.ok(before.actions.includes('hand-off') && !before.actions.includes('result'), before.actions.join());
    // Agencies and wards by name, not by code: the ward's committee from the city's wards.
    const committee = before.agencies.find((a) => a.code === wardAgency)?.name.vi ?? '';
    assert.match(committee, new RegExp(`^UBND (phường|xã) ${ward.name.replace(/^(Phường|Xã) /u, '')}$`));
    assert.equal(
      before.agencies.find((a) => a.code === CENTRE)?.name.vi,
      'Trung tâm Phục vụ hành chính công thành phố Hà Nội',
    );
    assert.deepEqual(
      before.wards.map((x) => [x.code, x.name.vi]),
      [[ward.code, ward.name]],
    );

    const early = { title: 'GIẤY KHAI SINH', body: ['Họ và tên: Phạm Minh An'] };
    const atReceipt = await act(code, 'result', early, centreOfficer, 409);
    assert.equal(problemOf(atReceipt.res).code, 'SERVICES_STEP_SKIPPED');
    assert.match(problemOf(atReceipt.res).detail ?? '', new RegExp(`which ${wardAgency} must do itself`));
    // The ward's step given to another agency: refused too, even to an admin.
    const elsewhere = await act(code, 'hand-off', { toAgency: 'so-tu-phap' }, admin, 409);
    assert.equal(problemOf(elsewhere.res).code, 'SERVICES_STEP_SKIPPED');
    const unchanged = await detail(code, admin);
    assert.deepEqual(
      [unchanged.state, unchanged.stepIndex, unchanged.agency, unchanged.result, unchanged.timeline.length],
      [before.state, before.stepIndex, before.agency, undefined, before.timeline.length],
    );
    await app.audit.flush();
    const refused = await ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_record WHERE action = 'POST /api/v1/services/dossiers/:code/:action'
         AND target = $1 AND outcome = 409`,
      [code],
    );
    assert.equal(refused.rows[0]?.n, 2);

    // The ward examines; still not signed: no result yet. Then it signs, and makes the result.
    await act(code, 'hand-off');
    const examining = await act(code, 'result', early, wardOfficer, 409);
    assert.equal(problemOf(examining.res).code, 'SERVICES_STEP_SKIPPED');
    await act(code, 'hand-off', {}, wardOfficer);
    await act(code, 'result', early, wardOfficer);
    const made = await detail(code, admin);
    assert.equal(made.state, 'result-ready');
    assert.ok(made.result, 'made.result');
    assert.ok(
      made.actions.includes('return') && !made.actions.includes('result'),
      "made.actions.includes('return') && !made.actions.includes('result')",
    );
    // The queue names the agency too.
    const queue = await call('GET', `${BASE}/queue?limit=200`, undefined, admin);
    const line = queue
      .json<{ dossiers: { code: string; agencyName: { vi: string } }[] }>()
      .dossiers.find((x) => x.code === code);
    // The result is on its way back to the one-stop centre, whose officer returns it.
    assert.equal(line?.agencyName.vi, 'Trung tâm Phục vụ hành chính công thành phố Hà Nội');
    await act(code, 'return', {}, centreOfficer);
    assert.equal((await detail(code, admin)).state, 'returned');
  });

  it("filings at the same time take the day's numbers in turn, none twice and none lost; one refused gives its number back", async () => {
    // Six applicants, each from an address of their own (uploads are counted per address); the last
    // two give the same uploads, so one of them is refused, before or inside its transaction.
    const uploads = await Promise.all(
      Array.from({ length: 5 }, async (_, i) => {
        const from = `10.0.7.${i + 1}`;
        const land = await upload(await pdfBytes('So do'), 'so-do.pdf', undefined, from);
        const drawing = await upload(await pdfBytes('Ban ve'), 'ban-ve.pdf', undefined, from);
        assert.equal(land.status, 201, land.body);
        assert.equal(drawing.status, 201, drawing.body);
        return [
          { code: 'giay-to-dat', uploadId: land.json<{ id: string }>().id },
          { code: 'ban-ve-thiet-ke', uploadId: drawing.json<{ id: string }>().id },
        ];
      }),
    );
    const filings = await Promise.all(
      [...uploads, uploads[4]].map((documents) =>
        call(
          'POST',
          `${BASE}/dossiers`,
          {
            procedure: PERMIT,
            applicant: { kind: 'citizen', name: 'Trần Thị Bình', idNumber: '001085012345', phone: '0912345678' },
            values: permitValues('Trần Thị Bình'),
            documents,
          },
          null,
        ),
      ),
    );
    assert.deepEqual(filings.map((f) => f.status).sort(), [201, 201, 201, 201, 201, 400]);
    const refused = filings.find((f) => f.status === 400);
    assert.equal(
      problemOf((refused as { res: Parameters<typeof problemOf>[0] }).res).code,
      'SERVICES_DOCUMENTS_INVALID',
    );
    const codes = filings.filter((f) => f.status === 201).map((f) => f.json<{ code: string }>().code);
    const numbers = codes.map((c) => Number(c.slice(-5))).sort((a, b) => a - b);
    assert.ok(
      codes.every((c) => /^H26\.\d{6}\.\d{5}$/.test(c)),
      codes.join(),
    );
    assert.deepEqual(
      numbers,
      numbers.map((_, i) => (numbers[0] as number) + i),
      `one after the other: ${codes.join()}`,
    );
    // The next filing takes the number after them: the refused one gave its number back.
    const next = await fileDossier();
    assert.equal(Number(next.code.slice(-5)), (numbers[4] as number) + 1);
    for (const f of filings.filter((x) => x.status === 201)) {
      const filed = f.json<{ code: string; fee: { payment?: { reference: string } } }>();
      const d = await detail(filed.code);
      assert.equal(d.state, 'submitted');
      assert.ok(filed.fee.payment, 'filed.fee.payment');
      assert.equal(d.fee.reference, filed.fee.payment.reference, "the dossier names its fee's intent");
    }
  });

  it("a filing's uploads: one unknown, another dossier's or of a type not taken is refused by name, and nothing is filed", async () => {
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
      'base64',
    );
    const from = '10.0.8.1';
    const id = async (file: Buffer, name: string) => {
      const res = await upload(file, name, undefined, from);
      assert.equal(res.status, 201, res.body);
      return res.json<{ id: string }>().id;
    };
    const land = await id(await pdfBytes('So do'), 'so-do.pdf');
    const photo = await id(png, 'ban-ve.png');
    const taken = (await fileDossier()).code;
    const before = Number(taken.slice(-5));
    const usedElsewhere = (
      await ctx.db.query<{ id: string }>(`SELECT id FROM services_dossier_documents WHERE dossier = $1 LIMIT 1`, [
        taken,
      ])
    ).rows[0]?.id as string;
    const file = (drawing: string) =>
      call(
        'POST',
        `${BASE}/dossiers`,
        {
          procedure: PERMIT,
          applicant: { kind: 'citizen', name: 'Trần Thị Bình', idNumber: '001085012345', phone: '0912345678' },
          values: permitValues('Trần Thị Bình'),
          documents: [
            { code: 'giay-to-dat', uploadId: land },
            { code: 'ban-ve-thiet-ke', uploadId: drawing },
          ],
        },
        null,
      );
    const refusals = [
      [photo, /The document ban-ve-thiet-ke is taken as pdf, not png\./],
      ['7d0e8c1a-0000-4000-8000-000000000000', /There is no upload "7d0e8c1a-0000-4000-8000-000000000000"/],
      ['not-an-id', /There is no upload "not-an-id"/],
      [usedElsewhere, /is part of another dossier/],
    ] as const;
    for (const [drawing, says] of refusals) {
      const res = await file(drawing);
      assert.equal(res.status, 400, res.body);
      assert.equal(problemOf(res.res).code, 'SERVICES_DOCUMENTS_INVALID');
      assert.match(problemOf(res.res).detail, says);
    }
    // The land's upload is still free and no number was taken: the next filing is the one after.
    const free = await ctx.db.query<{ dossier: string | null }>(
      `SELECT dossier FROM services_dossier_documents WHERE id = $1`,
      [land],
    );
    assert.equal(free.rows[0]?.dossier, null);
    const next = await fileDossier();
    assert.equal(Number(next.code.slice(-5)), before + 1);
  });

  it('uploads: by content; a .pdf that is not one is a mismatch; an encrypted or broken PDF is refused', async () => {
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
      'base64',
    );
    const fake = await upload(png, 'giay-to.pdf');
    assert.equal(fake.status, 400);
    assert.equal(problemOf(fake.res).code, 'SERVICES_DOCUMENT_MISMATCH');
    const photo = await upload(png, 'anh.png');
    assert.equal(photo.status, 201, photo.body);
    assert.equal(photo.json<{ contentType: string }>().contentType, 'image/png');
    const cut = (await pdfBytes('x')).subarray(0, 60);
    assert.equal(problemOf((await upload(cut, 'x.pdf')).res).code, 'SERVICES_DOCUMENT_INVALID');
    const text = await upload(Buffer.from('hello'), 'x.txt');
    assert.equal(problemOf(text.res).code, 'SERVICES_DOCUMENT_INVALID');
  });

  it('the queue: by due date with those to receive first, applicants masked, only the officer’s agencies', async () => {
    const first = await fileDossier('Trần Thị Bình');
    const second = await fileDossier('Lê Văn Cường');
    const res = await call('GET', `${BASE}/queue?limit=200`);
    assert.equal(res.status, 200, res.body);
    const items = res.json<{
      dossiers: { code: string; state: string; applicantMasked: string; agency: string; dueAt?: string }[];
    }>().dossiers;
    const codes = items.map((i) => i.code);
    assert.ok(
      codes.indexOf(first.code) < codes.indexOf(second.code),
      'codes.indexOf(first.code) < codes.indexOf(second.code)',
    );
    assert.ok(
      items.every((i) => i.agency === CENTRE),
      'items.every((i) => i.agency === CENTRE)',
    );
    const submitted = items.filter((i) => i.state === 'submitted').map((i) => codes.indexOf(i.code));
    const received = items.filter((i) => i.state !== 'submitted').map((i) => codes.indexOf(i.code));
    assert.ok(
      submitted.every((s) => received.every((r) => s < r)),
      'submitted.every((s) => received.every((r) => s < r))',
    );
    const mine = items.find((i) => i.code === first.code);
    assert.ok(
      mine && !mine.applicantMasked.includes('Bình') && mine.applicantMasked.length > 0,
      "mine && !mine.applicantMasked.includes('Bình') && mine.applicantMasked.length > 0",
    );
    // The ward's officer has no dossier of the centre in theirs.
    const theirs = await call('GET', `${BASE}/queue?limit=200`, undefined, wardOfficer);
    assert.ok(
      !theirs.json<{ dossiers: { code: string }[] }>().dossiers.some((i) => i.code === first.code),
      '!theirs.json<{ dossiers: { code: string }[] }>().dossiers.some((i) => i.code === first.code)',
    );
    // Paged with a cursor: the same order.
    const page1 = await call('GET', `${BASE}/queue?limit=1`);
    const next = page1.json<{ next?: string }>().next;
    assert.ok(next, 'next');
    const page2 = await call('GET', `${BASE}/queue?limit=1&cursor=${next}`);
    assert.equal(page2.json<{ dossiers: { code: string }[] }>().dossiers[0]?.code, codes[1]);
  });

  it("the portal's events: in order per dossier; a failing one holds back only its own dossier's", async () => {
    const a = await fileDossier();
    const b = await fileDossier();
    await pay((await detail(a.code)).fee.reference as string, 75_000);
    await act(a.code, 'receive');
    const seen: { dossier: string; kind: string; id: number }[] = [];
    const rounds: number[] = [];
    let failA = true;
    const failingPortal: NationalPortal = {
      name: 'down-then-up',
      send: async (events) => {
        rounds.push(events.length);
        if (events.some((e) => e.dossier === a.code) && failA) throw new Error('portal down for this one');
        for (const e of events) seen.push({ dossier: e.dossier, kind: e.kind, id: e.id });
      },
    };
    let clock = Date.now();
    const delivery = new PortalDelivery({
      db: ctx.db,
      portal: failingPortal,
      log: silentLog,
      now: () => new Date(clock),
    });
    await delivery.deliver();
    // A round goes as one batch; refused whole, its events go one by one and only a's waits.
    assert.ok((rounds[0] ?? 0) >= 2, `the first round sent ${rounds[0]} event(s)`);
    assert.ok(!seen.some((e) => e.dossier === a.code), '!seen.some((e) => e.dossier === a.code)');
    assert.ok(
      seen.some((e) => e.dossier === b.code),
      'seen.some((e) => e.dossier === b.code)',
    );
    failA = false;
    clock += 3600_000;
    await delivery.deliver();
    const ofA = seen.filter((e) => e.dossier === a.code);
    assert.ok(ofA.length >= 3, 'ofA.length >= 3');
    assert.deepEqual(
      ofA.map((e) => e.id),
      [...ofA.map((e) => e.id)].sort((x, y) => x - y),
    );
    // The local receiver keeps what it got, for the admin.
    await app.modules.get(servicesModule).portal.deliver();
    const received = await call('GET', `${BASE}/portal/received`, undefined, admin);
    assert.equal(received.status, 200, received.body);
    // One dossier's events, in the order sent, each status saying its step and when it was taken.
    const own = await call('GET', `${BASE}/portal/outbox?dossier=${a.code}`, undefined, admin);
    assert.equal(own.status, 200, own.body);
    const events = own.json<{
      events: { id: number; dossier: string; kind: string; payload: Record<string, unknown> }[];
    }>().events;
    assert.deepEqual(new Set(events.map((e) => e.dossier)), new Set([a.code]));
    assert.deepEqual(
      events.map((e) => e.id),
      [...events.map((e) => e.id)].sort((x, y) => x - y),
    );
    const received1 = events.find((e) => e.kind === 'status' && e.payload['state'] === 'received');
    assert.equal(received1?.payload['action'], 'receive', own.body);
    assert.ok(!Number.isNaN(Date.parse(String(received1?.payload['at']))), own.body);
    // What the local receiver got of one dossier (a's went to the portal above, not to it).
    const c = await fileDossier();
    await app.modules.get(servicesModule).portal.deliver();
    const gotOwn = await call('GET', `${BASE}/portal/received?dossier=${c.code}`, undefined, admin);
    assert.deepEqual(
      new Set(gotOwn.json<{ events: { dossier: string }[] }>().events.map((e) => e.dossier)),
      new Set([c.code]),
    );
  });

  it("a filing with a fee is one statement in its transaction (the dossier with the applicant's token and its follow-up), then the fee's intent, the message, the follow-up done", async () => {
    await fileDossier(); // the catalogue and the tenant's keys read once
    statements = [];
    inTransaction = [];
    const filed = await fileDossier();
    // The uploads' statements and the audit trail's (its own transaction) are not the filing's.
    const filing = statements.filter((s) => !/audit_|^INSERT INTO services_dossier_documents/.test(s));
    statements = undefined;
    assert.equal(filing.length, 4, filing.join('\n'));
    assert.match(
      filing[0] as string,
      /INSERT INTO services_dossiers .*INSERT INTO services_applicant_token.*INSERT INTO services_filing_followup/,
    );
    assert.match(filing[1] as string, /^INSERT INTO payments_intents/);
    assert.match(filing[2] as string, /^INSERT INTO messages_outbox/);
    assert.match(filing[3] as string, /^DELETE FROM services_filing_followup/);
    // Only the first holds the day's counter: the others follow the commit.
    const held = inTransaction.filter((t) => !/audit_|INSERT INTO services_dossier_documents/.test(t));
    inTransaction = undefined;
    assert.equal(held.length, 1, held.join('\n'));
    // The token it stored is the one the applicant was given.
    const mine = await call('GET', `${BASE}/my/dossiers/${filed.code}`, undefined, null, {
      'x-applicant-token': filed.token,
    });
    assert.equal(mine.status, 200, mine.body);
  });

  it("a filing's follow-up left undone as it committed (the process stopped) is made by the worker: the fee's intent, the message", async () => {
    const service = app.modules.get(servicesModule).dossiers;
    const filed = await fileDossier('Đặng Văn Khoa');
    const left = async () =>
      (await ctx.db.query(`SELECT attempts FROM services_filing_followup WHERE dossier = $1`, [filed.code])).rows;
    assert.deepEqual(await left(), [], 'done as it was filed');
    const told = async () =>
      (
        await ctx.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM messages_outbox WHERE topic = 'services.filed'`,
        )
      ).rows[0]?.n;
    // As the process stopping right after the commit leaves it: no intent, no message, the follow-up due.
    await ctx.db.query(`DELETE FROM payments_intents WHERE subject = $1`, [filed.code]);
    await ctx.db.query(
      `INSERT INTO services_filing_followup (tenant, dossier, next_at) VALUES ('', $1, now() - interval '1 second')`,
      [filed.code],
    );
    const before = await told();
    assert.ok((await service.followUpFilings()) >= 1, 'the follow-up is done');
    assert.equal(await told(), (before as number) + 1, 'the applicant is told');
    assert.deepEqual(await left(), []);
    // The intent is made with the reference the filer was given: the applicant pays it.
    const reference = filed.fee.payment?.reference as string;
    assert.equal((await detail(filed.code)).fee.reference, reference);
    await pay(reference, 75_000);
    assert.equal((await detail(filed.code)).fee.state, 'paid');
    assert.equal(await service.followUpFilings(), 0, 'nothing left to do');
  });

  it("the portal's local receiver takes a round of events in a few statements, not two per event", async () => {
    // Whatever earlier tests queued is delivered first; then five filings' events are a round.
    await app.modules.get(servicesModule).portal.deliver();
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push((await fileDossier()).code);
    let statements = 0;
    const counted: Database = {
      ...ctx.db,
      query: (text, params) => {
        statements++;
        return ctx.db.query(text, params);
      },
    };
    const delivery = new PortalDelivery({ db: counted, portal: localPortal(counted), log: silentLog });
    assert.equal(await delivery.deliver(), 5);
    // The round's heads, the receiver's insert, the outbox's update, and the heads again (none left).
    assert.ok(statements <= 4, `${statements} statements for 5 events`);
    const received = await delivery.received('', undefined, 5);
    assert.deepEqual(received.map((r) => r.dossier).sort(), [...codes].sort());
    const outbox = await delivery.outbox('', undefined, 5);
    assert.ok(
      outbox.every((e) => e.deliveredAt !== undefined && e.attempts === 1),
      'outbox.every((e) => e.deliveredAt !== undefined && e.attempts === 1)',
    );
    const delivered = await ctx.db.query<{ n: number }>(
      `SELECT portal_delivered AS n FROM services_dossiers WHERE code = ANY($1::text[])`,
      [codes],
    );
    assert.deepEqual(
      delivered.rows.map((r) => r.n),
      [1, 1, 1, 1, 1],
    );
  });

  it("the portal's delivery skips its round while another instance delivers, without waiting for it", async () => {
    await app.modules.get(servicesModule).portal.deliver();
    const filed = await fileDossier();
    let statements = 0;
    const counted: Database = {
      ...ctx.db,
      query: (text, params) => {
        statements++;
        return ctx.db.query(text, params);
      },
    };
    const delivery = new PortalDelivery({ db: counted, portal: localPortal(counted), log: silentLog });
    // The other instance: its own connection on PostgreSQL; on PGlite the one process is every instance.
    let external: pg.Client | undefined;
    let release = (): void => undefined;
    let holding: Promise<unknown> = Promise.resolve();
    if (ctx.driver === 'postgres') {
      external = new pg.Client({ connectionString: ctx.testDb.url });
      await external.connect();
      await external.query('SELECT pg_advisory_lock($1)', [PORTAL_LOCK]);
    } else {
      let held = (): void => undefined;
      const taken = new Promise<void>((r) => (held = r));
      holding = ctx.db.withAdvisoryLock(PORTAL_LOCK, () => {
        held();
        return new Promise<void>((r) => (release = r));
      });
      await taken;
    }
    try {
      assert.equal(await delivery.deliver(), 0);
      assert.equal(statements, 0, 'nothing read while another delivers');
    } finally {
      await external?.end();
      release();
      await holding;
    }
    // The lock free again, the next round delivers what was due.
    assert.ok((await delivery.deliver()) >= 1, 'the next round delivers');
    const got = await delivery.received('', filed.code, 10);
    assert.ok(got.length >= 1, `the portal got the dossier's events: ${JSON.stringify(got)}`);
  });

  it('a hand-off to another agency (the state unchanged) is queued for the portal, and the index counts it', async () => {
    const filed = await fileDossier();
    await pay(filed.fee.payment?.reference as string, 75_000);
    await act(filed.code, 'receive');
    await act(filed.code, 'start');
    const statuses = async () =>
      (await call('GET', `${BASE}/portal/outbox`, undefined, admin))
        .json<{
          events: { id: number; dossier: string; kind: string; payload: { state?: string; agency?: string } }[];
        }>()
        .events.filter((e) => e.dossier === filed.code && e.kind === 'status')
        .sort((x, y) => x.id - y.id);
    const before = await statuses();
    assert.deepEqual(before.at(-1)?.payload, { ...before.at(-1)?.payload, state: 'processing', agency: CENTRE });
    const synced = async () =>
      (await call('GET', `${BASE}/index`, undefined, admin))
        .json<{ city: { criteria: { code: string; denominator: number }[] } }>()
        .city.criteria.find((c) => c.code === 'synced-to-portal')?.denominator ?? 0;
    const eventsBefore = await synced();
    await act(filed.code, 'hand-off');
    const after = await statuses();
    assert.equal(after.length, before.length + 1);
    assert.deepEqual(after.at(-1)?.payload, { ...after.at(-1)?.payload, state: 'processing', agency: wardAgency });
    // The index's "synced to portal" counts it at once.
    assert.equal(await synced(), eventsBefore + 1);
  });

  it('school enrolment: the ward must be in the catchment, a full school is refused, a pupil enrols once a year', async () => {
    const catalogue = app.modules.get(servicesModule).catalogue;
    const grade1 = await catalogue.get('', '2.002492');
    const { version: _v, updatedAt: _u, ...rest } = grade1;
    await catalogue.save(
      '',
      {
        ...rest,
        code: 'TEST.TS1',
        allocation: {
          schoolField: 'school',
          wardField: 'residenceWard',
          pupilField: 'studentIdNumber',
          schools: [{ code: 'th-trang-an', name: { vi: 'Tràng An', en: 'Tràng An' }, wards: ['00070'], places: 1 }],
        },
        form: {
          sections: grade1.form.sections.map((sec) => ({
            ...sec,
            fields: sec.fields.map((f) =>
              f.id === 'school'
                ? { ...f, options: [{ value: 'th-trang-an', label: { vi: 'Tràng An', en: 'Tràng An' } }] }
                : f,
            ),
          })),
        },
      },
      { kind: 'system', id: null, name: 'test', roles: [] },
    );
    const enrol = async (
      ward: string,
      pupil = '001220012345',
      applicant: Record<string, string> = { kind: 'citizen', name: 'Đỗ Văn Hùng', phone: '0987654321' },
      parent: Record<string, string> = { parentName: 'Đỗ Văn Hùng' },
    ) => {
      const birth = await upload(await pdfBytes('Khai sinh'), 'khai-sinh.pdf');
      return call(
        'POST',
        `${BASE}/dossiers`,
        {
          procedure: 'TEST.TS1',
          applicant,
          values: {
            studentName: 'Đỗ Minh Khôi',
            studentBirthDate: '2020-05-01',
            studentIdNumber: pupil,
            studentSex: 'nam',
            residenceWard: ward,
            residenceAddress: '5 Tràng Thi',
            school: 'th-trang-an',
            ...parent,
            parentIdNumber: '001085054321',
            parentPhone: '0987654321',
            truthful: true,
          },
          documents: [{ code: 'giay-khai-sinh', uploadId: birth.json<{ id: string }>().id }],
        },
        null,
      );
    };
    // The parent files (the form's parent fields are the applicant's): no name anywhere is the parent
    // field's error, said once, not a schema error on the applicant block.
    const nameless = await enrol('00070', '001220012345', { kind: 'citizen' }, {});
    assert.equal(nameless.status, 400, nameless.body);
    const refused = problemOf(nameless.res) as { code: string; errors?: { field: string }[] };
    assert.equal(refused.code, 'SERVICES_FORM_INVALID');
    assert.deepEqual(
      refused.errors?.map((e) => e.field),
      ['parentName'],
    );
    const outside = await enrol('00082');
    assert.equal(outside.status, 400, outside.body);
    assert.equal(problemOf(outside.res).code, 'SERVICES_SCHOOL_CATCHMENT');
    // The applicant block left to the form: the parent's particulars are taken from it.
    const first = await enrol('00070', '001220012345', { kind: 'citizen' });
    assert.equal(first.status, 201, first.body);
    const filedFirst = await call('GET', `${BASE}/dossiers/${first.json<{ code: string }>().code}`, undefined, admin);
    assert.equal(filedFirst.status, 200, filedFirst.body);
    const applicantOf = filedFirst.json<{ applicant: { name: string; idNumber?: string; phone?: string } }>().applicant;
    assert.equal(applicantOf.name, 'Đỗ Văn Hùng');
    assert.equal(applicantOf.idNumber, '001085054321');
    const full = await enrol('00070', '001220054321');
    assert.equal(full.status, 409, full.body);
    assert.equal(problemOf(full.res).code, 'SERVICES_SCHOOL_FULL');
    // The same pupil once more (the ID written with spaces): refused before the places are counted,
    // whatever the school; nothing is filed.
    const filed = async () =>
      (
        await ctx.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM services_dossiers WHERE tenant = '' AND procedure_code = 'TEST.TS1'`,
        )
      ).rows[0]?.n;
    const before = await filed();
    const again = await enrol('00070', '001 220 012 345');
    assert.equal(again.status, 409, again.body);
    assert.equal(problemOf(again.res).code, 'SERVICES_PUPIL_ENROLLED');
    assert.equal(await filed(), before);
    // The pupil's ID is compared by its blind index only: the dossier keeps no plain ID number.
    const kept = await ctx.db.query<{ pupil_index: string; values_plain: unknown }>(
      `SELECT pupil_index, values_plain FROM services_dossiers WHERE tenant = '' AND code = $1`,
      [first.json<{ code: string }>().code],
    );
    assert.ok(
      kept.rows[0]?.pupil_index && !kept.rows[0].pupil_index.includes('001220012345'),
      "kept.rows[0]?.pupil_index && !kept.rows[0].pupil_index.includes('001220012345')",
    );
    assert.ok(
      !JSON.stringify(kept.rows[0]?.values_plain).includes('001220012345'),
      "!JSON.stringify(kept.rows[0]?.values_plain).includes('001220012345')",
    );
    // Withdrawn, the dossier frees the pupil (and the place): they enrol again.
    const { code, token } = first.json<{ code: string; token: string }>();
    const out = await call('POST', `${BASE}/my/dossiers/${code}/withdraw`, {}, null, { 'x-applicant-token': token });
    assert.equal(out.status, 200, out.body);
    assert.equal((await enrol('00070')).status, 201);
  });

  it('school enrolment: places and the one enrolment per pupil are counted per school year', async () => {
    // A filing's school year is that of its Hà Nội calendar year: the summer round and its August and
    // autumn tails together, the next year's round afresh.
    assert.deepEqual(schoolYearOf('2026-07-31'), schoolYearOf('2026-08-01'));
    assert.deepEqual(schoolYearOf('2026-12-31'), {
      label: '2026–2027',
      from: '2025-12-31T17:00:00.000Z',
      to: '2026-12-31T17:00:00.000Z',
    });
    assert.equal(schoolYearOf('2027-01-01').label, '2027–2028');
    const enrol = async (pupil: string) => {
      const birth = await upload(await pdfBytes('Khai sinh'), 'khai-sinh.pdf');
      return call(
        'POST',
        `${BASE}/dossiers`,
        {
          procedure: 'TEST.TS1',
          applicant: { kind: 'citizen', name: 'Đỗ Văn Hùng', phone: '0987654321' },
          values: {
            studentName: 'Đỗ Minh Khôi',
            studentBirthDate: '2020-05-01',
            studentIdNumber: pupil,
            studentSex: 'nam',
            residenceWard: '00070',
            residenceAddress: '5 Tràng Thi',
            school: 'th-trang-an',
            parentName: 'Đỗ Văn Hùng',
            parentIdNumber: '001085054321',
            parentPhone: '0987654321',
            truthful: true,
          },
          documents: [{ code: 'giay-khai-sinh', uploadId: birth.json<{ id: string }>().id }],
        },
        null,
      );
    };
    const year = schoolYearOf(hanoiDate(Date.now()));
    // The school is full (the test above) and its pupil enrolled: this year, both are.
    assert.equal(problemOf((await enrol('001220099999')).res).code, 'SERVICES_SCHOOL_FULL');
    // Those admissions made last school year (the last second of it): this year's round starts afresh.
    await ctx.db.query(
      `UPDATE services_dossiers SET submitted_at = $1 WHERE tenant = '' AND procedure_code = 'TEST.TS1'`,
      [new Date(Date.parse(year.from) - 1000).toISOString()],
    );
    const again = await enrol('001220012345');
    assert.equal(again.status, 201, again.body);
    // Twice in one school year: refused, naming it; and the one place of this year is taken.
    const twice = await enrol('001220012345');
    assert.equal(twice.status, 409, twice.body);
    assert.equal(problemOf(twice.res).code, 'SERVICES_PUPIL_ENROLLED');
    assert.match(problemOf(twice.res).detail ?? '', new RegExp(year.label));
    const full = await enrol('001220099999');
    assert.equal(full.status, 409, full.body);
    assert.match(problemOf(full.res).detail ?? '', new RegExp(year.label));
    // Filed at the school year's first second (00:00 on 1 January in Hà Nội), it still holds the place.
    await ctx.db.query(`UPDATE services_dossiers SET submitted_at = $1 WHERE tenant = '' AND code = $2`, [
      year.from,
      again.json<{ code: string }>().code,
    ]);
    assert.equal(problemOf((await enrol('001220099999')).res).code, 'SERVICES_SCHOOL_FULL');
  });

  const residenceBody = (channel?: 'counter', name = 'Ngô Thị Lan') => ({
    procedure: 'HN.CA.XNCT',
    applicant: { kind: 'citizen', name, phone: '0911222333' },
    values: {
      requesterName: name,
      requesterIdNumber: '001190011111',
      requesterPhone: '0911222333',
      requesterAddress: '9 Phố Huế',
      residenceWard: ward.code,
      purpose: 'Xin việc',
    },
    documents: [],
    ...(channel ? { channel } : {}),
  });

  it("a dossier left on a ward stand-in from before they were resolved is given its ward's agency", async () => {
    const police = await accountWith(app, ['officer'], '');
    const put = await call(
      'PUT',
      `${BASE}/staff/${police.id}`,
      { agencies: ['cong-an-phuong-xa', `cong-an-${ward.code}`] },
      admin,
    );
    assert.equal(put.status, 200, put.body);
    assert.deepEqual(put.json<{ agencies: string[] }>().agencies, [`cong-an-${ward.code}`]);
    const filed = await call('POST', `${BASE}/dossiers`, residenceBody(), null);
    assert.equal(filed.status, 201, filed.body);
    const { code } = filed.json<{ code: string }>();
    // As filed before: held and decided by the stand-in, which no officer works for.
    await ctx.db.query(
      `UPDATE services_dossiers SET agency = 'cong-an-phuong-xa', decided_by = 'cong-an-phuong-xa'
        WHERE tenant = '' AND code = $1`,
      [code],
    );
    await act(code, 'receive', {}, police, 403);
    const service = app.modules.get(servicesModule).dossiers;
    assert.ok((await service.resolveWardStandIns()) >= 1, '(await service.resolveWardStandIns()) >= 1');
    const d = await detail(code, admin);
    assert.deepEqual([d.agency, d.decidingAgency], [`cong-an-${ward.code}`, `cong-an-${ward.code}`]);
    // The timeline says so, by the system: from the stand-in to the ward's agency.
    const moved = d.timeline.at(-1);
    assert.deepEqual(
      [moved?.kind, moved?.fromAgency, moved?.toAgency],
      ['note', 'cong-an-phuong-xa', `cong-an-${ward.code}`],
      JSON.stringify(d.timeline),
    );
    assert.match(moved?.note ?? '', /^Hệ thống chuyển hồ sơ từ .+ sang /);
    // Written once: the next run finds it on no stand-in.
    await service.resolveWardStandIns();
    const system = await ctx.db.query<{ by_kind: string }>(
      `SELECT by_kind FROM services_dossier_events WHERE tenant = '' AND code = $1 AND data ? 'wardStandIn'`,
      [code],
    );
    assert.deepEqual(
      system.rows.map((r) => r.by_kind),
      ['system'],
    );
    await act(code, 'receive', {}, police);
    await act(code, 'start', {}, police);
    await act(code, 'hand-off', {}, police);
    assert.equal((await detail(code, admin)).agency, `cong-an-${ward.code}`, 'its next step stays with the ward');
    // Form 06 lists the move among the hand-offs: from the stand-in, by the system, to the ward's police.
    const form = await call('GET', `${BASE}/dossiers/${code}/forms/06`, undefined, admin);
    assert.equal(form.status, 200, form.body.slice(0, 200));
    const sheet = (await drawnText(form.res.rawPayload)).flat().join(' ');
    assert.ok(sheet.includes('Hệ thống chuyển hồ sơ từ'), sheet);
  });

  it("at the counter: the receiving agency's officer files for the applicant, without the applicant's token; others may not", async () => {
    const police = await accountWith(app, ['officer'], '');
    // The stand-in for "a ward's police" is no agency to work for (a list read back with it is saved
    // without it): the ward's own police is.
    const placeholder = await call('PUT', `${BASE}/staff/${police.id}`, { agencies: ['cong-an-phuong-xa'] }, admin);
    assert.equal(placeholder.status, 200, placeholder.body);
    assert.deepEqual(placeholder.json<{ agencies: string[] }>().agencies, []);
    assert.equal(
      (await call('PUT', `${BASE}/staff/${police.id}`, { agencies: [`cong-an-${ward.code}`] }, admin)).status,
      200,
    );
    const body = residenceBody('counter');
    const count = async () =>
      (await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM services_dossiers WHERE tenant = ''`)).rows[0]
        ?.n;
    const before = await count();
    // The centre does not receive the ward police's requests: its officer is refused, nothing filed.
    const notHers = await call('POST', `${BASE}/dossiers`, body, centreOfficer);
    assert.equal(notHers.status, 403, notHers.body);
    assert.equal(problemOf(notHers.res).code, 'SERVICES_NOT_YOURS');
    assert.equal(await count(), before);
    const filed = await call('POST', `${BASE}/dossiers`, body, police);
    assert.equal(filed.status, 201, filed.body);
    const answer = filed.json<{ code: string; token?: string; expiresAt?: string }>();
    // The applicant's token is the applicant's: the officer cannot act as them (withdraw, rate, supplement).
    assert.equal(answer.token, undefined);
    assert.equal(answer.expiresAt, undefined);
    const d = await detail(answer.code, admin);
    assert.equal(d.channel, 'counter');
    // Held and decided by the police of the applicant's ward.
    assert.deepEqual([d.agency, d.decidingAgency], [`cong-an-${ward.code}`, `cong-an-${ward.code}`]);
    assert.equal(d.timeline[0]?.by, police.username);
    assert.equal((await call('POST', `${BASE}/dossiers`, body, admin)).status, 201, 'an admin files for any agency');
    assert.equal((await call('POST', `${BASE}/dossiers`, body, viewer)).status, 403);
    assert.equal((await call('POST', `${BASE}/dossiers`, body, null)).status, 401);
  });

  it("at the counter, an applicant written without a phone is reached at the form's phone: a code can be sent", async () => {
    const police = await accountWith(app, ['officer'], '');
    assert.equal(
      (await call('PUT', `${BASE}/staff/${police.id}`, { agencies: [`cong-an-${ward.code}`] }, admin)).status,
      200,
    );
    const body = residenceBody('counter', 'Lê Văn Tâm');
    const filed = await call(
      'POST',
      `${BASE}/dossiers`,
      {
        ...body,
        applicant: { kind: 'citizen', name: 'Lê Văn Tâm' },
        values: { ...body.values, requesterPhone: '0912777888' },
      },
      police,
    );
    assert.equal(filed.status, 201, filed.body);
    const { code } = filed.json<{ code: string }>();
    const d = await detail(code, admin);
    assert.equal((d as unknown as { applicant: { phone: string } }).applicant.phone, '0912777888');
    const asked = await call('POST', `${BASE}/access`, { code, contact: '0912777888' }, null);
    assert.equal(asked.status, 202, asked.body);
    await app.modules.get(servicesModule).applicants.settled();
    const sent = await app.messages.outbox('', { topic: 'services.otp', limit: 500 });
    assert.ok(
      sent.some((m) => m.subject.endsWith(code)),
      'a one-time code went to the phone the form gives',
    );
  });

  it('a dossier filed and a document uploaded answer where they are read (Location), and the audit trail names them', async () => {
    const police = await accountWith(app, ['officer'], '');
    assert.equal(
      (await call('PUT', `${BASE}/staff/${police.id}`, { agencies: [`cong-an-${ward.code}`] }, admin)).status,
      200,
    );
    const online = await call('POST', `${BASE}/dossiers`, residenceBody(undefined, 'Đỗ Văn Hải'), null, {
      'x-request-id': 'filed-online-1',
    });
    assert.equal(online.status, 201, online.body);
    const { code, token } = online.json<{ code: string; token: string }>();
    assert.equal(online.res.headers.location, `${BASE}/my/dossiers/${code}`);
    const own = await call('GET', `${BASE}/my/dossiers/${code}`, undefined, null, { 'x-applicant-token': token });
    assert.equal(own.status, 200, own.body);
    const counter = await call('POST', `${BASE}/dossiers`, residenceBody('counter', 'Đỗ Thị Hoa'), police, {
      'x-request-id': 'filed-counter-1',
    });
    assert.equal(counter.status, 201, counter.body);
    const counterCode = counter.json<{ code: string }>().code;
    assert.equal(counter.res.headers.location, `${BASE}/dossiers/${counterCode}`);
    const uploaded = await upload(await pdfBytes('CCCD'), 'cccd.pdf');
    assert.equal(uploaded.status, 201, uploaded.body);
    const id = uploaded.json<{ id: string }>().id;
    assert.equal(uploaded.res.headers.location, `${BASE}/documents/${id}`);
    assert.equal((await call('GET', `${BASE}/documents/${id}`, undefined, admin)).status, 200);
    await app.audit.flush();
    const targets = await ctx.db.query<{ request_id: string; target: string | null }>(
      `SELECT request_id, target FROM audit_record WHERE request_id IN ('filed-online-1', 'filed-counter-1')
        ORDER BY request_id`,
    );
    assert.deepEqual(
      targets.rows.map((r) => [r.request_id, r.target]),
      [
        ['filed-counter-1', counterCode],
        ['filed-online-1', code],
      ],
    );
    const uploads = await ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_record WHERE action = 'POST /api/v1/services/uploads' AND target = $1`,
      [id],
    );
    assert.equal(uploads.rows[0]?.n, 1);
  });

  it('filing online is limited per address (SERVICES_FILING_RATE_LIMIT), counting what is filed; officers at the counter are not', async () => {
    const limited = await buildTestApp(ctx.db, { PAYMENTS_WEBHOOK_SECRET: SECRET, SERVICES_FILING_RATE_LIMIT: '3' });
    try {
      const police = await accountWith(limited, ['officer'], '');
      const put = await limited.http.inject({
        method: 'PUT',
        url: `${BASE}/staff/${police.id}`,
        headers: admin.auth,
        payload: { agencies: [`cong-an-${ward.code}`] },
      });
      assert.equal(put.statusCode, 200, put.body);
      const file = (from: string, body: Record<string, unknown> = residenceBody(), who?: Account) =>
        limited.http.inject({
          method: 'POST',
          url: `${BASE}/dossiers`,
          payload: body,
          remoteAddress: from,
          ...(who ? { headers: who.auth } : {}),
        });
      // A form refused does not count: the family corrects it and files.
      const wrong = { ...residenceBody(), applicant: { ...residenceBody().applicant, phone: 'abc' } };
      for (let i = 0; i < 5; i++) assert.equal((await file('10.0.9.1', wrong)).statusCode, 400);
      for (let i = 0; i < 3; i++) assert.equal((await file('10.0.9.1')).statusCode, 201);
      const count = async () =>
        (await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM services_dossiers WHERE tenant = ''`))
          .rows[0]?.n;
      const before = await count();
      const over = await file('10.0.9.1');
      assert.equal(over.statusCode, 429, over.body);
      assert.equal(problemOf(over).code, 'SERVICES_RATE_LIMITED');
      assert.ok(Number(over.headers['retry-after']) > 0, "Number(over.headers['retry-after']) > 0");
      assert.equal(await count(), before, 'nothing filed');
      assert.equal((await file('10.0.9.2')).statusCode, 201, 'another address files');
      const counter = await file('10.0.9.1', residenceBody('counter'), police);
      assert.equal(counter.statusCode, 201, counter.body);
    } finally {
      await limited.http.close();
    }
  });

  it("the applicant's particulars are checked as the form's fields are; nothing is filed otherwise", async () => {
    const count = async () =>
      (await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM services_dossiers WHERE tenant = ''`)).rows[0]
        ?.n;
    const before = await count();
    const cases: [Record<string, unknown>, string][] = [
      [{ phone: 'abc' }, 'requesterPhone'],
      [{ email: 'an@example.com\r\nBcc: all@example.com' }, 'requesterEmail'],
      [{ email: 'an@example' }, 'requesterEmail'],
      [{ name: '<img src=x onerror=alert(1)>' }, 'requesterName'],
      [{ name: 'Ngô Thị \u202eLan' }, 'requesterName'],
      [{ address: '9 Phố Huế\u0007' }, 'requesterAddress'],
      [{ address: '9 Phố \u2066Huế' }, 'requesterAddress'],
      [{ idNumber: '12345' }, 'requesterIdNumber'],
      [{ idNumber: '0101234567' }, 'requesterIdNumber'], // an enterprise code, for a citizen
    ];
    // Each refused particular is named by the form's field that gives it (the requester's), where the page marks it.
    for (const [change, field] of cases) {
      const body = residenceBody();
      const res = await call(
        'POST',
        `${BASE}/dossiers`,
        { ...body, applicant: { ...body.applicant, ...change } },
        null,
      );
      assert.equal(res.status, 400, `${JSON.stringify(change)}: ${res.body}`);
      const problem = problemOf(res.res) as { code: string; errors?: { field: string }[] };
      assert.equal(problem.code, 'SERVICES_FORM_INVALID');
      assert.deepEqual(
        problem.errors?.map((e) => e.field),
        [field],
        JSON.stringify(change),
      );
    }
    assert.equal(await count(), before, 'nothing filed');
    // Written as people write them, they are kept canonical: the phone compact, +84 made 0.
    const body = residenceBody();
    const ok = await call(
      'POST',
      `${BASE}/dossiers`,
      { ...body, applicant: { ...body.applicant, phone: '+84 911 222 333', idNumber: '001 190 011 111' } },
      null,
    );
    assert.equal(ok.status, 201, ok.body);
    const d = await detail(ok.json<{ code: string }>().code, admin);
    assert.equal(d.applicant.phone, '0911222333');
    assert.equal(d.applicant.idNumber, '001190011111');
  });

  it('the Decision 766 index matches a count made from the rules', async () => {
    const res = await call('GET', `${BASE}/index`);
    assert.equal(res.status, 200, res.body);
    const body = res.json<{
      from: string;
      to: string;
      city: { dossiers: number; criteria: { code: string; rate: number | null }[]; points: number };
    }>();
    const rows = await indexRows(ctx.db, '', body.from, body.to);
    // Each agency of the index with its name.
    const named = res.json<{ agencies: { agency: string; name: { vi: string } }[] }>().agencies;
    assert.ok(named.length > 0, 'named.length > 0');
    for (const a of named) {
      const listed = await app.modules.get(servicesModule).catalogue.agency('', a.agency);
      assert.equal(a.name.vi, listed?.name.vi, `${a.agency} by its name`);
      assert.ok(a.name.vi.length > 0 && a.name.vi !== a.agency, 'a.name.vi.length > 0 && a.name.vi !== a.agency');
    }
    const returned = rows.filter((r) => r.state === 'returned');
    const onTime = returned.filter((r) => r.timeliness === 'early' || r.timeliness === 'on-time').length;
    assert.equal(body.city.dossiers, rows.length);
    const rate = (code: string) => body.city.criteria.find((c) => c.code === code)?.rate;
    assert.equal(rate('on-time'), returned.length === 0 ? null : onTime / returned.length);
    assert.equal(rate('filed-online'), rows.filter((r) => r.channel === 'online').length / rows.length);
    // The dossiers' own counts of portal events are those of the outbox.
    await app.modules.get(servicesModule).portal.deliver();
    const synced = (await call('GET', `${BASE}/index`))
      .json<{
        city: { criteria: { code: string; numerator: number; denominator: number }[] };
      }>()
      .city.criteria.find((c) => c.code === 'synced-to-portal');
    const outbox = await indexRows(ctx.db, '', body.from, body.to);
    assert.ok(
      outbox.reduce((s, r) => s + r.portalDelivered, 0) > 0,
      'outbox.reduce((s, r) => s + r.portalDelivered, 0) > 0',
    );
    assert.equal(
      synced?.numerator,
      outbox.reduce((s, r) => s + r.portalDelivered, 0),
    );
    assert.equal(
      synced?.denominator,
      outbox.reduce((s, r) => s + r.portalEvents, 0),
    );
    const figures = computeIndex(
      rows,
      await app.modules.get(servicesModule).catalogue.list('', { all: true }),
      vietnamCalendar(),
    );
    assert.equal(body.city.points, figures.points);
    const summary = await call('GET', `${BASE}/summary`);
    assert.equal(summary.status, 200, summary.body);
    assert.ok(summary.json<{ open: number }>().open >= 2, 'summary.json<{ open: number }>().open >= 2');
    // The viewer reads the index; an anonymous caller does not.
    assert.equal((await call('GET', `${BASE}/index`, undefined, viewer)).status, 200);
    assert.equal((await call('GET', `${BASE}/index`, undefined, null)).status, 401);
    void app.modules.get(paymentsModule);
  });

  it('the index sees every change made after it was counted, and credits the agency that decides', async () => {
    const services = app.modules.get(servicesModule);
    const day = 86_400_000;
    // Hanoi midnight today: yesterday to the day after tomorrow is three whole days, counted from the
    // days' counts; from yesterday 10:00 to an hour from now has partial days, counted from the dossiers.
    const midnight = Math.floor((Date.now() + 7 * 3_600_000) / day) * day - 7 * 3_600_000;
    const periods = [
      [midnight - day, midnight + 2 * day],
      [midnight - day + 10 * 3_600_000, Date.now() + 3_600_000],
    ].map(([a, b]) => [new Date(a as number).toISOString(), new Date(b as number).toISOString()] as const);
    type Index = { city: IndexFigures; agencies: { agency: string; figures: IndexFigures }[] };
    const index = async (from: string, to: string, on = app, calendar = vietnamCalendar()) => {
      const res = await on.http.inject({
        method: 'GET',
        url: `${BASE}/index?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
        headers: (on === app ? viewer : await accountWith(on, ['viewer'], '')).auth,
      });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json<Index>();
      // An independent count of the period's dossiers, city-wide and per deciding agency.
      const rows = await indexRows(ctx.db, '', from, to);
      const procedures = await services.catalogue.list('', { all: true });
      assert.deepEqual(body.city, computeIndex(rows, procedures, calendar));
      assert.deepEqual(
        body.agencies.map((a) => a.agency),
        [...new Set(rows.map((r) => r.agency))].sort(),
      );
      for (const a of body.agencies) {
        const own = computeIndex(
          rows.filter((r) => r.agency === a.agency),
          procedures.filter((p) => decides(p, a.agency)),
          calendar,
        );
        assert.deepEqual(a.figures, own, a.agency);
      }
      return body;
    };
    const before = await Promise.all(periods.map(([from, to]) => index(from, to)));

    // Filed, paid, along the steps to its return, rated, its portal events delivered: the index is
    // asked between the changes, so each must mark its day again.
    const [whole0, whole1] = periods[0] as readonly [string, string];
    const filed = await fileDossier('Trần Văn Bình');
    await index(whole0, whole1);
    await pay(filed.fee.payment?.reference as string, 75_000);
    await index(whole0, whole1);
    await act(filed.code, 'receive');
    await act(filed.code, 'start');
    await act(filed.code, 'hand-off');
    await act(filed.code, 'hand-off', {}, wardOfficer);
    await act(
      filed.code,
      'result',
      { title: 'GIẤY PHÉP XÂY DỰNG', body: ['Cho phép xây dựng nhà ở riêng lẻ.'] },
      wardOfficer,
    );
    await act(filed.code, 'return');
    await index(whole0, whole1);
    const mine = { 'x-applicant-token': filed.token };
    const rated = await call('POST', `${BASE}/my/dossiers/${filed.code}/rating`, { score: 2 }, null, mine);
    assert.equal(rated.status, 200, rated.body);
    await index(whole0, whole1);
    await services.portal.deliver();

    const after = await Promise.all(periods.map(([from, to]) => index(from, to)));
    for (const [i, b] of before.entries()) {
      const a = after[i] as Index;
      assert.equal(a.city.dossiers, b.city.dossiers + 1);
      assert.equal(a.city.returned, b.city.returned + 1);
      const rated = (x: Index) => x.city.criteria.find((c) => c.code === 'satisfaction')?.denominator;
      assert.equal(rated(a), (rated(b) ?? 0) + 1);
    }
    // The permit is decided by the plot's ward: the ward is credited with its return, not the one-stop
    // centre that received and returned it.
    const [whole] = after as [Index];
    assert.ok(
      (whole.agencies.find((a) => a.agency === wardAgency)?.figures.returned ?? 0) >= 1,
      '(whole.agencies.find((a) => a.agency === wardAgency)?.figures.returned ?? 0) >= 1',
    );
    assert.ok(!whole.agencies.some((a) => a.agency === CENTRE), '!whole.agencies.some((a) => a.agency === CENTRE)');

    // A change made straight in the database is seen too: received Thursday 19 November 2026 08:00,
    // returned Friday 17:00 (two working days).
    await ctx.db.query(
      `UPDATE services_dossiers SET received_at = '2026-11-19T01:00:00Z', returned_at = '2026-11-20T10:00:00Z'
        WHERE tenant = '' AND code = $1`,
      [filed.code],
    );
    const moved = await index(whole0, whole1);
    assert.notEqual(moved.city.averageHandlingDays, whole.city.averageHandlingDays);
    // Started again with that Friday a day off: the days kept their counts, and their working time is
    // counted again with the new calendar.
    const restarted = await buildTestApp(ctx.db, {
      PAYMENTS_WEBHOOK_SECRET: SECRET,
      REPORTS_EXTRA_HOLIDAYS: '2026-11-20',
    });
    try {
      const again = await index(whole0, whole1, restarted, vietnamCalendar({ holidays: ['2026-11-20'] }));
      assert.equal(again.city.dossiers, moved.city.dossiers);
      assert.notEqual(again.city.averageHandlingDays, moved.city.averageHandlingDays);
    } finally {
      await restarted.http.close();
    }
  });

  it('closed dossiers: found in the queue by their state or their exact code, still only by their agencies', async () => {
    const refused = await fileDossier('Đỗ Văn Khải');
    await act(refused.code, 'reject', { reason: 'Thiếu bản vẽ mặt bằng móng.' });
    const queued = async (query: string, who: Account = centreOfficer) => {
      const res = await call('GET', `${BASE}/queue?limit=200&${query}`, undefined, who);
      assert.equal(res.status, 200, res.body);
      return res.json<{ dossiers: { code: string; state: string }[] }>().dossiers;
    };
    // By default the queue is the open dossiers.
    assert.ok(
      !(await queued('')).some((d) => d.code === refused.code),
      "!(await queued('')).some((d) => d.code === refused.code)",
    );
    // A state asked: closed ones too, of the officer's agencies only.
    const rejected = await queued('state=rejected');
    assert.ok(
      rejected.some((d) => d.code === refused.code),
      'rejected.some((d) => d.code === refused.code)',
    );
    assert.ok(
      rejected.every((d) => d.state === 'rejected'),
      "rejected.every((d) => d.state === 'rejected')",
    );
    assert.ok(
      (await queued('state=rejected', admin)).some((d) => d.code === refused.code),
      "(await queued('state=rejected', admin)).some((d) => d.code === refused.code)",
    );
    assert.ok(
      (await queued('state=rejected', viewer)).some((d) => d.code === refused.code),
      "(await queued('state=rejected', viewer)).some((d) => d.code === refused.code)",
    );
    assert.ok(
      !(await queued('state=rejected', otherOfficer)).some((d) => d.code === refused.code),
      "!(await queued('state=rejected', otherOfficer)).some((d) => d.code === refused.code)",
    );
    assert.ok(
      !(await queued('state=submitted')).some((d) => d.code === refused.code),
      "!(await queued('state=submitted')).some((d) => d.code === refused.code)",
    );
    // Its exact code finds it whatever its state; a part of a code searches the open ones.
    assert.deepEqual(
      (await queued(`q=${refused.code}`)).map((d) => d.code),
      [refused.code],
    );
    assert.ok(
      !(await queued(`q=${refused.code.slice(0, -1)}`)).some((d) => d.code === refused.code),
      '!(await queued(`q=${refused.code.slice(0, -1)}`)).some((d) => d.code === refused.code)',
    );
    assert.deepEqual(await queued(`q=${refused.code}`, otherOfficer), []);
  });

  it("the centre finds what it received once it moved on, by code or the applicant's ID number or phone (audited)", async () => {
    const person = { idNumber: '001089001234', phone: '0987 111 222' };
    const filed = await fileDossier('Nguyễn Văn Bình', PERMIT, person);
    await pay(filed.fee.payment?.reference as string, filed.fee.totalVnd);
    await act(filed.code, 'receive');
    await act(filed.code, 'start');
    await act(filed.code, 'hand-off');
    const found = async (q: string, who: Account = centreOfficer) => {
      const res = await call('GET', `${BASE}/queue?limit=200&q=${encodeURIComponent(q)}`, undefined, who);
      assert.equal(res.status, 200, res.body);
      return res.json<{ dossiers: { code: string; applicantMasked: string }[] }>().dossiers.map((d) => d.code);
    };
    // At the ward now: the centre that received it finds it by its whole code, as the ward does.
    assert.deepEqual(await found(filed.code), [filed.code]);
    assert.deepEqual(await found(filed.code, wardOfficer), [filed.code]);
    assert.deepEqual(await found(filed.code, otherOfficer), []);
    // By the applicant's ID number, or phone however written: theirs, closed ones too.
    assert.deepEqual(await found('001089001234'), [filed.code]);
    assert.deepEqual(await found('+84 987 111 222'), [filed.code]);
    assert.deepEqual(await found('0987-111-222', wardOfficer), [filed.code]);
    assert.deepEqual(await found('0987111222', admin), [filed.code]);
    assert.deepEqual(await found('987 111 222'), [filed.code], 'a mobile number written without its 0');
    // Not by another agency's officer, nor by one who does not handle dossiers, nor by a near number.
    assert.deepEqual(await found('001089001234', otherOfficer), []);
    assert.deepEqual(await found('001089001234', viewer), []);
    assert.deepEqual(await found('001089001235'), []);
    // The look-up is a read of the person's data, in the audit trail.
    await app.audit.flush();
    const reads = await ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_record WHERE action = 'personal-data.read' AND actor_id = $1
         AND target = $2`,
      [centreOfficer.id, `services-dossiers:${filed.code}`],
    );
    assert.ok((reads.rows[0]?.n ?? 0) >= 2, 'the searches by ID number and phone are audited');
    // A search that found no one is recorded too (a run of probed numbers shows), without the number.
    const misses = await ctx.db.query<{ detail: unknown }>(
      `SELECT detail FROM audit_record WHERE action = 'personal-data.search' AND actor_id = $1`,
      [centreOfficer.id],
    );
    assert.ok(misses.rows.length >= 1, 'the search for 001089001235, which found no one, is in the audit trail');
    assert.ok(
      !misses.rows.some((r) => JSON.stringify(r.detail).includes('001089001235')),
      'the number looked for is not kept',
    );
  });

  it('refused or withdrawn before payment: the fee is cancelled, not due, and the applicant reads why', async () => {
    const refused = await fileDossier('Vũ Thị Lan');
    assert.equal(refused.fee.state, 'due');
    await act(refused.code, 'reject', { reason: 'Thửa đất không thuộc địa bàn.' });
    assert.equal((await detail(refused.code)).fee.state, 'cancelled');
    const mine = await call('GET', `${BASE}/my/dossiers/${refused.code}`, undefined, null, {
      'x-applicant-token': refused.token,
    });
    assert.equal(mine.status, 200, mine.body);
    const view = mine.json<{
      fee: { state: string; payment?: unknown };
      closed?: { action: string; at: string; reason?: string };
    }>();
    assert.equal(view.fee.state, 'cancelled');
    assert.equal(view.fee.payment, undefined);
    assert.equal(view.closed?.action, 'reject');
    assert.equal(view.closed?.reason, 'Thửa đất không thuộc địa bàn.');
    // Public tracking says when it was filed and refused (no reason: that is the applicant's).
    const tracked = await call('GET', `${BASE}/track/${refused.code}`, undefined, null);
    const t = tracked.json<{ submittedAt?: string; closedAt?: string; returnedAt?: string }>();
    assert.ok(t.submittedAt && t.closedAt, tracked.body);
    assert.equal(t.closedAt, view.closed?.at);
    assert.equal(t.returnedAt, undefined);
    assert.doesNotMatch(tracked.body, /Thửa đất/);
    // A transfer made after all is not a paid fee (it is unmatched: a refund in the reconciliation).
    await pay(refused.fee.payment?.reference as string, 75_000);
    assert.equal((await detail(refused.code)).fee.state, 'cancelled');

    const withdrawn = await fileDossier('Vũ Văn Hùng');
    const headers = { 'x-applicant-token': withdrawn.token };
    const res = await call(
      'POST',
      `${BASE}/my/dossiers/${withdrawn.code}/withdraw`,
      { reason: 'Nộp nhầm.' },
      null,
      headers,
    );
    assert.equal(res.status, 200, res.body);
    const after = (await call('GET', `${BASE}/my/dossiers/${withdrawn.code}`, undefined, null, headers)).json<{
      state: string;
      fee: { state: string };
      closed?: { action: string; reason?: string };
    }>();
    assert.deepEqual(
      { state: after.state, fee: after.fee.state, closed: after.closed?.action },
      { state: 'withdrawn', fee: 'cancelled', closed: 'withdraw' },
    );
    // An open dossier has no closing; a paid fee stays paid.
    const open = await fileDossier('Vũ Văn Nam');
    await pay(open.fee.payment?.reference as string, 75_000);
    const openView = (
      await call('GET', `${BASE}/my/dossiers/${open.code}`, undefined, null, { 'x-applicant-token': open.token })
    ).json<{ fee: { state: string }; closed?: unknown }>();
    assert.deepEqual({ fee: openView.fee.state, closed: openView.closed }, { fee: 'paid', closed: undefined });
  });

  it('an online dossier left unpaid past SERVICES_UNPAID_EXPIRY is refused by the system: payment cancelled, applicant told, portal sent', async () => {
    const service = app.modules.get(servicesModule).dossiers;
    const stale = await fileDossier('Trịnh Văn Bình');
    const paid = await fileDossier('Trịnh Thị Hạnh');
    await pay(paid.fee.payment?.reference as string, 75_000);
    const fresh = await fileDossier('Trịnh Văn Cường');
    // Filed 72 hours and a minute ago (the default expiry); the fresh one just now.
    const ago = new Date(Date.now() - 72 * 3600_000 - 60_000).toISOString();
    await ctx.db.query(`UPDATE services_dossiers SET submitted_at = $1 WHERE tenant = '' AND code = ANY($2)`, [
      ago,
      [stale.code, paid.code],
    ]);
    assert.ok((await service.closeUnpaid()).closed >= 1, '(await service.closeUnpaid()).closed >= 1');
    const closed = await detail(stale.code);
    assert.deepEqual([closed.state, closed.fee.state], ['rejected', 'cancelled']);
    // The applicant reads why, and is told; the national portal is sent the state.
    const mine = (
      await call('GET', `${BASE}/my/dossiers/${stale.code}`, undefined, null, { 'x-applicant-token': stale.token })
    ).json<{
      state: string;
      fee: { state: string; payment?: unknown };
      closed?: { action: string; reason?: string };
    }>();
    assert.equal(mine.closed?.action, 'reject');
    assert.match(mine.closed?.reason ?? '', /chưa được thanh toán trong 72 giờ/);
    assert.equal(mine.fee.payment, undefined);
    const told = (await app.messages.outbox('', { topic: 'services.reject', limit: 500 })).find((m) =>
      m.subject.startsWith(stale.code),
    );
    assert.match(told?.text ?? '', /72 giờ/);
    const portal = await ctx.db.query<{ payload: { state: string } }>(
      `SELECT payload FROM services_portal_outbox WHERE tenant = '' AND dossier = $1 ORDER BY id DESC LIMIT 1`,
      [stale.code],
    );
    assert.equal(portal.rows[0]?.payload.state, 'rejected');
    const events = await ctx.db.query<{ kind: string; by_kind: string }>(
      `SELECT kind, by_kind FROM services_dossier_events WHERE tenant = '' AND code = $1 ORDER BY id DESC LIMIT 1`,
      [stale.code],
    );
    assert.deepEqual(events.rows[0], { kind: 'reject', by_kind: 'system' });
    // A transfer after it is not a paid fee (unmatched: a refund in the reconciliation).
    await pay(stale.fee.payment?.reference as string, 75_000);
    assert.equal((await detail(stale.code)).fee.state, 'cancelled');
    // The one paid in time waits for its receipt; the fresh one for its fee; closing again changes nothing.
    assert.deepEqual([(await detail(paid.code)).state, (await detail(paid.code)).fee.state], ['submitted', 'paid']);
    assert.deepEqual([(await detail(fresh.code)).state, (await detail(fresh.code)).fee.state], ['submitted', 'due']);
    assert.deepEqual(await service.closeUnpaid(), { closed: 0, failed: 0 });
    // The expiry is a setting, checked at start.
    assert.throws(
      () => testConfig({ SERVICES_UNPAID_EXPIRY: '10m' }),
      (err: unknown) => err instanceof ConfigError && err.problems.some((p) => p.variable === 'SERVICES_UNPAID_EXPIRY'),
    );
    assert.equal(
      (testConfig({ SERVICES_UNPAID_EXPIRY: '24h' }).modules['services'] as { unpaidExpiryMs: number }).unpaidExpiryMs,
      24 * 3600_000,
    );
  });

  it("the applicant's page names the agency that decides the dossier apart from the office holding it", async () => {
    const filed = await fileDossier('Đinh Văn Toàn');
    const deciding = (await detail(filed.code)).decidingAgency;
    const mine = (
      await call('GET', `${BASE}/my/dossiers/${filed.code}`, undefined, null, { 'x-applicant-token': filed.token })
    ).json<{ agency: { code: string }; decidingAgency: { code: string; name: { vi: string } } }>();
    assert.equal(mine.agency.code, CENTRE);
    assert.notEqual(deciding, CENTRE);
    assert.equal(mine.decidingAgency.code, deciding);
    assert.match(mine.decidingAgency.name.vi, /^UBND /);
  });

  it("a dossier's actions are those who asks may take: none to a viewer or another agency's officer", async () => {
    const filed = await fileDossier('Hoàng Văn Phúc');
    const actionsOf = async (who: Account) => (await detail(filed.code, who)).actions;
    assert.ok(
      (await actionsOf(centreOfficer)).includes('reject'),
      "(await actionsOf(centreOfficer)).includes('reject')",
    );
    assert.ok((await actionsOf(admin)).includes('reject'), "(await actionsOf(admin)).includes('reject')");
    assert.deepEqual(await actionsOf(viewer), []);
    assert.deepEqual(await actionsOf(otherOfficer), []);
    assert.deepEqual(await actionsOf(wardOfficer), []);
    // The answer to a step judges them for the officer who took it.
    await pay(filed.fee.payment?.reference as string, 75_000);
    const received = (await act(filed.code, 'receive')).json<StaffDossier>();
    assert.ok(received.actions.includes('start'), "received.actions.includes('start')");
  });

  it('form 06 names a receiver only where the dossier went: a result made where it stays is handed to no one', async () => {
    // A permit whose ward returns the result itself (no return step at the centre).
    const permit = HANOI_PROCEDURES.find((x) => x.code === PERMIT);
    assert.ok(permit, 'permit');
    const steps = permit.steps
      .filter((s) => s.code !== 'return')
      .map((s) => (s.code === 'sign' ? { ...s, days: s.days + 0.5 } : s));
    const kept = { ...permit, code: `${PERMIT}-PHUONG-TRA`, steps };
    await app.modules.get(servicesModule).catalogue.seed('', [kept], []);
    const filed = await fileDossier('Vũ Thị Lan', kept.code);
    await pay(filed.fee.payment?.reference as string, filed.fee.totalVnd);
    await act(filed.code, 'receive');
    await act(filed.code, 'start');
    await act(filed.code, 'hand-off');
    await act(filed.code, 'hand-off', {}, wardOfficer);
    await act(filed.code, 'result', { title: 'GIẤY PHÉP XÂY DỰNG', body: ['Cho phép xây dựng.'] }, wardOfficer);
    assert.equal((await detail(filed.code, admin)).agency, wardAgency);
    const pdf = (await call('GET', `${BASE}/dossiers/${filed.code}/forms/06`, undefined, admin)).res.rawPayload;
    const rows = (await drawnText(pdf)).flat();
    const centreName = 'Trung tâm Phục vụ hành chính công thành phố Hà Nội';
    const wardName = (await app.modules.get(servicesModule).catalogue.agency('', wardAgency))?.name.vi as string;
    // The result's row (the last, 4): from the ward, to no one; the centre is named only where it handed it on.
    const last = rows
      .slice(
        rows.lastIndexOf('4'),
        rows.findIndex((l) => l.startsWith('Trang ')),
      )
      .join(' ');
    assert.match(last, /Có kết quả giải quyết/, last);
    assert.ok(last.includes(`${wardName} – ${wardOfficer.username} — `), last);
    assert.ok(!last.includes('Trung tâm'), last);
    assert.ok(
      rows.join(' ').includes(centreName.split(' ').slice(0, 4).join(' ')),
      "rows.join(' ').includes(centreName.split(' ').slice(0, 4).join(' '))",
    );
  });

  it('the papers and the timeline name the officer by their name, not their login', async () => {
    const root = { kind: 'user' as const, id: 'test', name: 'test', roles: ['admin' as const], tenant: '*' };
    const username = `motcua.hoa.${process.pid}.${Date.now()}`;
    const password = 'a-long-enough-password-for-hoa-2026';
    const { user } = await app.auth.createUser(root, {
      username,
      password,
      roles: ['officer'],
      tenant: '',
      displayName: 'Phạm Thị Hoa',
    });
    const login = await app.http.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
    assert.equal(login.statusCode, 200, login.body);
    const token = login.json<{ token: string }>().token;
    const hoa: Account = { id: user.id, username, password, token, auth: { authorization: `Bearer ${token}` } };
    assert.equal((await call('PUT', `${BASE}/staff/${hoa.id}`, { agencies: [CENTRE] }, admin)).status, 200);

    const filed = await fileDossier('Ngô Thị Thu');
    await pay(filed.fee.payment?.reference as string, 75_000);
    await act(filed.code, 'receive', {}, hoa);
    await act(filed.code, 'start', {}, hoa);
    await act(filed.code, 'hand-off', {}, hoa);
    const d = await detail(filed.code, admin);
    const byHoa = d.timeline.filter((e) => ['receive', 'start', 'hand-off'].includes(e.kind));
    assert.deepEqual(
      byHoa.map((e) => e.by),
      ['Phạm Thị Hoa', 'Phạm Thị Hoa', 'Phạm Thị Hoa'],
    );
    for (const kind of ['01', '06']) {
      const form = await call('GET', `${BASE}/dossiers/${filed.code}/forms/${kind}`, undefined, admin);
      assert.equal(form.status, 200, form.body.slice(0, 200));
      const text = (await drawnText(form.res.rawPayload)).flat().join(' ');
      assert.ok(text.includes('Phạm Thị Hoa'), `form ${kind}: ${text.slice(0, 600)}`);
      assert.ok(!text.includes(username), `form ${kind} names the login`);
    }
  });

  it("the index's trend, of the city and of each deciding agency, is each month's index counted from the dossiers", async () => {
    const services = app.modules.get(servicesModule);
    const otherWard = `ward-${(cityWards()[1] as { code: string }).code}`;
    // Two dossiers moved to earlier months (straight in the database: the days are counted again), the
    // second one decided by another ward.
    const [y, m] = hanoiDate(Date.now()).split('-').map(Number) as [number, number];
    const monthOf = (back: number) => new Date(Date.UTC(y, m - 1 - back, 1)).toISOString().slice(0, 7);
    const startOf = (month: string) => new Date(`${month}-01T00:00:00+07:00`).toISOString();
    const first = await fileDossier('Lê Thị Hằng');
    await pay(first.fee.payment?.reference as string, 75_000);
    const second = await fileDossier('Phan Văn Tú');
    await ctx.db.query(`UPDATE services_dossiers SET submitted_at = $2 WHERE tenant = '' AND code = $1`, [
      first.code,
      `${monthOf(2)}-10T03:00:00Z`,
    ]);
    await ctx.db.query(
      `UPDATE services_dossiers SET submitted_at = $2, decided_by = $3 WHERE tenant = '' AND code = $1`,
      [second.code, `${monthOf(1)}-10T03:00:00Z`, otherWard],
    );
    type Trend = { agency?: string; months: { month: string; figures: IndexFigures }[] };
    const trend = async (query: string) => {
      const res = await call('GET', `${BASE}/index/trend${query}`, undefined, viewer);
      assert.equal(res.status, 200, res.body);
      return res.json<Trend>();
    };
    const procedures = await services.catalogue.list('', { all: true });
    const months = [5, 4, 3, 2, 1, 0].map(monthOf);
    const bounds = [...months, monthOf(-1)].map(startOf);
    // An independent count: each month's dossiers from the table, those the agency decides.
    const expected = async (agency?: string) =>
      Promise.all(
        months.map(async (month, i) => {
          const rows = await indexRows(ctx.db, '', bounds[i] as string, bounds[i + 1] as string);
          return {
            month,
            figures: computeIndex(
              agency ? rows.filter((r) => r.agency === agency) : rows,
              agency ? procedures.filter((p) => decides(p, agency)) : procedures,
              vietnamCalendar(),
            ),
          };
        }),
      );
    const city = await trend('');
    assert.deepEqual(city, { months: await expected() });
    const own = await trend(`?agency=${wardAgency}`);
    assert.deepEqual(own, { agency: wardAgency, months: await expected(wardAgency) });
    const other = await trend(`?agency=${otherWard}`);
    assert.deepEqual(other, { agency: otherWard, months: await expected(otherWard) });
    // Each moved dossier counts in its month for its own agency only, and for the city.
    const dossiersIn = (t: Trend, back: number) => t.months.find((x) => x.month === monthOf(back))?.figures.dossiers;
    assert.equal(dossiersIn(other, 1), 1);
    assert.equal(dossiersIn(other, 2), 0);
    assert.ok((dossiersIn(own, 2) ?? 0) >= 1, 'the first dossier in its month for its ward');
    assert.equal(dossiersIn(city, 1), (dossiersIn(own, 1) ?? 0) + 1);
    assert.ok(JSON.stringify(own.months) !== JSON.stringify(city.months), "an agency's trend is not the city's");
    // A year back; bad input refused with its code; the index's readers only.
    assert.equal((await trend('?months=12')).months.length, 12);
    const unknown = await call('GET', `${BASE}/index/trend?agency=no-such-agency`, undefined, viewer);
    assert.equal(unknown.status, 400, unknown.body);
    assert.equal(problemOf(unknown.res).code, 'SERVICES_AGENCY_UNKNOWN');
    const tooMany = await call('GET', `${BASE}/index/trend?months=25`, undefined, viewer);
    assert.equal(tooMany.status, 400, tooMany.body);
    assert.equal((await call('GET', `${BASE}/index/trend`, undefined, null)).status, 401);
  });

  it('form 04: a dossier extended twice has two letters, each with its own reason, days, new date and day made', async () => {
    const filed = await fileDossier('Hoàng Thị Mai');
    const code = filed.code;
    await pay(filed.fee.payment?.reference as string, 75_000);
    await act(code, 'receive');
    await act(code, 'start');
    await act(code, 'hand-off');
    const dueAtFirst = (await detail(code)).dueAt as string;
    await act(code, 'extend', { days: 2, reason: 'Cần kiểm tra thực địa' }, wardOfficer);
    const dueAfterFirst = (await detail(code)).dueAt as string;
    await act(code, 'extend', { days: 3, reason: 'Chờ ý kiến của Sở Xây dựng' }, wardOfficer);
    const d = await detail(code);
    const dueAfterSecond = d.dueAt as string;
    assert.notEqual(dueAfterSecond, dueAfterFirst);
    const made = d.timeline.filter((e) => e.kind === 'extend').map((e) => e.at);
    assert.equal(made.length, 2);
    const letter = async (query: string, who: Account | null = wardOfficer, headers = {}) => {
      const res = await call('GET', `${BASE}/dossiers/${code}/forms/04${query}`, undefined, who, headers);
      assert.equal(res.status, 200, res.body.slice(0, 300));
      return { pdf: res.res.rawPayload, text: (await drawnText(res.res.rawPayload)).flat().join(' ') };
    };
    const first = await letter('?extension=1');
    const second = await letter('?extension=2');
    for (const [x, words, absent] of [
      [
        first.text,
        [
          'Cần kiểm tra thực địa',
          'Thời gian gia hạn: 2 ngày làm việc',
          'Lần gia hạn: Lần 1',
          `Thời hạn trả kết quả đã hẹn: ${timeVi(dueAtFirst)}`,
          `Thời hạn trả kết quả mới: ${timeVi(dueAfterFirst)}`,
          vietnameseDate(new Date(made[0] as string)),
        ],
        ['Chờ ý kiến của Sở Xây dựng', timeVi(dueAfterSecond)],
      ],
      [
        second.text,
        [
          'Chờ ý kiến của Sở Xây dựng',
          'Thời gian gia hạn: 3 ngày làm việc',
          'Lần gia hạn: Lần 2',
          `Thời hạn trả kết quả đã hẹn: ${timeVi(dueAfterFirst)}`,
          `Thời hạn trả kết quả mới: ${timeVi(dueAfterSecond)}`,
          vietnameseDate(new Date(made[1] as string)),
        ],
        ['Cần kiểm tra thực địa'],
      ],
    ] as const) {
      for (const w of words) assert.ok(x.includes(w), `${w} in: ${x.slice(0, 900)}`);
      for (const w of absent) assert.ok(!x.includes(w), `${w} not in: ${x.slice(0, 900)}`);
    }
    // Unasked, the latest, as before; the applicant's own copies the same way.
    assert.equal((await letter('')).text, second.text);
    const mine = { 'x-applicant-token': filed.token };
    const own = await call('GET', `${BASE}/my/dossiers/${code}/forms/04?extension=1`, undefined, null, mine);
    assert.equal(own.status, 200, own.body.slice(0, 300));
    assert.ok(
      (await drawnText(own.res.rawPayload)).flat().join(' ').includes('Cần kiểm tra thực địa'),
      "the applicant's first letter",
    );
    // An extension the dossier did not have, or asked of another form: 404 with its code; not a number: 400.
    for (const url of [`forms/04?extension=3`, `forms/01?extension=1`]) {
      const res = await call('GET', `${BASE}/dossiers/${code}/${url}`, undefined, wardOfficer);
      assert.equal(res.status, 404, `${url}: ${res.body}`);
      assert.equal(problemOf(res.res).code, 'SERVICES_EXTENSION_NOT_MADE', url);
    }
    assert.equal((await call('GET', `${BASE}/dossiers/${code}/forms/04?extension=0`)).status, 400);
    assert.equal((await call('GET', `${BASE}/dossiers/${code}/forms/04?extension=x`)).status, 400);
  });
});
