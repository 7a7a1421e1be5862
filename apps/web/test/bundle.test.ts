import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

// What `npm run build` ships: the page for production (dist/) carries no hook for tests; the build
// the browser tests and the web bench drive (dist-test/, vite --mode test) does.

const WEB = fileURLToPath(new URL('../', import.meta.url));
const HOOKS = ['__thanglongMap'];

const scriptsOf = (dist: string): string => {
  const assets = `${WEB}${dist}/assets/`;
  assert.ok(existsSync(assets), `${dist} is not built: npm run build builds it`);
  return readdirSync(assets)
    .filter((name) => name.endsWith('.js'))
    .map((name) => readFileSync(`${assets}${name}`, 'utf8'))
    .join('\n');
};

describe('the built operations centre', () => {
  it('ships no test hook in the production build', () => {
    const production = scriptsOf('dist');
    for (const hook of HOOKS) assert.ok(!production.includes(hook), `${hook} is in dist/`);
  });

  it('has them in the build for browser tests', () => {
    const test = scriptsOf('dist-test');
    for (const hook of HOOKS) assert.ok(test.includes(hook), `${hook} is missing from dist-test/`);
  });
});
