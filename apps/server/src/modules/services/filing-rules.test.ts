import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { createHash, randomBytes } from 'node:crypto';
import type { App } from '../../app.js';
import { SYSTEM_ACTOR } from '../../platform/audit/index.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { multipart, pdfBytes } from '../../../test/support/uploads.js';
import { accountWith, buildTestApp, problemOf, type Account } from '../../../test/support/app.js';
import { cityWards } from '../city/index.js';
import { bankConfirmation, DEMO_PAYEE } from '../payments/index.js';
import { HANOI_AGENCIES, HANOI_PROCEDURES } from './hanoi-procedures.js';
import { servicesModule, type StaffDossier } from './index.js';
import { insertToken } from './applicants-store.js';
import type { NewProcedure } from './procedures.js';

/**
 * A filing's rules hold wherever a dossier's answers come from: a supplement is judged as a filing is
 * (the documents its answers require, of the types they take); a filer signed in with the city's
 * sign-on files as themself; an officer files at the counter; names hold nothing invisible; dates and
 * periods stay within sane years.
 */

const SECRET = 'a-test-webhook-secret-long-enough-0123456789';
const BASE = '/api/v1/services';
const COPY = '2.000635';
const PERMIT = 'HN.XD.GPXD-NO';
const CENTRE = 'trung-tam-phvhcc';
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

describeEachDriver('online public services: the same rules for every way in', (ctx) => {
  let app: App;
  let centreOfficer: Account;
  let admin: Account;
  const ward = cityWards()[0] as { code: string; name: string };
  let transactions = 0;

  before(async () => {
    app = await buildTestApp(ctx.db, { PAYMENTS_WEBHOOK_SECRET: SECRET });
    centreOfficer = await accountWith(app, ['officer'], '');
    admin = await accountWith(app, ['admin'], '*');
    await app.modules.get(servicesModule).catalogue.seed('', HANOI_PROCEDURES, HANOI_AGENCIES);
    const put = await call('PUT', `${BASE}/staff/${centreOfficer.id}`, { agencies: [CENTRE] }, admin);
    assert.equal(put.status, 200, put.body);
  });
  after(async () => {
    await app.http.close();
  });

  async function call(
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    payload?: unknown,
    who: Account | null = null,
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

  const upload = async (file: Buffer, name: string): Promise<string> => {
    const { body, contentType } = multipart(file, name);
    const res = await app.http.inject({
      method: 'POST',
      url: `${BASE}/uploads`,
      payload: body,
      headers: { 'content-type': contentType },
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json<{ id: string }>().id;
  };

  const applicant = (name = 'Nguyễn Văn An', idNumber = '001085012345') => ({
    kind: 'citizen',
    name,
    idNumber,
    phone: '0912345678',
  });
  const copyValues = (more: Record<string, unknown> = {}) => ({
    requesterName: 'Nguyễn Văn An',
    requesterIdNumber: '001085012345',
    requesterPhone: '0912345678',
    requesterAddress: '12 Hàng Bạc',
    residenceWard: ward.code,
    recordKind: 'khai-sinh',
    recordPerson: 'Nguyễn Văn An',
    registeredOn: '1990-05-01',
    forSelf: true,
    copies: 1,
    ...more,
  });
  const fileCopy = (
    body: Record<string, unknown> = {},
    headers: Record<string, string> = {},
    who: Account | null = null,
  ) =>
    call(
      'POST',
      `${BASE}/dossiers`,
      { procedure: COPY, applicant: applicant(), values: copyValues(), documents: [], ...body },
      who,
      headers,
    );
  const detail = async (code: string) => {
    const res = await call('GET', `${BASE}/dossiers/${code}`, undefined, admin);
    assert.equal(res.status, 200, res.body);
    return res.json<StaffDossier>();
  };
  const act = async (code: string, action: string, body: Record<string, unknown> = {}) => {
    const res = await call('POST', `${BASE}/dossiers/${code}/${action}`, body, admin);
    assert.equal(res.status, 200, `${action}: ${res.body}`);
  };
  const pay = async (reference: string, amountVnd: number) => {
    const res = await app.http.inject(
      bankConfirmation(SECRET, {
        transactionId: `FT${process.pid}r${++transactions}`,
        reference: `${reference} Nop phi`,
        amountVnd,
        paidAt: new Date().toISOString(),
        accountNumber: DEMO_PAYEE.account,
      }),
    );
    assert.equal(res.statusCode, 200, res.body);
  };
  /** A dossier filed, paid, received and asked for a supplement: the applicant's token and its code. */
  const askedToSupplement = async (filed: { status: number; body: string; json: <T>() => T }) => {
    assert.equal(filed.status, 201, filed.body);
    const f = filed.json<{ code: string; token: string; fee: { totalVnd: number; payment?: { reference: string } } }>();
    if (f.fee.payment) await pay(f.fee.payment.reference, f.fee.totalVnd);
    await act(f.code, 'receive');
    await act(f.code, 'request-supplement', { items: ['Bổ sung'], note: 'Thiếu giấy tờ' });
    return { code: f.code, mine: { 'x-applicant-token': f.token } };
  };
  const documentCodes = async (code: string) => (await detail(code)).documents.map((d) => d.code).sort();

  it('a supplement is judged as a filing: the documents its answers require, of the types they take', async () => {
    const { code, mine } = await askedToSupplement(await fileCopy());
    const supplement = (body: Record<string, unknown>) =>
      call('POST', `${BASE}/my/dossiers/${code}/supplement`, body, null, mine);
    const refused = async (body: Record<string, unknown>, code: string, why?: RegExp) => {
      const res = await supplement(body);
      assert.equal(res.status, 400, res.body);
      assert.equal(problemOf(res.res).code, code);
      if (why) assert.match(problemOf(res.res).detail ?? '', why);
    };
    // Asking now for someone else needs their authorisation, as filing so would.
    await refused({ values: { forSelf: false } }, 'SERVICES_DOCUMENTS_INVALID', /van-ban-uy-quyen/);
    // An id that is no upload is a 400, not a failed query.
    await refused(
      { values: { forSelf: false }, documents: [{ code: 'van-ban-uy-quyen', uploadId: 'not-a-uuid' }] },
      'SERVICES_DOCUMENTS_INVALID',
      /no upload/,
    );
    // A supplement's note is text as a filing's is: no bidirectional override.
    await refused({ note: 'abc\u202egnp.exe' }, 'SERVICES_FORM_INVALID');
    // So is a withdrawal's reason, which reaches the same timeline: refused, the dossier left as it was.
    for (const reason of ['abc\u202egnp.exe', 'bell\u0007']) {
      const w = await call('POST', `${BASE}/my/dossiers/${code}/withdraw`, { reason }, null, mine);
      assert.equal(w.status, 400, w.body);
      assert.equal(problemOf(w.res).code, 'SERVICES_FORM_INVALID');
    }
    let d = await detail(code);
    assert.equal(d.state, 'supplement');
    assert.equal(d.values['forSelf'], true);
    assert.deepEqual(d.documents, []);

    const letter = await upload(PNG, 'uy-quyen.png');
    const given = await supplement({
      values: { forSelf: false },
      documents: [{ code: 'van-ban-uy-quyen', uploadId: letter }],
      note: 'Đã bổ sung văn bản ủy quyền',
    });
    assert.equal(given.status, 200, given.body);
    d = await detail(code);
    assert.equal(d.values['forSelf'], false);
    assert.deepEqual(await documentCodes(code), ['van-ban-uy-quyen']);
  });

  it("a supplement of a dossier filed under older rules: the value it leaves alone stays; one it gives meets today's", async () => {
    const { code, mine } = await askedToSupplement(await fileCopy());
    // Filed before dates started in 1900: the old value, put straight in.
    const put = await ctx.db.query(
      `UPDATE services_dossiers SET values_plain = jsonb_set(values_plain, '{registeredOn}', '"1890-05-01"')
        WHERE tenant = '' AND code = $1 AND values_plain ? 'registeredOn'`,
      [code],
    );
    assert.equal(put.rowCount, 1, 'registeredOn is a plain value');
    const supplement = (body: Record<string, unknown>) =>
      call('POST', `${BASE}/my/dossiers/${code}/supplement`, body, null, mine);
    // Changing that field: today's rules (refused whole, nothing changed).
    const changing = await supplement({ values: { registeredOn: '1880-01-01', copies: 2 } });
    assert.equal(changing.status, 400, changing.body);
    assert.equal(problemOf(changing.res).code, 'SERVICES_FORM_INVALID');
    assert.match(changing.body, /registeredOn/);
    let d = await detail(code);
    assert.deepEqual([d.state, d.values['registeredOn'], d.values['copies']], ['supplement', '1890-05-01', 1]);
    // Another field changed (and the old one given back as it was): passes, the old value kept.
    const other = await supplement({ values: { requesterAddress: '14 Hàng Bạc', registeredOn: '1890-05-01' } });
    assert.equal(other.status, 200, other.body);
    d = await detail(code);
    assert.deepEqual(
      [d.state, d.values['registeredOn'], d.values['requesterAddress']],
      ['received', '1890-05-01', '14 Hàng Bạc'],
    );
  });

  it("a supplement's documents are of the types their document takes, and required ones given before count", async () => {
    const values = {
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
    };
    const filed = await call('POST', `${BASE}/dossiers`, {
      procedure: PERMIT,
      applicant: applicant(),
      values,
      documents: [
        { code: 'giay-to-dat', uploadId: await upload(await pdfBytes('So do'), 'so-do.pdf') },
        { code: 'ban-ve-thiet-ke', uploadId: await upload(await pdfBytes('Ban ve'), 'ban-ve.pdf') },
      ],
    });
    const { code, mine } = await askedToSupplement(filed);
    const supplement = (body: Record<string, unknown>) =>
      call('POST', `${BASE}/my/dossiers/${code}/supplement`, body, null, mine);
    // The drawings are taken as PDF only: a PNG is refused, as at filing.
    const png = await supplement({
      documents: [{ code: 'ban-ve-thiet-ke', uploadId: await upload(PNG, 'ban-ve.png') }],
    });
    assert.equal(png.status, 400, png.body);
    assert.equal(problemOf(png.res).code, 'SERVICES_DOCUMENTS_INVALID');
    assert.match(problemOf(png.res).detail ?? '', /pdf, not png/);
    assert.deepEqual(await documentCodes(code), ['ban-ve-thiet-ke', 'giay-to-dat']);
    // Only the drawings again: the land papers given at filing still count.
    const pdf = await supplement({
      documents: [{ code: 'ban-ve-thiet-ke', uploadId: await upload(await pdfBytes('Mat cat'), 'mat-cat.pdf') }],
    });
    assert.equal(pdf.status, 200, pdf.body);
    assert.deepEqual(await documentCodes(code), ['ban-ve-thiet-ke', 'ban-ve-thiet-ke', 'giay-to-dat']);
  });

  it("signed in with the city's sign-on, the filer is the requester: their own name and ID number, or nothing is filed", async () => {
    const signedIn = async (name: string, idNumber: string) => {
      const token = randomBytes(32).toString('base64url');
      const now = new Date();
      await insertToken(ctx.db, {
        tokenHash: createHash('sha256').update(token).digest('base64url'),
        tenant: '',
        kind: 'identity',
        dossier: null,
        subject: await app.personalData.seal('', `https://id.example|${idNumber}`),
        name: await app.personalData.seal('', name),
        idNumber: await app.personalData.seal('', idNumber),
        idIndex: await app.personalData.index('national-id', idNumber),
        createdAt: now,
        expiresAt: new Date(now.getTime() + 3600_000),
      });
      return { 'x-applicant-token': token };
    };
    // The provider writes the name in capitals, as VNeID does.
    const a = await signedIn('NGUYỄN VĂN AN', '001085012345');
    const count = async () =>
      (await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM services_dossiers WHERE tenant = ''`)).rows[0]
        ?.n;
    const before = await count();
    for (const [body, field] of [
      [{ values: copyValues({ requesterName: 'Nạn Nhân Y' }) }, 'requesterName'],
      [{ values: copyValues({ requesterIdNumber: '001099000009' }) }, 'requesterIdNumber'],
      [{ applicant: applicant('Bà Khác') }, 'applicant.name'],
      // Asked "for oneself", the record's person is the filer.
      [{ values: copyValues({ recordPerson: 'Nạn Nhân Y' }) }, 'recordPerson'],
      [{ applicant: applicant('Nguyễn Văn An', '001099000009') }, 'applicant.idNumber'],
    ] as const) {
      const res = await fileCopy(body, a);
      assert.equal(res.status, 400, `${field}: ${res.body}`);
      assert.equal(problemOf(res.res).code, 'SERVICES_APPLICANT_NOT_SIGNED_IN');
      assert.match(problemOf(res.res).detail ?? '', new RegExp(field.replace('.', '\\.')));
      // Each field named as the form's errors are, so a page marks it; in Vietnamese too.
      assert.deepEqual(
        res.json<{ errors?: { field: string }[] }>().errors?.map((e) => e.field),
        [field],
        `${field}: ${res.body}`,
      );
      const vi = await fileCopy(body, { ...a, 'accept-language': 'vi' });
      assert.equal(vi.status, 400, vi.body);
      assert.match(problemOf(vi.res).detail ?? '', new RegExp(`tài khoản định danh.*${field.replace('.', '\\.')}`));
    }
    assert.equal(await count(), before);
    // Only what the sign-on asserts is locked: a phone, an e-mail and an address of one's choosing pass.
    const contact = await fileCopy(
      {
        applicant: {
          ...applicant('nguyễn  văn an'),
          phone: '0987654321',
          email: 'an@example.vn',
          address: '5 Hàng Mã',
        },
        values: copyValues({ requesterPhone: '0987654321', requesterEmail: 'an@example.vn' }),
      },
      a,
    );
    assert.equal(contact.status, 201, contact.body);
    const withContact = await detail(contact.json<{ code: string }>().code);
    assert.equal(withContact.applicant.phone, '0987654321');
    assert.equal(withContact.verified, 'sign-on');
    // Left out, the name and ID number are the sign-on's: the applicant's and the requester fields'.
    const left = await fileCopy(
      {
        applicant: { kind: 'citizen', phone: '0912345678' },
        values: copyValues({ requesterName: undefined, requesterIdNumber: '', recordPerson: undefined }),
      },
      a,
    );
    assert.equal(left.status, 201, left.body);
    const filledIn = await detail(left.json<{ code: string }>().code);
    assert.equal(filledIn.applicant.name, 'NGUYỄN VĂN AN');
    assert.equal(filledIn.applicant.idNumber, '001085012345');
    assert.equal(filledIn.values['requesterName'], 'NGUYỄN VĂN AN');
    assert.equal(filledIn.values['requesterIdNumber'], '001085012345');
    assert.equal(filledIn.values['recordPerson'], 'NGUYỄN VĂN AN');
    assert.equal(filledIn.verified, 'sign-on');

    const own = await fileCopy({}, a);
    assert.equal(own.status, 201, own.body);
    assert.equal((await detail(own.json<{ code: string }>().code)).verified, 'sign-on');
    // For someone else: said on the form, with the authorisation; the requester is still the filer.
    const letter = await upload(PNG, 'uy-quyen.png');
    const forOther = await fileCopy(
      {
        values: copyValues({ forSelf: false, recordPerson: 'Trần Thị Bình' }),
        documents: [{ code: 'van-ban-uy-quyen', uploadId: letter }],
      },
      a,
    );
    assert.equal(forOther.status, 201, forOther.body);
    assert.equal((await detail(forOther.json<{ code: string }>().code)).verified, 'sign-on');
    // A version saved before fields were marked: the city's requester fields are read as marked.
    const copy = HANOI_PROCEDURES.find((p) => p.code === COPY) as NewProcedure;
    const unmarked = JSON.parse(
      JSON.stringify({ ...copy, code: 'TL.COPY-OLD' }, (k, v: unknown) => (k === 'requester' ? undefined : v)),
    ) as NewProcedure;
    assert.ok(
      unmarked.form.sections.every((x) => x.fields.every((f) => f.requester === undefined)),
      'unmarked.form.sections.every((x) => x.fields.every((f) => f.requester === undefined))',
    );
    const catalogue = app.modules.get(servicesModule).catalogue;
    await catalogue.save('', unmarked, SYSTEM_ACTOR);
    const old = await fileCopy(
      { procedure: 'TL.COPY-OLD', values: copyValues({ requesterIdNumber: '001099000009' }) },
      a,
    );
    assert.equal(old.status, 400, old.body);
    assert.equal(problemOf(old.res).code, 'SERVICES_APPLICANT_NOT_SIGNED_IN');
    // Without signing in nobody vouches for the names: filed, not verified; and nothing is filled in.
    // The applicant is still the requester the form names: another person there is refused.
    const another = await fileCopy({ values: copyValues({ requesterName: 'Trần Thị Bình' }) });
    assert.equal(another.status, 400, another.body);
    assert.equal(problemOf(another.res).code, 'SERVICES_APPLICANT_NOT_REQUESTER');
    const unsigned = await fileCopy({});
    assert.equal(unsigned.status, 201, unsigned.body);
    assert.equal((await detail(unsigned.json<{ code: string }>().code)).verified, 'none');
    const unsignedLeft = await fileCopy({ values: copyValues({ requesterIdNumber: '' }) });
    assert.equal(unsignedLeft.status, 400, unsignedLeft.body);
    assert.equal(problemOf(unsignedLeft.res).code, 'SERVICES_FORM_INVALID');
  });

  it('an officer files at the counter, without the applicant’s token; never as the applicant online', async () => {
    const filed = await fileCopy({}, {}, admin);
    assert.equal(filed.status, 201, filed.body);
    const answer = filed.json<{ code: string; token?: string }>();
    assert.equal(answer.token, undefined);
    const d = await detail(answer.code);
    assert.equal(d.channel, 'counter');
    assert.equal(d.timeline[0]?.by, admin.username);
    const online = await fileCopy({ channel: 'online' }, {}, centreOfficer);
    assert.equal(online.status, 400, online.body);
    assert.equal(problemOf(online.res).code, 'SERVICES_CHANNEL_INVALID');
  });

  it('names hold nothing invisible or blank-looking; dates start in 1900 unless the field says otherwise', async () => {
    const hidden = [
      '\u200b',
      '\u200c',
      '\u200d',
      '\u200e',
      '\u200f',
      '\u061c',
      '\u2028',
      '\u2029',
      '\ufeff',
      '\u{e0041}',
      '\u206a',
      '\u2060',
      '\u2062',
      '\ufff9',
      '\ufffe',
      '\u180e',
    ];
    for (const c of hidden) {
      for (const body of [
        { applicant: applicant(`Nguyễn${c} Văn An`) },
        { values: copyValues({ recordPerson: `Nguyễn${c} Văn Bình`, forSelf: false }) },
      ]) {
        const res = await fileCopy(body);
        assert.equal(res.status, 400, `U+${c.codePointAt(0)?.toString(16)}: ${res.body}`);
        assert.equal(problemOf(res.res).code, 'SERVICES_FORM_INVALID');
      }
    }
    for (const blank of ['\u3164', '\u2800', '\u3164\u3164', '...']) {
      const res = await fileCopy({ applicant: applicant(blank) });
      assert.equal(res.status, 400, `${JSON.stringify(blank)}: ${res.body}`);
      assert.equal(problemOf(res.res).code, 'SERVICES_FORM_INVALID');
    }
    const ancient = await fileCopy({ values: copyValues({ registeredOn: '0000-01-01' }) });
    assert.equal(ancient.status, 400, ancient.body);
    assert.equal(problemOf(ancient.res).code, 'SERVICES_FORM_INVALID');
    assert.equal((await fileCopy({ values: copyValues({ registeredOn: '1900-01-01' }) })).status, 201);
  });

  it("staff's periods are within 2000–2100 and a version number within the database's: 400s, never 500s", async () => {
    for (const [from, to] of [
      ['0000-01-01', '0000-12-31'],
      ['0001-01-01', '0001-12-31'],
      ['9999-01-01', '9999-12-31'],
      ['1999-06-01', '1999-12-31'],
      ['0001-01-01T00:00:00Z', '0001-06-01T00:00:00Z'],
    ]) {
      for (const path of ['book', 'index']) {
        const res = await call('GET', `${BASE}/${path}?from=${from}&to=${to}`, undefined, admin);
        assert.equal(res.status, 400, `${path} ${from}: ${res.body}`);
        assert.equal(problemOf(res.res).code, 'SERVICES_PERIOD_INVALID');
      }
    }
    for (const path of ['book', 'index']) {
      const res = await call('GET', `${BASE}/${path}?from=2000-01-01&to=2000-12-31`, undefined, admin);
      assert.equal(res.status, 200, `${path}: ${res.body}`);
    }
    const huge = await call('GET', `${BASE}/procedures/${COPY}/versions/2147483648`, undefined, admin);
    assert.equal(huge.status, 400, huge.body);
  });
});
