import { setImmediate as yieldTurn } from 'node:timers/promises';
import type { Sql } from '../../platform/db/index.js';

/**
 * Reads a keyset query a page at a time, handing each page to `each`, with a turn of the event loop
 * between pages: the embedded database answers a statement without one, so a table of a big feed read
 * whole would hold every other request. `text` takes `params`, then the last row's key (`start` before
 * the first page), orders by that key and reads at most `size` rows.
 */
export async function forEachPage<R>(
  sql: Sql,
  text: string,
  params: readonly unknown[],
  key: { readonly start: readonly unknown[]; readonly of: (row: R) => readonly unknown[] },
  size: number,
  each: (rows: R[]) => void,
): Promise<void> {
  let after = key.start;
  for (;;) {
    const { rows } = await sql.query<R>(text, [...params, ...after]);
    each(rows);
    const last = rows[rows.length - 1];
    if (!last || rows.length < size) return;
    after = key.of(last);
    await yieldTurn();
  }
}
