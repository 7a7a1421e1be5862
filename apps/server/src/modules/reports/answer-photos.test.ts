import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { App } from '../../app.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { accountWith, buildTestApp, problemOf, type Account } from '../../../test/support/app.js';

/**
 * Photos with the answer: an officer resolving a report attaches photos of the work done, checked by
 * their content like the citizens' and not counted against the public's rate; they are public on the
 * report's page and in Open311's servicerequestupdates.
 */

const BASE = '/api/v1/reports';
/** A real 1×1 PNG (signature, IHDR, IDAT, IEND). */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

describeEachDriver('photos with the answer', (ctx) => {
  let app: App;
  let officer: Account;

  before(async () => {
    // One photo per 10 minutes for the public: an office's several photos must not meet that limit.
    app = await buildTestApp(ctx.db, { REPORTS_RATE_LIMIT: '1' });
    officer = await accountWith(app, ['officer'], '');
  });
  after(async () => {
    await app.http.close();
  });

  const upload = (bytes: Buffer, who: Account | null = officer, type = 'image/png') =>
    app.http.inject({
      method: 'POST',
      url: `${BASE}/answer-media`,
      headers: { 'content-type': type, ...(who ? who.auth : {}) },
      payload: bytes,
      remoteAddress: '10.99.0.1',
    });

  it('resolves with photos shown on the report and in servicerequestupdates', async () => {
    const filed = await app.http.inject({
      method: 'POST',
      url: BASE,
      payload: { serviceCode: 'waste', location: [105.8522, 21.0287], attributes: { kind: 'dumping' } },
      remoteAddress: '10.99.0.2',
    });
    assert.equal(filed.statusCode, 201, filed.body);
    const { id, token } = filed.json<{ id: string; token: string }>();

    const ids: string[] = [];
    for (let k = 0; k < 3; k++) {
      const res = await upload(PNG);
      assert.equal(res.statusCode, 201, res.body);
      ids.push(res.json<{ id: string }>().id);
    }
    const resolved = await app.http.inject({
      method: 'POST',
      url: `${BASE}/${id}/resolve`,
      headers: officer.auth,
      payload: { answer: 'Đã thu gom, ảnh kèm theo.', mediaIds: ids },
    });
    assert.equal(resolved.statusCode, 200, resolved.body);

    const followed = await app.http.inject({ method: 'GET', url: `${BASE}/follow/${token}` });
    const view = followed.json<{
      report: { media: { id: string; url: string }[] };
      events: { kind: string; mediaIds?: string[] }[];
    }>();
    assert.deepEqual(
      view.report.media.map((m) => m.id),
      ids,
      "the photos on the report's public page",
    );
    assert.deepEqual(view.events.find((e) => e.kind === 'resolved')?.mediaIds, ids, 'given with the answer');

    const updates = await app.http.inject({
      method: 'GET',
      url: `/open311/v2/servicerequestupdates.json?service_request_id=${id}`,
    });
    const list = updates.json<{ status: string; media_url: string | null; description: string | null }[]>();
    const answer = list.find((u) => u.description?.includes('Đã thu gom'));
    assert.ok(answer?.media_url?.endsWith(`/open311/v2/media/${ids[0]}`), `the update's media: ${updates.body}`);
    const photo = await app.http.inject({ method: 'GET', url: new URL(answer?.media_url ?? '').pathname });
    assert.equal(photo.statusCode, 200);
    assert.equal(photo.headers['content-type'], 'image/png');
  });

  it('gives every public photo of an update in JSON and XML, and neither a hidden photo nor a reply moderation hid', async () => {
    const filed = await app.http.inject({
      method: 'POST',
      url: BASE,
      payload: { serviceCode: 'waste', location: [105.8523, 21.0288], attributes: { kind: 'dumping' } },
      remoteAddress: '10.99.0.3',
    });
    assert.equal(filed.statusCode, 201, filed.body);
    const { id, token } = filed.json<{ id: string; token: string }>();
    const act = async (step: string, payload: Record<string, unknown>) => {
      const res = await app.http.inject({
        method: 'POST',
        url: `${BASE}/${id}/${step}`,
        headers: officer.auth,
        payload,
      });
      assert.equal(res.statusCode, 200, res.body);
    };
    await act('ask', { text: 'Xin cho biết số nhà gần nhất.' });
    const reply = await app.http.inject({
      method: 'POST',
      url: `${BASE}/follow/${token}/supplement`,
      payload: { text: 'Địt mẹ lũ khốn nạn' },
    });
    assert.equal(reply.statusCode, 200, reply.body);
    const ids: string[] = [];
    for (let k = 0; k < 3; k++) ids.push((await upload(PNG)).json<{ id: string }>().id);
    await act('resolve', { answer: 'Đã thu gom, ba ảnh kèm theo.', mediaIds: ids });
    // The first photo hidden, as moderation marks a photo: the next one becomes the update's media_url.
    await ctx.db.query('UPDATE reports_media SET hidden = true WHERE id = $1', [ids[0]]);
    const shown = ids.slice(1).map((m) => `/open311/v2/media/${m}`);
    const url = (path: string) => new URL(path).pathname;

    const json = await app.http.inject({
      method: 'GET',
      url: `/open311/v2/servicerequestupdates.json?service_request_id=${id}`,
    });
    const updates =
      json.json<{ status: string; description: string | null; media_url: string | null; media_urls: string[] }[]>();
    assert.deepEqual(
      updates.map((u) => u.status),
      ['OPEN', 'INVESTIGATING', 'FIXED'],
      `the report, the question and the answer; not the hidden reply: ${json.body}`,
    );
    assert.doesNotMatch(json.body, /khốn nạn/);
    const answer = updates.at(-1);
    assert.equal(url(answer?.media_url ?? ''), shown[0]);
    assert.deepEqual(answer?.media_urls.map(url), shown);
    assert.deepEqual(updates[0]?.media_urls, [], 'an update without photos lists none');

    const xml = await app.http.inject({
      method: 'GET',
      url: `/open311/v2/servicerequestupdates.xml?service_request_id=${id}`,
    });
    assert.equal(xml.statusCode, 200, xml.body);
    const last = xml.body.split('<request_update>').at(-1) ?? '';
    assert.deepEqual(
      [...last.matchAll(/<media_url>([^<]*)<\/media_url>/g)].map((m) => url(m[1] as string)),
      [shown[0], ...shown],
      "the extension's one media_url, then media_urls",
    );
    assert.equal((xml.body.match(/<request_update>/g) ?? []).length, 3);
    assert.ok(!xml.body.includes(ids[0] as string), 'the hidden photo is nowhere');
    assert.ok(!json.body.includes(ids[0] as string), 'the hidden photo is nowhere');
  });

  it('refuses what is not a photo by its content, and anyone who does not handle reports', async () => {
    const fake = await upload(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), officer, 'image/png');
    assert.equal(fake.statusCode, 400, fake.body);
    assert.match(problemOf(fake).code, /^REPORTS_/);
    assert.equal((await upload(PNG, null)).statusCode, 401);
    const viewer = await accountWith(app, ['viewer'], '');
    assert.equal((await upload(PNG, viewer)).statusCode, 403);
  });
  it("attaches a photo to one report only as its kind: no citizen's upload as the city's work, no officer's or another report's photo to a report", async () => {
    const citizenUpload = async (from: string) => {
      const res = await app.http.inject({
        method: 'POST',
        url: `${BASE}/media`,
        headers: { 'content-type': 'image/png' },
        payload: PNG,
        remoteAddress: from,
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json<{ id: string }>().id;
    };
    const file = (mediaIds: string[], from: string) =>
      app.http.inject({
        method: 'POST',
        url: BASE,
        payload: { serviceCode: 'waste', location: [105.8524, 21.0286], attributes: { kind: 'dumping' }, mediaIds },
        remoteAddress: from,
      });
    const resolve = (id: string, mediaIds: string[]) =>
      app.http.inject({
        method: 'POST',
        url: `${BASE}/${id}/resolve`,
        headers: officer.auth,
        payload: { answer: 'Đã xử lý.', mediaIds },
      });
    const reports = async () =>
      (await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM reports_report')).rows[0]?.n;

    const answerPhoto = (await upload(PNG)).json<{ id: string }>().id;
    const mine = await citizenUpload('10.99.1.1');
    const first = await file([mine], '10.99.1.1');
    assert.equal(first.statusCode, 201, first.body);
    const { id } = first.json<{ id: string }>();

    const before = await reports();
    const officers = await file([answerPhoto], '10.99.1.2');
    assert.equal(officers.statusCode, 409, officers.body);
    assert.equal(problemOf(officers).code, 'REPORTS_MEDIA_TAKEN');
    const anothers = await file([mine], '10.99.1.3');
    assert.equal(anothers.statusCode, 409, anothers.body);
    assert.equal(problemOf(anothers).code, 'REPORTS_MEDIA_TAKEN');
    // A fresh photo of one's own with a taken one: refused whole, the fresh one left free.
    const fresh = await citizenUpload('10.99.1.4');
    assert.equal((await file([fresh, mine], '10.99.1.4')).statusCode, 409);
    assert.equal(await reports(), before, 'nothing stored');
    assert.equal((await file([fresh], '10.99.1.7')).statusCode, 201, 'the fresh photo is still free to take');

    const citizens = await citizenUpload('10.99.1.5');
    const asWork = await resolve(id, [citizens]);
    assert.equal(asWork.statusCode, 409, asWork.body);
    assert.equal(problemOf(asWork).code, 'REPORTS_MEDIA_TAKEN');
    const still = await app.http.inject({ method: 'GET', url: `${BASE}/${id}`, headers: officer.auth });
    assert.equal(still.json<{ report: { state: string } }>().report.state, 'submitted', 'not resolved');
    assert.equal((await resolve(id, [answerPhoto])).statusCode, 200);

    const other = (await file([], '10.99.1.6')).json<{ id: string }>().id;
    const again = await resolve(other, [answerPhoto]);
    assert.equal(again.statusCode, 409, "another answer's photo");
    assert.equal(problemOf(again).code, 'REPORTS_MEDIA_TAKEN');
  });

  it('serves an upload only once a report or an answer took it', async () => {
    const photo = (m: string) => app.http.inject({ method: 'GET', url: `/open311/v2/media/${m}` });
    const work = (await upload(PNG)).json<{ id: string }>().id;
    assert.equal((await photo(work)).statusCode, 404, 'an answer photo before its answer');
    const up = await app.http.inject({
      method: 'POST',
      url: `${BASE}/media`,
      headers: { 'content-type': 'image/png' },
      payload: PNG,
      remoteAddress: '10.99.2.1',
    });
    const mine = up.json<{ id: string }>().id;
    assert.equal((await photo(mine)).statusCode, 404, 'a citizen upload before its report: no public image hosting');
    const filed = await app.http.inject({
      method: 'POST',
      url: BASE,
      payload: {
        serviceCode: 'waste',
        location: [105.8521, 21.0285],
        attributes: { kind: 'dumping' },
        mediaIds: [mine],
      },
      remoteAddress: '10.99.2.1',
    });
    assert.equal(filed.statusCode, 201, filed.body);
    assert.equal((await photo(mine)).statusCode, 200, 'shown with its report');
  });
});
