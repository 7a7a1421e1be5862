import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, it } from 'node:test';
import type { App } from '../app.js';
import { describeEachDriver, silentLog } from '../../test/support/databases.js';
import { buildTestApp } from '../../test/support/app.js';
import { paymentsModule } from '../modules/payments/index.js';
import { servicesModule } from '../modules/services/index.js';
import { DEMO_TICK_MS, seedDemoServices, startDemoServices } from './public-services.js';

/**
 * The demo's public services against a listening server: applicants file over HTTP with their
 * documents, the demo bank pays through the signed webhook, and the demo officers take dossiers all
 * the way to a returned, signed result (the demo's clock moved by the test, not waited for).
 */
describeEachDriver('the demo public services', (ctx) => {
  let app: App;
  let base = '';

  before(async () => {
    app = await buildTestApp(ctx.db, {});
    await app.http.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.http.server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await app.http.close();
  });

  it('files, pays and returns dossiers', async () => {
    const services = app.modules.get(servicesModule);
    await seedDemoServices(services.catalogue, services.dossiers);
    let now = Date.now();
    const demo = startDemoServices(
      { dossiers: services.dossiers, payments: app.modules.get(paymentsModule), baseUrl: base, log: silentLog },
      // A dossier every round; the officers' pauses pass by the clock the test moves.
      { everyMs: DEMO_TICK_MS, now: () => now, timer: false },
    );
    for (let round = 0; round < 40; round++) {
      await demo.tick();
      now += 20 * 60_000;
    }
    const { rows } = await ctx.db.query<{ state: string; fee_state: string; n: number }>(
      `SELECT state, fee_state, count(*)::int AS n FROM services_dossiers GROUP BY state, fee_state`,
    );
    const count = (f: (r: { state: string; fee_state: string }) => boolean) =>
      rows.filter(f).reduce((s, r) => s + r.n, 0);
    assert.ok(count(() => true) >= 30, JSON.stringify(rows));
    assert.ok(count((r) => r.state === 'returned') >= 5, JSON.stringify(rows));
    assert.ok(count((r) => r.fee_state === 'paid') >= 1, JSON.stringify(rows));
    const results = await ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM services_dossier_documents WHERE kind = 'result'`,
    );
    assert.ok((results.rows[0]?.n ?? 0) >= 5, '(results.rows[0]?.n ?? 0) >= 5');
    // The timeline (and the papers drawn from it) name the demo's officers as people, never by login.
    const by = await ctx.db.query<{ by_name: string }>(
      `SELECT DISTINCT by_name FROM services_dossier_events WHERE by_kind = 'staff'`,
    );
    assert.deepEqual(by.rows.map((r) => r.by_name).sort(), ['Trần Quang Minh', 'Đỗ Thị Lan'].sort());
  });
});
