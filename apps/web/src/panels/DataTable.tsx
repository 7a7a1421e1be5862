import type { ReactNode } from 'react';
import { downloadCsv, type CsvCell } from '../csv';
import { useI18n } from '../i18n';

/**
 * A table with its CSV export: the file and the table are made from the same columns and rows, so the
 * file holds exactly what the table shows (times as ISO in the file, in words on screen).
 */

export interface Column<Row> {
  readonly header: string;
  /** What the table shows; the CSV value when left out. */
  readonly show?: (row: Row) => ReactNode;
  readonly csv: (row: Row) => CsvCell;
  readonly numeric?: boolean;
}

export function DataTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
  filename,
  empty,
}: {
  caption: string;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  filename: string;
  empty: string;
}) {
  const { t } = useI18n();
  return (
    <div className="data-table">
      <div className="data-table-tools">
        <button
          type="button"
          disabled={rows.length === 0}
          onClick={() =>
            downloadCsv(
              filename,
              columns.map((c) => c.header),
              rows.map((r) => columns.map((c) => c.csv(r))),
            )
          }
        >
          {t('trends.exportCsv')}
        </button>
        <span className="muted">{t(rows.length === 1 ? 'trends.rowOne' : 'trends.rows', { count: rows.length })}</span>
      </div>
      <div className="data-table-scroll">
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.header} scope="col" className={c.numeric ? 'num' : undefined}>
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={rowKey(r)}>
                {columns.map((c) => {
                  const shown = c.show ? c.show(r) : c.csv(r);
                  return (
                    <td key={c.header} className={c.numeric ? 'num' : undefined}>
                      {shown instanceof Date ? shown.toISOString() : (shown as ReactNode)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 && <p className="muted pad">{empty}</p>}
      </div>
    </div>
  );
}
