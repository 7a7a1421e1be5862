import type { Condition, FormField, FormSchema, FormValues, Procedure, RequiredDocument } from './types.js';

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

/** The fees for these values, as the catalogue counts them (a fee per unit of a number field). */
export function feesFor(
  p: Procedure,
  values: FormValues,
): { totalVnd: number; items: { name: Procedure['name']; amountVnd: number }[] } {
  const items = p.fees
    .filter((f) => holds(f.when, values, p.form))
    .map((f) => {
      const per = f.perField ? Number(values[f.perField] ?? 0) : 1;
      return { name: f.name, amountVnd: Math.round(f.amountVnd * (Number.isFinite(per) ? per : 0)) };
    })
    .filter((i) => i.amountVnd > 0);
  return { items, totalVnd: items.reduce((s, i) => s + i.amountVnd, 0) };
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
