import { DISPATCHABLE, type Capability, type RunCardLine, type Unit } from './model.js';

/**
 * How far a run card is filled, counted without roads: what the units sent leave to fill, and what of
 * that the units free to be sent could not fill either (the centre is short, not the dispatcher sparing).
 */

/** A line of the run card nobody could be found for, as the timeline and the console keep it. */
export interface MissingLine {
  readonly missing: number;
  readonly anyOf: readonly Capability[];
}

const qualifies = (unit: Pick<Unit, 'capabilities'>, line: RunCardLine) =>
  unit.capabilities.some((c) => line.anyOf.includes(c));

/**
 * The lines the units sent do not fill, each with what is left of its count. Each unit fills one line,
 * the narrowest it can: an ambulance able to do both advanced and basic life support fills the advanced
 * line, not both.
 */
export function linesLeft(runCard: readonly RunCardLine[], sent: readonly Pick<Unit, 'capabilities'>[]): RunCardLine[] {
  const left = runCard.map((line) => ({ ...line }));
  const narrowestFirst = left.map((_, i) => i).sort((a, b) => left[a]!.anyOf.length - left[b]!.anyOf.length);
  for (const u of sent) {
    const i = narrowestFirst.find((k) => left[k]!.count > 0 && qualifies(u, left[k]!));
    if (i !== undefined) left[i]!.count -= 1;
  }
  return left.filter((line) => line.count > 0);
}

/**
 * What of `left` no unit free to be sent could fill, each free unit counted once. Lines fewer units can
 * fill are served first, and each with the units fit for the fewest other lines, as the recommendation does.
 */
export function shortOf(left: readonly RunCardLine[], units: readonly Unit[]): MissingLine[] {
  const free = units.filter((u) => DISPATCHABLE.includes(u.status));
  const fitFor = (u: Unit) => left.filter((line) => qualifies(u, line)).length;
  const order = left
    .map((line, index) => ({ line, index, supply: free.filter((u) => qualifies(u, line)).length }))
    .sort((a, b) => a.supply - b.supply || a.index - b.index);
  const taken = new Set<string>();
  const missing = new Map<number, number>();
  for (const { line, index } of order) {
    const able = free.filter((u) => !taken.has(u.id) && qualifies(u, line)).sort((a, b) => fitFor(a) - fitFor(b));
    for (const u of able.slice(0, line.count)) taken.add(u.id);
    if (able.length < line.count) missing.set(index, line.count - able.length);
  }
  return left.flatMap((line, index) => {
    const n = missing.get(index);
    return n === undefined ? [] : [{ missing: n, anyOf: line.anyOf }];
  });
}

/** The missing lines in a few words, as the alarm carries them: "1 × ladder, 1 × als/bls". */
export const missingWords = (lines: readonly MissingLine[]): string =>
  lines.map((l) => `${l.missing} × ${l.anyOf.join('/')}`).join(', ');
