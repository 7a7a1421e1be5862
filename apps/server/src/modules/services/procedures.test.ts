import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { describeEachDriver } from '../../../test/support/databases.js';
import type { AuditActor } from '../../platform/audit/index.js';
import { isAppError } from '../../platform/errors.js';
import { wardDepartment } from '../reports/index.js';
import { cityWards } from '../city/index.js';
import { HANOI_AGENCIES, HANOI_PROCEDURES, WARD_COMMITTEE } from './hanoi-procedures.js';
import {
  checkProcedure,
  decides,
  documentsFor,
  ProcedureCatalogue,
  stepAgency,
  type NewProcedure,
} from './procedures.js';
import { validateForm } from './forms.js';
import type { FormValues } from './model.js';

/**
 * The catalogue on both databases: versions (a change makes one, a save that changes nothing does
 * not, a dossier's version stays readable), published or not, the public list and its search, the
 * agencies (the ward committees with the citizen reports' codes), fees, documents and the agency of a
 * dossier from its values, and a procedure with problems refused whole.
 */

const ADMIN: AuditActor = { kind: 'user', id: 'u-admin', name: 'admin', roles: ['admin'] };
const byCode = (code: string): NewProcedure => {
  const p = HANOI_PROCEDURES.find((x) => x.code === code);
  if (!p) throw new Error(`no demo procedure ${code}`);
  return p;
};
const BIRTH = byCode('1.001193');
const COPIES = byCode('2.000815');
const PERMIT = byCode('HN.XD.GPXD-NO');
const GRADE_1 = byCode('2.002492');
const HOAN_KIEM = '00070';

describe('the Hà Nội demo catalogue', () => {
  it('passes every check an admin’s procedure must pass, and its codes are unique', () => {
    const agencies = new Set(HANOI_AGENCIES.map((a) => a.code));
    for (const p of HANOI_PROCEDURES) assert.deepEqual(checkProcedure(p, agencies), [], p.code);
    assert.equal(new Set(HANOI_PROCEDURES.map((p) => p.code)).size, HANOI_PROCEDURES.length);
  });

  it("names a result's subject by the form's fields; a subject naming no such field is refused", () => {
    const agencies = new Set(HANOI_AGENCIES.map((a) => a.code));
    assert.equal(BIRTH.result.subject?.nameField, 'childName');
    const wrong = {
      ...BIRTH,
      result: {
        ...BIRTH.result,
        subject: { ...BIRTH.result.subject, nameField: 'babyName', birthDateField: 'childSex' },
      },
    };
    const problems = checkProcedure(wrong, agencies);
    assert.equal(problems.filter((x) => x.startsWith('"result.subject"')).length, 1, problems.join('; '));
  });

  it('asks for the father only when he is declared (birth registration)', () => {
    const base = {
      requesterName: 'Nguyễn Thị Lan',
      requesterIdNumber: '001190012345',
      requesterPhone: '0912345678',
      requesterAddress: '12 Hàng Bạc',
      residenceWard: HOAN_KIEM,
      relationship: 'me',
      childName: 'Trần Minh An',
      childBirthDate: '2026-11-30',
      childSex: 'nam',
      childEthnicity: 'Kinh',
      birthPlaceKind: 'co-so-y-te',
      birthFacility: 'Bệnh viện Phụ sản Hà Nội',
      motherName: 'Nguyễn Thị Lan',
      motherBirthDate: '1990-05-01',
      motherIdNumber: '001190012345',
      truthful: true,
    };
    const alone = validateForm(BIRTH.form, { ...base, fatherName: 'dropped' }, '2026-12-07');
    assert.ok(alone.ok, 'alone.ok');
    assert.equal(alone.values['fatherName'], undefined, 'a hidden section keeps nothing');
    const declared = validateForm(BIRTH.form, { ...base, fatherDeclared: true }, '2026-12-07');
    assert.ok(!declared.ok, '!declared.ok');
    assert.deepEqual(
      declared.errors.map((e) => e.field),
      ['fatherName', 'fatherBirthDate', 'fatherIdNumber'],
    );
  });
});

describe('an unticked checkbox is "no" (copy of a civil-status extract, 2.000635)', () => {
  const EXTRACT = byCode('2.000635');
  const base = {
    requesterName: 'Nguyễn Thị Lan',
    requesterIdNumber: '001190012345',
    requesterPhone: '0912345678',
    requesterAddress: '12 Hàng Bạc',
    residenceWard: HOAN_KIEM,
    recordKind: 'khai-sinh',
    recordPerson: 'Trần Minh An',
    copies: 1,
  };
  const asked = (values: FormValues) => documentsFor(EXTRACT, values).map((d) => d.code);

  it('keeps an unticked box as false, and then asks for the authorisation letter', () => {
    const unticked = validateForm(EXTRACT.form, base, '2026-12-07');
    assert.ok(unticked.ok, JSON.stringify(unticked));
    assert.equal(unticked.values['forSelf'], false, 'the dossier’s values say "not for myself"');
    assert.deepEqual(asked(unticked.values), ['van-ban-uy-quyen']);
    const explicit = validateForm(EXTRACT.form, { ...base, forSelf: false }, '2026-12-07');
    assert.ok(explicit.ok, 'explicit.ok');
    assert.equal(explicit.values['forSelf'], false);
    assert.deepEqual(asked(explicit.values), ['van-ban-uy-quyen']);
  });

  it('asks for no letter when the box is ticked', () => {
    const ticked = validateForm(EXTRACT.form, { ...base, forSelf: true }, '2026-12-07');
    assert.ok(ticked.ok, 'ticked.ok');
    assert.equal(ticked.values['forSelf'], true);
    assert.deepEqual(asked(ticked.values), []);
  });

  it('treats a checkbox absent from stored values (a dossier filed before) as unticked', () => {
    assert.deepEqual(asked({ recordKind: 'khai-sinh', copies: 1 }), ['van-ban-uy-quyen']);
  });
});

describeEachDriver('the procedures catalogue', (ctx) => {
  let catalogue: ProcedureCatalogue;
  let clock = Date.parse('2026-12-07T02:00:00Z');
  const tick = () => new Date((clock += 60_000));

  before(async () => {
    catalogue = new ProcedureCatalogue({ db: ctx.db, now: tick });
    await catalogue.seed('', HANOI_PROCEDURES, HANOI_AGENCIES);
  });

  it('seeds once: seeding the same catalogue again makes no version', async () => {
    await catalogue.seed('', HANOI_PROCEDURES, HANOI_AGENCIES);
    for (const p of HANOI_PROCEDURES) {
      assert.deepEqual(
        (await catalogue.versions('', p.code)).map((v) => v.version),
        [1],
        p.code,
      );
    }
    const got = await catalogue.get('', BIRTH.code);
    assert.equal(got.version, 1);
    assert.deepEqual(
      { ...got, version: undefined, updatedAt: undefined },
      { ...BIRTH, version: undefined, updatedAt: undefined },
    );
  });

  it("brings the procedures it saved to the demo's changes as new versions, never undoing an admin's", async () => {
    const tenant = 'seeded-before';
    // A database seeded before the certified copy asked the original's pages and the copies: one total
    // of pages at 2,000 đồng each.
    const before: NewProcedure = {
      ...COPIES,
      fees: [{ code: 'phi-chung-thuc', name: COPIES.fees[0]!.name, amountVnd: 2000, perField: 'pages' }],
      form: {
        sections: COPIES.form.sections.map((s) =>
          s.id !== 'copies'
            ? s
            : {
                ...s,
                fields: [
                  ...s.fields.filter((f) => f.id !== 'originalPages' && f.id !== 'copies'),
                  { id: 'pages', label: { vi: 'Tổng số trang', en: 'Pages' }, type: 'number' as const, min: 1 },
                ],
              },
        ),
      },
    };
    await catalogue.seed(
      tenant,
      HANOI_PROCEDURES.map((p) => (p.code === COPIES.code ? before : p)),
      HANOI_AGENCIES,
    );
    // An admin changed the permit and withdrew the birth registration (which makes no version).
    const permit = await catalogue.save(tenant, { ...PERMIT, legalBasis: [...PERMIT.legalBasis, 'admin'] }, ADMIN);
    await catalogue.save(tenant, { ...BIRTH, published: false }, ADMIN);

    await catalogue.seed(
      tenant,
      HANOI_PROCEDURES.map((p) => (p.code === BIRTH.code ? { ...p, legalBasis: [...p.legalBasis, 'demo'] } : p)),
      HANOI_AGENCIES,
    );
    const copy = await catalogue.get(tenant, COPIES.code);
    assert.equal(copy.version, 2, 'the certified copy seeded before is brought to the new form');
    assert.deepEqual(copy.fees, COPIES.fees);
    assert.equal(catalogue.feesFor(copy, { originalPages: 300, copies: 2 }).totalVnd, 400_000);
    const old = await catalogue.get(tenant, COPIES.code, 1);
    assert.equal(catalogue.feesFor(old, { pages: 300 }).totalVnd, 600_000, 'version 1 counts as it did');
    const birth = await catalogue.get(tenant, BIRTH.code);
    assert.equal(birth.version, 2, "the demo's change made a version");
    assert.equal(birth.published, false, 'withdrawn by the admin, it stays withdrawn');
    assert.deepEqual(birth.legalBasis, [...BIRTH.legalBasis, 'demo']);
    const kept = await catalogue.get(tenant, PERMIT.code);
    assert.equal(kept.version, permit.version, "the admin's version stays the current one");
    assert.deepEqual(kept.legalBasis, [...PERMIT.legalBasis, 'admin']);
    await catalogue.seed(tenant, HANOI_PROCEDURES, HANOI_AGENCIES);
    assert.equal((await catalogue.get(tenant, COPIES.code)).version, 2, 'seeding again makes no version');
  });

  it('makes a new version when the content changes; a dossier keeps reading its own', async () => {
    const changed: NewProcedure = { ...COPIES, fees: [{ ...COPIES.fees[0]!, amountVnd: 3000 }] };
    const v2 = await catalogue.save('', changed, ADMIN);
    assert.equal(v2.version, 2);
    assert.equal((await catalogue.get('', COPIES.code)).fees[0]?.amountVnd, 3000, 'the current one is version 2');
    const v1 = await catalogue.get('', COPIES.code, 1);
    assert.equal(v1.version, 1);
    assert.equal(v1.fees[0]?.amountVnd, 0, 'version 1 is as it was');
    const again = await catalogue.save('', changed, ADMIN);
    assert.equal(again.version, 2, 'the same content again makes no version');
    assert.equal(again.updatedAt, v2.updatedAt);
    const versions = await catalogue.versions('', COPIES.code);
    assert.deepEqual(
      versions.map((v) => v.version),
      [1, 2],
    );
    assert.ok(versions[0]!.updatedAt < versions[1]!.updatedAt, 'versions[0]!.updatedAt < versions[1]!.updatedAt');
    // Back to the first content: still a change from version 2, so version 3.
    assert.equal((await catalogue.save('', COPIES, ADMIN)).version, 3);
  });

  it('keeps who saved each version', async () => {
    const { rows } = await ctx.db.query<{ saved_by: AuditActor }>(
      `SELECT saved_by FROM services_procedures WHERE tenant = '' AND code = $1 ORDER BY version`,
      [COPIES.code],
    );
    assert.equal(rows[0]?.saved_by.kind, 'system');
    assert.deepEqual(rows[1]?.saved_by, ADMIN);
  });

  it('withdraws and offers again without a new version; the public list hides the withdrawn one', async () => {
    const hidden = await catalogue.save('', { ...PERMIT, published: false }, ADMIN);
    assert.equal(hidden.version, 1, 'only `published` changed');
    assert.equal(hidden.published, false);
    assert.equal((await catalogue.get('', PERMIT.code)).published, false);
    assert.ok(
      !(await catalogue.list('')).some((p) => p.code === PERMIT.code),
      "!(await catalogue.list('')).some((p) => p.code === PERMIT.code)",
    );
    assert.ok(
      (await catalogue.list('', { all: true })).some((p) => p.code === PERMIT.code),
      "(await catalogue.list('', { all: true })).some((p) => p.code === PERMIT.code)",
    );
    // A changed procedure saved unpublished: the new version is hidden, the old one still read by its dossiers.
    const draft = await catalogue.save(
      '',
      { ...PERMIT, limitDays: 15, published: false, legalBasis: [...PERMIT.legalBasis, 'Draft'] },
      ADMIN,
    );
    assert.equal(draft.version, 2);
    assert.equal((await catalogue.get('', PERMIT.code, 1)).legalBasis.length, PERMIT.legalBasis.length);
    const back = await catalogue.save('', { ...PERMIT, legalBasis: [...PERMIT.legalBasis, 'Draft'] }, ADMIN);
    assert.equal(back.version, 2);
    assert.equal(back.published, true);
    assert.ok(
      (await catalogue.list('')).some((p) => p.code === PERMIT.code),
      "(await catalogue.list('')).some((p) => p.code === PERMIT.code)",
    );
  });

  it('searches with or without marks, and filters by field, level and agency', async () => {
    const codes = async (q: Parameters<ProcedureCatalogue['list']>[1]) =>
      (await catalogue.list('', q)).map((p) => p.code);
    assert.equal((await codes({ text: 'dang ky khai sinh' }))[0], '1.001193');
    assert.equal((await codes({ text: 'Đăng ký khai sinh' }))[0], '1.001193');
    assert.deepEqual(await codes({ text: 'giay phep xay dung' }), [PERMIT.code]);
    const civil = await codes({ field: 'ho tich' });
    assert.deepEqual([...civil].sort(), ['1.000656', '1.000894', '1.001193', '2.000635']);
    assert.ok((await codes({ level: 'city' })).length === 0, 'the demo has only commune-level procedures');
    assert.deepEqual(await codes({ agency: 'cong-an-phuong-xa' }), ['HN.CA.XNCT']);
    assert.ok((await codes({ agency: 'trung-tam-phvhcc' })).includes('1.001193'), 'an agency of a step counts');
    const hoanKiem = await codes({ agency: 'ward-00070' });
    assert.ok(
      hoanKiem.includes('1.001193') && !hoanKiem.includes('HN.CA.XNCT'),
      "a ward's committee handles its residents' procedures",
    );
    assert.deepEqual(await codes({ agency: 'ward-99999' }), []);
  });

  it('keeps tenants apart', async () => {
    assert.deepEqual(await catalogue.list('other'), []);
    await assert.rejects(
      catalogue.get('other', BIRTH.code),
      (e) => isAppError(e) && e.code === 'SERVICES_PROCEDURE_NOT_FOUND',
    );
    await assert.rejects(catalogue.get('', BIRTH.code, 9), (e) => isAppError(e) && e.status === 404);
    await assert.rejects(catalogue.versions('', 'no-such'), (e) => isAppError(e) && e.status === 404);
  });

  it('refuses a procedure with problems whole, saving nothing', async () => {
    const bad: NewProcedure = {
      ...BIRTH,
      code: '9.999999',
      agency: 'no-such-agency',
      limitDays: 2,
      steps: BIRTH.steps.map((st) => ({ ...st, hours: 3 })),
      fees: [{ code: 'x', name: { vi: 'X', en: 'X' }, amountVnd: 1, perField: 'childName' }],
      form: {
        sections: [
          {
            id: 'a',
            title: { vi: 'A', en: 'A' },
            fields: [{ id: 'b', label: { vi: 'B', en: 'B' }, type: 'text', when: { field: 'c', filled: true } }],
          },
        ],
      },
    };
    await assert.rejects(catalogue.save('', bad, ADMIN), (e) => {
      assert.ok(isAppError(e), 'isAppError(e)');
      assert.equal(e.code, 'SERVICES_PROCEDURE_INVALID');
      const problems = e.extra['problems'] as string[];
      for (const pattern of [
        /step receive: unknown property "hours"/,
        /"agency" must be an agency/,
        /form: field b: "when" must name a field that comes before it/,
        /add up to 1, not the limit of 2/,
      ]) {
        assert.ok(
          problems.some((p) => pattern.test(p)),
          `${String(pattern)} in ${JSON.stringify(problems)}`,
        );
      }
      return true;
    });
    await assert.rejects(catalogue.get('', '9.999999'), (e) => isAppError(e) && e.status === 404);
  });

  it('reads a field a fee is charged per as whole numbers only, however the procedure was saved', async () => {
    const perCopy: NewProcedure = {
      ...BIRTH,
      code: '9.999998',
      fees: [{ code: 'x', name: { vi: 'X', en: 'X' }, amountVnd: 1000, perField: 'copies' }],
      form: {
        sections: [
          ...BIRTH.form.sections,
          {
            id: 'copiesSection',
            title: { vi: 'Bản sao', en: 'Copies' },
            fields: [{ id: 'copies', label: { vi: 'Số bản', en: 'Copies' }, type: 'number', required: true }],
          },
        ],
      },
    };
    await catalogue.save('', perCopy, ADMIN);
    const read = await catalogue.get('', '9.999998');
    const copies = read.form.sections.flatMap((x) => x.fields).find((f) => f.id === 'copies');
    assert.equal(copies?.integer, true);
    const only = { sections: read.form.sections.filter((x) => x.id === 'copiesSection') };
    assert.equal(validateForm(only, { copies: 1.5 }, '2026-12-06').ok, false, 'half a copy is refused');
    assert.equal(validateForm(only, { copies: 2 }, '2026-12-06').ok, true);
  });

  it('lists the agencies, then every ward committee under the citizen reports’ codes and every ward police', async () => {
    const agencies = await catalogue.agencies('');
    // The stand-ins for "the applicant's ward's committee / police" are not agencies to pick.
    const real = HANOI_AGENCIES.filter((a) => a.code !== 'ubnd-phuong-xa' && a.code !== 'cong-an-phuong-xa');
    assert.deepEqual(
      agencies
        .slice(0, real.length)
        .map((a) => a.code)
        .sort(),
      real.map((a) => a.code).sort(),
    );
    assert.equal(agencies.length, real.length + 2 * cityWards().length);
    const hoanKiem = wardDepartment(HOAN_KIEM, 'Phường Hoàn Kiếm');
    const committee = await catalogue.agency('', hoanKiem.id);
    assert.deepEqual(committee, { code: hoanKiem.id, name: hoanKiem.name, level: 'commune' });
    assert.equal((await catalogue.agency('', 'trung-tam-phvhcc'))?.level, 'city');
    assert.equal(await catalogue.agency('', 'ward-99999'), undefined);
  });

  it('gives a dossier its fees, documents and agency from its values', async () => {
    const copies = await catalogue.get('', COPIES.code);
    assert.deepEqual(catalogue.feesFor(copies, { originalPages: 7, copies: 2 }), {
      items: [{ code: 'phi-chung-thuc', name: copies.fees[0]!.name, amountVnd: 18_000 }],
      totalVnd: 18_000,
    });
    const birth = await catalogue.get('', BIRTH.code);
    assert.deepEqual(catalogue.feesFor(birth, {}), { items: [], totalVnd: 0 }, 'birth registration is free');
    assert.deepEqual(
      catalogue.documentsFor(birth, { birthPlaceKind: 'noi-khac', relationship: 'me' }).map((d) => d.code),
      ['xac-nhan-nguoi-lam-chung'],
    );
    assert.deepEqual(
      catalogue.documentsFor(birth, { birthPlaceKind: 'co-so-y-te', relationship: 'nguoi-khac' }).map((d) => d.code),
      ['giay-chung-sinh', 'van-ban-uy-quyen'],
    );
    const ward = wardDepartment(HOAN_KIEM, 'Phường Hoàn Kiếm').id;
    assert.equal(catalogue.agencyFor(birth, { residenceWard: HOAN_KIEM }), ward);
    assert.equal(catalogue.agencyFor(birth, {}), WARD_COMMITTEE, 'without a ward, the procedure’s agency');
    const [receive, handle] = birth.steps;
    assert.equal(stepAgency(birth, receive!, { residenceWard: HOAN_KIEM }), 'trung-tam-phvhcc');
    assert.equal(stepAgency(birth, handle!, { residenceWard: HOAN_KIEM }), ward);
    const police = await catalogue.get('', 'HN.CA.XNCT');
    // The police of the applicant's ward, not the committee, and not the stand-in for "a ward's police".
    assert.equal(catalogue.agencyFor(police, { residenceWard: HOAN_KIEM }), `cong-an-${HOAN_KIEM}`);
    assert.equal((await catalogue.agency('', `cong-an-${HOAN_KIEM}`))?.name.vi, 'Công an phường Hoàn Kiếm');
    assert.ok(
      decides(police, `cong-an-${HOAN_KIEM}`) && !decides(police, ward),
      'decides(police, `cong-an-${HOAN_KIEM}`) && !decides(police, ward)',
    );
    // A version saved before it named its ward field (as the residence confirmation's first were) is
    // read with its form's one ward field: its dossiers go to that ward's police too, each step of it.
    const { agencyByWard: _, ...older } = HANOI_PROCEDURES.find((p) => p.code === 'HN.CA.XNCT') as NewProcedure;
    await catalogue.save('', { ...older, code: 'TEST.XNCT-OLD' }, ADMIN);
    const old = await catalogue.get('', 'TEST.XNCT-OLD');
    assert.equal(catalogue.agencyFor(old, { residenceWard: HOAN_KIEM }), `cong-an-${HOAN_KIEM}`);
    assert.deepEqual(
      old.steps.map((s) => catalogue.stepAgency(old, s, { residenceWard: HOAN_KIEM })),
      old.steps.map(() => `cong-an-${HOAN_KIEM}`),
    );
  });

  it('keeps the school allocation with the procedure', async () => {
    const grade1 = await catalogue.get('', GRADE_1.code);
    assert.equal(grade1.allocation?.schoolField, 'school');
    assert.ok(
      grade1.allocation?.schools.every((s) => s.places > 0 && s.wards.length > 0),
      'grade1.allocation?.schools.every((s) => s.places > 0 && s.wards.length > 0)',
    );
  });
});
