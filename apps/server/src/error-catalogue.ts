import { STATUS_CODES } from 'node:http';
import { CONTEXT_ERRORS } from './context/index.js';
import { INGEST_ERRORS } from './ingest/index.js';
import { cityModules } from './modules/index.js';
import { PLATFORM_ERRORS } from './platform/error-catalogue.js';
import type { ErrorCatalogue, ErrorEntry } from './platform/errors.js';
import type { ThangLongModule } from './platform/modules.js';

/** A code of the catalogue, with the part of the server that declares (and sends) it. */
export interface CatalogueEntry extends ErrorEntry {
  readonly code: string;
  readonly owner: string;
}

/**
 * Every error code the server can send: the platform's, the broker's, ingestion's and each module's.
 * A code declared twice is a programming error.
 */
export function errorCatalogue(modules: readonly ThangLongModule[] = cityModules): CatalogueEntry[] {
  const parts: [string, ErrorCatalogue][] = [
    ['platform', PLATFORM_ERRORS],
    ['context', CONTEXT_ERRORS],
    ['ingest', INGEST_ERRORS],
    ...modules.map((m): [string, ErrorCatalogue] => [m.name, m.errors ?? {}]),
  ];
  const seen = new Map<string, string>();
  const entries: CatalogueEntry[] = [];
  for (const [owner, catalogue] of parts) {
    for (const [code, entry] of Object.entries(catalogue)) {
      const other = seen.get(code);
      if (other) throw new Error(`the error code ${code} is declared by ${other} and by ${owner}`);
      seen.set(code, owner);
      entries.push({ code, owner, ...entry });
    }
  }
  return entries.sort((a, b) => a.status - b.status || a.code.localeCompare(b.code));
}

/** The title a code's problem document carries: the NGSI-LD type, else the HTTP reason phrase. */
export const titleOf = (entry: ErrorEntry): string => entry.ngsiLd ?? STATUS_CODES[entry.status] ?? 'Error';

/** The table of docs/errors.md. */
export function errorTable(entries: readonly CatalogueEntry[]): string {
  const rows = entries.map(
    (e) => `| \`${e.code}\` | ${e.status} | ${titleOf(e)} | ${e.owner} | ${e.when.replace(/\|/g, '\\|')} |`,
  );
  return ['| code | status | title | sent by | when |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}
