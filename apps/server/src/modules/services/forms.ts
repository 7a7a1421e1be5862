import { wardOf } from '../city/index.js';
import {
  APPLICANT_PARTICULARS,
  FIELD_TYPES,
  type Condition,
  type FieldError,
  type FieldErrorCode,
  type FieldPersonal,
  type FormField,
  type FormSchema,
  type FormValues,
  type Text,
} from './model.js';

/**
 * A procedure's e-form, checked on the server whatever the web page did: each field by its type, the
 * sections and fields shown only when their condition holds (hidden ones neither required nor kept),
 * nothing the form does not ask for. The schema itself comes from an admin, so it is checked too
 * before it is saved (`checkSchema`): a condition on a later field, a select without options or a
 * regular expression that can run for ever would break every applicant's form.
 */

const ID = /^[a-z][a-zA-Z0-9]{0,63}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Text longer than this is refused unless the field says otherwise. */
export const TEXT_MAX_DEFAULT = 2000;
const TEXT_MAX_LIMIT = 20_000;
const PATTERN_MAX = 200;
const NUMBER = /^[+-]?(\d+(\.\d+)?|\.\d+)$/;
/** A Vietnamese mobile (03, 05, 07, 08, 09 + 8 digits) or landline (02 + area + number, 11 digits). */
const PHONE = /^0(?:[35789]\d{8}|2\d{9})$/;
/** The 12-digit citizen identity card / personal number (CCCD), or the old 9-digit identity card (CMND). */
const ID_NUMBER = /^(?:\d{12}|\d{9})$/;
// Plain enough for the addresses people have, strict enough to catch a typo'd "@".
const EMAIL = /^[^\s@"<>()[\]\\,;:]+@[^\s@"<>()[\]\\,;:]+\.[^\s@"<>()[\]\\,;:]{2,}$/u;
// C0 and C1 controls, DEL, and the bidirectional overrides that hide what a text says.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;
// eslint-disable-next-line no-control-regex -- line breaks and tabs, allowed only in a textarea
const CONTROL_LINE = /[\u000a\u000d\u0009\u2028\u2029]/u;
/**
 * Not in a name: what shows as nothing (format characters: zero-width spaces and joiners, direction
 * marks, word joiners, tags, the byte-order mark, interlinear annotations; line and paragraph
 * separators; non-characters) and the fillers that look blank (Hangul fillers, the blank Braille
 * pattern). Two names that look the same on the forms, the queue and the messages are the same name.
 */
const NAME_INVISIBLE =
  /[\p{Cf}\p{Zl}\p{Zp}\p{Noncharacter_Code_Point}\u061c\u180e\u200b-\u200f\u2060-\u206f\ufeff\ufff9-\ufffb\u{e0000}-\u{e007f}\u115f\u1160\u3164\uffa0\u2800]/u;
const LETTER = /\p{L}/u;
/** Dates before this are refused unless the field sets its own lower bound (no one alive, no record kept). */
export const DATE_MIN_DEFAULT = '1900-01-01';

/**
 * Whether a condition holds for the values (no condition: always). With the form, a checkbox that is
 * absent from the values counts as unticked (false): an unticked box is "no", so `equals: false` holds.
 */
export function holds(c: Condition | undefined, values: FormValues, form?: FormSchema): boolean {
  if (c === undefined) return true;
  const given = values[c.field];
  const v = given === undefined && form !== undefined && formField(form, c.field)?.type === 'checkbox' ? false : given;
  if (c.filled === true && (v === undefined || v === '' || v === false)) return false;
  if (c.equals !== undefined && v !== c.equals) return false;
  if (c.in !== undefined && (typeof v !== 'string' || !c.in.includes(v))) return false;
  return true;
}

/** A real calendar day as YYYY-MM-DD. */
export function isDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

const t = (vi: string, en: string): Text => ({ vi, en });

function message(code: FieldErrorCode, field: FormField | undefined, extra?: Text): Text {
  const name = field ? field.label : t('Trường', 'Field');
  switch (code) {
    case 'required':
      return t(`${name.vi}: bắt buộc nhập.`, `${name.en}: required.`);
    case 'unknown':
      return t('Trường không có trong biểu mẫu.', 'This field is not on the form.');
    case 'option':
      return t(`${name.vi}: giá trị không có trong danh sách.`, `${name.en}: not one of the choices.`);
    case 'pattern':
      return extra
        ? t(`${name.vi}: ${extra.vi}`, `${name.en}: ${extra.en}`)
        : t(`${name.vi}: không đúng định dạng.`, `${name.en}: not in the expected format.`);
    case 'type':
    case 'min':
    case 'max':
      return extra
        ? t(`${name.vi}: ${extra.vi}`, `${name.en}: ${extra.en}`)
        : t(`${name.vi}: giá trị không hợp lệ.`, `${name.en}: not a valid value.`);
  }
}

type Checked = { value: string | number | boolean } | { error: FieldErrorCode; why?: Text } | { empty: true };

const EMPTY: Checked = { empty: true };

function dateBound(bound: number | string | undefined, today: string): string | undefined {
  if (bound === undefined) return undefined;
  return bound === 'today' ? today : String(bound);
}

const vnDate = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

/** One field's value checked and made canonical (trimmed, NFC, a number parsed, a phone without spaces). */
function checkValue(field: FormField, raw: unknown, today: string): Checked {
  if (raw === undefined || raw === null) return EMPTY;
  // Checkboxes and numbers may come as their own JSON types; everything else is text.
  switch (field.type) {
    case 'checkbox': {
      if (raw === true || raw === 'true') return { value: true };
      if (raw === false || raw === 'false') return EMPTY;
      return { error: 'type', why: t('phải là có hoặc không.', 'must be yes or no.') };
    }
    case 'number': {
      let n: number;
      if (typeof raw === 'number') n = raw;
      else if (typeof raw === 'string' && raw.trim() === '') return EMPTY;
      else if (typeof raw === 'string' && NUMBER.test(raw.trim())) n = Number(raw.trim());
      else return { error: 'type', why: t('phải là một số.', 'must be a number.') };
      if (!Number.isFinite(n)) return { error: 'type', why: t('phải là một số.', 'must be a number.') };
      // A count (copies, pages) is whole: 1.5 copies would charge half a fee.
      if (field.integer === true && !Number.isInteger(n))
        return { error: 'type', why: t('phải là số nguyên.', 'must be a whole number.') };
      if (typeof field.min === 'number' && n < field.min)
        return { error: 'min', why: t(`không được nhỏ hơn ${field.min}.`, `must be at least ${field.min}.`) };
      if (typeof field.max === 'number' && n > field.max)
        return { error: 'max', why: t(`không được lớn hơn ${field.max}.`, `must be at most ${field.max}.`) };
      return { value: n };
    }
    case 'text':
    case 'textarea':
    case 'date':
    case 'select':
    case 'radio':
    case 'email':
    case 'phone':
    case 'id-number':
    case 'ward':
      break;
  }
  if (typeof raw !== 'string') return { error: 'type', why: t('phải là văn bản.', 'must be text.') };
  const multiline = field.type === 'textarea';
  const text = raw.normalize('NFC').trim();
  if (text === '') return EMPTY;
  if (hasControlCharacters(text, multiline)) {
    return { error: 'type', why: t('chứa ký tự điều khiển không được phép.', 'contains control characters.') };
  }
  switch (field.type) {
    case 'text':
    case 'textarea': {
      // A field with a pattern holds little, checked before the pattern runs on it.
      const max = Math.min(
        field.maxLength ?? TEXT_MAX_DEFAULT,
        field.pattern === undefined ? Infinity : PATTERN_TEXT_MAX,
      );
      const length = [...text].length;
      if (length > max) return { error: 'max', why: t(`tối đa ${max} ký tự.`, `at most ${max} characters.`) };
      if (field.minLength !== undefined && length < field.minLength)
        return {
          error: 'min',
          why: t(`tối thiểu ${field.minLength} ký tự.`, `at least ${field.minLength} characters.`),
        };
      if (field.personal === 'name' && NAME_INVISIBLE.test(text)) {
        return { error: 'type', why: t('chứa ký tự ẩn hoặc ký tự trống.', 'contains invisible or blank characters.') };
      }
      if (field.personal === 'name' && !LETTER.test(text)) {
        return { error: 'type', why: t('phải có chữ cái.', 'must have letters.') };
      }
      if (field.pattern !== undefined && !new RegExp(`^(?:${field.pattern})$`, 'u').test(text)) {
        return { error: 'pattern', ...(field.patternHint ? { why: field.patternHint } : {}) };
      }
      return { value: text };
    }
    case 'date': {
      if (!isDate(text))
        return { error: 'type', why: t('phải là một ngày có thật (YYYY-MM-DD).', 'must be a real date (YYYY-MM-DD).') };
      const min = dateBound(field.min, today) ?? DATE_MIN_DEFAULT;
      const max = dateBound(field.max, today);
      if (text < min)
        return {
          error: 'min',
          why:
            field.min === 'today'
              ? t('không được trước ngày hôm nay.', 'must not be before today.')
              : t(`không được trước ngày ${vnDate(min)}.`, `must not be before ${min}.`),
        };
      if (max !== undefined && text > max)
        return {
          error: 'max',
          why:
            field.max === 'today'
              ? t('không được sau ngày hôm nay.', 'must not be after today.')
              : t(`không được sau ngày ${vnDate(max)}.`, `must not be after ${max}.`),
        };
      return { value: text };
    }
    case 'select':
    case 'radio':
      return (field.options ?? []).some((o) => o.value === text) ? { value: text } : { error: 'option' };
    case 'email':
      return text.length <= 254 && EMAIL.test(text)
        ? { value: text }
        : { error: 'type', why: t('không phải địa chỉ thư điện tử.', 'not an e-mail address.') };
    case 'phone': {
      const compact = text.replace(/[\s.()-]/g, '');
      const national = compact.startsWith('+84') ? `0${compact.slice(3)}` : compact;
      return PHONE.test(national)
        ? { value: national }
        : {
            error: 'type',
            why: t(
              'không phải số điện thoại Việt Nam (0xxxxxxxxx hoặc +84xxxxxxxxx).',
              'not a Vietnamese phone number (0xxxxxxxxx or +84xxxxxxxxx).',
            ),
          };
    }
    case 'id-number': {
      const compact = text.replace(/\s/g, '');
      return ID_NUMBER.test(compact)
        ? { value: compact }
        : {
            error: 'type',
            why: t(
              'phải là số định danh cá nhân/CCCD 12 số hoặc CMND 9 số.',
              'must be a 12-digit citizen ID number or a 9-digit old identity card number.',
            ),
          };
    }
    case 'ward': {
      const ward = wardOf(text);
      return ward
        ? { value: ward.code }
        : { error: 'type', why: t('không phải phường, xã của Hà Nội.', 'not a ward or commune of Hà Nội.') };
    }
  }
}

/**
 * The applicant's values checked against the form: `today` (YYYY-MM-DD, Hanoi) is what "today" bounds
 * mean. Values come back canonical, and only those of the fields shown.
 */
export function validateForm(
  schema: FormSchema,
  values: unknown,
  today: string,
): { ok: true; values: FormValues } | { ok: false; errors: FieldError[] } {
  if (values === null || typeof values !== 'object' || Array.isArray(values)) {
    return {
      ok: false,
      errors: [
        { field: '', code: 'type', message: t('Dữ liệu biểu mẫu không hợp lệ.', 'The form data is not valid.') },
      ],
    };
  }
  const input = values as Record<string, unknown>;
  const errors: FieldError[] = [];
  const known = new Set(schema.sections.flatMap((s) => s.fields.map((f) => f.id)));
  for (const key of Object.keys(input)) {
    if (!known.has(key)) errors.push({ field: key, code: 'unknown', message: message('unknown', undefined) });
  }
  // Conditions look at the values kept so far: a hidden field's value never shows another one.
  const kept: Record<string, string | number | boolean> = {};
  for (const section of schema.sections) {
    if (!holds(section.when, kept, schema)) continue;
    for (const field of section.fields) {
      if (!holds(field.when, kept, schema)) continue;
      const checked = checkValue(field, input[field.id], today);
      if ('value' in checked) kept[field.id] = checked.value;
      else if ('error' in checked)
        errors.push({ field: field.id, code: checked.error, message: message(checked.error, field, checked.why) });
      else if (field.required) errors.push({ field: field.id, code: 'required', message: message('required', field) });
      // A shown checkbox left unticked is kept as "no", so the dossier's values say so.
      else if (field.type === 'checkbox') kept[field.id] = false;
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, values: kept };
}

/** A business's or organisation's code: the 10-digit enterprise (tax) code, a branch's 10-3 digits. */
const BUSINESS_CODE = /^\d{10}(?:-\d{3})?$/;

/** The applicant block of a filing, as the form's own fields would take it. */
export interface ApplicantParticulars {
  readonly kind: 'citizen' | 'business' | 'organisation';
  readonly name: string;
  readonly idNumber?: string | undefined;
  readonly phone?: string | undefined;
  readonly email?: string | undefined;
  readonly address?: string | undefined;
}

const APPLICANT_FIELDS = {
  name: {
    id: 'applicant.name',
    label: t('Họ tên người nộp hồ sơ', "Applicant's name"),
    type: 'text',
    required: true,
    maxLength: 200,
    personal: 'name',
    // Shown on the forms, the queue and the officers' pages: no markup.
    pattern: '[^<>]+',
    patternHint: t('không được chứa ký tự < hoặc >.', 'must not contain < or >.'),
  },
  idNumber: {
    id: 'applicant.idNumber',
    label: t('Số định danh của người nộp', "Applicant's ID number"),
    type: 'id-number',
  },
  phone: { id: 'applicant.phone', label: t('Số điện thoại', 'Phone'), type: 'phone' },
  email: { id: 'applicant.email', label: t('Thư điện tử', 'E-mail'), type: 'email' },
  address: { id: 'applicant.address', label: t('Địa chỉ', 'Address'), type: 'text', maxLength: 400 },
} as const satisfies Record<string, FormField>;

/**
 * The applicant block checked as the form's own fields are (a Vietnamese phone, an e-mail, no control
 * or bidirectional characters, a name without markup), the ID number by the applicant's kind: a
 * citizen's personal number, or a business's or organisation's enterprise code (or their
 * representative's personal number). Errors name the field `applicant.<key>`; values come back canonical.
 */
export function checkApplicant(
  a: ApplicantParticulars,
): { ok: true; applicant: ApplicantParticulars } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const out: Record<string, string> = {};
  for (const [key, field] of Object.entries(APPLICANT_FIELDS) as [keyof typeof APPLICANT_FIELDS, FormField][]) {
    const raw = a[key];
    const compact = typeof raw === 'string' ? raw.replace(/\s/g, '') : '';
    const checked =
      key === 'idNumber' && a.kind !== 'citizen' && BUSINESS_CODE.test(compact)
        ? { value: compact }
        : checkValue(field, raw, '');
    if ('value' in checked) out[key] = String(checked.value);
    else if ('error' in checked) {
      const why =
        key === 'idNumber' && a.kind !== 'citizen'
          ? t(
              'phải là mã số doanh nghiệp 10 số (chi nhánh: 10 số-3 số) hoặc số định danh cá nhân của người đại diện.',
              "must be a 10-digit enterprise code (a branch's: 10-3 digits) or the representative's personal ID number.",
            )
          : checked.why;
      errors.push({ field: field.id, code: checked.error, message: message(checked.error, field, why) });
    } else if (field.required) errors.push({ field: field.id, code: 'required', message: message('required', field) });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, applicant: { kind: a.kind, name: out['name'] ?? '', ...out } };
}

/**
 * The applicant block with the particulars it leaves out taken from the form's fields that give them
 * (`applicant: 'name'`), as the citizens' page fills it: an API filer need not repeat the parent's name.
 */
export function applicantFromForm<A extends ApplicantParticulars>(schema: FormSchema, a: A, values: unknown): A {
  if (!isObject(values)) return a;
  const out = { ...a } as Record<string, unknown>;
  for (const f of formFields(schema)) {
    const v = f.applicant ? values[f.id] : undefined;
    if (
      f.applicant &&
      typeof v === 'string' &&
      v.trim() !== '' &&
      !(typeof out[f.applicant] === 'string' && (out[f.applicant] as string).trim() !== '')
    )
      out[f.applicant] = v;
  }
  return out as A;
}

/**
 * The applicant's errors named by the form field that gives that particular (`applicant: 'name'` on a
 * parent's name), so the page marks the field the person filled; one the form's own errors already name
 * is said once. Particulars the form does not give keep `applicant.<key>`.
 */
export function applicantErrorsOnForm(
  schema: FormSchema,
  applicantErrors: readonly FieldError[],
  formErrors: readonly FieldError[],
): FieldError[] {
  const named = new Set(formErrors.map((e) => e.field));
  const out: FieldError[] = [];
  for (const e of applicantErrors) {
    const key = /^applicant\.(\w+)$/.exec(e.field)?.[1];
    const field = key ? formFields(schema).find((x) => x.applicant === key) : undefined;
    if (!field) out.push(e);
    else if (!named.has(field.id)) out.push({ ...e, field: field.id });
  }
  return [...out, ...formErrors];
}

// ---------------------------------------------------------------------------------------------------
// The schema an admin sends.

const PERSONAL: readonly FieldPersonal[] = ['name', 'phone', 'email', 'national-id', 'address', 'birth-date', 'other'];
const FIELD_KEYS = new Set([
  'id',
  'label',
  'type',
  'required',
  'when',
  'options',
  'min',
  'max',
  'integer',
  'minLength',
  'maxLength',
  'pattern',
  'patternHint',
  'help',
  'personal',
  'requester',
  'applicant',
]);
const SECTION_KEYS = new Set(['id', 'title', 'when', 'fields']);
const CONDITION_KEYS = new Set(['field', 'equals', 'in', 'filled']);
const MAX_SECTIONS = 50;
const MAX_FIELDS = 300;
const MAX_OPTIONS = 500;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Whether a free text holds characters that have no place on a paper, in an SMS or in a log: controls, the
 * direction overrides that hide what a text says, and (unless it is a multi-line text) line breaks and tabs.
 * The rule the applicant's answers keep, for the officers' words that reach the applicant too.
 */
export function hasControlCharacters(text: string, multiline: boolean): boolean {
  return CONTROL.test(text) || (!multiline && CONTROL_LINE.test(text));
}

export function isText(v: unknown, max = 2000): v is Text {
  return (
    isObject(v) &&
    typeof v['vi'] === 'string' &&
    typeof v['en'] === 'string' &&
    v['vi'].trim() !== '' &&
    v['en'].trim() !== '' &&
    v['vi'].length <= max &&
    v['en'].length <= max
  );
}

/** At most this many variable quantifiers (*, +, ?, {m,n} with m ≠ n, {m,}) in a pattern. */
const VARIABLE_QUANTIFIERS_MAX = 3;
/** A text field with a pattern holds at most this many characters, so the pattern runs on little. */
export const PATTERN_TEXT_MAX = 200;

/** What a parsed piece of a pattern is: its length range, and whether it repeats or alternates inside. */
interface Piece {
  min: number;
  max: number;
  repeats: boolean;
  alternates: boolean;
}

class Refused extends Error {}

/**
 * Why a pattern may take too long (exponential or high-polynomial backtracking), or undefined when it
 * is of the shapes allowed: refused are back-references and lookarounds; a quantifier on a group that
 * holds a quantifier or an alternation ("(a+)+", "(a|a)*", "(.*a){25}"), unless the group has one
 * fixed length and is quantified with ?, {n} or {m,n} ("(-\d{3})?", "(ab|cd){2}"); and more than
 * three variable quantifiers ("a*a*a*a*b"). Together with the 200-character pattern and the
 * 200-character text a field with a pattern may hold, it keeps a pattern from stalling the server.
 */
export function catastrophic(pattern: string): string | undefined {
  let i = 0;
  let variable = 0;
  const refuse = (why: string): never => {
    throw new Refused(why);
  };
  /** The quantifier at i, if any: its bounds and its length in the pattern. */
  const quantifier = (): { min: number; max: number; bounded: boolean; size: number } | undefined => {
    const c = pattern[i];
    if (c === '*') return { min: 0, max: Infinity, bounded: false, size: 1 };
    if (c === '+') return { min: 1, max: Infinity, bounded: false, size: 1 };
    if (c === '?') return { min: 0, max: 1, bounded: true, size: 1 };
    if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
      if (!m) return undefined;
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      return { min, max, bounded: max !== Infinity, size: m[0].length };
    }
    return undefined;
  };
  const escape = (): Piece => {
    // At a backslash.
    const next = pattern[i + 1] ?? '';
    if (/[1-9]/.test(next) || next === 'k') refuse('uses a back-reference');
    if (next === 'b' || next === 'B') {
      i += 2;
      return { min: 0, max: 0, repeats: false, alternates: false };
    }
    if ((next === 'p' || next === 'P' || next === 'u') && pattern[i + 2] === '{') {
      const end = pattern.indexOf('}', i + 3);
      i = end < 0 ? pattern.length : end + 1;
    } else if (next === 'u') i += 6;
    else if (next === 'x') i += 4;
    else if (next === 'c') i += 3;
    else i += 2;
    return { min: 1, max: 1, repeats: false, alternates: false };
  };
  const characterClass = (): Piece => {
    // At '['.
    i++;
    while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
    i++;
    return { min: 1, max: 1, repeats: false, alternates: false };
  };
  const atom = (): Piece => {
    const c = pattern[i] as string;
    if (c === '\\') return escape();
    if (c === '[') return characterClass();
    if (c === '^' || c === '$') {
      i++;
      return { min: 0, max: 0, repeats: false, alternates: false };
    }
    if (c === '(') {
      if (/^\(\?<?[=!]/.test(pattern.slice(i))) refuse('uses a lookahead or lookbehind');
      if (pattern.startsWith('(?:', i)) i += 3;
      else if (pattern.startsWith('(?<', i)) i = pattern.indexOf('>', i) + 1;
      else i++;
      const inner = alternation();
      i++; // ')'
      return inner;
    }
    i += (pattern.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
    return { min: 1, max: 1, repeats: false, alternates: false };
  };
  const sequence = (): Piece => {
    const out: Piece = { min: 0, max: 0, repeats: false, alternates: false };
    while (i < pattern.length && pattern[i] !== '|' && pattern[i] !== ')') {
      const isGroup = pattern[i] === '(';
      let piece = atom();
      const q = quantifier();
      if (q) {
        i += q.size;
        if (pattern[i] === '?') i++; // lazy
        if (q.min !== q.max) variable++;
        if (isGroup && (piece.repeats || piece.alternates) && !(q.bounded && piece.min === piece.max)) {
          refuse(
            piece.alternates && !piece.repeats
              ? 'repeats a group that alternates (ambiguous repetition)'
              : 'repeats a group that itself repeats (nested quantifiers)',
          );
        }
        piece = {
          min: piece.min * q.min,
          max: piece.max === 0 ? 0 : piece.max * q.max,
          repeats: true,
          alternates: piece.alternates,
        };
      }
      out.min += piece.min;
      out.max += piece.max;
      out.repeats ||= piece.repeats;
      out.alternates ||= piece.alternates;
    }
    return out;
  };
  const alternation = (): Piece => {
    const out = sequence();
    while (pattern[i] === '|') {
      i++;
      const next = sequence();
      out.min = Math.min(out.min, next.min);
      out.max = Math.max(out.max, next.max);
      out.repeats ||= next.repeats;
      out.alternates = true;
    }
    return out;
  };
  try {
    while (i < pattern.length) {
      alternation();
      if (pattern[i] === ')') i++; // unbalanced: the RegExp constructor has refused it already
    }
  } catch (err) {
    if (err instanceof Refused) return err.message;
    throw err;
  }
  if (variable > VARIABLE_QUANTIFIERS_MAX) {
    return `has ${variable} variable quantifiers (at most ${VARIABLE_QUANTIFIERS_MAX})`;
  }
  return undefined;
}

function checkCondition(
  where: string,
  c: unknown,
  earlier: ReadonlyMap<string, Record<string, unknown>>,
  problems: string[],
): void {
  if (!isObject(c)) {
    problems.push(`${where}: "when" must be an object { field, equals | in | filled }`);
    return;
  }
  for (const key of Object.keys(c)) {
    if (!CONDITION_KEYS.has(key)) problems.push(`${where}: "when" has an unknown property "${key}"`);
  }
  const fieldId = c['field'];
  const target = typeof fieldId === 'string' ? earlier.get(fieldId) : undefined;
  if (typeof fieldId !== 'string' || !target) {
    problems.push(`${where}: "when" must name a field that comes before it (got ${JSON.stringify(fieldId)})`);
  }
  const tests = ['equals', 'in', 'filled'].filter((k) => c[k] !== undefined);
  if (tests.length !== 1) {
    problems.push(`${where}: "when" must have exactly one of equals, in, filled`);
    return;
  }
  const equals = c['equals'];
  if (equals !== undefined && !['string', 'number', 'boolean'].includes(typeof equals)) {
    problems.push(`${where}: "when.equals" must be text, a number or true/false`);
  }
  const list = c['in'];
  if (list !== undefined && (!Array.isArray(list) || list.length === 0 || list.some((v) => typeof v !== 'string'))) {
    problems.push(`${where}: "when.in" must be a non-empty list of texts`);
  }
  if (c['filled'] !== undefined && c['filled'] !== true) problems.push(`${where}: "when.filled" can only be true`);
  if (!target) return;
  const type = target['type'];
  if (type === 'checkbox' && equals !== undefined && typeof equals !== 'boolean') {
    problems.push(`${where}: "when.equals" on the checkbox "${String(fieldId)}" must be true or false`);
  }
  if (type === 'number' && equals !== undefined && typeof equals !== 'number') {
    problems.push(`${where}: "when.equals" on the number "${String(fieldId)}" must be a number`);
  }
  if ((type === 'select' || type === 'radio') && Array.isArray(target['options'])) {
    const values = new Set((target['options'] as unknown[]).map((o) => (isObject(o) ? o['value'] : undefined)));
    const asked: unknown[] = [
      ...(equals !== undefined ? [equals] : []),
      ...(Array.isArray(list) ? (list as unknown[]) : []),
    ];
    for (const v of asked) {
      if (!values.has(v))
        problems.push(`${where}: "when" asks for ${JSON.stringify(v)}, not a choice of "${String(fieldId)}"`);
    }
  }
}

function checkField(where: string, f: Record<string, unknown>, problems: string[]): void {
  for (const key of Object.keys(f)) {
    if (!FIELD_KEYS.has(key)) problems.push(`${where}: unknown property "${key}"`);
  }
  const type = f['type'];
  if (typeof type !== 'string' || !(FIELD_TYPES as readonly string[]).includes(type)) {
    problems.push(`${where}: "type" must be one of ${FIELD_TYPES.join(', ')}`);
    return;
  }
  if (!isText(f['label'], 500)) problems.push(`${where}: "label" must have non-empty vi and en texts`);
  if (f['required'] !== undefined && typeof f['required'] !== 'boolean')
    problems.push(`${where}: "required" must be true or false`);
  for (const key of ['help', 'patternHint'] as const) {
    if (f[key] !== undefined && !isText(f[key]))
      problems.push(`${where}: "${key}" must have non-empty vi and en texts`);
  }
  if (f['personal'] !== undefined && !PERSONAL.includes(f['personal'] as FieldPersonal)) {
    problems.push(`${where}: "personal" must be one of ${PERSONAL.join(', ')}`);
  }
  if (f['applicant'] !== undefined && !(APPLICANT_PARTICULARS as readonly unknown[]).includes(f['applicant'])) {
    problems.push(`${where}: "applicant" must be one of ${APPLICANT_PARTICULARS.join(', ')}`);
  }
  const choice = type === 'select' || type === 'radio';
  const options = f['options'];
  if (choice) {
    if (!Array.isArray(options) || options.length === 0 || options.length > MAX_OPTIONS) {
      problems.push(`${where}: a ${type} needs 1 to ${MAX_OPTIONS} "options"`);
    } else {
      const seen = new Set<string>();
      options.forEach((o, i) => {
        if (
          !isObject(o) ||
          typeof o['value'] !== 'string' ||
          o['value'].trim() === '' ||
          o['value'].length > 200 ||
          !isText(o['label'], 500)
        ) {
          problems.push(`${where}: option ${i + 1} must be { value: non-empty text, label: { vi, en } }`);
        } else if (seen.has(o['value'])) problems.push(`${where}: the option "${o['value']}" is listed twice`);
        else seen.add(o['value']);
      });
    }
  } else if (options !== undefined) problems.push(`${where}: only select and radio fields have "options"`);

  const { min, max } = f;
  if (type === 'number') {
    for (const [k, v] of [
      ['min', min],
      ['max', max],
    ] as const) {
      if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v)))
        problems.push(`${where}: "${k}" must be a number`);
    }
    if (typeof min === 'number' && typeof max === 'number' && min > max)
      problems.push(`${where}: "min" is above "max"`);
    if (f['integer'] !== undefined && typeof f['integer'] !== 'boolean')
      problems.push(`${where}: "integer" must be true or false`);
  } else if (type === 'date') {
    for (const [k, v] of [
      ['min', min],
      ['max', max],
    ] as const) {
      if (v !== undefined && !(v === 'today' || (typeof v === 'string' && isDate(v)))) {
        problems.push(`${where}: "${k}" must be "today" or a date YYYY-MM-DD`);
      }
    }
    if (typeof min === 'string' && typeof max === 'string' && isDate(min) && isDate(max) && min > max)
      problems.push(`${where}: "min" is after "max"`);
  } else if (min !== undefined || max !== undefined) {
    problems.push(`${where}: only number and date fields have "min"/"max" (text has minLength/maxLength)`);
  }
  if (type !== 'number' && f['integer'] !== undefined) problems.push(`${where}: only number fields have "integer"`);

  const textual = type === 'text' || type === 'textarea';
  const { minLength, maxLength, pattern } = f;
  if (!textual && (minLength !== undefined || maxLength !== undefined || pattern !== undefined)) {
    problems.push(`${where}: only text fields have "minLength", "maxLength" or "pattern"`);
  }
  for (const [k, v] of [
    ['minLength', minLength],
    ['maxLength', maxLength],
  ] as const) {
    if (
      v !== undefined &&
      (!Number.isInteger(v) || (v as number) < (k === 'maxLength' ? 1 : 0) || (v as number) > TEXT_MAX_LIMIT)
    ) {
      problems.push(`${where}: "${k}" must be a whole number up to ${TEXT_MAX_LIMIT}`);
    }
  }
  if (typeof minLength === 'number' && typeof maxLength === 'number' && minLength > maxLength)
    problems.push(`${where}: "minLength" is above "maxLength"`);
  if (pattern !== undefined) {
    if (typeof pattern !== 'string' || pattern === '' || pattern.length > PATTERN_MAX) {
      problems.push(`${where}: "pattern" must be a regular expression of 1 to ${PATTERN_MAX} characters`);
    } else {
      try {
        new RegExp(`^(?:${pattern})$`, 'u');
        const why = catastrophic(pattern);
        if (why) problems.push(`${where}: "pattern" ${why}, which can take the server too long`);
      } catch {
        problems.push(`${where}: "pattern" is not a valid regular expression`);
      }
    }
  }
}

/** What is wrong with a form schema an admin sends (empty: nothing). */
export function checkSchema(schema: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(schema) || !Array.isArray(schema['sections'])) return ['the form must be { sections: [...] }'];
  for (const key of Object.keys(schema)) {
    if (key !== 'sections') problems.push(`the form has an unknown property "${key}"`);
  }
  const sections = schema['sections'] as unknown[];
  if (sections.length === 0 || sections.length > MAX_SECTIONS)
    problems.push(`the form needs 1 to ${MAX_SECTIONS} sections`);
  const sectionIds = new Set<string>();
  const fields = new Map<string, Record<string, unknown>>();
  const particulars = new Map<string, string>();
  let count = 0;
  sections.forEach((s, si) => {
    const sid = isObject(s) && typeof s['id'] === 'string' ? s['id'] : undefined;
    const where = `section ${sid ?? si + 1}`;
    if (!isObject(s)) {
      problems.push(`section ${si + 1} must be an object`);
      return;
    }
    for (const key of Object.keys(s)) {
      if (!SECTION_KEYS.has(key)) problems.push(`${where}: unknown property "${key}"`);
    }
    if (sid === undefined || !ID.test(sid))
      problems.push(`${where}: "id" must be letters and digits starting with a-z`);
    else if (sectionIds.has(sid)) problems.push(`${where}: the id "${sid}" is used twice`);
    else sectionIds.add(sid);
    if (!isText(s['title'], 500)) problems.push(`${where}: "title" must have non-empty vi and en texts`);
    if (s['when'] !== undefined) checkCondition(where, s['when'], fields, problems);
    if (!Array.isArray(s['fields']) || s['fields'].length === 0) {
      problems.push(`${where}: "fields" must be a non-empty list`);
      return;
    }
    (s['fields'] as unknown[]).forEach((f, fi) => {
      count++;
      const fid = isObject(f) && typeof f['id'] === 'string' ? f['id'] : undefined;
      const at = `field ${fid ?? `${fi + 1} of ${where}`}`;
      if (!isObject(f)) {
        problems.push(`${at}: must be an object`);
        return;
      }
      if (f['when'] !== undefined) checkCondition(at, f['when'], fields, problems);
      checkField(at, f, problems);
      if (fid === undefined || !ID.test(fid)) problems.push(`${at}: "id" must be letters and digits starting with a-z`);
      else if (fields.has(fid)) problems.push(`${at}: the id "${fid}" is used twice`);
      else fields.set(fid, f);
      const particular = f['applicant'];
      if (typeof particular === 'string') {
        if (particulars.has(particular))
          problems.push(`${at}: the applicant's ${particular} is already given by "${particulars.get(particular)}"`);
        else particulars.set(particular, fid ?? '');
      }
    });
  });
  if (count > MAX_FIELDS) problems.push(`the form has ${count} fields; at most ${MAX_FIELDS}`);
  // The requester's own fields: a name or an ID number, always or when a condition on any field holds.
  for (const [fid, f] of fields) {
    const requester = f['requester'];
    if (requester === undefined) continue;
    if (f['personal'] !== 'name' && f['personal'] !== 'national-id')
      problems.push(`field ${fid}: "requester" is for a field with personal "name" or "national-id"`);
    if (requester === true) continue;
    const found: string[] = [];
    checkCondition(`field ${fid}`, requester, fields, found);
    problems.push(
      ...found.map((p) =>
        p.replaceAll('"when', '"requester').replace('a field that comes before it', 'a field of the form'),
      ),
    );
  }
  return problems;
}

/** What is wrong with a condition outside the form (a fee's, a document's): it may name any field of the form. */
export function conditionProblems(where: string, c: unknown, schema: FormSchema): string[] {
  const problems: string[] = [];
  const fields = new Map(formFields(schema).map((f) => [f.id, f as unknown as Record<string, unknown>]));
  checkCondition(where, c, fields, problems);
  return problems.map((p) => p.replace('a field that comes before it', 'a field of the form'));
}

/** The fields of a form, in order, whatever section they are in. */
export function formFields(schema: FormSchema): FormField[] {
  return schema.sections.flatMap((s) => s.fields);
}

/** The field of a form by its id. */
export function formField(schema: FormSchema, id: string): FormField | undefined {
  return formFields(schema).find((f) => f.id === id);
}
