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
});
