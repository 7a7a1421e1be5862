/**
 * CSV of what a table shows, for spreadsheet programs: a header row, CRLF line ends (RFC 4180), UTF-8
 * with a byte-order mark (so Excel reads Vietnamese marks), times as ISO 8601; a cell with a comma, a
 * semicolon, a quote or a line break quoted, as the server's writer does (platform/csv.ts). A text cell that starts
 * like a formula (= + - @, or a tab or carriage return) gets a leading apostrophe: a spreadsheet opening
 * the file shows it as text and never runs it.
 */

export type CsvCell = string | number | boolean | Date | null | undefined;

const BOM = '\uFEFF';
const FORMULA = /^[=+\-@\t\r]/;
// A semicolon too: spreadsheets in locales whose list separator it is (Vietnamese among them) split there.
const NEEDS_QUOTES = /[",;\r\n]/;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  // Numbers are numbers: a negative one stays a number, not a neutralised formula.
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  let text = value instanceof Date ? value.toISOString() : value;
  if (FORMULA.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The whole file: BOM, header, rows. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return BOM + [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Offers the file to the browser as a download. */
export function downloadCsv(filename: string, header: readonly string[], rows: readonly (readonly CsvCell[])[]): void {
  const url = URL.createObjectURL(new Blob([toCsv(header, rows)], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename.endsWith('.csv') ? filename : `${filename}.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
