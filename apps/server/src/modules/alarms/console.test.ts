import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { App } from '../../app.js';
import { describeEachDriver, silentLog } from '../../../test/support/databases.js';
import { accountWith, buildTestApp, problemOf, testConfig, type Account } from '../../../test/support/app.js';
import { ESCALATION_SENDERS } from './escalation.js';
import { alarmsModule, type AlarmCondition } from './index.js';

interface AlarmBody {
  id: string;
  state: string;
  severity: string;
  area: string | null;
  condition: string;
  shelvedUntil: string | null;
  shelveReason: string | null;
  raisedAt: string;
  receivedAt: string;
  escalatedAt: string | null;
  journal?: {
    at: string;
    kind: string;
    actor: string | null;
    text: string | null;
    data: Record<string, unknown> | null;
  }[];
}
interface ListBody {
  alarms: AlarmBody[];
  count: number;
}

describeEachDriver('the alarm console', (ctx) => {
  let app: App;
  let operator: Account;
  let viewer: Account;
  let n = 0;
  // Each test works in its own tenant, so counts and lists are its own.
  let tenant = '';

  before(async () => {
    app = await buildTestApp(ctx.db);
  });
  after(() => app.http.close());

  const fresh = async () => {
    tenant = `console-${process.pid}-${++n}`;
    operator = await accountWith(app, ['operator'], tenant);
    viewer = await accountWith(app, ['viewer'], tenant);
  };
  const call = async (method: 'GET' | 'POST', url: string, payload?: unknown, who: Account = operator) => {
    const res = await app.http.inject({
      method,
      url,
      headers: { ...who.auth, 'ngsild-tenant': tenant },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
    return { status: res.statusCode, body: res.body, res, json: <T>() => res.json<T>() };
  };
  const service = () => app.modules.get(alarmsModule);
  const condition = (extra: Partial<AlarmCondition> = {}): AlarmCondition => ({
    tenant,
    source: `urn:ngsi-ld:AirQualityObserved:station-${++n}`,
    condition: 'air:pm25:24h',
    severity: 'high',
    title: 'PM2.5 above its limit',
    value: 80,
    threshold: 50,
    unit: 'GQ',
    area: 'Phường Láng',
    at: new Date(),
    ...extra,
  });
  const list = async (query: string) => {
    const res = await call('GET', `/api/v1/alarms?${query}`);
    assert.equal(res.status, 200, res.body);
    return res.json<ListBody>();
  };

  it('keeps active and cleared-unacknowledged apart: counted apart, listed active first', async () => {
    await fresh();
    // A backfilled alarm: its condition is hours old and it cleared; listed after the active ones.
    const old = condition({ severity: 'critical', at: new Date(Date.now() - 3 * 3_600_000) });
    const backfilled = await service().raise(old);
    await service().clear(tenant, old.source, old.condition, new Date(Date.now() - 2 * 3_600_000));
    const low = await service().raise(condition({ severity: 'low' }));
    const high = await service().raise(condition({ severity: 'high', condition: 'water:level' }));

    const summary = (await call('GET', '/api/v1/alarms/summary')).json<Record<string, unknown>>();
    assert.equal(summary['active'], 2);
    assert.equal(summary['toAcknowledge'], 1);
    assert.equal(summary['shelved'], 0);
    assert.deepEqual(summary['activeBySeverity'], { critical: 0, high: 1, medium: 0, low: 1 });
    assert.equal(summary['open'], 3);

    const open = await list('state=open');
    assert.deepEqual(
      open.alarms.map((a) => a.id),
      [high.id, low.id, backfilled.id],
      'active first (by severity), then the cleared-unacknowledged critical one',
    );
    // The card's time and the journal's agree: both are the condition's; the arrival is said apart.
    const journal = (await call('GET', `/api/v1/alarms/${backfilled.id}`)).json<AlarmBody>().journal ?? [];
    const raised = journal.find((e) => e.kind === 'raised');
    assert.equal(raised?.at, open.alarms[2]?.raisedAt);
    assert.equal(typeof raised?.data?.['arrivedAt'], 'string');
    assert.ok(
      Date.parse(open.alarms[2]?.receivedAt ?? '') - Date.parse(open.alarms[2]?.raisedAt ?? '') > 3_000_000,
      "Date.parse(open.alarms[2]?.receivedAt ?? '') - Date.parse(open.alarms[2]?.raisedAt ?? '') > 3_000_000",
    );
  });

  it('filters by state, severity, type and area', async () => {
    await fresh();
    const air = await service().raise(condition({ severity: 'critical', area: 'Phường Láng' }));
    const water = await service().raise(
      condition({ condition: 'water:level', severity: 'medium', area: 'Phường Hoàng Mai' }),
    );
    const c = condition({ condition: 'noise:laeq', severity: 'low', area: 'Phường Láng' });
    const noise = await service().raise(c);
    await service().clear(tenant, c.source, c.condition, new Date());

    assert.deepEqual(
      (await list('type=water')).alarms.map((a) => a.id),
      [water.id],
    );
    assert.deepEqual(
      (await list('type=air,noise')).alarms.map((a) => a.id),
      [air.id, noise.id],
    );
    assert.deepEqual((await list(`area=${encodeURIComponent('Phường Láng')}`)).count, 2);
    assert.deepEqual((await list('severity=critical,medium')).count, 2);
    assert.deepEqual(
      (await list('state=cleared-unacknowledged')).alarms.map((a) => a.id),
      [noise.id],
    );
    assert.deepEqual(
      (await list('state=active&sort=oldest')).alarms.map((a) => a.id),
      [air.id, water.id],
    );
    const bad = await call('GET', '/api/v1/alarms?type=Air%20Quality');
    assert.equal(bad.status, 400, bad.body);
  });

  it('acknowledges several at once, journals each, and reports the one that failed without spoiling the rest', async () => {
    await fresh();
    const a = await service().raise(condition());
    const b = await service().raise(condition());
    const missing = '5d7c3f4e-0000-4000-8000-000000000000';
    const res = await call('POST', '/api/v1/alarms/acknowledge', { ids: [a.id, missing, b.id, 'not-an-id'] });
    assert.equal(res.status, 200, res.body);
    const body = res.json<{
      acknowledged: number;
      failed: number;
      results: { id: string; ok: boolean; code?: string; status?: number; alarm?: AlarmBody }[];
    }>();
    assert.equal(body.acknowledged, 2);
    assert.equal(body.failed, 2);
    assert.deepEqual(
      body.results.map((r) => [r.id, r.ok, r.code ?? null]),
      [
        [a.id, true, null],
        [missing, false, 'NOT_FOUND'],
        [b.id, true, null],
        ['not-an-id', false, 'NOT_FOUND'],
      ],
    );
    for (const id of [a.id, b.id]) {
      const one = (await call('GET', `/api/v1/alarms/${id}`)).json<AlarmBody>();
      assert.equal(one.state, 'active-acknowledged');
      assert.deepEqual(
        one.journal?.filter((e) => e.kind === 'acknowledged').map((e) => e.actor),
        [operator.username],
      );
    }
    // Another tenant's alarm is not found, and a viewer may not acknowledge.
    const theirs = await service().raise({ ...condition(), tenant: `elsewhere-${process.pid}-${n}` });
    const foreign = await call('POST', '/api/v1/alarms/acknowledge', { ids: [theirs.id] });
    assert.equal(foreign.json<{ failed: number }>().failed, 1, foreign.body);
    const c = await service().raise(condition());
    assert.equal((await call('POST', '/api/v1/alarms/acknowledge', { ids: [c.id] }, viewer)).status, 403);
    assert.equal((await call('POST', '/api/v1/alarms/acknowledge', { ids: [] })).status, 400);
    assert.equal((await call('GET', `/api/v1/alarms/${c.id}`)).json<AlarmBody>().state, 'active-unacknowledged');
  });

  it('shelves with a reason for a bounded time, counts it apart, and brings it back when it runs out or worsens', async () => {
    await fresh();
    const c = condition({ severity: 'medium' });
    const a = await service().raise(c);
    const shelve = await call('POST', `/api/v1/alarms/${a.id}/shelve`, {
      minutes: 30,
      reason: 'Sensor being serviced',
    });
    assert.equal(shelve.status, 200, shelve.body);
    assert.equal(shelve.json<AlarmBody>().shelveReason, 'Sensor being serviced');
    let summary = (await call('GET', '/api/v1/alarms/summary')).json<Record<string, number>>();
    assert.deepEqual([summary['active'], summary['shelved']], [0, 1]);
    assert.equal((await list('state=active&shelved=false')).count, 0, 'hidden from the active list');
    assert.deepEqual(
      (await list('shelved=true')).alarms.map((x) => x.id),
      [a.id],
    );

    // Bounded, with a reason; a refused shelve changes nothing.
    for (const body of [
      { minutes: 2, reason: 'x' },
      { minutes: 13 * 60, reason: 'x' },
      { minutes: 30, reason: '   ' },
    ]) {
      const refused = await call('POST', `/api/v1/alarms/${a.id}/shelve`, body);
      assert.equal(refused.status, 400, refused.body);
      assert.equal(problemOf(refused.res).code, 'ALARM_BAD_SHELVE');
    }
    assert.equal(
      (await call('POST', `/api/v1/alarms/${a.id}/shelve`, { minutes: 30, reason: 'x' }, viewer)).status,
      403,
    );

    // The severity changes: back on the active list at once.
    await service().raise({ ...c, severity: 'critical', value: 200 });
    let now = (await call('GET', `/api/v1/alarms/${a.id}`)).json<AlarmBody>();
    assert.equal(now.shelvedUntil, null);
    assert.deepEqual(
      now.journal?.filter((e) => e.kind === 'shelved' || e.kind === 'unshelved').map((e) => e.kind),
      ['shelved', 'unshelved'],
    );

    // Shelved again; its time runs out (set in the past here): no longer counted shelved, and the job lifts it.
    await call('POST', `/api/v1/alarms/${a.id}/shelve`, { minutes: 5, reason: 'Crew on site' });
    await ctx.db.query(`UPDATE alarm SET shelved_until = now() - interval '1 second' WHERE id = $1`, [a.id]);
    summary = (await call('GET', '/api/v1/alarms/summary')).json<Record<string, number>>();
    assert.deepEqual([summary['active'], summary['shelved']], [1, 0]);
    assert.ok((await service().unshelveExpired()) >= 1, '(await service().unshelveExpired()) >= 1');
    now = (await call('GET', `/api/v1/alarms/${a.id}`)).json<AlarmBody>();
    assert.equal(now.shelvedUntil, null);
    assert.deepEqual(now.journal?.at(-1)?.data, { because: 'expired' });

    // A closed alarm is not shelved.
    const b = await service().raise(condition());
    await call('POST', `/api/v1/alarms/${b.id}/acknowledge`);
    await service().clear(tenant, b.source, b.condition, new Date());
    const closed = await call('POST', `/api/v1/alarms/${b.id}/shelve`, { minutes: 30, reason: 'x' });
    assert.equal(problemOf(closed.res).code, 'ALARM_NOT_SHELVABLE');
  });

  it('lists the people alarms can be assigned to: the tenant\u2019s active accounts that may act on alarms', async () => {
    await fresh();
    const dispatcher = await accountWith(app, ['dispatcher'], tenant);
    const elsewhere = await accountWith(app, ['operator'], `other-${process.pid}-${n}`);
    const res = await call('GET', '/api/v1/alarms/assignees');
    assert.equal(res.status, 200, res.body);
    const names = res.json<{ users: { username: string }[] }>().users.map((u) => u.username);
    assert.ok(names.includes(operator.username), 'names.includes(operator.username)');
    assert.ok(names.includes(dispatcher.username), 'names.includes(dispatcher.username)');
    assert.ok(!names.includes(viewer.username), 'a viewer does not act on alarms');
    assert.ok(!names.includes(elsewhere.username), 'another tenant\u2019s people are not listed');
    assert.equal((await call('GET', '/api/v1/alarms/assignees', undefined, viewer)).status, 403);
    const a = await service().raise(condition());
    assert.equal((await call('POST', `/api/v1/alarms/${a.id}/assign`, { assignee: dispatcher.username })).status, 200);
    const foreign = await call('POST', `/api/v1/alarms/${a.id}/assign`, { assignee: elsewhere.username });
    assert.equal(problemOf(foreign.res).code, 'ALARM_UNKNOWN_ASSIGNEE');
    // A name no account can have is refused by its length, and not echoed back.
    const huge = await call('POST', `/api/v1/alarms/${a.id}/assign`, { assignee: 'x'.repeat(100_000) });
    assert.equal(huge.status, 400);
    assert.ok(huge.body.length < 2000, `${huge.body.length} bytes`);
  });

  it('pages the history of closed alarms, filtered', async () => {
    await fresh();
    const closedIds: string[] = [];
    for (let i = 0; i < 5; i++) {
      const c = condition({ severity: i % 2 === 0 ? 'high' : 'low', at: new Date(Date.now() - (10 - i) * 60_000) });
      const a = await service().raise(c);
      await call('POST', `/api/v1/alarms/${a.id}/acknowledge`);
      await service().clear(tenant, c.source, c.condition, new Date());
      closedIds.push(a.id);
    }
    await service().raise(condition());
    const page1 = await list('state=closed&sort=newest&limit=2');
    const page2 = await list('state=closed&sort=newest&limit=2&offset=2');
    assert.equal(page1.count, 5);
    assert.deepEqual(
      [...page1.alarms, ...page2.alarms].map((a) => a.id),
      [closedIds[4], closedIds[3], closedIds[2], closedIds[1]],
    );
    assert.ok(
      page1.alarms.every((a) => a.state === 'cleared'),
      "page1.alarms.every((a) => a.state === 'cleared')",
    );
    assert.equal((await list('state=closed&severity=high')).count, 3);
  });

  it('escalates a critical alarm left unacknowledged once, through the outbox, even with two instances at once', async () => {
    await fresh();
    const sender = ESCALATION_SENDERS['outbox'];
    assert.ok(sender, 'sender');
    const late = await service().raise(condition({ severity: 'critical' }));
    const seen = await service().raise(condition({ severity: 'critical' }));
    const minor = await service().raise(condition({ severity: 'high' }));
    await call('POST', `/api/v1/alarms/${seen.id}/acknowledge`);
    await ctx.db.query(`UPDATE alarm SET received_at = now() - interval '20 minutes' WHERE tenant = $1`, [tenant]);

    // A second instance on the same database: both try at once, each alarm goes out once.
    const second = await buildTestApp(ctx.db);
    try {
      const both = await Promise.all([
        service().escalate(sender, 15 * 60_000, silentLog),
        second.modules.get(alarmsModule).escalate(sender, 15 * 60_000, silentLog),
      ]);
      assert.deepEqual(
        both.flat().map((a) => a.id),
        [late.id],
      );
    } finally {
      await second.http.close();
    }
    // Again later (or after a restart): nothing more.
    assert.deepEqual(await service().escalate(sender, 15 * 60_000, silentLog), []);
    const outbox = await service().outbox(tenant);
    assert.deepEqual(
      outbox.map((m) => m.alarmId),
      [late.id],
    );
    assert.match(outbox[0]?.subject ?? '', /critical/);
    const escalated = (await call('GET', `/api/v1/alarms/${late.id}`)).json<AlarmBody>();
    assert.ok(escalated.escalatedAt, 'escalated.escalatedAt');
    assert.deepEqual(
      escalated.journal?.filter((e) => e.kind === 'escalated').map((e) => e.data?.['to']),
      ['outbox'],
    );
    assert.equal((await call('GET', `/api/v1/alarms/${minor.id}`)).json<AlarmBody>().escalatedAt, null);
  });

  it('refuses at start an escalation sender that does not exist', () => {
    assert.throws(
      () => testConfig({ ALARM_ESCALATION_SENDER: 'pager' }),
      /ALARM_ESCALATION_SENDER: no escalation sender/,
    );
    assert.throws(() => testConfig({ ALARM_ESCALATE_AFTER: '10s' }), /ALARM_ESCALATE_AFTER/);
    assert.doesNotThrow(() => testConfig({ ALARM_ESCALATION_SENDER: 'none', ALARM_ESCALATE_AFTER: '5m' }));
  });
});
