/**
 * The one CSV writer of the server (RFC 4180: CRLF line ends, a field with a comma, a semicolon, a
 * quote or a line break quoted, quotes doubled). A text cell that starts like a formula (= + - @, a
 * tab or a carriage return: OWASP's CSV injection) gets a leading apostrophe, so a spreadsheet opening
 * the file shows it as text and never runs it. Numbers and booleans the server writes stay as they are
 * (a negative number is a number). The web app's exports follow the same rules (apps/web/src/csv.ts).
 */

export type CsvCell = string | number | boolean | null | undefined;

const FORMULA = /^[=+\-@\t\r]/;
// A semicolon too: spreadsheets in locales whose list separator it is (Vietnamese among them) split there.
const NEEDS_QUOTES = /[",;\r\n]/;
const BOM = '\uFEFF';

/** One cell: empty for null, numbers and booleans as written, text guarded and quoted when it must be. */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = FORMULA.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The whole file: the header, then the rows, each line ended by CRLF. With `bom`, UTF-8's byte order
 * mark first, so spreadsheet programs read the Vietnamese marks.
 */
export function csvText(
  header: readonly string[],
  rows: Iterable<readonly CsvCell[]>,
  options: { bom?: boolean } = {},
): string {
  const lines = [header.map(csvCell).join(',')];
  for (const row of rows) lines.push(row.map(csvCell).join(','));
  return `${options.bom ? BOM : ''}${lines.join('\r\n')}\r\n`;
}
