import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  applicantErrorsOnForm,
  applicantFromForm,
  catastrophic,
  checkApplicant,
  checkSchema,
  holds,
  validateForm,
} from './forms.js';
import type { FieldError, FormSchema, FormValues } from './model.js';

/**
 * E-forms: each field type checked and made canonical; sections and fields shown only when their
 * condition holds (hidden ones neither required nor kept); anything the form does not ask for refused;
 * messages in Vietnamese and English. And the schemas admins send: what would break the form refused.
 */

const t = (vi: string, en: string) => ({ vi, en });
const TODAY = '2026-12-07';

const FORM: FormSchema = {
  sections: [
    {
      id: 'applicant',
      title: t('Người yêu cầu', 'Applicant'),
      fields: [
        { id: 'name', label: t('Họ tên', 'Name'), type: 'text', required: true, maxLength: 20 },
        { id: 'note', label: t('Ghi chú', 'Note'), type: 'textarea' },
        { id: 'phone', label: t('Điện thoại', 'Phone'), type: 'phone' },
        { id: 'idNumber', label: t('Số định danh', 'ID number'), type: 'id-number' },
        { id: 'email', label: t('Thư', 'E-mail'), type: 'email' },
        { id: 'ward', label: t('Phường', 'Ward'), type: 'ward' },
        { id: 'copies', label: t('Số bản', 'Copies'), type: 'number', integer: true, min: 1, max: 10 },
        { id: 'area', label: t('Diện tích', 'Area'), type: 'number', min: 0 },
        { id: 'born', label: t('Ngày sinh', 'Born'), type: 'date', max: 'today', min: '1900-01-01' },
        { id: 'appointment', label: t('Ngày hẹn', 'Appointment'), type: 'date', min: 'today' },
        {
          id: 'kind',
          label: t('Loại', 'Kind'),
          type: 'select',
          options: [
            { value: 'a', label: t('A', 'A') },
            { value: 'b', label: t('B', 'B') },
          ],
        },
        {
          id: 'code',
          label: t('Mã', 'Code'),
          type: 'text',
          pattern: '[A-Z]{2}\\d{3}',
          patternHint: t('hai chữ, ba số', 'two letters, three digits'),
        },
        { id: 'hasFather', label: t('Khai cha', 'Declare father'), type: 'checkbox' },
      ],
    },
    {
      id: 'father',
      title: t('Cha', 'Father'),
      when: { field: 'hasFather', equals: true },
      fields: [
        { id: 'fatherName', label: t('Họ tên cha', "Father's name"), type: 'text', required: true },
        {
          id: 'fatherAlive',
          label: t('Còn sống', 'Alive'),
          type: 'radio',
          options: [
            { value: 'yes', label: t('Có', 'Yes') },
            { value: 'no', label: t('Không', 'No') },
          ],
        },
        {
          id: 'deathDate',
          label: t('Ngày mất', 'Died'),
          type: 'date',
          required: true,
          when: { field: 'fatherAlive', equals: 'no' },
        },
      ],
    },
  ],
};

function ok(values: unknown): FormValues {
  const r = validateForm(FORM, values, TODAY);
  if (!r.ok) assert.fail(`expected valid, got ${JSON.stringify(r.errors)}`);
  return r.values;
}
function errors(values: unknown): FieldError[] {
  const r = validateForm(FORM, values, TODAY);
  if (r.ok) assert.fail(`expected errors, got ${JSON.stringify(r.values)}`);
  return r.errors;
}
const codes = (values: unknown) => errors(values).map((e) => `${e.field}:${e.code}`);

describe('validateForm', () => {
  it('keeps the values canonical: text trimmed and NFC, numbers from numeric strings, phone and ID compact, ward by name', () => {
    const decomposed = 'Nguye\u0302\u0303n Va\u0306n A'; // "Nguyễn Văn A" typed with combining marks
    const values = ok({
      name: `  ${decomposed} `,
      phone: '+84 912 345 678',
      idNumber: '001 090 012 345',
      email: ' an@example.vn ',
      ward: 'Phường Hoàn Kiếm',
      copies: ' 3 ',
      born: '1990-02-28',
      kind: 'b',
      code: 'AB123',
      hasFather: 'false',
    });
    assert.deepEqual(values, {
      name: 'Nguyễn Văn A',
      phone: '0912345678',
      idNumber: '001090012345',
      email: 'an@example.vn',
      ward: '00070',
      copies: 3,
      born: '1990-02-28',
      kind: 'b',
      code: 'AB123',
      hasFather: false,
    });
    assert.equal(values['name'], 'Nguyễn Văn A'.normalize('NFC'));
  });

  it('says what is required, in Vietnamese and English', () => {
    const [e] = errors({});
    assert.deepEqual(e, {
      field: 'name',
      code: 'required',
      message: { vi: 'Họ tên: bắt buộc nhập.', en: 'Name: required.' },
    });
    assert.deepEqual(codes({ name: '   ' }), ['name:required'], 'blank is not an answer');
  });

  it('refuses fields the form does not have, and anything but an object', () => {
    assert.deepEqual(codes({ name: 'A', isAdmin: true }), ['isAdmin:unknown']);
    for (const bad of [null, [], 'x', 3]) assert.deepEqual(codes(bad), [':type']);
  });

  it('checks each type', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ phone: '0123' }, 'phone:type'],
      [{ phone: '0112345678' }, 'phone:type'], // 01x is no longer a Vietnamese prefix
      [{ phone: '+1 415 555 0100' }, 'phone:type'],
      [{ idNumber: '12345678901' }, 'idNumber:type'], // 11 digits: neither CCCD nor CMND
      [{ idNumber: '00109001234A' }, 'idNumber:type'],
      [{ email: 'an@example' }, 'email:type'],
      [{ email: 'an example.vn' }, 'email:type'],
      [{ ward: 'Phường Không Có' }, 'ward:type'],
      [{ copies: 'three' }, 'copies:type'],
      [{ copies: '1e3' }, 'copies:type'],
      [{ copies: true }, 'copies:type'],
      [{ copies: 0 }, 'copies:min'],
      [{ copies: 11 }, 'copies:max'],
      [{ copies: 1.5 }, 'copies:type'], // a count is whole: 1.5 copies would charge half a fee
      [{ copies: '2.5' }, 'copies:type'],
      [{ born: '2026-02-30' }, 'born:type'], // not a real day
      [{ born: '07/12/2026' }, 'born:type'],
      [{ born: '2026-12-08' }, 'born:max'], // after today
      [{ born: '1899-12-31' }, 'born:min'],
      [{ appointment: '2026-12-06' }, 'appointment:min'], // before today
      [{ kind: 'c' }, 'kind:option'],
      [{ code: 'ab123' }, 'code:pattern'],
      [{ code: 'AB1234' }, 'code:pattern'], // the whole value must match
      [{ hasFather: 'yes' }, 'hasFather:type'],
      [{ name: 12 }, 'name:type'],
    ];
    for (const [values, expected] of cases) {
      assert.deepEqual(codes({ name: 'A', ...values }), [expected], JSON.stringify(values));
    }
    assert.equal(ok({ name: 'A', phone: '024 3825 3536' })['phone'], '02438253536', 'a Hanoi landline');
    assert.equal(ok({ name: 'A', idNumber: '012345678' })['idNumber'], '012345678', 'an old 9-digit card');
    assert.equal(ok({ name: 'A', appointment: TODAY })['appointment'], TODAY, 'today is within "today" bounds');
    assert.equal(ok({ name: 'A', copies: '3' })['copies'], 3);
    assert.equal(ok({ name: 'A', copies: '2.0' })['copies'], 2, 'a whole number written 2.0');
    assert.equal(ok({ name: 'A', area: 60.5 })['area'], 60.5, 'a number that is not a count takes decimals');
    assert.deepEqual(errors({ name: 'A', copies: 1.5 })[0]?.message, {
      vi: 'Số bản: phải là số nguyên.',
      en: 'Copies: must be a whole number.',
    });
  });

  it('says the pattern in words, and the bounds', () => {
    const [e] = errors({ name: 'A', code: 'x' });
    assert.deepEqual(e?.message, { vi: 'Mã: hai chữ, ba số', en: 'Code: two letters, three digits' });
    const [m] = errors({ name: 'A', copies: 20 });
    assert.deepEqual(m?.message, { vi: 'Số bản: không được lớn hơn 10.', en: 'Copies: must be at most 10.' });
  });

  it('refuses control characters, allowing line breaks only in a textarea', () => {
    assert.deepEqual(codes({ name: 'A\u0000B' }), ['name:type']);
    assert.deepEqual(codes({ name: 'A\nB' }), ['name:type']);
    assert.deepEqual(codes({ name: 'A\u202eB' }), ['name:type'], 'a bidirectional override hides what a text says');
    assert.equal(ok({ name: 'A', note: 'line one\nline two' })['note'], 'line one\nline two');
    assert.deepEqual(codes({ name: 'A', note: 'bell\u0007' }), ['note:type']);
  });

  it('counts characters, not UTF-16 units, against maxLength (default 2000)', () => {
    assert.equal(ok({ name: 'Đ'.repeat(20) })['name'], 'Đ'.repeat(20));
    assert.deepEqual(codes({ name: 'Đ'.repeat(21) }), ['name:max']);
    assert.equal(ok({ name: 'A', note: '😀'.repeat(2000) })['note'], '😀'.repeat(2000));
    assert.deepEqual(codes({ name: 'A', note: 'x'.repeat(2001) }), ['note:max']);
  });

  it('validates a section only when it is shown, and drops the values of hidden ones', () => {
    // Hidden: its required field is not asked, its values are not kept.
    // An unticked checkbox is kept as "no" (false).
    assert.deepEqual(ok({ name: 'A', fatherName: 'B', fatherAlive: 'no' }), { name: 'A', hasFather: false });
    assert.deepEqual(ok({ name: 'A', hasFather: false, fatherName: 'B' }), { name: 'A', hasFather: false });
    // Shown: required.
    assert.deepEqual(codes({ name: 'A', hasFather: true }), ['fatherName:required']);
    assert.deepEqual(ok({ name: 'A', hasFather: true, fatherName: 'B', fatherAlive: 'yes', deathDate: '2020-01-01' }), {
      name: 'A',
      hasFather: true,
      fatherName: 'B',
      fatherAlive: 'yes',
    });
    assert.deepEqual(codes({ name: 'A', hasFather: true, fatherName: 'B', fatherAlive: 'no' }), ['deathDate:required']);
  });

  it('never lets an invalid or hidden value show another field', () => {
    // fatherAlive is invalid: deathDate is not shown, so only the one error.
    assert.deepEqual(codes({ name: 'A', hasFather: true, fatherName: 'B', fatherAlive: 'maybe' }), [
      'fatherAlive:option',
    ]);
  });

  it('reports every problem at once', () => {
    assert.deepEqual(codes({ phone: 'x', copies: 99, extra: 1 }), [
      'extra:unknown',
      'name:required',
      'phone:type',
      'copies:max',
    ]);
  });
});

describe('holds', () => {
  const values: FormValues = { kind: 'a', n: 2, yes: true, empty: '' };
  it('is true without a condition, and tests equals, in and filled', () => {
    assert.equal(holds(undefined, {}), true);
    assert.equal(holds({ field: 'kind', equals: 'a' }, values), true);
    assert.equal(holds({ field: 'kind', equals: 'b' }, values), false);
    assert.equal(holds({ field: 'n', equals: 2 }, values), true);
    assert.equal(holds({ field: 'n', equals: '2' }, values), false, 'no loose equality');
    assert.equal(holds({ field: 'yes', equals: true }, values), true);
    assert.equal(
      holds({ field: 'missing', equals: false }, values),
      false,
      'without the form, an absent value is no value',
    );
    assert.equal(holds({ field: 'kind', in: ['a', 'c'] }, values), true);
    assert.equal(holds({ field: 'kind', in: ['c'] }, values), false);
    assert.equal(holds({ field: 'kind', filled: true }, values), true);
    assert.equal(holds({ field: 'empty', filled: true }, values), false);
    assert.equal(holds({ field: 'missing', filled: true }, values), false);
  });

  it('with the form, counts an absent checkbox as unticked (false)', () => {
    const form: FormSchema = {
      sections: [
        {
          id: 's',
          title: t('Mục', 'Section'),
          fields: [
            { id: 'box', label: t('Ô', 'Box'), type: 'checkbox' },
            { id: 'name', label: t('Tên', 'Name'), type: 'text' },
          ],
        },
      ],
    };
    assert.equal(holds({ field: 'box', equals: false }, {}, form), true);
    assert.equal(holds({ field: 'box', equals: true }, {}, form), false);
    assert.equal(holds({ field: 'box', filled: true }, {}, form), false);
    assert.equal(holds({ field: 'name', equals: false }, {}, form), false, 'only a checkbox is "no" when absent');
  });
});

describe('checkSchema', () => {
  it('accepts a good form', () => {
    assert.deepEqual(checkSchema(FORM), []);
  });

  const one = (fields: unknown[], extra: Record<string, unknown> = {}) => ({
    sections: [{ id: 's', title: t('S', 'S'), fields, ...extra }],
  });
  const text = (id: string, more: Record<string, unknown> = {}) => ({ id, label: t('L', 'L'), type: 'text', ...more });
  const problem = (schema: unknown, pattern: RegExp) => {
    const problems = checkSchema(schema);
    assert.ok(
      problems.some((p) => pattern.test(p)),
      `expected a problem matching ${String(pattern)}, got ${JSON.stringify(problems)}`,
    );
  };

  it('refuses what is not a form', () => {
    for (const bad of [null, 'x', {}, { sections: 'x' }]) problem(bad, /sections/);
    problem({ sections: [] }, /1 to 50 sections/);
    problem({ sections: [{ id: 's', title: t('S', 'S'), fields: [] }] }, /non-empty list/);
  });

  it('wants ids unique and well-formed', () => {
    problem(one([text('a'), text('a')]), /"a" is used twice/);
    problem(one([text('Bad-id')]), /"id" must be letters and digits/);
    problem(one([text('1a')]), /"id" must be letters and digits/);
    problem(
      {
        sections: [
          { id: 's', title: t('S', 'S'), fields: [text('a')] },
          { id: 's', title: t('S', 'S'), fields: [text('b')] },
        ],
      },
      /"s" is used twice/,
    );
  });

  it('wants texts in both languages, known types and properties', () => {
    problem(one([{ id: 'a', label: { vi: 'x' }, type: 'text' }]), /"label" must have non-empty vi and en/);
    problem(one([{ id: 'a', label: t('L', 'L'), type: 'colour' }]), /"type" must be one of/);
    problem(one([text('a', { requird: true })]), /unknown property "requird"/);
    problem(one([text('a', { personal: 'secret' })]), /"personal" must be one of/);
    problem(one([text('a', { applicant: 'pupil' })]), /"applicant" must be one of name, idNumber/);
    problem(one([text('a', { applicant: 'name' }), text('b', { applicant: 'name' })]), /already given by "a"/);
    assert.deepEqual(checkSchema(one([text('a', { applicant: 'name' }), text('b', { applicant: 'phone' })])), []);
  });

  it('wants conditions on earlier fields, with values the field can have', () => {
    problem(one([text('a', { when: { field: 'b', filled: true } }), text('b')]), /a field that comes before it/);
    problem(one([text('a', { when: { field: 'a', filled: true } })]), /a field that comes before it/);
    problem(one([text('a'), text('b', { when: { field: 'a' } })]), /exactly one of equals, in, filled/);
    problem(one([text('a'), text('b', { when: { field: 'a', equals: 'x', filled: true } })]), /exactly one/);
    problem(
      one([{ id: 'c', label: t('L', 'L'), type: 'checkbox' }, text('b', { when: { field: 'c', equals: 'yes' } })]),
      /must be true or false/,
    );
    problem(
      one([
        { id: 'k', label: t('L', 'L'), type: 'select', options: [{ value: 'a', label: t('A', 'A') }] },
        text('b', { when: { field: 'k', in: ['z'] } }),
      ]),
      /asks for "z", not a choice of "k"/,
    );
    problem(
      { sections: [{ id: 's', title: t('S', 'S'), when: { field: 'later', filled: true }, fields: [text('later')] }] },
      /comes before/,
    );
    assert.deepEqual(
      checkSchema(
        one([{ id: 'c', label: t('L', 'L'), type: 'checkbox' }, text('b', { when: { field: 'c', equals: true } })]),
      ),
      [],
    );
  });

  it('wants options on select and radio, and only there', () => {
    problem(one([{ id: 'k', label: t('L', 'L'), type: 'select' }]), /needs 1 to 500 "options"/);
    problem(one([{ id: 'k', label: t('L', 'L'), type: 'radio', options: [] }]), /needs 1 to 500/);
    problem(
      one([
        {
          id: 'k',
          label: t('L', 'L'),
          type: 'radio',
          options: [
            { value: 'a', label: t('A', 'A') },
            { value: 'a', label: t('A', 'A') },
          ],
        },
      ]),
      /listed twice/,
    );
    problem(one([text('a', { options: [{ value: 'a', label: t('A', 'A') }] })]), /only select and radio/);
  });

  it('wants bounds that fit the type', () => {
    problem(one([{ id: 'n', label: t('L', 'L'), type: 'number', min: 5, max: 1 }]), /"min" is above "max"/);
    problem(one([{ id: 'n', label: t('L', 'L'), type: 'number', min: 'one' }]), /"min" must be a number/);
    problem(one([{ id: 'd', label: t('L', 'L'), type: 'date', max: 'tomorrow' }]), /"today" or a date/);
    problem(one([{ id: 'd', label: t('L', 'L'), type: 'date', min: '2026-02-30' }]), /"today" or a date/);
    problem(one([text('a', { min: 1 })]), /only number and date fields/);
    problem(one([text('a', { minLength: 5, maxLength: 2 })]), /"minLength" is above "maxLength"/);
    problem(one([text('a', { maxLength: 0 })]), /"maxLength" must be a whole number/);
    problem(one([{ id: 'p', label: t('L', 'L'), type: 'phone', maxLength: 5 }]), /only text fields/);
    problem(one([{ id: 'n', label: t('L', 'L'), type: 'number', integer: 'yes' }]), /"integer" must be true/);
    problem(one([text('a', { integer: true })]), /only number fields have "integer"/);
  });

  it('wants patterns that compile, are short and cannot run for ever', () => {
    problem(one([text('a', { pattern: '([a-z' })]), /not a valid regular expression/);
    problem(one([text('a', { pattern: 'a'.repeat(201) })]), /1 to 200 characters/);
    problem(one([text('a', { pattern: '(a+)+' })]), /nested quantifiers/);
    problem(one([text('a', { pattern: '(\\w*)*x' })]), /nested quantifiers/);
    problem(one([text('a', { pattern: '((ab)+c)*' })]), /nested quantifiers/);
    problem(one([text('a', { pattern: '([a-z]+\\s?)+' })]), /nested quantifiers/);
    problem(one([text('a', { pattern: '(a)\\1' })]), /back-reference/);
    // An optional group is fine only when it has one length; one that repeats inside is refused.
    assert.deepEqual(checkSchema(one([text('a', { pattern: '[A-Z]{2}\\d{3}(-\\d{3})?' })])), []);
    problem(one([text('a', { pattern: '[A-Z]{2}\\d{3}(-\\d+)?' })]), /nested quantifiers/);
  });
});

describe('catastrophic', () => {
  const TEXT_FIELD = { id: 'code', label: t('Mã', 'Code'), type: 'text' as const };
  it('passes the usual shapes', () => {
    for (const p of ['\\d{12}', '[a-z]+', '(\\d{3})-(\\d{4})', '(ab|cd){2}', '(0|\\+84)\\d{9}', '[(+]*']) {
      assert.equal(catastrophic(p), undefined, p);
    }
  });
  it('finds nested repetition, even behind a bounded outer one', () => {
    for (const p of ['(a+)+', '(a*)*', '(a+){2,}', '(?:x+y?)+', '((a)+)+']) assert.ok(catastrophic(p), p);
  });
  it('refuses the shapes an attacker used to stall the server (ambiguous alternation, many quantifiers)', () => {
    for (const p of [
      '^(a|a)*$',
      '^(?:a|aa)+$',
      '^(.*a){25}$',
      '^a*a*a*a*a*a*a*a*b$',
      '^(\\w|\\d)*$',
      '^([a-z]|a)*!$',
      '(ab|cd)+',
      '(a|bc){2}',
      '(\\d{3})+',
    ]) {
      assert.ok(catastrophic(p), p);
      assert.ok(
        checkSchema({ sections: [{ ...FORM.sections[0]!, fields: [{ ...TEXT_FIELD, pattern: p }] }] }).some((x) =>
          x.includes('"pattern"'),
        ),
        p,
      );
    }
  });
  it('refuses lookarounds and back-references', () => {
    for (const p of ['(?=a)a', '(?!a)b', '(?<=a)b', '(?<!a)b', '(a)\\1', '(?<x>a)\\k<x>'])
      assert.ok(catastrophic(p), p);
  });
  it('allows a bounded, fixed-length optional group and at most three variable quantifiers', () => {
    for (const p of ['^\\d{10}(-\\d{3})?$', '(ab|cd){2,3}', 'a*b+c?', '[A-Z]{2}\\d{1,4}-?', '\\p{L}+( \\p{L}{2})?']) {
      assert.equal(catastrophic(p), undefined, p);
    }
    assert.ok(catastrophic('a*b+c?d{1,2}'), 'four variable quantifiers');
  });
});

describe('a field with a pattern', () => {
  const form: FormSchema = {
    sections: [
      {
        id: 's',
        title: t('Mục', 'Section'),
        fields: [{ id: 'code', label: t('Mã', 'Code'), type: 'text', maxLength: 5000, pattern: '[a-z ]+' }],
      },
    ],
  };
  it('holds at most 200 characters, refused before the pattern runs', () => {
    assert.ok(
      validateForm(form, { code: 'a'.repeat(200) }, TODAY).ok,
      "validateForm(form, { code: 'a'.repeat(200) }, TODAY).ok",
    );
    const long = validateForm(form, { code: 'a'.repeat(201) }, TODAY);
    assert.ok(!long.ok, '!long.ok');
    assert.deepEqual(
      long.errors.map((e) => e.code),
      ['max'],
    );
  });
});

describe('checkApplicant', () => {
  const fields = (a: Parameters<typeof checkApplicant>[0]) => {
    const r = checkApplicant(a);
    return r.ok ? [] : r.errors.map((e) => `${e.field}:${e.code}`);
  };
  it("checks the applicant's ID number by their kind: a citizen's personal number, a business's enterprise code", () => {
    assert.deepEqual(fields({ kind: 'citizen', name: 'An', idNumber: '001085012345' }), []);
    assert.deepEqual(fields({ kind: 'citizen', name: 'An', idNumber: '0101234567' }), ['applicant.idNumber:type']);
    assert.deepEqual(fields({ kind: 'business', name: 'Công ty A', idNumber: '0101234567' }), []);
    assert.deepEqual(fields({ kind: 'business', name: 'Công ty A', idNumber: '0101234567-001' }), []);
    assert.deepEqual(fields({ kind: 'organisation', name: 'Hội B', idNumber: '001085012345' }), []);
    assert.deepEqual(fields({ kind: 'business', name: 'Công ty A', idNumber: '01012345' }), [
      'applicant.idNumber:type',
    ]);
  });
  it('refuses markup in the name, control and bidirectional characters anywhere, a bad phone or e-mail', () => {
    assert.deepEqual(fields({ kind: 'citizen', name: 'An <b>' }), ['applicant.name:pattern']);
    assert.deepEqual(fields({ kind: 'citizen', name: ' ' }), ['applicant.name:required']);
    assert.deepEqual(fields({ kind: 'citizen', name: 'An', address: 'Phố \u202eHuế' }), ['applicant.address:type']);
    assert.deepEqual(fields({ kind: 'citizen', name: 'An', phone: 'abc', email: 'a@b.vn\nBcc: c@d.vn' }), [
      'applicant.phone:type',
      'applicant.email:type',
    ]);
    const r = checkApplicant({ kind: 'citizen', name: ' An ', phone: '+84 912 345 678', email: 'an@example.vn' });
    assert.ok(r.ok, 'r.ok');
    assert.deepEqual(r.applicant, { kind: 'citizen', name: 'An', phone: '0912345678', email: 'an@example.vn' });
  });
});

describe('the applicant given by the form’s own fields', () => {
  // A pupil's enrolment: the pupil comes first, the parent files.
  const ENROL: FormSchema = {
    sections: [
      {
        id: 'pupil',
        title: t('Học sinh', 'Pupil'),
        fields: [{ id: 'pupilName', label: t('Tên học sinh', "Pupil's name"), type: 'text', required: true }],
      },
      {
        id: 'parent',
        title: t('Cha mẹ', 'Parent'),
        fields: [
          { id: 'parentName', label: t('Họ tên', 'Name'), type: 'text', applicant: 'name' },
          { id: 'parentPhone', label: t('Điện thoại', 'Phone'), type: 'phone', applicant: 'phone' },
        ],
      },
    ],
  };

  it('takes a particular the filer left out from the field that gives it, never one they gave', () => {
    const a = applicantFromForm(ENROL, { kind: 'citizen', name: '' }, { pupilName: 'An', parentName: 'Bình' });
    assert.equal(a.name, 'Bình');
    const given = applicantFromForm(ENROL, { kind: 'citizen', name: 'Cường' }, { parentName: 'Bình' });
    assert.equal(given.name, 'Cường');
  });

  it('names the form’s field for a problem with a particular it gives, once', () => {
    const applicant = checkApplicant({ kind: 'citizen', name: '', phone: '12' });
    assert.ok(!applicant.ok, '!applicant.ok');
    const form = validateForm(ENROL, { pupilName: 'An', parentPhone: '12' }, TODAY);
    assert.ok(!form.ok, '!form.ok');
    const errors = applicantErrorsOnForm(ENROL, applicant.errors, form.errors);
    assert.deepEqual(
      errors.map((e) => [e.field, e.code]),
      [
        ['parentName', 'required'],
        ['parentPhone', 'type'],
      ],
    );
    // A particular the form does not give keeps the applicant block's name.
    const bare = applicantErrorsOnForm(FORM, applicant.errors, []);
    assert.deepEqual(
      bare.map((e) => e.field),
      ['applicant.name', 'applicant.phone'],
    );
  });
});
