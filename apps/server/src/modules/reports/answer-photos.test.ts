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

  it('refuses what is not a photo by its content, and anyone who does not handle reports', async () => {
    const fake = await upload(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), officer, 'image/png');
    assert.equal(fake.statusCode, 400, fake.body);
    assert.match(problemOf(fake).code, /^REPORTS_/);
    assert.equal((await upload(PNG, null)).statusCode, 401);
    const viewer = await accountWith(app, ['viewer'], '');
    assert.equal((await upload(PNG, viewer)).statusCode, 403);
  });
});
