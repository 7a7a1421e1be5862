/**
 * A CSV reader for GTFS files (RFC 4180 as feeds really write it): a UTF-8 byte order mark, CRLF or
 * LF line ends, quoted fields holding commas, line breaks and doubled quotes, blank lines. Records
 * come one at a time, each with the line it starts on, so a file is never held twice.
 */

export interface CsvRecord {
  /** The line the record starts on, 1 being the header. */
  readonly line: number;
  readonly fields: readonly string[];
}

/** Reads the records of a CSV text; a field with a stray quote is read as written. */
export function* csvRecords(text: string): Generator<CsvRecord> {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  let line = 1;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let ended = false;
    while (!ended) {
      if (i < n && text[i] === '"') {
        // A quoted field: up to the quote that is not doubled.
        i++;
        for (;;) {
          const q = text.indexOf('"', i);
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
      while (j < n && text[j] !== ',' && text[j] !== '\n' && text[j] !== '\r') j++;
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
  readonly rows: Iterable<{ readonly line: number; get(column: string): string | undefined }>;
}

export function csvTable(text: string): CsvTable {
  const records = csvRecords(text);
  const first = records.next();
  if (first.done) return { columns: [], rows: [] };
  const columns = first.value.fields.map((c) => c.trim());
  const index = new Map<string, number>();
  columns.forEach((c, k) => {
    if (!index.has(c)) index.set(c, k);
  });
  function* rows() {
    for (const r of records) {
      yield {
        line: r.line,
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
