import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, it } from 'node:test';
import type { App } from '../app.js';
import { accountWith, buildTestApp, type Account } from '../../test/support/app.js';
import { describeEachDriver } from '../../test/support/databases.js';
import { defineModule } from '../platform/modules.js';

/** A module's job whose run outlasts its interval: the rounds due meanwhile are skipped, never run alongside. */
const runs = { started: 0, inside: 0, most: 0 };
let finish = (): void => undefined;
const probeModule = defineModule({
  name: 'probe',
  permissions: {},
  create() {
    return {
      provides: null,
      jobs: [
        {
          name: 'slow',
          everyMs: 5,
          run: async () => {
            runs.started++;
            runs.most = Math.max(runs.most, ++runs.inside);
            // The first run lasts until the test lets it end; the later ones end at once.
            if (runs.started === 1) await new Promise<void>((r) => (finish = r));
            runs.inside--;
          },
        },
      ],
    };
  },
});

describeEachDriver('module jobs', (ctx) => {
  let app: App;
  let admin: Account;

  before(async () => {
    app = await buildTestApp(ctx.db, {}, [probeModule]);
    admin = await accountWith(app, ['admin'], '*');
    runs.started = runs.inside = runs.most = 0;
    await app.modules.startWorker();
  });
  after(async () => {
    finish();
    await app.modules.stop();
    await app.http.close();
  });

  const skipped = async (): Promise<number> => {
    const metrics = await app.http.inject({ method: 'GET', url: '/metrics', headers: admin.auth });
    const found = /thanglong_background_job_rounds_skipped_total\{job="probe\.slow"[^}]*\} (\d+)\n/.exec(metrics.body);
    return Number(found?.[1] ?? 0);
  };

  it('never runs a job alongside its own previous run: the rounds due meanwhile are skipped and counted', async () => {
    for (let i = 0; i < 300 && (await skipped()) < 3; i++) await sleep(20);
    assert.ok((await skipped()) >= 3, 'rounds were skipped while the first run went on');
    assert.equal(runs.started, 1, 'no round started while the first run went on');
    finish();
    for (let i = 0; i < 300 && runs.started < 3; i++) await sleep(20);
    assert.ok(runs.started >= 3, 'the job runs again once its run is over');
    assert.equal(runs.most, 1, 'never two runs at once');
  });

  it('waits, when stopping, for a run under way to end before the modules stop', async () => {
    // A fresh app whose first run holds until released: stop must not resolve before it ends. The suite's
    // app stops first, so its rounds do not take the holding run.
    finish();
    await app.modules.stop();
    runs.started = runs.inside = runs.most = 0;
    const other = await buildTestApp(ctx.db, {}, [probeModule]);
    await other.modules.startWorker();
    for (let i = 0; i < 300 && runs.started < 1; i++) await sleep(20);
    assert.equal(runs.inside, 1, 'the first run is under way');
    let stopped = false;
    const stopping = other.modules.stop().then(() => (stopped = true));
    await sleep(100);
    assert.equal(stopped, false, 'stop waits for the run under way');
    finish();
    await stopping;
    assert.equal(runs.inside, 0, 'the run had ended when stop resolved');
    await other.http.close();
  });
});
