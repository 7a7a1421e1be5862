/**
 * A dossier's answers as people read them, shared by the officers' page and the citizens' own: in the
 * form's order, under its sections' titles, each with its question; a choice by its words, a ward by its
 * name, a box as yes or no, a day as dd/mm/yyyy. Answers the form does not name (a question since
 * removed) follow, by their ids.
 */

interface Words {
  readonly vi: string;
  readonly en: string;
}
interface AnswerField {
  readonly id: string;
  readonly label: Words;
  readonly type: string;
  readonly options?: readonly { readonly value: string; readonly label: Words }[] | undefined;
}
interface AnswerForm {
  readonly sections: readonly { readonly id: string; readonly title: Words; readonly fields: readonly AnswerField[] }[];
}
export interface AnswerLine {
  readonly id: string;
  readonly label: string;
  readonly text: string;
}
export interface AnswerSay {
  readonly pick: (t: Words | undefined) => string;
  readonly yes: string;
  readonly no: string;
  readonly wardName: (code: string) => string;
}

/** A day of the form (YYYY-MM-DD) as the city writes it: dd/mm/yyyy. */
export const vnDate = (day: string): string =>
  /^\d{4}-\d{2}-\d{2}$/.test(day) ? `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}` : day;

export function answersInFormOrder(
  form: AnswerForm | null | undefined,
  values: Readonly<Record<string, unknown>>,
  say: AnswerSay,
): { sections: { id: string; title: string; lines: AnswerLine[] }[]; rest: AnswerLine[] } {
  const answer = (f: AnswerField | undefined, v: unknown): string => {
    if (typeof v === 'boolean') return v ? say.yes : say.no;
    const text = String(v);
    if (f?.type === 'date') return vnDate(text);
    if (f?.type === 'ward') return say.wardName(text) || text;
    return say.pick(f?.options?.find((o) => o.value === text)?.label) || (f ? text : say.wardName(text) || text);
  };
  const named = new Set(form?.sections.flatMap((s) => s.fields.map((f) => f.id)) ?? []);
  const sections = (form?.sections ?? [])
    .map((s) => ({
      id: s.id,
      title: say.pick(s.title),
      lines: s.fields
        .filter((f) => f.id in values)
        .map((f) => ({ id: f.id, label: say.pick(f.label), text: answer(f, values[f.id]) })),
    }))
    .filter((s) => s.lines.length > 0);
  const rest = Object.keys(values)
    .filter((id) => !named.has(id))
    .map((id) => ({ id, label: id, text: answer(undefined, values[id]) }));
  return { sections, rest };
}
