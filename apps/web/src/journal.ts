import type { AlarmJson } from './api';
import { formatNumber } from './format';
import { hasKey, type Translate } from './i18n';

/**
 * A line of an alarm's journal in the reader's language, made from its kind and data: the server's
 * own text of an entry a module wrote is English, so only a person's words (a comment, an operator's
 * own alarm) are shown as written.
 */
export type JournalEntry = NonNullable<AlarmJson['journal']>[number];

export function journalLine(entry: JournalEntry, alarmTitle: string, t: Translate, locale: string): string {
  const data = entry.data ?? {};
  const kindKey = `journal.${entry.kind}`;
  const kind = hasKey(kindKey) ? t(kindKey) : entry.kind;
  const by = entry.actor ? ` · ${entry.actor}` : '';
  const severity = (s: unknown) => {
    const key = `severity.${String(s)}`;
    return hasKey(key) ? t(key) : String(s);
  };
  // Kinds not named here (any later one) read as their word, who did it and what they wrote.
  const kindOf: string = entry.kind;
  if (kindOf === 'raised')
    // A module's alarm is described by its title in this language; an operator's by their own words.
    return entry.actor ? `${kind}${by}${entry.text ? `: ${entry.text}` : ''}` : `${kind}: ${alarmTitle}`;
  if (kindOf === 'severity') return `${kind}: ${severity(data['from'])} → ${severity(data['to'])}`;
  if (kindOf === 'reactivated')
    return typeof data['value'] === 'number' ? `${kind} (${formatNumber(data['value'], locale)})` : kind;
  if (kindOf === 'assigned')
    return `${kind}${by} → ${typeof data['assignee'] === 'string' ? data['assignee'] : t('access.journal.nobody')}`;
  return `${kind}${by}${entry.text ? `: ${entry.text}` : ''}`;
}
