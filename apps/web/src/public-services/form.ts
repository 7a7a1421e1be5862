import type {
  ApplicantKey,
  Condition,
  FormField,
  FormSchema,
  FormValues,
  Procedure,
  RequiredDocument,
} from './types.js';

/**
 * The e-form's rules as the page applies them while the person types: which sections, fields and
 * documents show (their `when`), and what the fee comes to. The server validates the same schema again
 * on filing and has the last word; the page only spares the person a round trip.
 */

/**
 * Whether a condition holds for the values (no condition: it does). Each part given must hold. With the
 * form, a checkbox absent from the values is unticked (false), as the server counts it: an untouched
 * "this is my own record" box means "not my own", so `equals: false` holds.
 */
export function holds(c: Condition | undefined, values: FormValues, schema?: FormSchema): boolean {
  if (!c) return true;
  const given = values[c.field];
  const v = given === undefined && schema !== undefined && isCheckbox(schema, c.field) ? false : given;
  if (c.filled === true && (v === undefined || v === '' || v === false)) return false;
  if (c.equals !== undefined && v !== c.equals) return false;
  if (c.in !== undefined && (typeof v !== 'string' || !c.in.includes(v))) return false;
  return true;
}

const isCheckbox = (schema: FormSchema, id: string): boolean =>
  schema.sections.some((s) => s.fields.some((f) => f.id === id && f.type === 'checkbox'));

/**
 * The form as the server will read it: section by section, each condition judged on the answers kept so
 * far (a hidden field's answer never shows another), text trimmed, a shown checkbox left untouched kept
 * as false. `sections` and `fields` are the ids shown; `values` what is sent and what documents and
 * fees are judged on.
 */
export function readForm(
  schema: FormSchema,
  values: FormValues,
): { sections: Set<string>; fields: Set<string>; values: Record<string, string | number | boolean> } {
  const kept: Record<string, string | number | boolean> = {};
  const sections = new Set<string>();
  const fields = new Set<string>();
  for (const s of schema.sections) {
    if (!holds(s.when, kept, schema)) continue;
    sections.add(s.id);
    for (const f of s.fields) {
      if (!holds(f.when, kept, schema)) continue;
      fields.add(f.id);
      const raw = values[f.id];
      const v = typeof raw === 'string' ? raw.trim() : raw;
      if (v !== undefined && v !== '') kept[f.id] = v;
      else if (f.type === 'checkbox') kept[f.id] = false;
    }
  }
  return { sections, fields, values: kept };
}

/** The fields shown for these values, section by section. */
export function visibleFields(schema: FormSchema, values: FormValues): FormField[] {
  const { fields } = readForm(schema, values);
  return schema.sections.flatMap((s) => s.fields.filter((f) => fields.has(f.id)));
}

/** Only what the person can see is sent: a field hidden again after being filled is not part of the application. */
export function shownValues(schema: FormSchema, values: FormValues): Record<string, string | number | boolean> {
  return readForm(schema, values).values;
}

/** The documents asked for, judged on the answers as the server reads them (`readForm`). */
export function documentsFor(p: Procedure, values: FormValues): RequiredDocument[] {
  return p.documents.filter((d) => holds(d.when, values, p.form));
}

type Fee = Procedure['fees'][number];

/** A number field's value as a count (absent or not a number: none), as the catalogue reads it. */
const countOf = (values: FormValues, field: string | undefined): number => {
  if (field === undefined) return 1;
  const n = Number(values[field] ?? 0);
  return Number.isFinite(n) && n > 0 ? n : 0;
};

/**
 * What one fee comes to, as the catalogue counts it (procedures.ts feeAmount): a unit's amount plus its
 * count at the rates, capped a unit, times the units.
 */
export function feeAmount(f: Fee, values: FormValues): number {
  let unit = f.amountVnd;
  if (f.byCount) {
    const count = countOf(values, f.byCount.field);
    const rates = f.byCount.rates;
    rates.forEach((r, i) => {
      const until = rates[i + 1]?.from ?? Infinity;
      unit += r.amountVnd * Math.max(0, Math.min(count + 1, until) - r.from);
    });
  }
  if (f.unitCapVnd !== undefined) unit = Math.min(unit, f.unitCapVnd);
  return Math.round(unit * countOf(values, f.perField));
}

/** The fees for these values, as the catalogue counts them (per unit, by a count at rates, capped a unit). */
export function feesFor(
  p: Procedure,
  values: FormValues,
): { totalVnd: number; items: { name: Procedure['name']; amountVnd: number }[] } {
  const items = p.fees
    .filter((f) => holds(f.when, values, p.form))
    .map((f) => ({ name: f.name, amountVnd: feeAmount(f, values) }))
    .filter((i) => i.amountVnd > 0);
  return { items, totalVnd: items.reduce((s, i) => s + i.amountVnd, 0) };
}

/**
 * The fee to show while the person types: none while a field it is counted by (copies, pages) is
 * blank or would be refused (0, 999, 1.5), with that field's problems instead; a count the server
 * refuses never shows an amount it would not charge.
 */
export function feePreview(
  p: Procedure,
  values: FormValues,
  today = todayInHanoi(),
): { ok: true; totalVnd: number } | { ok: false; problems: FieldProblem[] } {
  const read = readForm(p.form, values);
  const counts = new Set(
    p.fees
      .filter((f) => holds(f.when, read.values, p.form))
      .flatMap((f) => [f.perField ?? [], f.byCount?.field ?? []].flat()),
  );
  const problems: FieldProblem[] = [];
  for (const f of p.form.sections.flatMap((s) => s.fields)) {
    if (!counts.has(f.id) || !read.fields.has(f.id)) continue;
    const raw = values[f.id];
    const blank = raw === undefined || (typeof raw === 'string' && raw.trim() === '');
    const why = blank ? text('bắt buộc nhập.', 'required.') : fieldProblem(f, raw, today);
    if (why) problems.push({ field: f.id, message: text(`${f.label.vi}: ${why.vi}`, `${f.label.en}: ${why.en}`) });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, totalVnd: feesFor(p, read.values).totalVnd };
}

/** Today in Hanoi, YYYY-MM-DD (what a date field's 'today' bound means). */
export function todayInHanoi(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(now);
}

/** A date bound of the schema as the date input takes it. */
export function dateBound(b: number | string | undefined): string | undefined {
  if (b === undefined || typeof b === 'number') return undefined;
  return b === 'today' ? todayInHanoi() : b;
}

const PERSONAL_OF: Readonly<Record<ApplicantKey, string>> = {
  name: 'name',
  idNumber: 'national-id',
  phone: 'phone',
  email: 'email',
  address: 'address',
};

/**
 * The form's fields that give the applicant's particulars: those the procedure declares (`applicant`);
 * for a form that declares none, the first field always shown holding that kind of personal data, but
 * never one naming whom the result is about (a pupil, a child born): the parent files for them.
 */
export function applicantFieldsOf(p: Procedure): Partial<Record<ApplicantKey, string>> {
  const out: Partial<Record<ApplicantKey, string>> = {};
  const all = p.form.sections.flatMap((s) => s.fields);
  if (all.some((f) => f.applicant)) {
    for (const f of all) if (f.applicant && !out[f.applicant]) out[f.applicant] = f.id;
    return out;
  }
  const subject = new Set(
    [p.result.subject?.nameField, p.result.subject?.birthDateField, p.allocation?.pupilField].filter(
      (x): x is string => typeof x === 'string',
    ),
  );
  const always = p.form.sections
    .filter((s) => !s.when)
    .flatMap((s) => s.fields.filter((f) => !f.when && !subject.has(f.id)));
  for (const key of Object.keys(PERSONAL_OF) as ApplicantKey[]) {
    const f = always.find((x) => x.personal === PERSONAL_OF[key]);
    if (f) out[key] = f.id;
  }
  return out;
}

/** The schools whose catchment holds the ward chosen (every school while no ward is chosen). */
export function schoolsFor(p: Procedure, values: FormValues): Set<string> | undefined {
  const a = p.allocation;
  if (!a) return undefined;
  const ward = values[a.wardField];
  return new Set(
    a.schools.filter((s) => typeof ward !== 'string' || ward === '' || s.wards.includes(ward)).map((s) => s.code),
  );
}

const text = (vi: string, en: string) => ({ vi, en });
const PHONE = /^0(?:[35789]\d{8}|2\d{9})$/;
const ID_NUMBER = /^(?:\d{12}|\d{9})$/;
const EMAIL = /^[^\s@"<>()[\]\\,;:]+@[^\s@"<>()[\]\\,;:]+\.[^\s@"<>()[\]\\,;:]{2,}$/u;

/** A field's problem as the page finds it before sending: the field and what to do, in both languages. */
export interface FieldProblem {
  readonly field: string;
  readonly message: { readonly vi: string; readonly en: string };
}

/**
 * The shown fields checked as the server will check them, so a mistake is marked before sending rather
 * than in rounds: required, whole numbers and bounds (copies 1–20), lengths, patterns, dates' bounds, a
 * Vietnamese phone, a 12- or 9-digit ID number, an e-mail. The server checks everything again.
 */
export function formProblems(schema: FormSchema, values: FormValues, today = todayInHanoi()): FieldProblem[] {
  const { fields } = readForm(schema, values);
  const out: FieldProblem[] = [];
  for (const f of schema.sections.flatMap((s) => s.fields)) {
    if (!fields.has(f.id)) continue;
    const why = fieldProblem(f, values[f.id], today);
    if (why) out.push({ field: f.id, message: text(`${f.label.vi}: ${why.vi}`, `${f.label.en}: ${why.en}`) });
  }
  return out;
}

function fieldProblem(
  f: FormField,
  raw: string | number | boolean | undefined,
  today: string,
): { vi: string; en: string } | undefined {
  const empty = raw === undefined || raw === '' || raw === false || (typeof raw === 'string' && raw.trim() === '');
  if (empty) return f.required ? text('bắt buộc nhập.', 'required.') : undefined;
  if (f.type === 'number') {
    const n = typeof raw === 'number' ? raw : Number(raw);
    if (!Number.isFinite(n)) return text('phải là một số.', 'must be a number.');
    if (f.integer && !Number.isInteger(n)) return text('phải là số nguyên.', 'must be a whole number.');
    if (typeof f.min === 'number' && n < f.min)
      return text(`không được nhỏ hơn ${f.min}.`, `must be at least ${f.min}.`);
    if (typeof f.max === 'number' && n > f.max)
      return text(`không được lớn hơn ${f.max}.`, `must be at most ${f.max}.`);
    return undefined;
  }
  if (typeof raw !== 'string') return undefined;
  const v = raw.normalize('NFC').trim();
  switch (f.type) {
    case 'text':
    case 'textarea': {
      const length = [...v].length;
      if (f.maxLength !== undefined && length > f.maxLength)
        return text(`tối đa ${f.maxLength} ký tự.`, `at most ${f.maxLength} characters.`);
      if (f.minLength !== undefined && length < f.minLength)
        return text(`tối thiểu ${f.minLength} ký tự.`, `at least ${f.minLength} characters.`);
      if (f.pattern !== undefined) {
        let re: RegExp | undefined;
        try {
          re = new RegExp(`^(?:${f.pattern})$`, 'u');
        } catch {
          re = undefined;
        }
        if (re && !re.test(v)) return f.patternHint ?? text('không đúng định dạng.', 'not in the expected format.');
      }
      return undefined;
    }
    case 'date': {
      const min = dateBound(f.min);
      const max = dateBound(f.max);
      const from = f.min === 'today' ? today : min;
      const to = f.max === 'today' ? today : max;
      if (from !== undefined && v < from)
        return text(`không được trước ngày ${vnDay(from)}.`, `must not be before ${from}.`);
      if (to !== undefined && v > to) return text(`không được sau ngày ${vnDay(to)}.`, `must not be after ${to}.`);
      return undefined;
    }
    case 'phone': {
      const compact = v.replace(/[\s.()-]/g, '');
      return PHONE.test(compact.startsWith('+84') ? `0${compact.slice(3)}` : compact)
        ? undefined
        : text(
            'không phải số điện thoại Việt Nam (0xxxxxxxxx hoặc +84xxxxxxxxx).',
            'not a Vietnamese phone number (0xxxxxxxxx or +84xxxxxxxxx).',
          );
    }
    case 'id-number':
      return ID_NUMBER.test(v.replace(/\s/g, ''))
        ? undefined
        : text(
            'phải là số định danh cá nhân/CCCD 12 số hoặc CMND 9 số.',
            'must be a 12-digit citizen ID number or a 9-digit old identity card number.',
          );
    case 'email':
      return v.length <= 254 && EMAIL.test(v)
        ? undefined
        : text('không phải địa chỉ thư điện tử.', 'not an e-mail address.');
    case 'checkbox':
    case 'radio':
    case 'select':
    case 'ward':
      return undefined;
  }
}

const vnDay = (d: string): string => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
