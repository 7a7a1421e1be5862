/**
 * The words of the alarms the emergency centre raises. It writes their titles itself, in one form each
 * (server: modules/emergency/service.ts); their numbers and codes go into the reader's language. Pure: the
 * unit tests run it without a page.
 */
export function emergencyAlarmWords(
  condition: string,
  title: string,
): { key: 'condition.emergency.escalated' | 'condition.emergency.turnoutLate'; params: Record<string, string> } | null {
  const escalated = /^Incident (\S+) \(([A-Z0-9_]+)\) escalated$/.exec(title);
  if (condition === 'emergency:escalated' && escalated) {
    return { key: 'condition.emergency.escalated', params: { number: escalated[1] ?? '', type: escalated[2] ?? '' } };
  }
  const late = /^Unit (\S+) has not turned out for incident (\S+)$/.exec(title);
  if (condition === 'emergency:turnout-late' && late) {
    return { key: 'condition.emergency.turnoutLate', params: { unit: late[1] ?? '', number: late[2] ?? '' } };
  }
  return null;
}
