import { readFileSync } from 'node:fs';

/** The version of this build, from the server package (same relative path from src/ and dist/). */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
