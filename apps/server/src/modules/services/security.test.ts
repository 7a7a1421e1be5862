import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import type { App } from '../../app.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { manyObjectPdf, multipart, pdfBytes } from '../../../test/support/uploads.js';
import { accountWith, buildTestApp, problemOf, testConfig, type Account } from '../../../test/support/app.js';
import { ConfigError } from '../../platform/config.js';
import { PDFDocument } from 'pdf-lib';
import { cityWards } from '../city/index.js';
import { bankConfirmation, DEMO_PAYEE } from '../payments/index.js';
import { HANOI_AGENCIES, HANOI_PROCEDURES } from './hanoi-procedures.js';
import { TRACKS_PER_WINDOW } from './routes.js';
import { servicesModule, type StaffDossier } from './index.js';
import { MAX_BOOK_PDF_DOSSIERS } from './service.js';
import { insertToken } from './applicants-store.js';

/**
 * The online public services against an attacker's trial: each finding, fixed, over HTTP on both
 * databases — personal data in the PDFs and to officers of other agencies, supplements that change
 * the fee, the agency or who applies, fees paid on closed dossiers, hand-offs to anyone, filing as
 * someone else, 403 against 404, tracking without a limit, and the QR code after a reload.
 */

const SECRET = 'a-test-webhook-secret-long-enough-0123456789';
const BASE = '/api/v1/services';
const PERMIT = 'HN.XD.GPXD-NO';
const CENTRE = 'trung-tam-phvhcc';

describeEachDriver("online public services: the attacker's findings", (ctx) => {
  let app: App;
  let centreOfficer: Account;
  let wardOfficer: Account;
  let otherOfficer: Account;
  let viewer: Account;
  let admin: Account;
  const ward = cityWards()[0] as { code: string; name: string };
  const wardAgency = `ward-${ward.code}`;
  let transactions = 0;

  before(async () => {
    app = await buildTestApp(ctx.db, { PAYMENTS_WEBHOOK_SECRET: SECRET });
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

  const upload = async (file: Buffer, name: string, document?: string) => {
    const { body, contentType } = multipart(file, name, document);
    const res = await app.http.inject({
      method: 'POST',
      url: `${BASE}/uploads`,
      payload: body,
      headers: { 'content-type': contentType },
    });
    return { status: res.statusCode, body: res.body, json: <T>() => res.json<T>(), res };
  };

  const permitValues = (name = 'Nguyễn Văn An') => ({
    requesterName: name,
    requesterIdNumber: '001085012345',
    requesterPhone: '0912345678',
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

  const fileDossier = async (name = 'Nguyễn Văn An') => {
    const land = await upload(await pdfBytes('So do'), 'so-do.pdf');
    assert.equal(land.status, 201, land.body);
    const drawing = await upload(await pdfBytes('Ban ve'), 'ban-ve.pdf');
    assert.equal(drawing.status, 201, drawing.body);
    const res = await call(
      'POST',
      `${BASE}/dossiers`,
      {
        procedure: PERMIT,
        applicant: {
          kind: 'citizen',
          name,
          idNumber: '001085012345',
          phone: '0912345678',
          email: 'an@example.com',
          address: '12 Hàng Bạc',
        },
        values: permitValues(name),
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

  /** The PDF's text, as an outside reader (poppler's pdftotext) extracts it. */
  const pdfText = (pdf: Buffer): string => {
    const out = spawnSync('pdftotext', ['-', '-'], { input: pdf, encoding: 'utf8' });
    assert.equal(out.status, 0, out.stderr);
    return out.stdout;
  };
  const reads = async (code: string, who: Account): Promise<number> => {
    await app.audit.flush();
    const r = await ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_record WHERE action = 'personal-data.read' AND target = $1 AND actor_id = $2`,
      [`services-dossiers:${code}`, who.id],
    );
    return r.rows[0]?.n ?? 0;
  };

  it('1: the forms and the book PDFs name the applicant in clear only to those allowed, each such read audited', async () => {
    const name = 'Phạm Minh Khôi';
    const filed = await fileDossier(name);
    await pay(filed.fee.payment?.reference as string, filed.fee.totalVnd);
    await act(filed.code, 'receive');

    const form = async (who: Account) => {
      const res = await call('GET', `${BASE}/dossiers/${filed.code}/forms/01`, undefined, who);
      assert.equal(res.status, 200, res.body.slice(0, 200));
      return pdfText(res.res.rawPayload);
    };
    const before = await reads(filed.code, viewer);
    assert.ok(!(await form(viewer)).includes(name), '!(await form(viewer)).includes(name)');
    assert.equal(await reads(filed.code, viewer), before);
    const handlerBefore = await reads(filed.code, centreOfficer);
    assert.ok((await form(centreOfficer)).includes(name), '(await form(centreOfficer)).includes(name)');
    assert.equal(await reads(filed.code, centreOfficer), handlerBefore + 1);

    const book = async (who: Account) => {
      const res = await call('GET', `${BASE}/book?format=pdf&agency=${CENTRE}`, undefined, who);
      assert.equal(res.status, 200, res.body.slice(0, 200));
      return pdfText(res.res.rawPayload);
    };
    const viewed = await book(viewer);
    assert.ok(
      !viewed.includes(name) && !viewed.includes('0912345678'),
      "!viewed.includes(name) && !viewed.includes('0912345678')",
    );
    const adminBefore = await reads(filed.code, admin);
    const clear = await book(admin);
    assert.ok(
      clear.includes(name) || clear.includes('0912345678'),
      "clear.includes(name) || clear.includes('0912345678')",
    );
    assert.equal(await reads(filed.code, admin), adminBefore + 1);
  });

  it("1b: a dossier's documents as kept (they name the applicant) open only to its handlers, each read audited", async () => {
    const filed = await fileDossier('Trịnh Văn Lực');
    const staffView = await detail(filed.code, admin);
    const id = staffView.documents[0]?.id as string;
    assert.ok(id, 'id');
    const open = (who: Account) => call('GET', `${BASE}/documents/${id}`, undefined, who);
    const before = await reads(filed.code, viewer);
    const refused = await open(viewer);
    assert.equal(refused.status, 403, refused.body);
    assert.equal(problemOf(refused.res).code, 'SERVICES_NOT_YOURS');
    assert.equal(await reads(filed.code, viewer), before);
    const handlerBefore = await reads(filed.code, centreOfficer);
    assert.equal((await open(centreOfficer)).status, 200);
    assert.equal(await reads(filed.code, centreOfficer), handlerBefore + 1);
  });

  it('2: an officer sees a dossier in clear only when one of their agencies has or had it; others masked', async () => {
    const name = 'Lê Thị Hoa';
    const filed = await fileDossier(name);
    const code = filed.code;
    await pay(filed.fee.payment?.reference as string, filed.fee.totalVnd);
    // The centre's dossier: the ward's officer and another agency's see it masked, unaudited.
    for (const who of [wardOfficer, otherOfficer]) {
      const d = await detail(code, who);
      assert.notEqual(d.applicant.name, name);
      assert.notEqual(d.applicant.idNumber, '001085012345');
      assert.notEqual(d.applicant.phone, '0912345678');
      assert.notEqual(d.values['requesterName'], name);
      assert.equal(await reads(code, who), 0);
      const f = await call('GET', `${BASE}/dossiers/${code}/forms/01`, undefined, who);
      assert.ok([200, 404].includes(f.status), '[200, 404].includes(f.status)');
    }
    assert.equal((await detail(code, centreOfficer)).applicant.name, name);
    assert.equal((await detail(code, admin)).applicant.name, name);
    // Handed to the ward: its officer now sees it in clear (audited); the centre, which handled it, still does.
    await act(code, 'receive');
    await act(code, 'start');
    await act(code, 'hand-off');
    assert.equal((await detail(code, wardOfficer)).applicant.name, name);
    assert.equal(await reads(code, wardOfficer), 1);
    assert.equal((await detail(code, centreOfficer)).applicant.idNumber, '001085012345');
    assert.notEqual((await detail(code, otherOfficer)).applicant.name, name);
  });
  it('4: a withdrawn, refused or stopped dossier cannot be paid: its intent is cancelled with it, a later transfer unmatched', async () => {
    const confirm = async (reference: string, amountVnd: number) => {
      const transactionId = `FT${process.pid}x${++transactions}`;
      const res = await app.http.inject(
        bankConfirmation(SECRET, {
          transactionId,
          reference: `${reference} Nop phi`,
          amountVnd,
          paidAt: new Date().toISOString(),
          accountNumber: DEMO_PAYEE.account,
        }),
      );
      assert.equal(res.statusCode, 200, res.body);
      return { transactionId, outcome: res.json<{ outcome: string }>().outcome };
    };
    const withdrawn = await fileDossier();
    const w = await call('POST', `${BASE}/my/dossiers/${withdrawn.code}/withdraw`, { reason: 'Thôi' }, null, {
      'x-applicant-token': withdrawn.token,
    });
    assert.equal(w.status, 200, w.body);
    const rejected = await fileDossier();
    await act(rejected.code, 'reject', { reason: 'Không đúng thẩm quyền' });
    for (const f of [withdrawn, rejected]) {
      const paid = await confirm(f.fee.payment?.reference as string, f.fee.totalVnd);
      assert.equal(paid.outcome, 'unmatched');
      const d = await detail(f.code, admin);
      assert.notEqual(d.fee.state, 'paid');
      assert.ok(!d.timeline.some((e) => e.kind === 'fee-paid'), "!d.timeline.some((e) => e.kind === 'fee-paid')");
      // The money to refund shows in the reconciliation.
      const rec = await call('GET', '/api/v1/payments/reconciliation', undefined, admin);
      assert.equal(rec.status, 200, rec.body);
      assert.ok(rec.body.includes(paid.transactionId), 'rec.body.includes(paid.transactionId)');
    }
  });

  it("7: another applicant's dossier answers 404 to withdraw and supplement, as a code that does not exist", async () => {
    const mine = await fileDossier();
    const theirs = await fileDossier();
    const token = { 'x-applicant-token': mine.token };
    for (const action of ['withdraw', 'supplement']) {
      const other = await call('POST', `${BASE}/my/dossiers/${theirs.code}/${action}`, {}, null, token);
      const none = await call('POST', `${BASE}/my/dossiers/H26.000000.99999/${action}`, {}, null, token);
      assert.equal(none.status, 404, none.body);
      assert.equal(other.status, 404, other.body);
      assert.equal(problemOf(other.res).code, problemOf(none.res).code);
    }
    assert.equal((await detail(theirs.code)).state, 'submitted');
  });
  it('8: tracking by code is limited per address (429 with Retry-After)', async () => {
    const filed = await fileDossier();
    const track = (ip: string) =>
      app.http.inject({ method: 'GET', url: `${BASE}/track/${filed.code}`, remoteAddress: ip });
    for (let i = 0; i < TRACKS_PER_WINDOW; i++) assert.equal((await track('198.51.100.7')).statusCode, 200);
    const refused = await track('198.51.100.7');
    assert.equal(refused.statusCode, 429, refused.body);
    assert.ok(Number(refused.headers['retry-after']) > 0, "Number(refused.headers['retry-after']) > 0");
    assert.equal(problemOf(refused).code, 'SERVICES_RATE_LIMITED');
    // Another address is not held back.
    assert.equal((await track('198.51.100.8')).statusCode, 200);
  });

  it("9: the applicant's view of a dossier with its fee due has the payment's QR again (qrSvg)", async () => {
    const filed = await fileDossier();
    const mine = { 'x-applicant-token': filed.token };
    const due = await call('GET', `${BASE}/my/dossiers/${filed.code}`, undefined, null, mine);
    assert.equal(due.status, 200, due.body);
    const fee = due.json<{ fee: { state: string; payment?: { reference: string; qr: string; qrSvg: string } } }>().fee;
    assert.equal(fee.state, 'due');
    assert.equal(fee.payment?.reference, filed.fee.payment?.reference);
    assert.ok(fee.payment?.qrSvg.startsWith('<svg'), "fee.payment?.qrSvg.startsWith('<svg')");
    await pay(filed.fee.payment?.reference as string, filed.fee.totalVnd);
    const paid = await call('GET', `${BASE}/my/dossiers/${filed.code}`, undefined, null, mine);
    assert.equal(paid.json<{ fee: { payment?: unknown } }>().fee.payment, undefined);
  });
  it("5: a hand-off goes only to an existing officer (or admin) of the step's agency, else 400 with the reason", async () => {
    const filed = await fileDossier();
    const code = filed.code;
    await pay(filed.fee.payment?.reference as string, filed.fee.totalVnd);
    await act(code, 'receive');
    await act(code, 'start');
    for (const toOfficer of [viewer.id, crypto.randomUUID(), 'not-a-user', otherOfficer.id]) {
      const refused = await act(code, 'hand-off', { toOfficer }, centreOfficer, 400);
      assert.equal(problemOf(refused.res).code, 'SERVICES_OFFICER_INVALID');
      assert.ok((problemOf(refused.res).detail ?? '').length > 0, "(problemOf(refused.res).detail ?? '').length > 0");
    }
    const d = await detail(code);
    assert.equal(d.agency, CENTRE);
    assert.equal(d.officer, undefined);
    // The step's agency's officers are listed for the picker; one is named by username.
    const listed = await call('GET', `${BASE}/agencies/${wardAgency}/officers`, undefined, centreOfficer);
    assert.equal(listed.status, 200, listed.body);
    const officers = listed.json<{ officers: { id: string; username: string }[] }>().officers;
    assert.deepEqual(officers, [{ id: wardOfficer.id, username: wardOfficer.username }]);
    await act(code, 'hand-off', { toOfficer: wardOfficer.username });
    const handed = await detail(code);
    assert.equal(handed.agency, wardAgency);
    assert.equal(handed.officer, wardOfficer.id);
  });
  it('3: a supplement may not change the fee, the handling agency or who applies; refused whole, nothing changed', async () => {
    const original = await upload(await pdfBytes('Ban chinh'), 'ban-chinh.pdf');
    assert.equal(original.status, 201, original.body);
    const values = {
      requesterName: 'Đỗ Văn Nam',
      requesterIdNumber: '001085054321',
      requesterPhone: '0912000111',
      requesterAddress: '5 Hàng Đào',
      residenceWard: ward.code,
      documentName: 'Bằng tốt nghiệp',
      issuedBy: 'Trường Đại học',
      originalPages: 6,
      copies: 1,
    };
    const res = await call(
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
        documents: [{ code: 'ban-chinh', uploadId: original.json<{ id: string }>().id }],
      },
      null,
    );
    assert.equal(res.status, 201, res.body);
    const filed = res.json<{ code: string; token: string; fee: { totalVnd: number } }>();
    assert.equal(filed.fee.totalVnd, 8000);
    const code = filed.code;
    await act(code, 'receive');
    await act(code, 'start');
    await act(code, 'request-supplement', { items: ['Ghi rõ cơ quan cấp'] });
    const other = cityWards()[1] as { code: string };
    const mine = { 'x-applicant-token': filed.token };
    for (const change of [
      { originalPages: 100 },
      { copies: 2 },
      { residenceWard: other.code },
      { requesterName: 'Kẻ Khác' },
      { requesterIdNumber: '001099099999' },
    ]) {
      const refused = await call('POST', `${BASE}/my/dossiers/${code}/supplement`, { values: change }, null, mine);
      assert.equal(refused.status, 400, `${JSON.stringify(change)}: ${refused.body}`);
      assert.equal(problemOf(refused.res).code, 'SERVICES_SUPPLEMENT_CHANGES');
    }
    let d = await detail(code, admin);
    assert.equal(d.state, 'supplement');
    assert.equal(d.fee.totalVnd, 8000);
    assert.equal(d.values['originalPages'], 6);
    assert.equal(d.values['residenceWard'], ward.code);
    assert.equal(d.values['requesterName'], values.requesterName);
    // A correction that changes none of them is taken.
    const fixed = { values: { issuedBy: 'Trường Đại học Bách khoa Hà Nội' } };
    const taken = await call('POST', `${BASE}/my/dossiers/${code}/supplement`, fixed, null, mine);
    assert.equal(taken.status, 200, taken.body);
    d = await detail(code, admin);
    assert.equal(d.state, 'processing');
    assert.equal(d.values['issuedBy'], 'Trường Đại học Bách khoa Hà Nội');
  });
  it('10: a multipart upload cut short or with two files is a 400 or 413 with its own code, nothing kept', async () => {
    const before = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM services_dossier_documents`);
    const send = (payload: string, boundary = 'zzz') =>
      app.http.inject({
        method: 'POST',
        url: `${BASE}/uploads`,
        payload,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      });
    const head = (name: string) => `--zzz\r\nContent-Disposition: form-data; name="${name}"; filename="a.png"\r\n\r\n`;
    const cut = await send(`${head('file')}abc`);
    assert.equal(cut.statusCode, 400, cut.body);
    assert.equal(problemOf(cut).code, 'MULTIPART_INCOMPLETE');
    const two = await send(`${head('file')}abc\r\n${head('file')}def\r\n--zzz--\r\n`);
    assert.equal(two.statusCode, 413, two.body);
    assert.equal(problemOf(two).code, 'MULTIPART_TOO_MANY_FILES');
    assert.match(problemOf(two).detail ?? '', /at most 1 file/);
    const after = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM services_dossier_documents`);
    assert.equal(after.rows[0]?.n, before.rows[0]?.n);
  });

  it('11: a staff step whose body is optional is taken with no body at all; a required body is still refused', async () => {
    const filed = await fileDossier();
    await pay(filed.fee.payment?.reference as string, filed.fee.totalVnd);
    const bare = await app.http.inject({
      method: 'POST',
      url: `${BASE}/dossiers/${filed.code}/receive`,
      headers: centreOfficer.auth,
    });
    assert.equal(bare.statusCode, 200, bare.body);
    const empty = await app.http.inject({
      method: 'POST',
      url: `${BASE}/dossiers/${filed.code}/start`,
      headers: { ...centreOfficer.auth, 'content-type': 'application/json' },
      payload: '',
    });
    assert.equal(empty.statusCode, 200, empty.body);
    assert.equal((await detail(filed.code)).state, 'processing');
    // Filing needs its body: none at all, or an empty JSON one, is a 400 that says so.
    for (const headers of [{}, { 'content-type': 'application/json' }]) {
      const res = await app.http.inject({ method: 'POST', url: `${BASE}/dossiers`, headers, payload: '' });
      assert.equal(res.statusCode, 400, res.body);
      assert.match(problemOf(res).code, /^(VALIDATION_FAILED|EMPTY_BODY)$/);
    }
  });

  it("an officer's words that reach the applicant take no control or direction characters, nor line breaks where one line is meant", async () => {
    const filed = await fileDossier('Hoàng Thị Thu');
    await pay(filed.fee.payment?.reference as string, filed.fee.totalVnd);
    await act(filed.code, 'receive');
    const before = (await detail(filed.code)).timeline.length;
    const refused = async (action: string, body: Record<string, unknown>, field: string) => {
      const res = await act(filed.code, action, body, centreOfficer, 400);
      assert.equal(problemOf(res.res).code, 'SERVICES_FORM_INVALID', res.body);
      const fields = res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field);
      assert.deepEqual(fields, [field], res.body);
    };
    // A direction override turns what an SMS says around; BEL and ESC reach terminals.
    await refused('reject', { reason: 'Thiếu giấy tờ \u202egnal\u202c' }, 'reason');
    await refused('reject', { reason: 'a\u0007b\u001bc' }, 'reason');
    await refused('request-supplement', { items: ['Bản vẽ', 'Sổ đỏ\u0007 bản gốc'] }, 'items/1');
    await refused('note', { text: 'Gọi lại \u2066số\u2069' }, 'text');
    // What a step does not take is refused, not dropped unsaid (items given with a refusal).
    const unasked = await act(filed.code, 'reject', { reason: 'Thiếu giấy tờ', items: ['Sổ đỏ'] }, centreOfficer, 400);
    assert.equal(problemOf(unasked.res).code, 'SERVICES_ACTION_INPUT', unasked.body);
    assert.match(problemOf(unasked.res).detail, /not items/);
    // Nothing happened: the dossier is where it was, its timeline as it was.
    const after = await detail(filed.code);
    assert.equal(after.state, 'received');
    assert.equal(after.timeline.length, before);
    // Line breaks in a reason are a reason's paragraphs.
    await act(filed.code, 'note', { text: 'Đã gọi điện.\nHẹn bổ sung thứ Hai.' });
  });

  it("6: a filer signed in with the city's sign-on files as themself; the dossier says it was verified", async () => {
    // A citizen signed in with the city's sign-on (the token the callback issues, made here directly).
    const signedIn = async (idNumber: string) => {
      const token = randomBytes(32).toString('base64url');
      const now = new Date();
      await insertToken(ctx.db, {
        tokenHash: createHash('sha256').update(token).digest('base64url'),
        tenant: '',
        kind: 'identity',
        dossier: null,
        subject: await app.personalData.seal('', `https://id.example|${idNumber}`),
        name: await app.personalData.seal('', 'Nguyễn Văn An'),
        idNumber: await app.personalData.seal('', idNumber),
        idIndex: await app.personalData.index('national-id', idNumber),
        createdAt: now,
        expiresAt: new Date(now.getTime() + 3600_000),
      });
      return token;
    };
    const file = async (token: string, idNumber: string) => {
      const land = await upload(await pdfBytes('So do'), 'so-do.pdf');
      const drawing = await upload(await pdfBytes('Ban ve'), 'ban-ve.pdf');
      return call(
        'POST',
        `${BASE}/dossiers`,
        {
          procedure: PERMIT,
          applicant: { kind: 'citizen', name: 'Nguyễn Văn An', idNumber, phone: '0912345678' },
          values: { ...permitValues(), requesterIdNumber: idNumber },
          documents: [
            { code: 'giay-to-dat', uploadId: land.json<{ id: string }>().id },
            { code: 'ban-ve-thiet-ke', uploadId: drawing.json<{ id: string }>().id },
          ],
        },
        null,
        { 'x-applicant-token': token },
      );
    };
    const token = await signedIn('001203004567');
    const someoneElse = await file(token, '001085012345');
    assert.equal(someoneElse.status, 400, someoneElse.body);
    assert.equal(problemOf(someoneElse.res).code, 'SERVICES_APPLICANT_NOT_SIGNED_IN');
    const themself = await file(token, '001203004567');
    assert.equal(themself.status, 201, themself.body);
    assert.equal((await detail(themself.json<{ code: string }>().code)).verified, 'sign-on');
    // Filed without signing in: not verified.
    assert.equal((await detail((await fileDossier()).code)).verified, 'none');
  });

  it('erasure of the applicant clears their own words from the timeline; the officers’ steps and names stay', async () => {
    const filed = await fileDossier('Trần Thị Bình');
    await act(filed.code, 'note', { text: 'Đã gọi điện cho người nộp' });
    const withdrawn = await call(
      'POST',
      `${BASE}/my/dossiers/${filed.code}/withdraw`,
      { reason: 'Tôi là Trần Thị Bình, gọi 0987654321' },
      null,
      { 'x-applicant-token': filed.token },
    );
    assert.equal(withdrawn.status, 200, withdrawn.body);
    const events = async () =>
      (
        await ctx.db.query<{ kind: string; by_kind: string; by_name: string | null; note: string | null }>(
          `SELECT kind, by_kind, by_name, note FROM services_dossier_events WHERE tenant = '' AND code = $1 ORDER BY id`,
          [filed.code],
        )
      ).rows;
    // Kept sealed, as the applicant's other particulars are.
    const kept = (await events()).find((e) => e.kind === 'withdraw')?.note ?? '';
    assert.match(kept, /^pd1:/);
    assert.equal(await app.personalData.open(kept), 'Tôi là Trần Thị Bình, gọi 0987654321');
    assert.equal(
      await app.modules.get(servicesModule).dossiers.personalDataSource().erase('', filed.code),
      'anonymised',
    );
    const after = await events();
    const text = JSON.stringify(after);
    for (const clear of ['Bình', '0987654321', '001085012345', '0912345678']) assert.ok(!text.includes(clear), clear);
    assert.equal(after.find((e) => e.kind === 'withdraw')?.note, null);
    // The officer's step is the record: their name and their note stay.
    const note = after.find((e) => e.kind === 'note');
    assert.equal(note?.by_kind, 'staff');
    assert.ok(note?.by_name, 'the officer named');
    assert.equal(note?.note, 'Đã gọi điện cho người nộp');
  });

  it('bounds the staff texts that become papers by lines (400 naming the field, nothing changed); a form read twice is the same bytes', async () => {
    const filed = await fileDossier();
    await pay(filed.fee.payment?.reference as string, filed.fee.totalVnd);
    await act(filed.code, 'receive');
    await act(filed.code, 'start');
    const before = await detail(filed.code);
    for (const [action, body, field] of [
      ['request-supplement', { items: ['Bản vẽ\nmặt cắt'] }, 'items[0]'],
      ['request-supplement', { items: ['Bản vẽ'], note: 'x\n'.repeat(40) }, 'note'],
      ['reject', { reason: 'x\u2028'.repeat(40) }, 'reason'],
      ['result', { title: 'Giấy phép\nxây dựng', body: [] }, 'title'],
      ['result', { title: 'Giấy phép', body: ['x\n'.repeat(150), 'y\n'.repeat(50)] }, 'body'],
    ] as const) {
      const res = await act(filed.code, action, body, centreOfficer, 400);
      assert.equal(problemOf(res.res).code, 'SERVICES_ACTION_INPUT');
      assert.match(problemOf(res.res).detail ?? '', new RegExp(`"${field.replace(/[[\]]/g, '\\$&')}"`));
    }
    const after = await detail(filed.code);
    assert.equal(after.state, before.state);
    assert.equal(after.timeline.length, before.timeline.length);

    await act(filed.code, 'request-supplement', { items: ['Bản vẽ mặt cắt'], note: 'Thiếu\nbản vẽ' });
    const form = async () => {
      const res = await call('GET', `${BASE}/dossiers/${filed.code}/forms/02`);
      assert.equal(res.status, 200, res.body.slice(0, 200));
      return res.res.rawPayload;
    };
    assert.ok((await form()).equals(await form()), 'the same bytes');
  });

  it("bounds the staff texts for a caller other than HTTP too (the demo's officers): the same codes, nothing changed", async () => {
    const filed = await fileDossier();
    await pay(filed.fee.payment?.reference as string, filed.fee.totalVnd);
    await act(filed.code, 'receive');
    const before = await detail(filed.code);
    const dossiers = app.modules.get(servicesModule).dossiers;
    const who = { id: centreOfficer.id, name: centreOfficer.username, roles: ['officer'] };
    for (const [input, code] of [
      [{ action: 'reject', reason: 'x\n'.repeat(40) }, 'SERVICES_ACTION_INPUT'],
      [{ action: 'request-supplement', items: ['Bản vẽ\nmặt cắt'], note: '' }, 'SERVICES_ACTION_INPUT'],
      [{ action: 'note', text: 'Gọi lại \u2066số\u2069' }, 'SERVICES_FORM_INVALID'],
    ] as const) {
      await assert.rejects(
        dossiers.act('', filed.code, input, who),
        (err: { code?: string }) => err.code === code,
        input.action,
      );
    }
    const after = await detail(filed.code);
    assert.equal(after.state, before.state);
    assert.equal(after.timeline.length, before.timeline.length);
  });

  it('budgets the bytes one address uploads an hour (SERVICES_UPLOAD_MB_PER_HOUR): 429 with Retry-After, nothing kept; staff and other addresses not held back', async () => {
    for (const [value, ok] of [
      ['5', false],
      ['3600', false],
      ['10', true],
      ['off', true],
    ] as const) {
      const made = (() => {
        try {
          return testConfig({ SERVICES_UPLOAD_MB_PER_HOUR: value });
        } catch (err) {
          return err as ConfigError;
        }
      })();
      assert.equal(
        made instanceof ConfigError && made.problems.some((p) => p.variable === 'SERVICES_UPLOAD_MB_PER_HOUR'),
        !ok,
        value,
      );
    }
    const limited = await buildTestApp(ctx.db, { PAYMENTS_WEBHOOK_SECRET: SECRET, SERVICES_UPLOAD_MB_PER_HOUR: '10' });
    try {
      // A real scan of 6 MB: a page and 6 MB of image data that does not compress.
      const doc = await PDFDocument.create();
      doc.addPage([100, 100]);
      doc.context.register(doc.context.stream(randomBytes(6 * 1024 * 1024), {}));
      const big = Buffer.from(await doc.save({ useObjectStreams: false }));
      const send = async (file: Buffer, from: string, who?: Account) => {
        const { body, contentType } = multipart(file, 'ban-ve.pdf');
        return limited.http.inject({
          method: 'POST',
          url: `${BASE}/uploads`,
          payload: body,
          remoteAddress: from,
          headers: { 'content-type': contentType, ...(who ? who.auth : {}) },
        });
      };
      const uploads = async () =>
        (await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM services_dossier_documents`)).rows[0]?.n;
      const first = await send(big, '203.0.113.50');
      assert.equal(first.statusCode, 201, first.body);
      const before = await uploads();
      const refused = await send(big, '203.0.113.50');
      assert.equal(refused.statusCode, 429, refused.body);
      assert.equal(problemOf(refused).code, 'SERVICES_UPLOAD_BUDGET');
      const wait = Number(refused.headers['retry-after']);
      assert.ok(wait > 3500 && wait <= 3600, `Retry-After ${wait}: when the first upload leaves the hour`);
      assert.equal(await uploads(), before);
      // What still fits goes through; another address and an officer at the counter are not held back.
      assert.equal((await send(await pdfBytes('Giay to'), '203.0.113.50')).statusCode, 201);
      assert.equal((await send(big, '203.0.113.51')).statusCode, 201);
      assert.equal((await send(big, '203.0.113.50', centreOfficer)).statusCode, 201);
      // Signed in without the tenant's services:handle is no exemption: a viewer of the tenant, one of
      // another tenant, are held back from the same address.
      const otherViewer = await accountWith(limited, ['viewer'], 'other-city');
      for (const [name, who] of [
        ['viewer', viewer],
        ['viewer of another tenant', otherViewer],
      ] as const) {
        const held = await send(big, '203.0.113.50', who);
        assert.equal(held.statusCode, 429, `${name}: ${held.body}`);
        assert.equal(problemOf(held).code, 'SERVICES_UPLOAD_BUDGET');
      }
    } finally {
      await limited.http.close();
    }
  });

  it('refuses an anonymous upload of a PDF of 160,000 objects as too complex, the server answering meanwhile', async () => {
    const uploading = upload(manyObjectPdf(160_000), 'nhieu.pdf');
    const live = await app.http.inject({ method: 'GET', url: '/health/live' });
    assert.equal(live.statusCode, 200, live.body);
    const refused = await uploading;
    assert.equal(refused.status, 422, refused.body);
    assert.equal(problemOf(refused.res).code, 'SERVICES_DOCUMENT_TOO_COMPLEX');
    const ok = await upload(await pdfBytes('Giay to'), 'giay-to.pdf');
    assert.equal(ok.status, 201, ok.body);
  });

  it('serves another tenant on the public routes to its own staff only: an officer naming one is a 404, nothing kept', async () => {
    const other = { 'ngsild-tenant': 'other-city' };
    const { body, contentType } = multipart(await pdfBytes('So do'), 'so-do.pdf');
    for (const who of [centreOfficer, viewer]) {
      const res = await app.http.inject({
        method: 'POST',
        url: `${BASE}/uploads`,
        payload: body,
        headers: { 'content-type': contentType, ...who.auth, ...other },
      });
      assert.equal(res.statusCode, 404, res.body);
      assert.equal(problemOf(res).code, 'NOT_FOUND');
    }
    const counter = await call(
      'POST',
      `${BASE}/dossiers`,
      { procedure: PERMIT, applicant: { kind: 'citizen', name: 'A' }, values: {}, documents: [], channel: 'counter' },
      centreOfficer,
      other,
    );
    assert.equal(problemOf(counter.res).code, 'NOT_FOUND', counter.body);
    const tracked = await call('GET', `${BASE}/track/H26.261207.00001`, undefined, viewer, other);
    assert.equal(problemOf(tracked.res).code, 'NOT_FOUND', tracked.body);
    const { rows } = await ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM services_dossier_documents WHERE tenant = 'other-city'`,
    );
    assert.equal(rows[0]?.n, 0);
    // Its own staff do read their tenant's portal.
    const own = await accountWith(app, ['officer'], 'other-city');
    const mine = await app.http.inject({
      method: 'POST',
      url: `${BASE}/uploads`,
      payload: body,
      headers: { 'content-type': contentType, ...own.auth, ...other },
    });
    assert.equal(mine.statusCode, 201, mine.body);
  });
  it('H2: the applicant block must be the requester the form names (name folded, ID number exact); nothing filed otherwise', async () => {
    const copy = (applicant: Record<string, unknown>, values: Record<string, unknown> = {}) =>
      call(
        'POST',
        `${BASE}/dossiers`,
        {
          procedure: '2.000635',
          applicant: { kind: 'citizen', phone: '0912345678', ...applicant },
          values: {
            requesterName: 'Nguyễn Văn An',
            requesterIdNumber: '001089001234',
            requesterPhone: '0912345678',
            requesterAddress: '12 Hàng Bạc',
            residenceWard: ward.code,
            recordKind: 'khai-sinh',
            recordPerson: 'Nguyễn Văn An',
            forSelf: true,
            copies: 1,
            ...values,
          },
          documents: [],
          language: 'vi',
        },
        null,
      );
    const count = async () =>
      (await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM services_dossiers WHERE tenant = ''`)).rows[0]
        ?.n;
    const before = await count();
    const other = await copy({ name: 'Lê Văn Khác', idNumber: '001089009999' });
    assert.equal(other.status, 400, other.body);
    const problem = problemOf(other.res);
    assert.equal(problem.code, 'SERVICES_APPLICANT_NOT_REQUESTER');
    assert.match(other.body, /requesterName/);
    assert.match(other.body, /requesterIdNumber/);
    assert.match(other.body, /recordPerson/);
    const otherId = await copy({ name: 'Nguyễn Văn An', idNumber: '001089009999' });
    assert.equal(problemOf(otherId.res).code, 'SERVICES_APPLICANT_NOT_REQUESTER', otherId.body);
    assert.doesNotMatch(otherId.body, /requesterName/);
    // Asked for someone else's record (forSelf unticked) the record's name is theirs; the requester's is not.
    const forOther = await copy(
      { name: 'Lê Văn Khác', idNumber: '001089001234' },
      { forSelf: false, recordPerson: 'Lê Văn Khác' },
    );
    assert.equal(problemOf(forOther.res).code, 'SERVICES_APPLICANT_NOT_REQUESTER', forOther.body);
    assert.equal(await count(), before);
    // The same person written otherwise (case, spaces, no diacritics) is the same; left out, taken from the form.
    const same = await copy({ name: '  nguyen  van AN ', idNumber: '001089001234' });
    assert.equal(same.status, 201, same.body);
    const fromForm = await copy({});
    assert.equal(fromForm.status, 201, fromForm.body);
  });
  it('M4: a PDF book of more than 100 dossiers is refused (422 naming the count), the CSV given; at most, drawn', async () => {
    const filed = await fileDossier();
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const period = `from=${today}&to=${tomorrow}`;
    const count = async () =>
      (
        await ctx.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM services_dossiers WHERE tenant = '' AND submitted_at >= $1 AND submitted_at < $2`,
          [today, tomorrow],
        )
      ).rows[0]?.n ?? 0;
    // Copies of one dossier under other codes make the day's book long (no filing needed for its length).
    const copies = Math.max(0, MAX_BOOK_PDF_DOSSIERS + 1 - (await count()));
    await ctx.db.query(
      `INSERT INTO services_dossiers
       SELECT (jsonb_populate_record(NULL::services_dossiers, to_jsonb(d) || jsonb_build_object('code', d.code || '-' || g))).*
         FROM services_dossiers d, generate_series(1, $2::int) g WHERE d.tenant = '' AND d.code = $1`,
      [filed.code, copies],
    );
    const n = await count();
    assert.ok(n > MAX_BOOK_PDF_DOSSIERS, `${n}`);
    const pdf = await call('GET', `${BASE}/book?${period}&format=pdf`, undefined, admin);
    assert.equal(pdf.status, 422, pdf.body);
    const problem = problemOf(pdf.res) as { code: string; dossiers?: number; most?: number };
    assert.equal(problem.code, 'SERVICES_BOOK_TOO_LARGE');
    assert.equal(problem.dossiers, n);
    assert.equal(problem.most, MAX_BOOK_PDF_DOSSIERS);
    assert.match(pdf.body, /CSV/);
    const csv = await call('GET', `${BASE}/book?${period}&format=csv`, undefined, admin);
    assert.equal(csv.status, 200, csv.body);
    assert.ok(csv.body.trim().split('\n').length > n, 'a line per dossier');
    // A book within the bound is drawn.
    const own = await call(
      'GET',
      `${BASE}/book?format=pdf&agency=${CENTRE}&from=2020-01-01&to=2020-01-02`,
      undefined,
      admin,
    );
    assert.equal(own.status, 200, own.body);
    await ctx.db.query(`DELETE FROM services_dossiers WHERE tenant = '' AND code LIKE $1`, [`${filed.code}-%`]);
  });
  it("M1: the applicant's words are sealed at rest, shown in clear to handlers (audited) and the applicant, hidden from others, in access and erasure", async () => {
    const words = 'Tôi là Hoàng Thị Dung, CCCD 001195007777, ĐT 0977111222';
    const filed = await fileDossier();
    await pay(filed.fee.payment?.reference as string, filed.fee.totalVnd);
    await act(filed.code, 'receive');
    await act(filed.code, 'request-supplement', { items: ['Bản vẽ rõ hơn'], note: 'Bổ sung bản vẽ' });
    const supplemented = await call('POST', `${BASE}/my/dossiers/${filed.code}/supplement`, { note: words }, null, {
      'x-applicant-token': filed.token,
    });
    assert.equal(supplemented.status, 200, supplemented.body);
    const { rows } = await ctx.db.query<{ note: string | null; in_clear: boolean }>(
      `SELECT note, in_clear FROM services_dossier_events WHERE tenant = '' AND code = $1 AND kind = 'supplement'`,
      [filed.code],
    );
    assert.match(rows[0]?.note ?? '', /^pd1:/);
    assert.equal(rows[0]?.in_clear, false);
    const noteOf = (d: StaffDossier) => d.timeline.find((e) => e.kind === 'supplement')?.note;
    // Another agency's officer and a viewer: hidden, as the applicant is masked to them.
    for (const who of [otherOfficer, viewer]) {
      const d = await detail(filed.code, who);
      assert.equal(noteOf(d), '[hidden]');
      assert.ok(!JSON.stringify(d).includes('0977111222'), 'the phone in the words not shown');
    }
    const before = await reads(filed.code, centreOfficer);
    assert.equal(noteOf(await detail(filed.code, centreOfficer)), words);
    assert.ok((await reads(filed.code, centreOfficer)) > before, 'the clear read audited');
    // Access: the person's words are theirs.
    const found = await app.modules
      .get(servicesModule)
      .dossiers.personalDataSource()
      .find('', { kind: 'national-id', index: await app.personalData.index('national-id', '001085012345') });
    const mine = found.find((f) => f.id === filed.code);
    assert.equal(await app.personalData.open(mine?.values['words'] ?? null), words);
    // Words written in clear before they were sealed: read as they are, then sealed by the job.
    await ctx.db.query(
      `UPDATE services_dossier_events SET note = $2, in_clear = true WHERE tenant = '' AND code = $1 AND kind = 'supplement'`,
      [filed.code, words],
    );
    assert.equal(noteOf(await detail(filed.code, otherOfficer)), '[hidden]');
    assert.equal(noteOf(await detail(filed.code, centreOfficer)), words);
    const job = await app.modules.get(servicesModule).dossiers.sealApplicantWordsInClear();
    assert.ok(job.sealed >= 1, `${job.sealed}`);
    const after = await ctx.db.query<{ note: string; in_clear: boolean }>(
      `SELECT note, in_clear FROM services_dossier_events WHERE tenant = '' AND code = $1 AND kind = 'supplement'`,
      [filed.code],
    );
    assert.match(after.rows[0]?.note ?? '', /^pd1:/);
    assert.equal(after.rows[0]?.in_clear, false);
    assert.equal(noteOf(await detail(filed.code, centreOfficer)), words);
  });
});
