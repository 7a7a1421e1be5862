import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateForm } from '../../server/src/modules/services/forms.js';
import { HANOI_PROCEDURES } from '../../server/src/modules/services/hanoi-procedures.js';
import * as server from '../../server/src/modules/services/procedures.js';
import { answersInFormOrder } from '../src/public-services/answers.js';
import {
  applicantFieldsOf,
  documentsFor,
  feePreview,
  feesFor,
  formProblems,
  readForm,
  schoolsFor,
} from '../src/public-services/form.js';
import type { FormValues, Procedure } from '../src/public-services/types.js';

// The citizens' e-form judges what shows, which documents it asks for and the fee as the server will on
// filing: otherwise the server asks for a document whose upload the page never showed.

const byCode = (code: string) => {
  const p = HANOI_PROCEDURES.find((x) => x.code === code);
  assert.ok(p, code);
  return p;
};
/** The page's answers as the server's catalogue reads them (the same JSON, read by the web's types). */
const asWeb = (p: (typeof HANOI_PROCEDURES)[number]) => p as unknown as Procedure;
const webDocuments = (p: (typeof HANOI_PROCEDURES)[number], values: FormValues) =>
  documentsFor(asWeb(p), readForm(asWeb(p).form, values).values).map((d) => d.code);

describe("the fee the page shows is the server's, and none for a count the server refuses", () => {
  const COPY = byCode('2.000815');
  const base = {
    requesterName: 'Đỗ Văn Nam',
    requesterIdNumber: '001085054321',
    requesterPhone: '0912000111',
    requesterAddress: '5 Hàng Đào',
    residenceWard: '00070',
    documentName: 'Bằng tốt nghiệp',
    issuedBy: 'Trường Đại học',
  };
  const numberField = (p: (typeof HANOI_PROCEDURES)[number], id: string) => {
    const f = p.form.sections.flatMap((s) => s.fields).find((x) => x.id === id);
    assert.ok(f && typeof f.min === 'number' && typeof f.max === 'number', `${p.code} ${id} has bounds`);
    return { min: f.min, max: f.max };
  };

  it('agrees with the server for every number of pages and copies the form takes (certified copy)', () => {
    const pages = numberField(COPY, 'originalPages');
    const copies = numberField(COPY, 'copies');
    for (let n = pages.min; n <= pages.max; n++) {
      for (let c = copies.min; c <= copies.max; c++) {
        const values = { ...base, originalPages: n, copies: c };
        const shown = feePreview(asWeb(COPY), values, '2026-12-07');
        assert.ok(shown.ok, `${n} pages, ${c} copies: ${JSON.stringify(shown)}`);
        const checked = validateForm(COPY.form, values, '2026-12-07');
        assert.ok(checked.ok, `${n} pages, ${c} copies are taken by the server`);
        const server_ = server.feesFor(COPY, checked.values).totalVnd;
        if (shown.totalVnd !== server_) assert.equal(shown.totalVnd, server_, `${n} pages, ${c} copies`);
      }
    }
    // As typed in the page's inputs (text), too.
    assert.deepEqual(feePreview(asWeb(COPY), { ...base, originalPages: '300', copies: '2' }, '2026-12-07'), {
      ok: true,
      totalVnd: 400_000,
    });
  });

  it("agrees with the server for every count of every procedure's fees", () => {
    for (const p of HANOI_PROCEDURES) {
      for (const f of p.fees) {
        for (const id of [f.perField, f.byCount?.field]) {
          if (id === undefined || p === COPY) continue;
          const { min, max } = numberField(p, id);
          for (let n = min; n <= Math.min(max, 500); n++) {
            const values: FormValues = { ...base, [id]: n };
            const shown = feePreview(asWeb(p), values, '2026-12-07');
            if (!shown.ok) continue; // another field it is counted by left blank
            assert.equal(
              shown.totalVnd,
              server.feesFor(p, readForm(asWeb(p).form, values).values).totalVnd,
              `${p.code} ${id}=${n}`,
            );
          }
        }
      }
    }
  });

  it("shows no amount, but the field's problem, for copies 0, 999, 1.5 or blank, or pages 0", () => {
    for (const [change, field, words] of [
      [{ originalPages: 3, copies: 0 }, 'copies', 'không được nhỏ hơn 1'],
      [{ originalPages: 3, copies: 999 }, 'copies', 'không được lớn hơn 50'],
      [{ originalPages: 3, copies: '999' }, 'copies', 'không được lớn hơn 50'],
      [{ originalPages: 3, copies: 1.5 }, 'copies', 'phải là số nguyên'],
      [{ originalPages: 3, copies: '' }, 'copies', 'bắt buộc nhập'],
      [{ originalPages: 3 }, 'copies', 'bắt buộc nhập'],
      [{ originalPages: 0, copies: 1 }, 'originalPages', 'không được nhỏ hơn 1'],
      [{ originalPages: 'abc', copies: 1 }, 'originalPages', 'phải là một số'],
    ] as const) {
      const shown = feePreview(asWeb(COPY), { ...base, ...change }, '2026-12-07');
      assert.ok(!shown.ok, `${JSON.stringify(change)} shows no amount`);
      assert.deepEqual(
        shown.problems.map((x) => x.field),
        [field],
        JSON.stringify(change),
      );
      assert.ok(
        shown.problems[0]!.message.vi.includes(words),
        `${JSON.stringify(change)}: ${shown.problems[0]!.message.vi}`,
      );
      assert.equal(
        validateForm(COPY.form, { ...base, ...change }, '2026-12-07').ok,
        false,
        'the server refuses it too',
      );
    }
  });
});

describe('the e-form on the page reads an untouched checkbox as the server does', () => {
  const EXTRACT = byCode('2.000635');
  const base = {
    requesterName: 'Nguyễn Thị Lan',
    requesterIdNumber: '001190012345',
    requesterPhone: '0912345678',
    requesterAddress: '12 Hàng Bạc',
    residenceWard: '00070',
    recordKind: 'khai-sinh',
    recordPerson: 'Trần Minh An',
    copies: 1,
  };

  it('asks for the authorisation letter when "the record is my own" is left untouched', () => {
    assert.deepEqual(webDocuments(EXTRACT, base), ['van-ban-uy-quyen']);
    assert.deepEqual(webDocuments(EXTRACT, { ...base, forSelf: true }), []);
    assert.deepEqual(webDocuments(EXTRACT, { ...base, forSelf: false }), ['van-ban-uy-quyen']);
  });

  it('sends what the server keeps: the untouched box as false, nothing hidden, text trimmed', () => {
    const sent = readForm(asWeb(EXTRACT).form, { ...base, recordPerson: '  Trần Minh An  ' }).values;
    assert.equal(sent['forSelf'], false);
    assert.equal(sent['recordPerson'], 'Trần Minh An');
    const checked = validateForm(EXTRACT.form, sent, '2026-12-07');
    assert.ok(checked.ok, JSON.stringify(checked));
    assert.deepEqual(
      server.documentsFor(EXTRACT, checked.values).map((d) => d.code),
      webDocuments(EXTRACT, base),
    );
  });

  it('agrees with the server on every procedure of the catalogue, boxes untouched or all ticked', () => {
    for (const p of HANOI_PROCEDURES) {
      const boxes = p.form.sections.flatMap((s) => s.fields.filter((f) => f.type === 'checkbox').map((f) => f.id));
      for (const values of [{}, Object.fromEntries(boxes.map((id) => [id, true]))] as FormValues[]) {
        const kept = readForm(asWeb(p).form, values).values;
        assert.deepEqual(
          documentsFor(asWeb(p), kept).map((d) => d.code),
          server.documentsFor(p, values).map((d) => d.code),
          `${p.code} ${JSON.stringify(values)}`,
        );
        assert.equal(feesFor(asWeb(p), kept).totalVnd, server.feesFor(p, values).totalVnd, p.code);
      }
    }
  });

  it('judges each condition on the answers shown before it, as the server does', () => {
    // "Married before" answered, then hidden again by "single": its document is no longer asked for.
    const schema = {
      sections: [
        {
          id: 'a',
          title: { vi: 'A', en: 'A' },
          fields: [
            { id: 'status', label: { vi: 'S', en: 'S' }, type: 'text' as const },
            {
              id: 'before',
              label: { vi: 'B', en: 'B' },
              type: 'checkbox' as const,
              when: { field: 'status', equals: 'married' },
            },
          ],
        },
        {
          id: 'b',
          title: { vi: 'C', en: 'C' },
          when: { field: 'before', equals: true },
          fields: [{ id: 'divorce', label: { vi: 'D', en: 'D' }, type: 'text' as const }],
        },
      ],
    };
    const shown = readForm(schema, { status: 'married', before: true, divorce: 'x' });
    assert.deepEqual([...shown.sections], ['a', 'b']);
    const hidden = readForm(schema, { status: 'single', before: true, divorce: 'x' });
    assert.deepEqual([...hidden.sections], ['a']);
    assert.deepEqual([...hidden.fields], ['status']);
    assert.deepEqual(hidden.values, { status: 'single' });
  });
});

describe('the e-form files the applicant, not whom the result is about', () => {
  it('takes a school enrolment’s parent as the applicant, as the procedure declares', () => {
    for (const code of ['2.002492', '3.000182']) {
      assert.deepEqual(applicantFieldsOf(asWeb(byCode(code))), {
        name: 'parentName',
        idNumber: 'parentIdNumber',
        phone: 'parentPhone',
        email: 'parentEmail',
        address: 'residenceAddress',
      });
    }
  });

  it('without declarations, skips the fields naming the result’s subject and the pupil', () => {
    const grade1 = byCode('2.002492');
    const undeclared = asWeb({
      ...grade1,
      form: {
        sections: grade1.form.sections.map((s) => ({
          ...s,
          fields: s.fields.map((f) => {
            const { applicant: _, ...rest } = f;
            return rest;
          }),
        })),
      },
    });
    const fields = applicantFieldsOf(undeclared);
    assert.equal(fields.name, 'parentName');
    assert.equal(fields.idNumber, 'parentIdNumber');
    // A birth registration's requester still files it (the child is the result's subject).
    assert.equal(applicantFieldsOf(asWeb(byCode('1.001193'))).name, 'requesterName');
  });
});

describe('the e-form marks what the server would refuse, before sending', () => {
  const EXTRACT = byCode('2.000635');
  const GRADE1 = byCode('2.002492');

  it('names each required field left empty, and the simple rules the schema states', () => {
    const problems = formProblems(asWeb(EXTRACT).form, {
      requesterName: 'Nguyễn Thị Lan',
      requesterIdNumber: '00119001234',
      requesterPhone: '0912345678',
      residenceWard: '00070',
      recordKind: 'khai-sinh',
      recordPerson: 'Trần Minh An',
      copies: 25,
    });
    const byField = Object.fromEntries(problems.map((p) => [p.field, p.message.en]));
    assert.match(byField['requesterIdNumber'] ?? '', /12-digit/);
    assert.match(byField['requesterAddress'] ?? '', /required/);
    assert.match(byField['copies'] ?? '', /at most 20/);
    const counts = formProblems(asWeb(EXTRACT).form, { copies: 2.5 }).find((p) => p.field === 'copies');
    assert.match(counts?.message.vi ?? '', /số nguyên/);
  });

  it('agrees with the server on which fields are wrong', () => {
    const values = { studentName: '', studentBirthDate: '2014-01-01', parentPhone: '12345', parentEmail: 'x@' };
    const page = formProblems(asWeb(GRADE1).form, values, '2026-12-07').map((p) => p.field);
    const checked = validateForm(GRADE1.form, values, '2026-12-07');
    assert.ok(!checked.ok, '!checked.ok');
    assert.deepEqual(page.sort(), [...new Set(checked.errors.map((e) => e.field))].sort());
  });
});

describe('the e-form offers the schools of the ward chosen', () => {
  it('every school before a ward is chosen, then only those whose catchment holds it', () => {
    const grade1 = asWeb(byCode('2.002492'));
    const all = schoolsFor(grade1, {});
    assert.equal(all?.size, grade1.allocation?.schools.length);
    const ward = grade1.allocation?.schools[0]?.wards[0] as string;
    const near = schoolsFor(grade1, { residenceWard: ward });
    assert.deepEqual(
      [...(near ?? [])],
      (grade1.allocation?.schools ?? []).filter((s) => s.wards.includes(ward)).map((s) => s.code),
    );
    assert.ok((near?.size ?? 0) < (all?.size ?? 0), '(near?.size ?? 0) < (all?.size ?? 0)');
    assert.equal(schoolsFor(asWeb(byCode('2.000635')), {}), undefined);
  });
});

describe('a dossier’s answers as people read them', () => {
  it('in the form’s order, under its sections, in words', () => {
    const grade1 = asWeb(byCode('2.002492'));
    const { sections, rest } = answersInFormOrder(
      grade1.form,
      { parentName: 'Trần Văn Cường', studentSex: 'nu', studentBirthDate: '2020-05-01', priority: false, old: 'x' },
      { pick: (t) => t?.en ?? '', yes: 'Yes', no: 'No', wardName: () => '' },
    );
    assert.deepEqual(
      sections.map((s) => [s.id, s.lines.map((l) => `${l.label}: ${l.text}`)]),
      [
        ['student', ['Date of birth: 01/05/2020', 'Sex: Female']],
        ['residence', ['Claims a priority: No']],
        ['parent', ['Full name: Trần Văn Cường']],
      ],
    );
    assert.deepEqual(rest, [{ id: 'old', label: 'old', text: 'x' }]);
  });
});
