/** The dictionaries' keys of the conditions' words (the translator takes only keys it has). */
type MessageKey =
  | 'condition.emergency.escalated'
  | 'condition.emergency.turnoutLate'
  | 'condition.emergency.unitNeeded'
  | 'condition.transit.offRoute'
  | 'condition.transit.stopped'
  | 'condition.transit.silent'
  | 'condition.reports.overdueReceipt'
  | 'condition.reports.overdueResolution';
type Params = Readonly<Record<string, string | number>>;
type Words = { key: MessageKey; params: Record<string, string | number> };

/** The words of each module's conditions, by the parameters the alarm carries (all of them required). */
const CONDITIONS: Record<string, { key: MessageKey; needs: readonly string[] } | ((p: Params) => Words | null)> = {
  'emergency:escalated': { key: 'condition.emergency.escalated', needs: ['number', 'type'] },
  'emergency:turnout-late': { key: 'condition.emergency.turnoutLate', needs: ['unit', 'number'] },
  'emergency:unit-needed': { key: 'condition.emergency.unitNeeded', needs: ['number', 'type'] },
  'transit:off-route': (p) => bus('condition.transit.offRoute', p),
  'transit:stopped': (p) => bus('condition.transit.stopped', p),
  'transit:silent': (p) => bus('condition.transit.silent', p),
  'reports:overdue': (p) =>
    p['report'] === undefined
      ? null
      : {
          key: p['due'] === 'receipt' ? 'condition.reports.overdueReceipt' : 'condition.reports.overdueResolution',
          params: { report: p['report'] },
        },
};

/** A bus by the label riders see on it, else its id. */
function bus(key: MessageKey, p: Params): Words | null {
  const vehicle = p['label'] ?? p['vehicle'];
  return vehicle === undefined ? null : { key, params: { vehicle } };
}

/**
 * The words of a module's alarm in the reader's language, from the parameters the alarm carries (the
 * module writes its title in one language, for mail and logs). Null: a condition without words here, or
 * an alarm raised before alarms carried parameters — its title stands. Pure: unit tests run it.
 */
export function alarmWords(condition: string, params: Params | null | undefined): Words | null {
  const words = CONDITIONS[condition];
  if (!words || !params) return null;
  if (typeof words === 'function') return words(params);
  if (words.needs.some((name) => params[name] === undefined)) return null;
  return { key: words.key, params: { ...params } };
}
