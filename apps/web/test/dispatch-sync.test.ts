import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page, Route } from 'playwright-core';
import { DRIVERS, skipReason } from '../../server/test/support/databases.js';
import { callServer, loginAdmin, type RunningServer } from '../../server/test/support/process.js';
import { launchChromium } from './chromium.js';
import { startCentre, stopCentre, untilWithin } from './centre.js';

// Two dispatchers on one incident, in Chromium against the real server: each sees the other's dispatch
// and notes from the stream, the one who sent sees it from the answer, the recommendations say the run
// card is covered whatever this console read of the incident before, and an SOP box ticked with the
// keyboard keeps the focus.

const ADMIN_PASSWORD = 'dispatch-sync-test-password';
const WAIT_MS = 90_000;
const until = untilWithin(WAIT_MS);

/** A gate: requests matched wait at it until it is opened. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, hold: async (route: Route) => (await opened, route.continue().catch(() => undefined)) };
}

for (const driver of DRIVERS) {
  const skip = process.env['THANGLONG_TEST_SKIP_BROWSER'] ?? skipReason(driver);
  describe(`two dispatchers on one incident in Chromium [${driver}]`, skip ? { skip } : {}, () => {
    let server: RunningServer;
    let browser: Browser;
    let token: string;
    let a: Page;
    let b: Page;
    const pageErrors: string[] = [];

    const api = async <T>(method: 'GET' | 'POST', path: string, body?: unknown) => {
      const res = await callServer(server, method, `/api/v1/emergency${path}`, token, body);
      return { status: res.status, body: JSON.parse(res.text || 'null') as T };
    };
    const logCall = async (location: readonly [number, number]) => {
      const res = await api<{ incident: { id: string; number: string } }>('POST', '/calls', {
        phone: '0912000777',
        text: 'Hai xe máy va chạm',
        typeCode: 'TRAFFIC',
        location,
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.incident;
    };
    const open = async (page: Page, id: string) => {
      await page.goto(`${server.url}/dispatch?incident=${id}`);
      await page.locator('.incident-detail').waitFor();
    };
    const status = (page: Page) =>
      page.locator('.incident-detail [data-incident-status]').getAttribute('data-incident-status');
    const signIn = async () => {
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      const page = await context.newPage();
      page.setDefaultTimeout(WAIT_MS);
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await page.addInitScript(() => localStorage.setItem('thanglong.language', 'en'));
      await page.goto(`${server.url}/dispatch`);
      await page.fill('input[name=username]', 'admin');
      await page.fill('input[name=password]', ADMIN_PASSWORD);
      await page.click('button[type=submit]');
      await page.locator('.dispatch').waitFor();
      return page;
    };

    before(async () => {
      server = await startCentre(driver, { AUTH_ADMIN_PASSWORD: ADMIN_PASSWORD, DEMO: 'off' });
      token = await loginAdmin(server, ADMIN_PASSWORD);
      const made = await api('POST', '/stations', {
        id: 'sync-police',
        name: 'Công an thử',
        agency: 'police',
        location: [105.852, 21.03],
      });
      assert.ok(made.status < 300, JSON.stringify(made.body));
      for (const n of [1, 2, 3]) {
        const unit = await api('POST', '/units', {
          id: `sync-p${n}`,
          callSign: `CS-09-P${n}`,
          kind: 'police_patrol',
          agency: 'police',
          capabilities: ['patrol'],
          stationId: 'sync-police',
          crew: 2,
        });
        assert.ok(unit.status < 300, JSON.stringify(unit.body));
      }
      browser = await launchChromium();
      a = await signIn();
      b = await signIn();
    });

    after(async () => {
      await browser?.close();
      await stopCentre(server);
    });

    it('shows a dispatch at once to who sent it, to the other from the stream, and the run card covered to both', async () => {
      const incident = await logCall([105.8523, 21.0287]);
      await open(a, incident.id);
      await open(b, incident.id);
      for (const page of [a, b]) await page.locator('.recommendations .candidates li').first().waitFor();

      // A's reads of the incident wait from now on: only the dispatch's own answer can show it sent.
      const aReads = gate();
      const incidentPath = `**/api/v1/emergency/incidents/${incident.id}`;
      await a.route(incidentPath, aReads.hold);
      // B's too, for a while: its recommendations, read again, come before its incident does.
      const bReads = gate();
      await b.route(incidentPath, bReads.hold);

      await a.locator('.recommendations').focus();
      await a.keyboard.press('d');
      await a.keyboard.press('Enter');
      await until('A sees the incident dispatched from its answer', async () => (await status(a)) === 'dispatched');
      assert.equal(
        await a.locator('.incident-detail [data-unit-status=dispatched]').count(),
        1,
        'the unit sent, listed',
      );

      await until(
        "B's recommendations say the run card is covered",
        async () => (await b.locator('.recommendations [data-covered=true]').count()) === 1,
      );
      assert.match(
        (await b.locator('.recommendations [data-covered]').textContent()) ?? '',
        /cover its run card/,
        'not "no available unit can reach the place"',
      );

      bReads.open();
      await b.unroute(incidentPath, bReads.hold);
      await until('B sees the incident dispatched from the stream', async () => (await status(b)) === 'dispatched');
      aReads.open();
      await a.unroute(incidentPath, aReads.hold);
      assert.deepEqual(pageErrors, []);
    });

    it("brings A's note to B's open incident from the stream", async () => {
      const incident = await logCall([105.8489, 21.0262]);
      await open(a, incident.id);
      await open(b, incident.id);
      const notes = () => b.locator('.timeline li[data-kind=note]').count();
      // B's stream is in place and heard: a priority changed elsewhere shows.
      assert.equal((await api('POST', `/incidents/${incident.id}/priority`, { priority: 2 })).status, 200);
      await until(
        'the priority on B',
        async () => (await b.locator('.incident-detail .priority-badge').textContent()) === 'P2',
      );
      assert.equal(await notes(), 0);
      await a.fill('input[name=note]', 'Người gọi báo có khói');
      await a.press('input[name=note]', 'Enter');
      await until('the note on A', async () => (await a.locator('.timeline li[data-kind=note]').count()) === 1);
      // Nothing else changes meanwhile (no unit moves, nothing is sent): only the note's own news brings it.
      await until('the note on B', async () => (await notes()) === 1);
      assert.deepEqual(pageErrors, []);
    });

    it('keeps the focus on an SOP box ticked with Space, even when the recommendations come after', async () => {
      // A call logged here: its recommendations would take the focus once shown. They are held back.
      const recommendations = gate();
      await a.route('**/api/v1/emergency/incidents/*/recommendations', recommendations.hold);
      await a.goto(`${server.url}/dispatch`);
      await a.locator('.dispatch').waitFor();
      await a.keyboard.press('F2');
      await a.keyboard.type('0912444666');
      await a.selectOption('select[name=type]', 'TRAFFIC');
      await a.fill('input[name=coordinates]', '21.0300, 105.8450');
      await a.press('input[name=coordinates]', 'Control+Enter');
      await a.locator('.incident-detail .sop input[type=checkbox]').first().waitFor();
      await a.locator('[data-recommend-loading]').waitFor();

      // The SOP comes right after the recommendations: before the units and the actions.
      const order = await a.evaluate(() => [...document.querySelectorAll('.incident-detail h3[id]')].map((h) => h.id));
      assert.ok(order.indexOf('sop-title') === order.indexOf('rec-title') + 2, order.join(' '));
      assert.ok(order.indexOf('calls-title') === order.indexOf('rec-title') + 1, order.join(' '));

      const box = a.locator('.incident-detail .sop input[type=checkbox]').first();
      const name = await box.getAttribute('name');
      await box.focus();
      await a.keyboard.press('Space');
      await until(
        'the step ticked on the server',
        async () =>
          (await a.locator('.timeline li[data-kind=sop_step]').count()) === 1 &&
          (await box.isChecked()) &&
          (await box.getAttribute('aria-disabled')) === null,
      );
      const focused = () =>
        a.evaluate(() => document.activeElement?.getAttribute('name') ?? document.activeElement?.tagName);
      assert.equal(await focused(), name, 'the focus stays on the box ticked');

      recommendations.open();
      await a.locator('.recommendations .candidates li').first().waitFor();
      assert.equal(await focused(), name, 'the recommendations shown after do not take it');
      await a.keyboard.press('Space');
      await until(
        'the step unticked',
        async () => !(await box.isChecked()) && (await box.getAttribute('aria-disabled')) === null,
      );
      assert.equal(await focused(), name);
      await a.unroute('**/api/v1/emergency/incidents/*/recommendations', recommendations.hold);
      assert.deepEqual(pageErrors, []);
    });
  });
}
