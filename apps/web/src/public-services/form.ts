import type { Condition, FormField, FormSchema, FormValues, Procedure, RequiredDocument } from './types.js';

/**
 * The e-form's rules as the page applies them while the person types: which sections, fields and
 * documents show (their `when`), and what the fee comes to. The server validates the same schema again
 * on filing and has the last word; the page only spares the person a round trip.
 */

/** Whether a condition holds for the values (no condition: it does). Each part given must hold. */
export function holds(c: Condition | undefined, values: FormValues): boolean {
  if (!c) return true;
  const v = values[c.field];
  if (c.filled === true && (v === undefined || v === '' || v === false)) return false;
  if (c.equals !== undefined && v !== c.equals) return false;
  if (c.in !== undefined && (typeof v !== 'string' || !c.in.includes(v))) return false;
  return true;
}

/** The fields shown for these values, section by section. */
export function visibleFields(schema: FormSchema, values: FormValues): FormField[] {
  return schema.sections
    .filter((s) => holds(s.when, values))
    .flatMap((s) => s.fields.filter((f) => holds(f.when, values)));
}

/** Only what the person can see is sent: a field hidden again after being filled is not part of the application. */
export function shownValues(schema: FormSchema, values: FormValues): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const f of visibleFields(schema, values)) {
    const v = values[f.id];
    if (v === undefined || v === '') continue;
    out[f.id] = v;
  }
  return out;
}

export function documentsFor(p: Procedure, values: FormValues): RequiredDocument[] {
  return p.documents.filter((d) => holds(d.when, values));
}

/** The fees for these values, as the catalogue counts them (a fee per unit of a number field). */
export function feesFor(
  p: Procedure,
  values: FormValues,
): { totalVnd: number; items: { name: Procedure['name']; amountVnd: number }[] } {
  const items = p.fees
    .filter((f) => holds(f.when, values))
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
