import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, it } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import type { App } from '../../app.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { buildTestApp } from '../../../test/support/app.js';
import { cityWards } from '../city/index.js';
import { insertToken } from './applicants-store.js';
import { HANOI_AGENCIES, HANOI_PROCEDURES } from './hanoi-procedures.js';
import { servicesModule } from './index.js';

/**
 * A signed-in applicant's dossiers are found by a blind index of their sign-on subject, never kept in
 * clear (VNeID's subject is the citizen's ID number); those filed before keep theirs in clear only
 * until the job indexes them, and are found meanwhile. Erasure clears it.
 */

const BASE = '/api/v1/services';

describeEachDriver('online public services: sign-on subjects', (ctx) => {
  let app: App;
  const ward = cityWards()[0] as { code: string };

  before(async () => {
    app = await buildTestApp(ctx.db, {});
    await app.modules.get(servicesModule).catalogue.seed('', HANOI_PROCEDURES, HANOI_AGENCIES);
  });
  after(async () => {
    await app.http.close();
  });

  /** A citizen signed in with the city's sign-on (the token the callback issues, made here directly). */
  const signedIn = async (subject: string, idNumber: string) => {
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    await insertToken(ctx.db, {
      tokenHash: createHash('sha256').update(token).digest('base64url'),
      tenant: '',
      kind: 'identity',
      dossier: null,
      subject: await app.personalData.seal('', subject),
      name: await app.personalData.seal('', 'Đỗ Văn Nam'),
      idNumber: await app.personalData.seal('', idNumber),
      idIndex: await app.personalData.index('national-id', idNumber),
      createdAt: now,
      expiresAt: new Date(now.getTime() + 3600_000),
    });
    return { 'x-applicant-token': token };
  };

  const file = async (headers: Record<string, string>, idNumber: string) => {
    const doc = await PDFDocument.create();
    doc.addPage([200, 200]);
    const boundary = '----thanglongsubject';
    const up = await app.http.inject({
      method: 'POST',
      url: `${BASE}/uploads`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="ban-chinh.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
        ),
        Buffer.from(await doc.save()),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    });
    assert.equal(up.statusCode, 201, up.body);
    const values = {
      requesterName: 'Đỗ Văn Nam',
      requesterIdNumber: idNumber,
      requesterPhone: '0912000111',
      requesterAddress: '5 Hàng Đào',
      residenceWard: ward.code,
      documentName: 'Bằng tốt nghiệp',
      issuedBy: 'Trường Đại học',
      originalPages: 1,
      copies: 1,
    };
    const res = await app.http.inject({
      method: 'POST',
      url: `${BASE}/dossiers`,
      headers,
      payload: {
        procedure: '2.000815',
        applicant: { kind: 'citizen', name: values.requesterName, idNumber, phone: '0912000111' },
        values,
        documents: [{ code: 'ban-chinh', uploadId: up.json<{ id: string }>().id }],
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json<{ code: string }>().code;
  };
  const mine = async (headers: Record<string, string>) => {
    const res = await app.http.inject({ method: 'GET', url: `${BASE}/my/dossiers`, headers });
    assert.equal(res.statusCode, 200, res.body);
    return res
      .json<{ dossiers: { code: string }[] }>()
      .dossiers.map((d) => d.code)
      .sort();
  };
  const stored = async (code: string) =>
    (
      await ctx.db.query<{ subject: string | null }>(
        `SELECT applicant_subject AS subject FROM services_dossiers WHERE tenant = '' AND code = $1`,
        [code],
      )
    ).rows[0]?.subject;

  it('keeps a blind index of the subject, not the subject; finds the dossiers by it; erasure clears it', async () => {
    // VNeID's subject is the ID number; another provider's may differ from it only in case.
    const an = await signedIn('https://sso.vneid.example|001085054321', '001085054321');
    const other = await signedIn('https://sso.vneid.example|001085054321'.toUpperCase(), '001085054322');
    const code = await file(an, '001085054321');
    const kept = await stored(code);
    assert.ok(kept, 'a signed-in filing names its filer');
    assert.ok(!kept.includes('001085054321') && !kept.includes('vneid'), kept);
    assert.deepEqual(await mine(an), [code]);
    assert.deepEqual(await mine(other), [], 'a subject differing in case is another person');
    const read = await app.http.inject({ method: 'GET', url: `${BASE}/my/dossiers/${code}`, headers: an });
    assert.equal(read.statusCode, 200, read.body);
    assert.equal(
      (await app.http.inject({ method: 'GET', url: `${BASE}/my/dossiers/${code}`, headers: other })).statusCode,
      404,
    );

    // Filed before the subject was indexed: found meanwhile, then indexed by the job.
    const old = await file(an, '001085054321');
    await ctx.db.query(`UPDATE services_dossiers SET applicant_subject = $2 WHERE tenant = '' AND code = $1`, [
      old,
      'https://sso.vneid.example|001085054321',
    ]);
    assert.deepEqual(await mine(an), [code, old].sort());
    const dossiers = app.modules.get(servicesModule).dossiers;
    assert.ok((await dossiers.indexSignOnSubjects()) >= 1, '(await dossiers.indexSignOnSubjects()) >= 1');
    assert.equal(await stored(old), kept);
    assert.deepEqual(await mine(an), [code, old].sort());

    // Erased (a data-subject request): the dossier stays, no longer anyone's.
    await dossiers.personalDataSource().erase('', code);
    assert.equal(await stored(code), null);
    assert.deepEqual(await mine(an), [old]);
  });
});
