import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { App } from '../../app.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { accountWith, buildTestApp, problemOf, type Account } from '../../../test/support/app.js';
import { alarmsModule, type AlarmCondition } from './index.js';

interface AlarmBody {
  id: string;
  state: string;
  severity: string;
  title: string;
  value: number | null;
  params: Record<string, string | number> | null;
  assignee: string | null;
  acknowledgedBy: string | null;
  journal?: { kind: string; actor: string | null; text: string | null }[];
}

describeEachDriver('alarms', (ctx) => {
  let app: App;
  let operator: Account;
  let viewer: Account;
  let admin: Account;
  let n = 0;

  before(async () => {
    app = await buildTestApp(ctx.db);
    operator = await accountWith(app, ['operator'], '');
    viewer = await accountWith(app, ['viewer'], '');
    admin = await accountWith(app, ['admin'], '*');
  });
  after(() => app.http.close());

  const call = async (method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>, who = operator) => {
    const res = await app.http.inject({
      method,
      url,
      headers: who.auth,
      ...(payload === undefined ? {} : { payload }),
    });
    return { status: res.statusCode, body: res.body, res, json: <T>() => res.json<T>() };
  };
  const alarm = async (id: string) => {
    const res = await call('GET', `/api/v1/alarms/${id}`);
    assert.equal(res.status, 200, res.body);
    return res.json<AlarmBody>();
  };
  const condition = (extra: Partial<AlarmCondition> = {}): AlarmCondition => ({
    tenant: '',
    source: `urn:ngsi-ld:WaterLevelObserved:gauge-${++n}`,
    condition: 'water-level-danger',
    severity: 'high',
    title: 'Tô Lịch above the danger level',
    value: 4.2,
    threshold: 4.0,
    unit: 'MTR',
    at: new Date('2026-07-20T14:00:00+07:00'),
    ...extra,
  });

  it('follows ISA-18.2: active-unacknowledged, raised again in place, cleared, closed once acknowledged', async () => {
    const c = condition();
    const raised = await app.modules.get(alarmsModule).raise(c);
    assert.equal(raised.state, 'active-unacknowledged');
    // The condition worsens: the same alarm, now critical; never a second open one.
    const again = await app.modules.get(alarmsModule).raise({ ...c, severity: 'critical', value: 4.6 });
    assert.equal(again.id, raised.id);
    assert.equal(again.severity, 'critical');
    assert.equal(again.value, 4.6);
    // The river falls back: cleared but still unacknowledged, so still open.
    const cleared = await app.modules
      .get(alarmsModule)
      .clear('', c.source, c.condition, new Date('2026-07-20T18:00:00+07:00'));
    assert.equal(cleared?.state, 'cleared-unacknowledged');
    const open = await call('GET', `/api/v1/alarms?source=${encodeURIComponent(c.source)}`);
    assert.equal(open.json<{ count: number }>().count, 1);
    // Acknowledged: closed.
    const ack = await call('POST', `/api/v1/alarms/${raised.id}/acknowledge`);
    assert.equal(ack.status, 200, ack.body);
    assert.equal(ack.json<AlarmBody>().state, 'cleared');
    assert.equal(ack.json<AlarmBody>().acknowledgedBy, operator.username);
    const journal = (await alarm(raised.id)).journal?.map((e) => e.kind);
    assert.deepEqual(journal, ['raised', 'severity', 'cleared', 'acknowledged']);
    // The condition returns later: a new alarm.
    const next = await app.modules.get(alarmsModule).raise(c);
    assert.notEqual(next.id, raised.id);
  });

  it('closes at once when an acknowledged alarm clears, and comes back active when a cleared one recurs', async () => {
    const c = condition();
    const a = await app.modules.get(alarmsModule).raise(c);
    await call('POST', `/api/v1/alarms/${a.id}/acknowledge`);
    const closed = await app.modules.get(alarmsModule).clear('', c.source, c.condition, new Date());
    assert.equal(closed?.state, 'cleared');

    const b = await app.modules.get(alarmsModule).raise(c);
    await app.modules.get(alarmsModule).clear('', c.source, c.condition, new Date());
    const back = await app.modules.get(alarmsModule).raise({ ...c, value: 4.4 });
    assert.equal(back.id, b.id);
    assert.equal(back.state, 'active-unacknowledged');
    assert.ok(
      (await alarm(b.id)).journal?.some((e) => e.kind === 'reactivated'),
      "(await alarm(b.id)).journal?.some((e) => e.kind === 'reactivated')",
    );
  });

  it('writes a steady condition again only when it changes in substance', async () => {
    const c = condition({ value: 4.2, threshold: 4.0 });
    const first = await app.modules.get(alarmsModule).raise(c);
    const same = await app.modules.get(alarmsModule).raise({ ...c, value: 4.25 });
    assert.equal(same.updatedAt.getTime(), first.updatedAt.getTime(), 'a 0.05 m change on a 4 m threshold is not news');
    assert.equal(same.value, 4.2);
    const moved = await app.modules.get(alarmsModule).raise({ ...c, value: 4.7 });
    assert.equal(moved.value, 4.7);
    assert.ok(
      moved.updatedAt.getTime() >= first.updatedAt.getTime(),
      'moved.updatedAt.getTime() >= first.updatedAt.getTime()',
    );
  });

  it('keeps one open alarm per condition when it is raised many times at once', async () => {
    const c = condition();
    const ids = new Set(
      (await Promise.all(Array.from({ length: 8 }, () => app.modules.get(alarmsModule).raise(c)))).map((a) => a.id),
    );
    assert.equal(ids.size, 1);
  });

  it('lets an operator raise, assign, comment and clear an alarm of their own, and mirrors it as an entity', async () => {
    const res = await call('POST', '/api/v1/alarms', {
      source: 'Hoàn Kiếm ward',
      severity: 'medium',
      title: 'Fallen tree blocks Tràng Tiền',
      location: { type: 'Point', coordinates: [105.8542, 21.0245] },
    });
    assert.equal(res.status, 201, res.body);
    const id = res.json<AlarmBody>().id;

    const colleague = await accountWith(app, ['operator'], '');
    const assigned = await call('POST', `/api/v1/alarms/${id}/assign`, { assignee: colleague.username });
    assert.equal(assigned.json<AlarmBody>().assignee, colleague.username);
    const nobody = await call('POST', `/api/v1/alarms/${id}/assign`, { assignee: 'no-such-person' });
    assert.equal(nobody.status, 400, nobody.body);
    assert.equal(problemOf(nobody.res).code, 'ALARM_UNKNOWN_ASSIGNEE');
    // Someone who may not act on alarms (a viewer) is not someone to assign one to.
    const watcher = await call('POST', `/api/v1/alarms/${id}/assign`, { assignee: viewer.username });
    assert.equal(problemOf(watcher.res).code, 'ALARM_UNKNOWN_ASSIGNEE');
    assert.equal((await alarm(id)).assignee, colleague.username, 'a refused assignment changes nothing');

    assert.equal((await call('POST', `/api/v1/alarms/${id}/comments`, { text: 'Đội cây xanh đang tới' })).status, 201);
    assert.equal((await call('POST', `/api/v1/alarms/${id}/comments`, { text: '   ' })).status, 400);
    const comment = (await alarm(id)).journal?.find((e) => e.kind === 'comment');
    assert.deepEqual([comment?.text, comment?.actor], ['Đội cây xanh đang tới', operator.username]);

    const entity = await app.http.inject({
      method: 'GET',
      url: `/ngsi-ld/v1/entities/urn:ngsi-ld:Alarm:${id}?options=keyValues`,
      headers: operator.auth,
    });
    assert.equal(entity.statusCode, 200, entity.body);
    const kv = entity.json<Record<string, unknown>>();
    assert.equal(kv['severity'], 'medium');
    assert.equal(kv['alarmState'], 'active-unacknowledged');
    assert.deepEqual(kv['location'], { type: 'Point', coordinates: [105.8542, 21.0245] });

    const cleared = await call('POST', `/api/v1/alarms/${id}/clear`);
    assert.equal(cleared.json<AlarmBody>().state, 'cleared-unacknowledged');
    const ack1 = await call('POST', `/api/v1/alarms/${id}/acknowledge`);
    const ack2 = await call('POST', `/api/v1/alarms/${id}/acknowledge`);
    assert.equal(ack1.json<AlarmBody>().state, 'cleared');
    assert.equal(ack2.json<AlarmBody>().state, 'cleared', 'acknowledging twice changes nothing');
  });

  it('counts open alarms by severity for the header', async () => {
    const before = (await call('GET', '/api/v1/alarms/summary')).json<{
      open: number;
      bySeverity: Record<string, number>;
    }>();
    await app.modules.get(alarmsModule).raise(condition({ severity: 'critical' }));
    const after = (await call('GET', '/api/v1/alarms/summary')).json<{
      open: number;
      unacknowledged: number;
      bySeverity: Record<string, number>;
    }>();
    assert.equal(after.open, before.open + 1);
    assert.equal(after.bySeverity['critical'], (before.bySeverity['critical'] ?? 0) + 1);
    // And for the city's monitoring: the same count in the metrics.
    const metrics = await app.http.inject({ method: 'GET', url: '/metrics', headers: admin.auth });
    assert.equal(metrics.statusCode, 200, metrics.body);
    const line = metrics.body.split('\n').find((l) => l.startsWith('thanglong_alarms_open{severity="critical"'));
    assert.ok(Number(line?.split(' ').at(-1)) >= after.bySeverity['critical'], line);
    const critical = await call('GET', '/api/v1/alarms?severity=critical&state=active');
    assert.ok(
      critical.json<{ alarms: AlarmBody[] }>().alarms.every((a) => a.severity === 'critical'),
      "critical.json<{ alarms: AlarmBody[] }>().alarms.every((a) => a.severity === 'critical')",
    );
  });

  it('sends every field of an alarm and its journal, as the service holds them', async () => {
    const service = app.modules.get(alarmsModule);
    const raised = await service.raise(
      condition({
        description: 'Rising 10 cm an hour',
        area: 'Phường Láng',
        location: { type: 'Point', coordinates: [105.8, 21.02] },
        raisedBy: 'a gauge',
        params: { river: 'Tô Lịch', gauge: 7 },
      }),
    );
    // The values its words take, for each reader's language, travel with it.
    assert.deepEqual((await alarm(raised.id)).params, { river: 'Tô Lịch', gauge: 7 });
    await call('POST', `/api/v1/alarms/${raised.id}/acknowledge`);
    await call('POST', `/api/v1/alarms/${raised.id}/comments`, { text: 'Pumps on their way' });
    await service.raise(condition({ source: raised.source, severity: 'critical', value: 4.6 }));
    // Raised again without them, it keeps them.
    assert.deepEqual((await alarm(raised.id)).params, { river: 'Tô Lịch', gauge: 7 });
    const held = JSON.parse(JSON.stringify(await service.get('', raised.id))) as AlarmBody & { journal: unknown[] };
    assert.ok(held.journal.length >= 3, JSON.stringify(held.journal));
    // The response schema serialises: a field it forgot would be missing here.
    assert.deepEqual(await alarm(raised.id), held);
    const { journal: _journal, ...listed } = held;
    const list = (await call('GET', `/api/v1/alarms?source=${encodeURIComponent(raised.source)}`)).json<{
      alarms: unknown[];
    }>();
    assert.deepEqual(list.alarms, [listed]);
  });

  it('refuses bad requests clearly and changes nothing', async () => {
    const a = await app.modules.get(alarmsModule).raise(condition());
    const self = await call('POST', `/api/v1/alarms/${a.id}/clear`);
    assert.equal(self.status, 409, self.body);
    assert.equal(problemOf(self.res).code, 'ALARM_CLEARS_ITSELF');
    assert.equal((await alarm(a.id)).state, 'active-unacknowledged');

    assert.equal((await call('POST', '/api/v1/alarms', { source: 'x', severity: 'urgent', title: 't' })).status, 400);
    assert.equal(problemOf((await call('GET', '/api/v1/alarms?state=burning')).res).code, 'BAD_ALARM_STATE');
    assert.equal((await call('GET', '/api/v1/alarms/5d7c3f4e-0000-4000-8000-000000000000')).status, 404);
    assert.equal((await call('GET', '/api/v1/alarms/not-an-id')).status, 404);
    // A viewer sees alarms but does not act on them.
    assert.equal((await call('GET', '/api/v1/alarms', undefined, viewer)).status, 200);
    const refused = await call('POST', `/api/v1/alarms/${a.id}/acknowledge`, undefined, viewer);
    assert.equal(refused.status, 403, refused.body);
    assert.equal((await alarm(a.id)).state, 'active-unacknowledged');
  });
});
