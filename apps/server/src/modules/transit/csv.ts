/**
 * A CSV reader for GTFS files (RFC 4180 as feeds really write it): a UTF-8 byte order mark, CRLF or
 * LF line ends, quoted fields holding commas, line breaks and doubled quotes, blank lines. Records
 * come one at a time, each with the line it starts on, so a file is never held twice.
 */

export interface CsvRecord {
  /** The line the record starts on, 1 being the header. */
  readonly line: number;
  readonly fields: readonly string[];
  /**
   * Set when the record runs past the longest allowed: the column (0 first) of the field it runs past
   * in. The fields are those before it, and the reading stops there.
   */
  readonly tooLong?: number;
}

/** The most characters a record may span (its line, or lines for quoted line breaks): 64 KiB. */
export const MAX_CSV_RECORD_CHARS = 64 * 1024;

/**
 * Reads the records of a CSV text; a field with a stray quote is read as written. A record longer than
 * `maxRecord` characters is refused as soon as the reading passes it, before its field is built.
 */
export function* csvRecords(text: string, maxRecord = MAX_CSV_RECORD_CHARS): Generator<CsvRecord> {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  let line = 1;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    const bound = i + maxRecord;
    let field = '';
    let ended = false;
    while (!ended) {
      if (i < n && text[i] === '"') {
        // A quoted field: up to the quote that is not doubled.
        i++;
        for (;;) {
          const q = text.indexOf('"', i);
          if ((q < 0 ? n : q) > bound) {
            yield { line: start, fields, tooLong: fields.length };
            return;
          }
          if (q < 0) {
            field += text.slice(i);
            i = n;
            break;
          }
          field += text.slice(i, q);
          i = q + 1;
          if (text[i] === '"') {
            field += '"';
            i++;
          } else break;
        }
        for (const ch of field) if (ch === '\n') line++;
      }
      // The rest of the field, unquoted, up to a comma or the line's end.
      let j = i;
      const stop = Math.min(n, bound + 1);
      while (j < stop && text[j] !== ',' && text[j] !== '\n' && text[j] !== '\r') j++;
      if (j > bound) {
        yield { line: start, fields, tooLong: fields.length };
        return;
      }
      field += text.slice(i, j);
      i = j;
      fields.push(field);
      field = '';
      if (i >= n) ended = true;
      else if (text[i] === ',') i++;
      else {
        if (text[i] === '\r') i++;
        if (text[i] === '\n') i++;
        line++;
        ended = true;
      }
    }
    // A blank line is no record.
    if (fields.length === 1 && fields[0] === '') continue;
    yield { line: start, fields };
  }
}

/** A GTFS file read as rows by column name: names trimmed, values trimmed, an empty value absent. */
export interface CsvTable {
  readonly columns: readonly string[];
  /** Set when the header line is longer than allowed (the columns are then none). */
  readonly headerTooLong?: boolean;
  readonly rows: Iterable<{
    readonly line: number;
    /** The column a record too long runs past in (the last row read: the rest of the file is not). */
    readonly tooLong?: string;
    get(column: string): string | undefined;
  }>;
}

export function csvTable(text: string, maxRecord = MAX_CSV_RECORD_CHARS): CsvTable {
  const records = csvRecords(text, maxRecord);
  const first = records.next();
  if (first.done) return { columns: [], rows: [] };
  if (first.value.tooLong !== undefined) return { columns: [], headerTooLong: true, rows: [] };
  const columns = first.value.fields.map((c) => c.trim());
  const index = new Map<string, number>();
  columns.forEach((c, k) => {
    if (!index.has(c)) index.set(c, k);
  });
  function* rows() {
    for (const r of records) {
      yield {
        line: r.line,
        ...(r.tooLong === undefined ? {} : { tooLong: columns[r.tooLong] ?? `column ${r.tooLong + 1}` }),
        get(column: string): string | undefined {
          const k = index.get(column);
          if (k === undefined) return undefined;
          const v = r.fields[k]?.trim();
          return v === undefined || v === '' ? undefined : v;
        },
      };
    }
  }
  return { columns, rows: rows() };
}
