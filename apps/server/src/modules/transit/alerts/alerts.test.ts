import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { App } from '../../../app.js';
import { accountWith, buildTestApp, problemOf, type Account } from '../../../../test/support/app.js';
import { describeEachDriver } from '../../../../test/support/databases.js';
import { craftedFeed, zipFeed } from '../../../../test/support/gtfs.js';
import { checkFeed } from '../../../../test/support/gtfs-rt-rules.js';
import { transitModule, type ServiceAlert } from '../index.js';
import { gtfsRealtime } from '../realtime/bindings.js';
import { serviceAlertsPublisher } from '../realtime/index.js';
import { MAX_OPEN_ALERTS } from './service.js';

const HOUR = 3_600_000;

describeEachDriver('transit: service alerts written by operators', (ctx) => {
  let app: App;
  let admin: Account;
  let operator: Account;
  let dispatcher: Account;
  let viewer: Account;
  let elsewhere: Account;

  before(async () => {
    app = await buildTestApp(ctx.db);
    admin = await accountWith(app, ['admin'], '*');
    operator = await accountWith(app, ['operator'], 'hanoi');
    dispatcher = await accountWith(app, ['dispatcher'], 'hanoi');
    viewer = await accountWith(app, ['viewer'], 'hanoi');
    elsewhere = await accountWith(app, ['operator'], 'haiphong');
    for (const tenant of ['hanoi', 'haiphong']) {
      const res = await app.http.inject({
        method: 'POST',
        url: '/api/v1/transit/feeds',
        headers: { ...admin.auth, 'content-type': 'application/zip', 'ngsild-tenant': tenant },
        payload: zipFeed(craftedFeed()),
      });
      assert.equal(res.statusCode, 201, res.body);
    }
  });
  after(() => app.http.close());

  const roadworks = (extra: Record<string, unknown> = {}) => ({
    cause: 'CONSTRUCTION',
    effect: 'DETOUR',
    severity: 'WARNING',
    informedEntities: [
      { routeId: 'R1' },
      { stopId: 'S2' },
      { routeId: 'R1', directionId: 1 },
      { trip: { tripId: 'T1' } },
    ],
    activePeriods: [
      { start: new Date(Date.now() - HOUR).toISOString(), end: new Date(Date.now() + HOUR).toISOString() },
    ],
    header: { vi: 'Tuyến 01 đi vòng qua Long Biên', en: 'Route 01 detours via Long Biên' },
    description: { vi: 'Sửa đường trên phố Trần Nhật Duật.', en: 'Roadworks on Trần Nhật Duật street.' },
    url: { vi: 'https://example.vn/vi/tb/1', en: 'https://example.vn/en/notice/1' },
    ...extra,
  });
  const send = (
    method: 'POST' | 'PUT' | 'GET' | 'DELETE',
    url: string,
    who: Account,
    payload?: Record<string, unknown>,
    headers: Record<string, string> = {},
  ) =>
    app.http.inject({
      method,
      url,
      headers: { ...who.auth, ...headers },
      ...(payload === undefined ? {} : { payload }),
    });
  const create = async (
    body: Record<string, unknown>,
    who: Account = operator,
  ): Promise<ServiceAlert & { [k: string]: unknown }> => {
    const res = await send('POST', '/api/v1/transit/alerts', who, body);
    assert.equal(res.statusCode, 201, res.body);
    return res.json();
  };
  const count = async (who: Account = operator) => {
    const res = await send('GET', '/api/v1/transit/alerts', who);
    assert.equal(res.statusCode, 200, res.body);
    return res.json<{ count: number }>().count;
  };

  it('an operator writes an alert in both languages; it is kept with who wrote it, when, and a stable id', async () => {
    const res = await send('POST', '/api/v1/transit/alerts', operator, roadworks());
    assert.equal(res.statusCode, 201, res.body);
    const alert = res.json<Record<string, unknown> & ServiceAlert>();
    assert.equal(res.headers['location'], `/api/v1/transit/alerts/${alert.id}`);
    assert.equal(res.headers['etag'], '"1"');
    assert.equal(alert.status, 'published');
    assert.equal(alert.state, 'active');
    assert.equal(alert.cause, 'CONSTRUCTION');
    assert.equal(alert.effect, 'DETOUR');
    assert.equal(alert.severity, 'WARNING');
    assert.deepEqual(alert.header, { vi: 'Tuyến 01 đi vòng qua Long Biên', en: 'Route 01 detours via Long Biên' });
    assert.equal(alert.informedEntities.length, 4);
    assert.equal(alert.createdBy, operator.username);
    assert.equal(alert.version, 1);

    const read = await send('GET', `/api/v1/transit/alerts/${alert.id}`, viewer);
    assert.equal(read.statusCode, 200, read.body);
    assert.deepEqual(read.json(), alert);
    const byRoute = await send('GET', '/api/v1/transit/alerts?route=R1&state=active', viewer);
    assert.ok(
      byRoute.json<{ alerts: ServiceAlert[] }>().alerts.some((a) => a.id === alert.id),
      'byRoute.json<{ alerts: ServiceAlert[] }>().alerts.some((a) => a.id === alert.id)',
    );
    const byOtherStop = await send('GET', '/api/v1/transit/alerts?stop=S3', viewer);
    assert.ok(
      !byOtherStop.json<{ alerts: ServiceAlert[] }>().alerts.some((a) => a.id === alert.id),
      '!byOtherStop.json<{ alerts: ServiceAlert[] }>().alerts.some((a) => a.id === alert.id)',
    );
    // A dispatcher hears of incidents first and may write one too.
    await create(roadworks({ header: { vi: 'Tai nạn', en: 'Accident' }, cause: 'ACCIDENT' }), dispatcher);
  });

  it('is audited like every operator act: who, in which tenant, on which alert', async () => {
    const alert = await create(roadworks());
    await app.audit.flush();
    const res = await send('GET', `/api/v1/audit?target=${alert.id}`, admin);
    assert.equal(res.statusCode, 200, res.body);
    const [record] = res.json<{
      items: { action: string; actor: { name: string }; tenant: string; outcome: number }[];
    }>().items;
    assert.equal(record?.action, 'POST /api/v1/transit/alerts');
    assert.equal(record?.actor.name, operator.username);
    assert.equal(record?.tenant, 'hanoi');
    assert.equal(record?.outcome, 201);
  });

  it('refuses a route or stop the current schedule lacks, naming each, and saves nothing', async () => {
    const before = await count();
    const res = await send(
      'POST',
      '/api/v1/transit/alerts',
      operator,
      roadworks({
        informedEntities: [{ routeId: 'R1' }, { routeId: 'R99' }, { stopId: 'NOWHERE' }, { trip: { tripId: 'T9' } }],
      }),
    );
    assert.equal(res.statusCode, 422, res.body);
    const problem = problemOf(res);
    assert.equal(problem.code, 'TRANSIT_ALERT_UNKNOWN_ENTITY');
    assert.match(problem.detail, /route "R99"/);
    assert.match(problem.detail, /stop "NOWHERE"/);
    assert.deepEqual(problem['unknown'], [
      { kind: 'route', id: 'R99' },
      { kind: 'trip', id: 'T9' },
      { kind: 'stop', id: 'NOWHERE' },
    ]);
    assert.equal(await count(), before);
  });

  it('refuses a tenant without a schedule, periods out of order, and malformed texts', async () => {
    const lonely = await accountWith(app, ['operator'], 'no-schedule');
    const none = await send('POST', '/api/v1/transit/alerts', lonely, roadworks());
    assert.equal(none.statusCode, 422);
    assert.match(problemOf(none).detail, /no schedule is imported/);

    const before = await count();
    const at = Date.now();
    const backwards = await send(
      'POST',
      '/api/v1/transit/alerts',
      operator,
      roadworks({ activePeriods: [{ start: new Date(at + HOUR).toISOString(), end: new Date(at).toISOString() }] }),
    );
    assert.equal(backwards.statusCode, 422);
    assert.equal(problemOf(backwards).code, 'TRANSIT_ALERT_INVALID');
    assert.match(problemOf(backwards).detail, /activePeriods\[0\]/);

    // GTFS-Realtime times are unsigned seconds: before 1970 they wrap. Kept within 2000–2100, the field named.
    for (const [period, field] of [
      [{ start: '1900-01-01T00:00:00Z' }, 'activePeriods[0].start'],
      [{ start: '0001-01-01T00:00:00Z' }, 'activePeriods[0].start'],
      [{ start: new Date(at).toISOString(), end: '2100-01-01T00:00:01Z' }, 'activePeriods[0].end'],
      [{ end: '1999-12-31T23:59:59Z' }, 'activePeriods[0].end'],
    ] as const) {
      const res = await send('POST', '/api/v1/transit/alerts', operator, roadworks({ activePeriods: [period] }));
      assert.equal(res.statusCode, 422, res.body);
      assert.equal(problemOf(res).code, 'TRANSIT_ALERT_INVALID');
      assert.equal(res.json<{ field?: string }>().field, field);
      assert.match(problemOf(res).detail, /2000-01-01/);
    }

    // A period is at least a minute long, the field named.
    for (const end of [at + 1, at + 59_999]) {
      const short = await send(
        'POST',
        '/api/v1/transit/alerts',
        operator,
        roadworks({ activePeriods: [{ start: new Date(at).toISOString(), end: new Date(end).toISOString() }] }),
      );
      assert.equal(short.statusCode, 422, short.body);
      assert.equal(problemOf(short).code, 'TRANSIT_ALERT_INVALID');
      assert.equal(short.json<{ field?: string }>().field, 'activePeriods[0].end');
      assert.match(problemOf(short).detail, /a minute/);
    }

    const cases: [string, Record<string, unknown>, number][] = [
      ['no English header', roadworks({ header: { vi: 'Chỉ tiếng Việt' } }), 400],
      ['an empty header', roadworks({ header: { vi: '', en: '' } }), 400],
      ['a header too long', roadworks({ header: { vi: 'x'.repeat(201), en: 'x' } }), 400],
      ['an unknown cause', roadworks({ cause: 'ALIENS' }), 400],
      ['no informed entity', roadworks({ informedEntities: [] }), 400],
      ['an entity naming nothing', roadworks({ informedEntities: [{}] }), 422],
      ['a direction without a route', roadworks({ informedEntities: [{ stopId: 'S1', directionId: 0 }] }), 422],
      ['a javascript: url', roadworks({ url: { vi: 'javascript:alert(1)', en: 'https://example.vn' } }), 400],
      ['a start that is no date', roadworks({ activePeriods: [{ start: 'tomorrow' }] }), 400],
      // Not rolled over into 2 March or the next day.
      ['a start on no day', roadworks({ activePeriods: [{ start: '2026-02-30T08:00:00+07:00' }] }), 400],
      ['an end at hour 24', roadworks({ activePeriods: [{ end: '2026-12-03T24:00:00+07:00' }] }), 400],
    ];
    for (const [what, body, status] of cases) {
      const res = await send('POST', '/api/v1/transit/alerts', operator, body);
      assert.equal(res.statusCode, status, `${what}: ${res.body}`);
      problemOf(res);
    }
    const noDay = await send(
      'POST',
      '/api/v1/transit/alerts',
      operator,
      roadworks({ informedEntities: [{ routeId: 'R1', trip: { tripId: 'T1', startDate: '20260230' } }] }),
    );
    assert.equal(noDay.statusCode, 422, noDay.body);
    assert.equal(noDay.json<{ field?: string }>().field, 'informedEntities[0].trip.startDate');
    assert.equal(await count(), before);
    // A minute is long enough.
    const minute = await send(
      'POST',
      '/api/v1/transit/alerts',
      operator,
      roadworks({ activePeriods: [{ start: new Date(at).toISOString(), end: new Date(at + 60_000).toISOString() }] }),
    );
    assert.equal(minute.statusCode, 201, minute.body);
  });

  it('a viewer reads but cannot write; another tenant neither sees nor changes it', async () => {
    const alert = await create(roadworks());
    for (const [method, url] of [
      ['POST', '/api/v1/transit/alerts'],
      ['PUT', `/api/v1/transit/alerts/${alert.id}`],
      ['POST', `/api/v1/transit/alerts/${alert.id}/withdraw`],
      ['DELETE', `/api/v1/transit/alerts/${alert.id}`],
    ] as const) {
      const res = await send(
        method,
        url,
        viewer,
        method === 'DELETE' || url.endsWith('withdraw') ? undefined : roadworks(),
      );
      assert.equal(res.statusCode, 403, `${method} ${url}: ${res.body}`);
    }
    for (const [method, url] of [
      ['GET', `/api/v1/transit/alerts/${alert.id}`],
      ['PUT', `/api/v1/transit/alerts/${alert.id}`],
      ['POST', `/api/v1/transit/alerts/${alert.id}/withdraw`],
      ['DELETE', `/api/v1/transit/alerts/${alert.id}`],
    ] as const) {
      const res = await send(method, url, elsewhere, method === 'PUT' ? roadworks() : undefined);
      assert.equal(res.statusCode, 404, `${method} ${url}: ${res.body}`);
    }
    // Naming the tenant does not help an account bound to another one.
    const named = await send('GET', `/api/v1/transit/alerts/${alert.id}`, elsewhere, undefined, {
      'ngsild-tenant': 'hanoi',
    });
    assert.equal(named.statusCode, 404);
    assert.equal(await count(elsewhere), 0);
    const still = await send('GET', `/api/v1/transit/alerts/${alert.id}`, viewer);
    assert.equal(still.json<ServiceAlert>().version, 1);
    assert.equal(still.json<ServiceAlert>().status, 'published');
  });

  it('drafts are seen only by those who write alerts', async () => {
    const draft = await create(roadworks({ status: 'draft' }));
    assert.equal(draft.state, 'draft');
    assert.equal((await send('GET', `/api/v1/transit/alerts/${draft.id}`, viewer)).statusCode, 404);
    const listed = await send('GET', '/api/v1/transit/alerts?state=draft', viewer);
    assert.equal(listed.statusCode, 200, listed.body);
    assert.equal(listed.json<{ count: number }>().count, 0);
    const mine = await send('GET', '/api/v1/transit/alerts?state=draft', operator);
    assert.ok(
      mine.json<{ alerts: ServiceAlert[] }>().alerts.some((a) => a.id === draft.id),
      'mine.json<{ alerts: ServiceAlert[] }>().alerts.some((a) => a.id === draft.id)',
    );
  });

  it('edits keep the id and count versions; a stale edit is refused, a withdrawn alert is not edited nor deleted', async () => {
    const alert = await create(roadworks());
    const edited = await send(
      'PUT',
      `/api/v1/transit/alerts/${alert.id}`,
      dispatcher,
      roadworks({ effect: 'SIGNIFICANT_DELAYS', activePeriods: [] }),
      { 'if-match': '"1"' },
    );
    assert.equal(edited.statusCode, 200, edited.body);
    const v2 = edited.json<ServiceAlert>();
    assert.equal(v2.id, alert.id);
    assert.equal(v2.version, 2);
    assert.equal(v2.effect, 'SIGNIFICANT_DELAYS');
    assert.equal(v2.updatedBy, dispatcher.username);
    assert.equal(v2.createdBy, operator.username);
    assert.equal(edited.headers['etag'], '"2"');

    const stale = await send('PUT', `/api/v1/transit/alerts/${alert.id}`, operator, roadworks(), { 'if-match': '"1"' });
    assert.equal(stale.statusCode, 412);
    assert.equal(problemOf(stale).code, 'TRANSIT_ALERT_CHANGED');
    const bad = await send(
      'PUT',
      `/api/v1/transit/alerts/${alert.id}`,
      operator,
      roadworks({ informedEntities: [{ stopId: 'X' }] }),
    );
    assert.equal(bad.statusCode, 422);
    assert.equal((await send('GET', `/api/v1/transit/alerts/${alert.id}`, viewer)).json<ServiceAlert>().version, 2);

    const withdrawn = await send('POST', `/api/v1/transit/alerts/${alert.id}/withdraw`, operator);
    assert.equal(withdrawn.statusCode, 200, withdrawn.body);
    assert.equal(withdrawn.json<ServiceAlert>().state, 'withdrawn');
    assert.equal(withdrawn.json<ServiceAlert>().withdrawnBy, operator.username);
    const late = await send('PUT', `/api/v1/transit/alerts/${alert.id}`, operator, roadworks());
    assert.equal(late.statusCode, 409);
    assert.equal(problemOf(late).code, 'TRANSIT_ALERT_WITHDRAWN');

    const kept = await send('DELETE', `/api/v1/transit/alerts/${alert.id}`, operator);
    assert.equal(kept.statusCode, 409, kept.body);
    assert.equal(problemOf(kept).code, 'TRANSIT_ALERT_WITHDRAWN');
    assert.equal((await send('GET', `/api/v1/transit/alerts/${alert.id}`, operator)).statusCode, 200);
  });

  it('a draft is deleted, a published alert is not (riders saw it); both acts audited', async () => {
    const draft = await create(roadworks({ status: 'draft' }));
    const published = await create(roadworks());
    const gone = await send('DELETE', `/api/v1/transit/alerts/${draft.id}`, dispatcher);
    assert.equal(gone.statusCode, 204, gone.body);
    assert.equal((await send('GET', `/api/v1/transit/alerts/${draft.id}`, operator)).statusCode, 404);
    assert.equal((await send('DELETE', `/api/v1/transit/alerts/${draft.id}`, operator)).statusCode, 404);

    const refused = await send('DELETE', `/api/v1/transit/alerts/${published.id}`, operator);
    assert.equal(refused.statusCode, 409, refused.body);
    assert.equal(problemOf(refused).code, 'TRANSIT_ALERT_PUBLISHED');
    assert.equal((await send('GET', `/api/v1/transit/alerts/${published.id}`, viewer)).statusCode, 200);

    await app.audit.flush();
    type Records = { items: { action: string; actor: { name: string }; tenant: string; outcome: number }[] };
    const deletes = async (id: string) =>
      (await send('GET', `/api/v1/audit?target=${id}`, admin))
        .json<Records>()
        .items.filter((r) => r.action === 'DELETE /api/v1/transit/alerts/:id' && r.tenant === 'hanoi')
        .map((r) => [r.actor.name, r.outcome]);
    assert.deepEqual(
      (await deletes(draft.id)).sort(),
      [
        [dispatcher.username, 204],
        [operator.username, 404],
      ].sort(),
    );
    assert.deepEqual(await deletes(published.id), [[operator.username, 409]]);
  });

  it('a draft is opened again, published, then its end moved: each edit checked, audited and in the feed', async () => {
    const draft = await create(roadworks({ status: 'draft', activePeriods: [] }));
    const path = `/api/v1/transit/alerts/${draft.id}`;
    const unchecked = await send('PUT', path, operator, roadworks({ informedEntities: [{ stopId: 'NOWHERE' }] }));
    assert.equal(unchecked.statusCode, 422, unchecked.body);
    const start = new Date(Date.now() - HOUR).toISOString();
    const published = await send(
      'PUT',
      path,
      operator,
      roadworks({ status: 'published', activePeriods: [{ start, end: new Date(Date.now() + HOUR).toISOString() }] }),
      { 'if-match': '"1"' },
    );
    assert.equal(published.statusCode, 200, published.body);
    assert.equal(published.json<ServiceAlert>().state, 'active');
    const later = new Date(Date.now() + 5 * HOUR).toISOString();
    const extended = await send(
      'PUT',
      path,
      dispatcher,
      roadworks({ status: 'published', activePeriods: [{ start, end: later }] }),
      { 'if-match': '"2"' },
    );
    assert.equal(extended.statusCode, 200, extended.body);
    const v3 = extended.json<ServiceAlert>();
    assert.equal(v3.version, 3);
    assert.equal(new Date(String(v3.activePeriods[0]?.end)).toISOString(), later);
    const inFeed = (await app.modules.get(transitModule).alerts.active('hanoi', new Date())).find(
      (a) => a.id === draft.id,
    );
    assert.equal(inFeed?.activePeriods[0]?.end?.toISOString(), later);

    // Riders saw it: it is withdrawn, not turned back into a draft.
    const back = await send('PUT', path, operator, roadworks({ status: 'draft' }));
    assert.equal(back.statusCode, 409, back.body);
    assert.equal(problemOf(back).code, 'TRANSIT_ALERT_PUBLISHED');
    assert.equal((await send('GET', path, viewer)).json<ServiceAlert>().version, 3);

    await app.audit.flush();
    const audit = await send('GET', `/api/v1/audit?target=${draft.id}`, admin);
    const edits = audit
      .json<{ items: { action: string; actor: { name: string }; tenant: string; outcome: number }[] }>()
      .items.filter((r) => r.action === 'PUT /api/v1/transit/alerts/:id' && r.outcome === 200);
    assert.deepEqual(edits.map((r) => r.actor.name).sort(), [dispatcher.username, operator.username].sort());
    assert.ok(
      edits.every((r) => r.tenant === 'hanoi'),
      JSON.stringify(edits),
    );
  });

  it('active() gives the ServiceAlerts feed the published alerts in force or ahead, of the tenant asked', async () => {
    const lonely = await accountWith(app, ['operator', 'admin'], 'feed-test');
    const upload = await app.http.inject({
      method: 'POST',
      url: '/api/v1/transit/feeds',
      headers: { ...lonely.auth, 'content-type': 'application/zip' },
      payload: zipFeed(craftedFeed()),
    });
    assert.equal(upload.statusCode, 201, upload.body);
    const now = Date.now();
    const iso = (ms: number) => new Date(now + ms).toISOString();
    const open = await create(roadworks({ activePeriods: [] }), lonely);
    const ahead = await create(roadworks({ activePeriods: [{ start: iso(24 * HOUR), end: iso(26 * HOUR) }] }), lonely);
    const openEnded = await create(roadworks({ activePeriods: [{ start: iso(-HOUR) }] }), lonely);
    await create(roadworks({ activePeriods: [{ start: iso(-3 * HOUR), end: iso(-2 * HOUR) }] }), lonely);
    await create(roadworks({ status: 'draft' }), lonely);
    const gone = await create(roadworks(), lonely);
    assert.equal((await send('POST', `/api/v1/transit/alerts/${gone.id}/withdraw`, lonely)).statusCode, 200);
    await create(roadworks(), elsewhere);

    const alerts = app.modules.get(transitModule).alerts;
    const active = await alerts.active('feed-test', new Date(now));
    assert.deepEqual(active.map((a) => a.id).sort(), [open.id, ahead.id, openEnded.id].sort());
    const feedAlert = active.find((a) => a.id === ahead.id);
    assert.deepEqual(feedAlert, {
      id: ahead.id,
      activePeriods: [{ start: new Date(iso(24 * HOUR)), end: new Date(iso(26 * HOUR)) }],
      informedEntities: [
        { routeId: 'R1' },
        { stopId: 'S2' },
        { routeId: 'R1', directionId: 1 },
        { trip: { tripId: 'T1' } },
      ],
      cause: 'CONSTRUCTION',
      effect: 'DETOUR',
      severity: 'WARNING',
      header: { vi: 'Tuyến 01 đi vòng qua Long Biên', en: 'Route 01 detours via Long Biên' },
      description: { vi: 'Sửa đường trên phố Trần Nhật Duật.', en: 'Roadworks on Trần Nhật Duật street.' },
      url: { vi: 'https://example.vn/vi/tb/1', en: 'https://example.vn/en/notice/1' },
    });
    // Once its period is over, an alert leaves the feed.
    const later = await alerts.active('feed-test', new Date(now + 27 * HOUR));
    assert.deepEqual(later.map((a) => a.id).sort(), [open.id, openEnded.id].sort());
    // What active() gives makes a ServiceAlerts feed that passes the rules, in both languages.
    const feed = serviceAlertsPublisher().publish(active, new Date(now));
    assert.deepEqual(checkFeed(feed.bytes, { fetchedAt: new Date(now) }), []);
    const decoded = gtfsRealtime.FeedMessage.decode(feed.bytes).entity.find((e) => e.id === ahead.id);
    assert.deepEqual(
      decoded?.alert?.headerText?.translation?.map((t) => [t.language, t.text]),
      [
        ['vi', 'Tuyến 01 đi vòng qua Long Biên'],
        ['en', 'Route 01 detours via Long Biên'],
      ],
    );
    const upcoming = await send('GET', '/api/v1/transit/alerts?state=upcoming', lonely);
    assert.deepEqual(
      upcoming.json<{ alerts: ServiceAlert[] }>().alerts.map((a) => a.id),
      [ahead.id],
    );
    const ended = await send('GET', '/api/v1/transit/alerts?state=ended,withdrawn', lonely);
    assert.equal(ended.json<{ count: number }>().count, 2);
  });

  it('a rider page reads only the alerts about its stop or routes, from the public feed', async () => {
    const atS3 = await create(roadworks({ informedEntities: [{ stopId: 'S3' }] }));
    const onR1 = await create(roadworks({ informedEntities: [{ routeId: 'R1' }] }));
    const read = async (query: string) => {
      const res = await app.http.inject({
        method: 'GET',
        url: `/api/v1/transit/gtfs-rt/service-alerts?format=json${query}`,
        headers: { 'ngsild-tenant': 'hanoi' },
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers['access-control-allow-origin'], '*');
      const ids = (res.json<{ entity?: { id: string }[] }>().entity ?? []).map((e) => e.id);
      return { ids, res };
    };
    const all = await read('');
    assert.ok(all.ids.includes(atS3.id) && all.ids.includes(onR1.id), 'the whole feed has both');
    const atStop = await read('&stop=S3');
    assert.ok(atStop.ids.includes(atS3.id), 'the stop alert');
    assert.ok(!atStop.ids.includes(onR1.id), 'not the route alert');
    assert.match(String(atStop.res.headers['cache-control']), /^public, max-age=\d+$/);
    const onRoute = await read('&route=R9,R1');
    assert.ok(onRoute.ids.includes(onR1.id) && !onRoute.ids.includes(atS3.id), 'only the route alert');
    const both = await read('&stop=S3&route=R1');
    assert.ok(both.ids.includes(onR1.id) && both.ids.includes(atS3.id), 'either');
    assert.deepEqual((await read('&stop=NOWHERE')).ids, []);
    const protobuf = await app.http.inject({
      method: 'GET',
      url: '/api/v1/transit/gtfs-rt/service-alerts?stop=S3',
      headers: { 'ngsild-tenant': 'hanoi' },
    });
    assert.equal(protobuf.headers['content-type'], 'application/x-protobuf');
    const decoded = gtfsRealtime.FeedMessage.decode(protobuf.rawPayload);
    assert.ok(
      decoded.entity.length > 0 && decoded.entity.every((e) => e.alert?.informedEntity?.some((i) => i.stopId === 'S3')),
      'the protobuf holds only the stop alerts',
    );
    const tooMany = await app.http.inject({
      method: 'GET',
      url: `/api/v1/transit/gtfs-rt/service-alerts?route=${Array.from({ length: 101 }, (_, i) => `R${i}`).join(',')}`,
      headers: { 'ngsild-tenant': 'hanoi' },
    });
    assert.equal(tooMany.statusCode, 400, tooMany.body);
    problemOf(tooMany);
  });

  it(`a tenant holds at most ${MAX_OPEN_ALERTS} alerts in force, ahead or in draft`, async () => {
    const open = async () => {
      const res = await send('GET', '/api/v1/transit/alerts?state=draft,upcoming,active&limit=1', elsewhere);
      return res.json<{ count: number }>().count;
    };
    const past = [
      { start: new Date(Date.now() - 3 * HOUR).toISOString(), end: new Date(Date.now() - 2 * HOUR).toISOString() },
    ];
    const ended = await create(roadworks({ activePeriods: past }), elsewhere);
    assert.equal(ended.state, 'ended');
    for (let n = await open(); n < MAX_OPEN_ALERTS; n++) {
      await create(roadworks({ status: n % 2 === 0 ? 'draft' : 'published' }), elsewhere);
    }
    const refused = await send('POST', '/api/v1/transit/alerts', elsewhere, roadworks());
    assert.equal(refused.statusCode, 409, refused.body);
    assert.equal(problemOf(refused).code, 'TRANSIT_ALERT_TOO_MANY');
    // An ended alert brought back in force counts as one more.
    const revived = await send('PUT', `/api/v1/transit/alerts/${ended.id}`, elsewhere, roadworks());
    assert.equal(revived.statusCode, 409, revived.body);
    assert.equal(problemOf(revived).code, 'TRANSIT_ALERT_TOO_MANY');
    // Edited and still ended, it is no more than it was.
    const stillEnded = await send(
      'PUT',
      `/api/v1/transit/alerts/${ended.id}`,
      elsewhere,
      roadworks({ activePeriods: past, header: { vi: 'Đã xong', en: 'Done' } }),
    );
    assert.equal(stillEnded.statusCode, 200, stillEnded.body);
    assert.equal(await open(), MAX_OPEN_ALERTS);
    // One withdrawn makes room for another.
    const list = await send('GET', '/api/v1/transit/alerts?state=active&limit=1', elsewhere);
    const one = list.json<{ alerts: ServiceAlert[] }>().alerts[0] as ServiceAlert;
    assert.equal((await send('POST', `/api/v1/transit/alerts/${one.id}/withdraw`, elsewhere)).statusCode, 200);
    await create(roadworks(), elsewhere);
  });
});
