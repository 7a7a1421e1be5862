// `npm run docs:errors`: writes the error catalogue's table into docs/errors.md (between its markers).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { errorCatalogue, errorTable } from '../../apps/server/src/error-catalogue.js';

export const ERRORS_DOC = fileURLToPath(new URL('../../docs/errors.md', import.meta.url));
export const START = '<!-- error catalogue: made by `npm run docs:errors`, do not edit by hand -->';
export const END = '<!-- end of the error catalogue -->';

/** docs/errors.md with the table made anew from the catalogue. */
export function renderErrorsDoc(current: string): string {
  const from = current.indexOf(START);
  const to = current.indexOf(END);
  if (from < 0 || to < from) throw new Error(`docs/errors.md has no markers ${START} … ${END}`);
  return `${current.slice(0, from + START.length)}\n\n${errorTable(errorCatalogue())}\n\n${current.slice(to)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(ERRORS_DOC, renderErrorsDoc(readFileSync(ERRORS_DOC, 'utf8')));
  process.stdout.write('docs/errors.md: error catalogue written\n');
}
