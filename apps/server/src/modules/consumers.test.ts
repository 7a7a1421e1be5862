import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, it } from 'node:test';
import type { App } from '../app.js';
import { accountWith, buildTestApp, type Account } from '../../test/support/app.js';
import { describeEachDriver } from '../../test/support/databases.js';
import { problems } from '../platform/errors.js';
import { defineModule } from '../platform/modules.js';

/** A module's change consumer skips only what is proven bad, and says so in the metrics. */
const handled: string[] = [];
const probeModule = defineModule({
  name: 'probe',
  permissions: {},
  create({ broker }) {
    return {
      provides: null,
      consumers: [
        {
          name: 'things',
          filter: async () => ({ types: [(await broker.resolver.core()).expand('ProbeThing')] }),
          handle: async ({ entityId }) => {
            if (entityId.endsWith(':bad')) throw problems.badRequest('PROBE_BAD', `${entityId} makes no sense`);
            handled.push(entityId);
          },
        },
      ],
    };
  },
});

describeEachDriver('module change consumers and bad input', (ctx) => {
  let app: App;
  let admin: Account;

  before(async () => {
    app = await buildTestApp(ctx.db, {}, [probeModule]);
    admin = await accountWith(app, ['admin'], '*');
    await app.broker.startWorker();
    await app.modules.startWorker();
  });
  after(async () => {
    await app.broker.stopWorker();
    await app.http.close();
  });

  it('skips an entity proven bad, counts and goes on with the others', async () => {
    handled.length = 0;
    for (const id of [`urn:ngsi-ld:ProbeThing:${ctx.driver}:bad`, `urn:ngsi-ld:ProbeThing:${ctx.driver}:good`]) {
      const res = await app.http.inject({
        method: 'POST',
        url: '/ngsi-ld/v1/entities',
        headers: { ...admin.auth, 'content-type': 'application/json' },
        payload: { id, type: 'ProbeThing', level: { type: 'Property', value: 1 } },
      });
      assert.equal(res.statusCode, 201, res.body);
    }
    for (let i = 0; i < 300 && handled.length === 0; i++) await sleep(50);
    assert.deepEqual(handled, [`urn:ngsi-ld:ProbeThing:${ctx.driver}:good`]);
    const metrics = await app.http.inject({ method: 'GET', url: '/metrics', headers: admin.auth });
    assert.match(metrics.body, /thanglong_change_consumer_skipped_total\{consumer="probe\.things"[^}]*\} 1\n/);
  });
});
