import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { App } from '../../app.js';
import { accountWith, buildTestApp, type Account } from '../../../test/support/app.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { databaseWithOutage, type DatabaseWithOutage } from '../../../test/support/outage.js';
import { alarmEntityId, alarmsModule, type AlarmCondition } from './index.js';

/** The alarm table and the `Alarm` entities of the map are one truth: written together or not at all. */
describeEachDriver('alarms and their entities, one truth', (ctx) => {
  let app: App;
  let admin: Account;
  let outage: DatabaseWithOutage;

  before(async () => {
    // The database fails the entity write only: a failure between the alarm's row and its entity.
    outage = databaseWithOutage(ctx.db, (sql) => /INSERT INTO ngsi_entity\b/.test(sql));
    app = await buildTestApp(outage.db);
    admin = await accountWith(app, ['admin'], '*');
  });
  after(() => app.http.close());

  const condition: AlarmCondition = {
    tenant: '',
    source: 'urn:ngsi-ld:WaterLevelObserved:one-truth',
    condition: 'water:level',
    severity: 'high',
    title: 'Tô Lịch at the warning level',
    value: 3.4,
    threshold: 3,
    unit: 'MTR',
    at: new Date(),
  };
  const alarmEntity = async (id: string) => {
    const res = await app.http.inject({
      method: 'GET',
      url: `/ngsi-ld/v1/entities/${encodeURIComponent(alarmEntityId(id))}?options=keyValues`,
      headers: admin.auth,
    });
    return res.statusCode === 200 ? res.json<Record<string, unknown>>() : undefined;
  };
  const alarmEntities = async () => {
    const res = await app.http.inject({
      method: 'GET',
      url: `/ngsi-ld/v1/entities?type=Alarm&q=${encodeURIComponent(`source=="${condition.source}"`)}&options=keyValues`,
      headers: admin.auth,
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<Record<string, unknown>[]>();
  };

  it('raises neither the alarm nor its entity when the entity cannot be written, and both once it can', async () => {
    const alarms = app.modules.get(alarmsModule);
    outage.down = true;
    await assert.rejects(alarms.raise(condition), /Connection terminated/);
    outage.down = false;
    assert.deepEqual([...(await alarms.openConditions('', condition.source))], []);
    assert.deepEqual(await alarmEntities(), []);

    const raised = await alarms.raise(condition);
    assert.deepEqual([...(await alarms.openConditions('', condition.source))], ['water:level']);
    assert.equal((await alarmEntity(raised.id))?.['alarmState'], 'active-unacknowledged');
  });

  it('keeps the alarm open, on the map too, when its clearing cannot reach the map', async () => {
    const alarms = app.modules.get(alarmsModule);
    const [open] = (await alarms.list('', { source: condition.source, limit: 10, offset: 0 })).alarms;
    assert.ok(open, 'open');
    outage.down = true;
    await assert.rejects(alarms.clear('', condition.source, condition.condition, new Date()), /Connection terminated/);
    outage.down = false;
    assert.deepEqual([...(await alarms.openConditions('', condition.source))], ['water:level']);
    assert.equal((await alarmEntity(open.id))?.['alarmState'], 'active-unacknowledged');

    await alarms.clear('', condition.source, condition.condition, new Date());
    assert.equal((await alarmEntity(open.id))?.['alarmState'], 'cleared-unacknowledged');
  });
});
