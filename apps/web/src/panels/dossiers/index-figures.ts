/**
 * The Decision 766 index's figures as the leaders' page writes them. A criterion's count is shown as
 * exactly as the server counted it: the satisfaction criterion counts each rating as (score − 1) / 4
 * (0, 0,25 … 1), so two decimals write any sum of ratings exactly ("0,75/1", not "0,8/1" next to
 * points computed from 0,75).
 */
export function indexCount(numerator: number, denominator: number, locale: string): string {
  return `${numerator.toLocaleString(locale, { maximumFractionDigits: 2 })}/${denominator.toLocaleString(locale)}`;
}

/** Points (of a group, of the total) as the server rounds them, to two decimals at most; "—" for none. */
export function indexPoints(points: number | null, locale: string): string {
  return points === null ? '—' : points.toLocaleString(locale, { maximumFractionDigits: 2 });
}
