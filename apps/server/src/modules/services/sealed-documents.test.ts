import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { App } from '../../app.js';
import type { Database } from '../../platform/db/index.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { multipart, pdfBytes } from '../../../test/support/uploads.js';
import { accountWith, buildTestApp, type Account } from '../../../test/support/app.js';
import { cityWards } from '../city/index.js';
import { bankConfirmation, DEMO_PAYEE } from '../payments/index.js';
import { HANOI_AGENCIES, HANOI_PROCEDURES } from './hanoi-procedures.js';
import { servicesModule, type StaffDossier } from './index.js';
import { keepUpload } from './uploads.js';

/**
 * The applicants' scans, their file names and the signed results are personal data: kept sealed
 * (nothing of the content or the name in clear in the database), opened to the officers who handle the
 * dossier (audited) and to the applicant byte for byte, the result's signature still verifying; those
 * kept in clear before are read as they are and sealed by a job; erasure takes what the rule says.
 */

const SECRET = 'a-test-webhook-secret-long-enough-0123456789';
const BASE = '/api/v1/services';
const PERMIT = 'HN.XD.GPXD-NO';
const CENTRE = 'trung-tam-phvhcc';
const SCAN_NAME = 'CCCD Nguyễn Văn An.pdf';

describeEachDriver('online public services: sealed documents', (ctx) => {
  let app: App;
  let centreOfficer: Account;
  let wardOfficer: Account;
  let admin: Account;
  const ward = cityWards()[0] as { code: string; name: string };
  const wardAgency = `ward-${ward.code}`;
  let transactions = 0;

  before(async () => {
    app = await buildTestApp(ctx.db, { PAYMENTS_WEBHOOK_SECRET: SECRET });
    centreOfficer = await accountWith(app, ['officer'], '');
    wardOfficer = await accountWith(app, ['officer'], '');
    admin = await accountWith(app, ['admin'], '*');
    await app.modules.get(servicesModule).catalogue.seed('', HANOI_PROCEDURES, HANOI_AGENCIES);
    for (const [who, agencies] of [
      [centreOfficer, [CENTRE]],
      [wardOfficer, [wardAgency]],
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

  const upload = async (file: Buffer, name: string) => {
    const { body, contentType } = multipart(file, name);
    const res = await app.http.inject({
      method: 'POST',
      url: `${BASE}/uploads`,
      payload: body,
      headers: { 'content-type': contentType },
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json<{ id: string; name: string }>().id;
  };

  const stored = async (id: string) => {
    const { rows } = await ctx.db.query<{ name: string; data: Uint8Array }>(
      `SELECT name, data FROM services_dossier_documents WHERE id = $1`,
      [id],
    );
    const row = rows[0];
    return row ? { name: row.name, data: Buffer.from(row.data) } : undefined;
  };

  /** Files a permit with two scans; the first's name and bytes are returned to look for. */
  const fileDossier = async () => {
    const scan = await pdfBytes('CCCD 001085012345 Nguyen Van An');
    const land = await upload(scan, SCAN_NAME);
    const drawing = await upload(await pdfBytes('Ban ve'), 'ban-ve.pdf');
    const res = await call(
      'POST',
      `${BASE}/dossiers`,
      {
        procedure: PERMIT,
        applicant: { kind: 'citizen', name: 'Nguyễn Văn An', idNumber: '001085012345', phone: '0912345678' },
        values: {
          requesterName: 'Nguyễn Văn An',
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
        },
        documents: [
          { code: 'giay-to-dat', uploadId: land },
          { code: 'ban-ve-thiet-ke', uploadId: drawing },
        ],
        language: 'vi',
      },
      null,
    );
    assert.equal(res.status, 201, res.body);
    const filed = res.json<{
      code: string;
      token: string;
      fee: { totalVnd: number; payment?: { reference: string } };
    }>();
    return { ...filed, land, drawing, scan };
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

  const act = async (code: string, action: string, body: Record<string, unknown> = {}, who = centreOfficer) => {
    const res = await call('POST', `${BASE}/dossiers/${code}/${action}`, body, who);
    assert.equal(res.status, 200, `${action}: ${res.body}`);
  };

  /** Filed, paid, handled and returned: a dossier with a signed result. */
  const returnedDossier = async () => {
    const filed = await fileDossier();
    await pay(filed.fee.payment?.reference as string, filed.fee.totalVnd);
    await act(filed.code, 'receive');
    await act(filed.code, 'start');
    await act(filed.code, 'hand-off');
    await act(filed.code, 'hand-off', {}, wardOfficer);
    await act(filed.code, 'result', { title: 'GIẤY PHÉP XÂY DỰNG', body: ['Cho phép xây dựng.'] }, wardOfficer);
    await act(filed.code, 'return');
    return filed;
  };

  const verifies = async (pdf: Buffer) => {
    const res = await app.http.inject({
      method: 'POST',
      url: `${BASE}/results/verify`,
      headers: { 'content-type': 'application/pdf' },
      payload: pdf,
    });
    return res.json<{ valid: boolean; dossier?: string }>();
  };

  const resultRow = async (code: string) => {
    const { rows } = await ctx.db.query<{ id: string }>(
      `SELECT id FROM services_dossier_documents WHERE dossier = $1 AND kind = 'result'`,
      [code],
    );
    return rows[0]?.id;
  };

  it('keeps an upload sealed: neither its content nor its name in clear; the officer opens the exact bytes, audited', async () => {
    const filed = await fileDossier();
    const row = await stored(filed.land);
    assert.ok(row, 'the upload is kept');
    assert.ok(!row.data.includes(Buffer.from('%PDF')), 'no PDF in clear');
    assert.ok(!row.data.includes(filed.scan.subarray(0, 64)), 'not the uploaded bytes');
    assert.ok(!row.data.includes(filed.scan.subarray(filed.scan.length - 64)), 'not their end either');
    assert.match(row.name, /^pd1:/);
    for (const clear of ['CCCD', 'Nguy', 'An.pdf']) assert.ok(!row.name.includes(clear), `${clear} not in the name`);

    await pay(filed.fee.payment?.reference as string, filed.fee.totalVnd);
    await act(filed.code, 'receive');
    const d = (await call('GET', `${BASE}/dossiers/${filed.code}`)).json<StaffDossier>();
    assert.equal(d.documents.find((x) => x.id === filed.land)?.name, SCAN_NAME);
    await app.audit.flush();
    const count = async () =>
      (
        await ctx.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM audit_record WHERE action = 'personal-data.read' AND target = $1 AND actor_id = $2`,
          [`services-dossiers:${filed.code}`, centreOfficer.id],
        )
      ).rows[0]?.n ?? 0;
    const before = await count();
    const opened = await call('GET', `${BASE}/documents/${filed.land}`);
    assert.equal(opened.status, 200, opened.body);
    assert.ok(Buffer.from(opened.res.rawPayload).equals(filed.scan), 'the exact bytes uploaded');
    assert.match(String(opened.res.headers['content-disposition']), /filename\*=UTF-8''CCCD%20Nguy/);
    await app.audit.flush();
    assert.equal(await count(), before + 1, 'the read audited');
    // The applicant's own page names the file.
    const mine = await call('GET', `${BASE}/my/dossiers/${filed.code}`, undefined, null, {
      'x-applicant-token': filed.token,
    });
    assert.ok(
      mine.json<{ documents: { name: string }[] }>().documents.some((x) => x.name === SCAN_NAME),
      'the applicant sees the name',
    );
  });

  it('keeps an upload in one statement, sealed', async () => {
    const service = app.modules.get(servicesModule).dossiers;
    const seal = await service.sealer('');
    let statements = 0;
    const counted: Database = {
      ...ctx.db,
      query: (text, params) => {
        statements++;
        return ctx.db.query(text, params);
      },
    };
    const kept = await keepUpload(
      counted,
      seal,
      undefined,
      '',
      { bytes: await pdfBytes('x'), name: SCAN_NAME },
      new Date(),
    );
    assert.equal(statements, 1);
    assert.match((await stored(kept.id))?.name ?? '', /^pd1:/);
  });

  it('keeps the signed result sealed; the applicant and the officers get the exact signed bytes, which verify', async () => {
    const filed = await returnedDossier();
    const id = await resultRow(filed.code);
    assert.ok(id, 'a result');
    const row = await stored(id);
    assert.ok(row && !row.data.includes(Buffer.from('%PDF')), 'no PDF in clear');
    const mine = await call('GET', `${BASE}/my/dossiers/${filed.code}/result`, undefined, null, {
      'x-applicant-token': filed.token,
    });
    assert.equal(mine.status, 200, mine.body);
    const pdf = Buffer.from(mine.res.rawPayload);
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.deepEqual(await verifies(pdf), { ...(await verifies(pdf)), valid: true, dossier: filed.code });
    const staff = await call('GET', `${BASE}/dossiers/${filed.code}/result`);
    assert.equal(staff.status, 200, staff.body);
    assert.ok(Buffer.from(staff.res.rawPayload).equals(pdf), 'the same bytes to the officer');
  });

  it('reads documents kept in clear before as they are; the job seals them and they read the same', async () => {
    const filed = await returnedDossier();
    const id = (await resultRow(filed.code)) as string;
    const signed = Buffer.from((await call('GET', `${BASE}/dossiers/${filed.code}/result`)).res.rawPayload);
    // As a document kept before sealing was: bytes and name in clear.
    await ctx.db.query(`UPDATE services_dossier_documents SET data = $2, name = $3, sealed = false WHERE id = $1`, [
      filed.land,
      filed.scan,
      SCAN_NAME,
    ]);
    await ctx.db.query(`UPDATE services_dossier_documents SET data = $2, sealed = false WHERE id = $1`, [id, signed]);
    const read = async () => {
      const doc = await call('GET', `${BASE}/documents/${filed.land}`);
      assert.equal(doc.status, 200, doc.body);
      assert.ok(Buffer.from(doc.res.rawPayload).equals(filed.scan), 'the scan');
      assert.match(String(doc.res.headers['content-disposition']), /filename\*=UTF-8''CCCD%20Nguy/);
      const result = await call('GET', `${BASE}/my/dossiers/${filed.code}/result`, undefined, null, {
        'x-applicant-token': filed.token,
      });
      assert.ok(Buffer.from(result.res.rawPayload).equals(signed), 'the result');
    };
    await read();
    assert.ok((await app.modules.get(servicesModule).dossiers.sealDocumentsInClear()).sealed >= 2, 'sealed');
    const scan = await stored(filed.land);
    assert.ok(scan && !scan.data.includes(Buffer.from('%PDF')) && scan.name.startsWith('pd1:'), 'the scan sealed');
    assert.ok(!(await stored(id))?.data.includes(Buffer.from('%PDF')), 'the result sealed');
    await read();
    assert.deepEqual(await app.modules.get(servicesModule).dossiers.sealDocumentsInClear(), { sealed: 0, failed: [] });
  });

  it('the sealing job skips and reports a document it cannot seal, seals the others after it and ends', async () => {
    // A tenant whose data key cannot be unwrapped (its master key is gone): its document cannot be sealed.
    await ctx.db.query(
      `INSERT INTO personal_data_key (tenant, purpose, wrapped, master_key_id) VALUES ('a-broken', 'data', 'x', 'gone')`,
    );
    const clear = async (tenant: string, id: string) => {
      const pdf = await pdfBytes(`kept in clear ${id}`);
      await ctx.db.query(
        `INSERT INTO services_dossier_documents
           (tenant, id, kind, name, content_type, bytes, sha256, data, scan, created_at, sealed)
         VALUES ($1, $2, 'upload', 'ho-so.pdf', 'application/pdf', $3, 'x', $4, 'clean', now(), false)`,
        [tenant, id, pdf.length, pdf],
      );
    };
    const bad = '00000000-0000-4000-8000-000000000001';
    await clear('a-broken', bad);
    const good = ['00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000003'];
    for (const id of good) await clear('b-fine', id);
    // One row a batch, fewer batches than rows and retries would need: the job ends all the same.
    const dossiers = app.modules.get(servicesModule).dossiers;
    assert.deepEqual(await dossiers.sealDocumentsInClear({ batch: 1, pages: 4 }), { sealed: 2, failed: [bad] });
    for (const id of good) assert.match((await stored(id))?.name ?? '', /^pd1:/, `${id} sealed`);
    assert.equal((await stored(bad))?.name, 'ho-so.pdf');
    // Tried again on the next pass, once.
    assert.deepEqual(await dossiers.sealDocumentsInClear({ batch: 1, pages: 4 }), { sealed: 0, failed: [bad] });
    await ctx.db.query(`DELETE FROM services_dossier_documents WHERE tenant = 'a-broken'`);
    await ctx.db.query(`DELETE FROM personal_data_key WHERE tenant = 'a-broken'`);
  });

  it('erasure deletes the uploads of a dossier withdrawn before receipt', async () => {
    const filed = await fileDossier();
    const withdrawn = await call('POST', `${BASE}/my/dossiers/${filed.code}/withdraw`, { reason: 'Nộp nhầm' }, null, {
      'x-applicant-token': filed.token,
    });
    assert.equal(withdrawn.status, 200, withdrawn.body);
    await app.modules.get(servicesModule).dossiers.personalDataSource().erase('', filed.code);
    const { rows } = await ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM services_dossier_documents WHERE dossier = $1`,
      [filed.code],
    );
    assert.equal(rows[0]?.n, 0);
  });

  it('erasure keeps the uploads of a dossier still waiting for receipt (an officer may receive it), names erased', async () => {
    const filed = await fileDossier();
    await app.modules.get(servicesModule).dossiers.personalDataSource().erase('', filed.code);
    const { rows } = await ctx.db.query<{ name: string }>(
      `SELECT name FROM services_dossier_documents WHERE dossier = $1 AND kind = 'upload'`,
      [filed.code],
    );
    assert.ok(rows.length >= 1, 'its documents are still there to receive it with');
    assert.ok(
      rows.every((r) => /^tai-lieu\./.test(r.name)),
      rows.map((r) => r.name).join(', '),
    );
  });

  it("erasure keeps a returned dossier's uploads and result sealed, their file names gone; the result still verifies", async () => {
    const filed = await returnedDossier();
    await app.modules.get(servicesModule).dossiers.personalDataSource().erase('', filed.code);
    const { rows } = await ctx.db.query<{ kind: string; name: string; data: Uint8Array }>(
      `SELECT kind, name, data FROM services_dossier_documents WHERE dossier = $1 ORDER BY kind, name`,
      [filed.code],
    );
    assert.deepEqual(
      rows.map((r) => [r.kind, r.name]),
      [
        ['result', `${filed.code}-ket-qua.pdf`],
        ['upload', 'tai-lieu.pdf'],
        ['upload', 'tai-lieu.pdf'],
      ],
    );
    for (const r of rows) assert.ok(!Buffer.from(r.data).includes(Buffer.from('%PDF')), `${r.kind} sealed`);
    const staff = await call('GET', `${BASE}/dossiers/${filed.code}/result`, undefined, admin);
    assert.equal(staff.status, 200, staff.body);
    assert.equal((await verifies(Buffer.from(staff.res.rawPayload))).valid, true);
  });
});
