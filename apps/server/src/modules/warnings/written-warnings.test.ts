import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { validateXML } from 'xmllint-wasm';
import type { App } from '../../app.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { accountWith, buildTestApp, problemOf, uniqueName, type Account } from '../../../test/support/app.js';
import { warningsModule } from './index.js';

/**
 * A warning an operator writes to the public and cancels: a CAP Alert in Vietnamese and English that
 * appears in the public list and feed, and a CAP Cancel referencing it that takes it away.
 */

const hours = (n: number) => new Date(Date.now() + n * 3600_000).toISOString();
const written = (extra: Record<string, unknown> = {}) => ({
  category: 'Safety',
  event: { vi: 'Đóng đường', en: 'Road closure' },
  headline: { vi: 'Cấm đường Tràng Tiền tối nay', en: 'Tràng Tiền street closed tonight' },
  description: { vi: 'Đường Tràng Tiền cấm xe từ 19 giờ.', en: 'Tràng Tiền is closed to traffic from 19:00.' },
  instruction: { vi: 'Đi đường Hàng Khay.', en: 'Use Hàng Khay instead.' },
  severity: 'Moderate',
  urgency: 'Expected',
  certainty: 'Likely',
  area: { areaDesc: 'Phường Hoàn Kiếm – Tràng Tiền', circle: { lat: 21.0245, lon: 105.8556, radiusKm: 1 } },
  expires: hours(4),
  ...extra,
});

interface WarningJson {
  identifier: string;
  msgType: string;
  sent: string;
  condition: string;
  severity: string;
  expires: string;
  event: { vi: string; en: string };
  headline: { vi: string; en: string };
  url: string;
}

/** Whether a document is well-formed XML: the errors of parsing it, none when it is. */
const parseErrors = async (xml: string) =>
  (await validateXML({ xml: [{ fileName: 'doc.xml', contents: xml }], normalization: 'format' })).errors.map(
    (e) => e.rawMessage,
  );

describeEachDriver('Written public warnings', (ctx) => {
  let app: App;
  let operator: Account;
  let viewer: Account;

  before(async () => {
    app = await buildTestApp(ctx.db);
    operator = await accountWith(app, ['operator']);
    viewer = await accountWith(app, ['viewer']);
  });
  after(() => app.http.close());

  const post = (url: string, who: Account, body?: unknown) =>
    app.http.inject({
      method: 'POST',
      url,
      headers: { ...who.auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
  const publicList = async () =>
    (await app.http.inject({ method: 'GET', url: '/api/v1/warnings' })).json<{ warnings: WarningJson[] }>().warnings;

  it('issues a CAP Alert in both languages that the public list and the message show', async () => {
    const res = await post('/api/v1/warnings', operator, written());
    assert.equal(res.statusCode, 201, res.body);
    const warning = res.json<WarningJson>();
    assert.equal(warning.msgType, 'Alert');
    assert.equal(warning.condition, 'warning:written');
    assert.equal(warning.severity, 'Moderate');
    assert.equal(warning.headline.vi, 'Cấm đường Tràng Tiền tối nay');
    assert.equal(res.headers.location, `/api/v1/warnings/cap/${warning.identifier}`);
    assert.ok(
      (await publicList()).some((w) => w.identifier === warning.identifier),
      '(await publicList()).some((w) => w.identifier === warning.identifier)',
    );
    const xml = (await app.http.inject({ method: 'GET', url: `/api/v1/warnings/cap/${warning.identifier}` })).body;
    assert.match(xml, /<msgType>Alert<\/msgType>/);
    assert.match(xml, /<language>vi-VN<\/language>/);
    assert.match(xml, /<urgency>Expected<\/urgency>/);
    assert.match(xml, /<certainty>Likely<\/certainty>/);
    assert.match(xml, /<circle>21.0245,105.8556 1<\/circle>/);
    assert.match(xml, /<description>Tràng Tiền is closed to traffic from 19:00.<\/description>/);
  });

  it('cancels it with a CAP Cancel referencing the Alert; it leaves the public list; a second cancel is refused', async () => {
    const alert = (await post('/api/v1/warnings', operator, written())).json<WarningJson>();
    const res = await post(`/api/v1/warnings/${alert.identifier}/cancel`, operator);
    assert.equal(res.statusCode, 200, res.body);
    const cancel = res.json<WarningJson>();
    assert.equal(cancel.msgType, 'Cancel');
    assert.match(cancel.headline.en, /^Warning cancelled: /);
    assert.ok(
      !(await publicList()).some((w) => [alert.identifier, cancel.identifier].includes(w.identifier)),
      '!(await publicList()).some((w) => [alert.identifier, cancel.identifier].includes(w.identifier))',
    );
    const xml = (await app.http.inject({ method: 'GET', url: `/api/v1/warnings/cap/${cancel.identifier}` })).body;
    assert.match(xml, /<msgType>Cancel<\/msgType>/);
    assert.match(xml, new RegExp(`<references>[^<]*,${alert.identifier},[^<]*</references>`));
    const again = await post(`/api/v1/warnings/${alert.identifier}/cancel`, operator);
    assert.equal(again.statusCode, 409);
    assert.equal(problemOf(again).code, 'WARNING_NOT_IN_FORCE');
  });

  it('refuses a viewer, a missing language, an expiry in the past or beyond 7 days, and changes nothing', async () => {
    const before = (await publicList()).length;
    const refused = await post('/api/v1/warnings', viewer, written());
    assert.equal(refused.statusCode, 403);
    const noEnglish = await post('/api/v1/warnings', operator, written({ headline: { vi: 'Chỉ tiếng Việt' } }));
    assert.equal(noEnglish.statusCode, 400);
    for (const expires of [hours(-1), hours(24 * 8)]) {
      const res = await post('/api/v1/warnings', operator, written({ expires }));
      assert.equal(res.statusCode, 400);
      assert.equal(problemOf(res).code, 'WARNING_BAD_EXPIRY');
    }
    assert.equal((await publicList()).length, before);
    const unknown = await post('/api/v1/warnings/thanglong-nothing/cancel', operator);
    assert.equal(unknown.statusCode, 404);
  });

  it('does not cancel by hand a warning raised from measurements (it is lifted when the condition ends)', async () => {
    const raised = await app.modules.get(warningsModule).service.airQuality({
      tenant: '',
      source: 'urn:ngsi-ld:AirQualityObserved:written-test',
      place: { name: 'Trạm thử' },
      aqi: 180,
      at: new Date(),
    });
    assert.ok(raised, 'raised');
    const res = await post(`/api/v1/warnings/${raised.identifier}/cancel`, operator);
    assert.equal(res.statusCode, 409);
    assert.equal(problemOf(res).code, 'WARNING_LIFTS_ITSELF');
  });
  it('refuses a text with a character XML 1.0 does not allow, naming the field, and accepts tabs and line breaks', async () => {
    const before = (await publicList()).length;
    const cases = [
      { body: written({ description: { vi: 'Mô tả \u0001\u0008 ctl', en: 'x' } }), field: 'description.vi' },
      { body: written({ headline: { vi: 'Tiêu đề', en: 'Headline \u001b[31m' } }), field: 'headline.en' },
      { body: written({ area: { areaDesc: 'Phường \uffff' } }), field: 'area.areaDesc' },
    ];
    for (const { body, field } of cases) {
      const res = await post('/api/v1/warnings', operator, body);
      assert.equal(res.statusCode, 400, res.body);
      const problem = problemOf(res);
      assert.equal(problem.code, 'WARNING_TEXT_NOT_XML');
      assert.equal(problem['field'], field);
      assert.match(problem.detail, new RegExp(`^${field.replace('.', '\\.')} holds the character U\\+`));
    }
    assert.equal((await publicList()).length, before);
    const lines = await post(
      '/api/v1/warnings',
      operator,
      written({ description: { vi: 'Dòng một\nDòng hai\r\n\tthụt lề', en: 'Line one\nLine two' } }),
    );
    assert.equal(lines.statusCode, 201, lines.body);
    const xml = (
      await app.http.inject({ method: 'GET', url: `/api/v1/warnings/cap/${lines.json<WarningJson>().identifier}` })
    ).body;
    assert.deepEqual(await parseErrors(xml), []);
  });

  it('keeps the feed and the messages well-formed whatever text reached them (drops what XML cannot carry)', async () => {
    const warnings = app.modules.get(warningsModule).service;
    // An automatic warning takes the station's name from its device: no form stands in between.
    const raised = await warnings.airQuality({
      tenant: '',
      source: `urn:ngsi-ld:AirQualityObserved:${uniqueName('control')}`,
      place: { name: 'Trạm \u0001\u0008 thử\ufffe', area: 'Phường \u0007' },
      aqi: 190,
      at: new Date(),
    });
    assert.ok(raised, 'raised');
    // One stored before such text was refused: written straight into the table, as it would have been.
    const alert = (await post('/api/v1/warnings', operator, written())).json<WarningJson>();
    await ctx.db.query(
      `UPDATE cap_message SET xml = replace(xml, '</headline>', chr(1) || chr(8) || '</headline>'),
              message = jsonb_set(message, '{info,0,description}', to_jsonb('Mô tả ' || chr(1) || chr(8) || ' ctl'))
        WHERE identifier = $1`,
      [alert.identifier],
    );
    const feed = await app.http.inject({ method: 'GET', url: '/api/v1/warnings/cap.atom' });
    assert.equal(feed.statusCode, 200);
    assert.ok(
      feed.body.includes(raised.identifier) && feed.body.includes(alert.identifier),
      'feed.body.includes(raised.identifier) && feed.body.includes(alert.identifier)',
    );
    assert.deepEqual(await parseErrors(feed.body), []);
    assert.ok(
      feed.body.includes('<summary>Mô tả  ctl</summary>'),
      'the description without its two control characters',
    );
    for (const identifier of [raised.identifier, alert.identifier]) {
      const xml = (await app.http.inject({ method: 'GET', url: `/api/v1/warnings/cap/${identifier}` })).body;
      assert.deepEqual(await parseErrors(xml), [], xml);
    }
  });
});

describeEachDriver('public warnings, each tenant’s apart', (ctx) => {
  let app: App;
  let operatorA: Account;
  let operatorB: Account;
  let everywhere: Account;
  // A tenant of this run alone, so its list holds exactly what this test wrote.
  const tenB = uniqueName('tenB').replace(/-/g, '_');
  let inDefault: WarningJson;
  let inB: WarningJson;

  before(async () => {
    app = await buildTestApp(ctx.db);
    operatorA = await accountWith(app, ['operator']);
    operatorB = await accountWith(app, ['operator'], tenB);
    everywhere = await accountWith(app, ['admin'], '*');
    const write = async (who: Account, headline: string) => {
      const res = await app.http.inject({
        method: 'POST',
        url: '/api/v1/warnings',
        headers: who.auth,
        payload: written({ headline: { vi: headline, en: headline } }),
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json<WarningJson>();
    };
    inDefault = await write(operatorA, 'Default tenant: road closed');
    inB = await write(operatorB, 'Tenant B: water cut');
  });
  after(() => app.http.close());

  const get = (url: string, headers: Record<string, string> = {}) => app.http.inject({ method: 'GET', url, headers });
  const listed = async (headers: Record<string, string> = {}) => {
    const res = await get('/api/v1/warnings', headers);
    assert.equal(res.statusCode, 200, res.body);
    return res.json<{ warnings: WarningJson[] }>().warnings.map((w) => w.identifier);
  };

  it("lists and feeds the default tenant's warnings to an anonymous reader, never another tenant's", async () => {
    for (const headers of [{}, operatorA.auth, everywhere.auth]) {
      const ids = await listed(headers);
      assert.ok(ids.includes(inDefault.identifier), 'ids.includes(inDefault.identifier)');
      assert.ok(!ids.includes(inB.identifier), 'tenant B’s warning is not the default tenant’s');
    }
    const feed = await get('/api/v1/warnings/cap.atom');
    assert.equal(feed.statusCode, 200);
    assert.ok(feed.body.includes(inDefault.identifier), 'feed.body.includes(inDefault.identifier)');
    assert.ok(!feed.body.includes(inB.identifier), feed.body);
    assert.match(feed.body, /<title>Cảnh báo công cộng – Hà Nội \/ Public warnings – Hanoi<\/title>/);
    assert.equal((await get(`/api/v1/warnings/cap/${inB.identifier}`)).statusCode, 404);
  });

  for (const header of ['NGSILD-Tenant', 'fiware-service']) {
    it(`gives an anonymous reader naming tenant B in ${header} only tenant B's, its feed titled with it`, async () => {
      const headers = { [header]: tenB };
      assert.deepEqual(await listed(headers), [inB.identifier]);
      const feed = await get('/api/v1/warnings/cap.atom', headers);
      assert.equal(feed.statusCode, 200);
      assert.ok(feed.body.includes(inB.identifier), 'feed.body.includes(inB.identifier)');
      assert.ok(!feed.body.includes(inDefault.identifier), feed.body);
      assert.ok(
        feed.body.includes(
          `<title>Cảnh báo công cộng – Hà Nội, đơn vị ${tenB} / Public warnings – Hanoi, tenant ${tenB}</title>`,
        ),
        'feed.body.includes( `<title>Cảnh báo công cộng – Hà Nội, đơn vị ${tenB} / Public warnings – Hanoi, tenant ${tenB}</title>`, )',
      );
      assert.ok(feed.body.includes(`:tenant:${tenB}</id>`), 'a feed of its own identity');
      assert.deepEqual(await parseErrors(feed.body), []);
      const message = await get(`/api/v1/warnings/cap/${inB.identifier}`, headers);
      assert.equal(message.statusCode, 200);
      assert.match(message.body, /Tenant B: water cut/);
      assert.equal((await get(`/api/v1/warnings/cap/${inDefault.identifier}`, headers)).statusCode, 404);
    });
  }

  it("shows an operator bound to tenant B their own tenant's warnings, not cached for others", async () => {
    const res = await get('/api/v1/warnings', operatorB.auth);
    assert.deepEqual(
      res.json<{ warnings: WarningJson[] }>().warnings.map((w) => w.identifier),
      [inB.identifier],
    );
    assert.match(String(res.headers['cache-control']), /^private,/);
    const anonymous = await get('/api/v1/warnings');
    assert.match(String(anonymous.headers['cache-control']), /^public,/);
    assert.match(String(anonymous.headers['vary']), /NGSILD-Tenant/i);
    assert.match(String(anonymous.headers['vary']), /Fiware-Service/i);
  });

  it('dates a feed by its last change: the newest warning, and no 1970 for a tenant that never had one', async () => {
    const updated = (body: string) => Date.parse(/<feed[^]*?<updated>([^<]+)<\/updated>/.exec(body)?.[1] ?? '');
    const ofB = await get('/api/v1/warnings/cap.atom', { 'NGSILD-Tenant': tenB });
    assert.equal(updated(ofB.body), Date.parse(inB.sent), ofB.body);
    const empty = await get('/api/v1/warnings/cap.atom', { 'NGSILD-Tenant': uniqueName('quiet').replace(/-/g, '_') });
    assert.equal(empty.statusCode, 200);
    assert.ok(!empty.body.includes('<entry>'), empty.body);
    assert.ok(updated(empty.body) > Date.parse('2020-01-01T00:00:00Z'), empty.body);
  });
});
