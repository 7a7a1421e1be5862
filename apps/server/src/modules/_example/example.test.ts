import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { App } from '../../app.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { accountWith, buildTestApp, problemOf, testConfig } from '../../../test/support/app.js';
import { ConfigError } from '../../platform/config.js';
import { cityModules } from '../index.js';
import { exampleModule } from './index.js';

describeEachDriver('the example module, listed beside the city modules', (ctx) => {
  let app: App;

  before(async () => {
    app = await buildTestApp(ctx.db, { EXAMPLE_LANGUAGE: 'en' }, [...cityModules, exampleModule]);
  });
  after(() => app.http.close());

  it('serves its route to a role its permission is granted to, with its setting', async () => {
    const viewer = await accountWith(app, ['viewer']);
    const res = await app.http.inject({ method: 'GET', url: '/api/v1/example/greeting', headers: viewer.auth });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { text: `Hello, ${viewer.username}!`, language: 'en' });
    assert.equal(app.modules.get(exampleModule).greet('Lan').text, 'Hello, Lan!');
  });

  it('asks for a login like every route with a permission', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/api/v1/example/greeting' });
    assert.equal(problemOf(res).status, 401);
  });

  it('is in the API documentation', async () => {
    const doc = (await app.http.inject({ method: 'GET', url: '/openapi.json' })).json<{ paths: object }>();
    assert.ok('/api/v1/example/greeting' in doc.paths, "'/api/v1/example/greeting' in doc.paths");
  });

  it('is not in the city unless listed', async () => {
    const city = await buildTestApp(ctx.db);
    try {
      assert.ok(!city.modules.names.includes('example'), "!city.modules.names.includes('example')");
      const viewer = await accountWith(city, ['viewer']);
      const res = await city.http.inject({ method: 'GET', url: '/api/v1/example/greeting', headers: viewer.auth });
      assert.equal(res.statusCode, 404);
    } finally {
      await city.http.close();
    }
  });

  it('has its variable validated with the platform’s', () => {
    assert.throws(
      () => testConfig({ EXAMPLE_LANGUAGE: 'fr', PORT: 'x' }, [...cityModules, exampleModule]),
      (err: unknown) =>
        err instanceof ConfigError && err.problems.map((p) => p.variable).join() === 'PORT,EXAMPLE_LANGUAGE',
    );
  });
});
