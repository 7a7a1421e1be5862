import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { App } from '../../app.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { buildTestApp, problemOf } from '../../../test/support/app.js';

/**
 * An address no route takes: a browser asking for a page gets the operations centre (which shows its
 * own "page not found"), with status 404; the APIs and the device routes keep their problem+json.
 */

const PAGE = '<!doctype html><title>Thang Long</title>';
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describeEachDriver('Unknown addresses', (ctx) => {
  const dist = mkdtempSync(join(tmpdir(), 'thanglong-unknown-'));
  let app: App;

  before(async () => {
    writeFileSync(join(dist, 'index.html'), PAGE);
    mkdirSync(join(dist, 'assets'));
    app = await buildTestApp(ctx.db, { WEB_DIST: dist });
  });
  after(async () => {
    await app.http.close();
    rmSync(dist, { recursive: true, force: true });
  });

  const get = (url: string, accept: string | undefined, method: 'GET' | 'HEAD' | 'POST' = 'GET') =>
    app.http.inject({ method, url, headers: accept === undefined ? {} : { accept } });

  it("gives a browser the app's page for an unknown page address, still as a 404", async () => {
    for (const url of ['/no-such-page', '/devices/extra/deep?x=1', '/quan-tri-cu']) {
      const res = await get(url, BROWSER);
      assert.equal(res.statusCode, 404, url);
      assert.match(String(res.headers['content-type']), /^text\/html/, url);
      assert.equal(res.body, PAGE, url);
      assert.ok(res.headers['content-security-policy'], url);
    }
    assert.equal((await get('/no-such-page', BROWSER, 'HEAD')).statusCode, 404);
  });

  it('answers JSON to a client that does not ask for HTML, and to other methods', async () => {
    for (const accept of [undefined, 'application/json', '*/*']) {
      const res = await get('/no-such-page', accept);
      assert.equal(res.statusCode, 404);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
      assert.equal(problemOf(res).code, 'NOT_FOUND');
    }
    const posted = await get('/no-such-page', BROWSER, 'POST');
    assert.equal(posted.statusCode, 404);
    assert.equal(problemOf(posted).code, 'NOT_FOUND');
  });

  it('keeps problem+json for unknown API, NGSI-LD, docs and device addresses even for a browser', async () => {
    for (const url of [
      '/api/v1/no-such-thing',
      '/api/unknown',
      '/ngsi-ld/v1/nothing',
      '/docs/nothing/here',
      '/iot/nothing',
      '/health/nothing',
      '/assets/nothing/deeper',
    ]) {
      const res = await get(url, BROWSER);
      assert.equal(res.statusCode, 404, url);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/, url);
    }
    // A known address with the wrong method stays a 405, page or not.
    const wrongMethod = await get('/api/v1/auth/login', BROWSER);
    assert.equal(wrongMethod.statusCode, 405);
  });
});
