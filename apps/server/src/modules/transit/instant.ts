/**
 * An instant given in a query string: ISO 8601 with its offset (or Z), read strictly. `Date.parse`
 * rolls a day or hour that does not exist into the next (2026-02-30 is 2 March, 24:00 the next day);
 * here that is no instant at all, as is a bare local time, which would be read in the server's zone.
 */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):?(\d{2}))$/;

export function readInstant(text: string): Date | null {
  const m = INSTANT.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((p) => Number(p ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  const offsetH = Number(m[10] ?? 0);
  const offsetM = Number(m[11] ?? 0);
  if (h > 23 || mi > 59 || s > 59 || offsetH > 23 || offsetM > 59) return null;
  const wall = new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms));
  // Years before 100 are read by Date.UTC as 19xx: set the year itself.
  wall.setUTCFullYear(y, mo - 1, d);
  if (wall.getUTCFullYear() !== y || wall.getUTCMonth() !== mo - 1 || wall.getUTCDate() !== d) return null;
  const offset = m[8] ? 0 : (m[9] === '-' ? -1 : 1) * (offsetH * 60 + offsetM) * 60_000;
  return new Date(wall.getTime() - offset);
}
