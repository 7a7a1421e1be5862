import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Browser, type Page } from 'playwright-core';
import { simulatedStart } from '../../server/src/platform/hanoi-time.js';
import { DRIVERS, skipReason } from '../../server/test/support/databases.js';
import { callServer, loginAdmin, type RunningServer } from '../../server/test/support/process.js';
import { launchChromium } from './chromium.js';
import { SHOTS, startCentre, stopCentre, untilWithin } from './centre.js';

// An alarm shift worked through the page: the real server with the demo city, the built page, Chromium
// on a desktop (1280x800) and a phone (390x844). The console filters, acknowledges several at once,
// shelves with a reason, assigns from a list, shows the closed history and a banner for a new critical
// alarm; the map draws a ring only around what is in alarm now.

const ADMIN_PASSWORD = 'alarm-console-test-password';
const MORNING = simulatedStart('08:00', Date.now() - 3600_000).toISOString();
const WAIT_MS = 120_000;
const DRIVER_NOISE = /GL Driver Message|GPU stall|WebGL/;
const CLEARED_GREY = '#5b6573';

interface AlarmBody {
  id: string;
  state: string;
  severity: string;
  assignee: string | null;
  shelveReason: string | null;
}

const until = untilWithin(WAIT_MS);

interface DrawnAlarm {
  readonly id: string;
  readonly kind: string;
  readonly colour: string;
  readonly state: string;
}

/** The alarms the map draws right now (rendered features, not the store). */
function drawnAlarms(page: Page): Promise<DrawnAlarm[]> {
  return page.evaluate(() => {
    const map = window.__thanglongMap;
    if (!map?.getLayer('alarms-points')) return [];
    return map.queryRenderedFeatures({ layers: ['alarms-points'] }).map((f) => ({
      id: String(f.properties['id']),
      kind: String(f.properties['kind']),
      colour: String(f.properties['colour']),
      state: String(f.properties['state']),
    }));
  });
}

for (const driver of DRIVERS) {
  const skip = process.env['THANGLONG_TEST_SKIP_BROWSER'] ?? skipReason(driver);
  describe(`the alarm console in Chromium [${driver}]`, skip ? { skip } : {}, () => {
    let server: RunningServer;
    let browser: Browser;
    let token: string;
    const consoleErrors: string[] = [];
    let n = 0;

    const api = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
      const res = await callServer(server, method, path, token, body);
      assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${res.text}`);
      return JSON.parse(res.text || 'null') as T;
    };
    /** An operator's alarm in a ward of its own (so a filter finds exactly the test's). */
    const raise = (severity: string, area: string, title = `Kiểm tra ${++n}`, at: [number, number] = [105.85, 21.03]) =>
      api<AlarmBody>('POST', '/api/v1/alarms', {
        source: `test-source-${n}`,
        severity,
        title,
        area,
        location: { type: 'Point', coordinates: at },
      });

    async function openPage(viewport: { width: number; height: number }): Promise<Page> {
      const page = await browser.newPage({ viewport });
      // The machine may be busy: actions wait longer than Playwright's 30 s.
      page.setDefaultTimeout(90_000);
      page.on('console', (m) => {
        if (m.type() === 'error' && !DRIVER_NOISE.test(m.text())) consoleErrors.push(m.text());
      });
      page.on('pageerror', (e) => consoleErrors.push(e.message));
      await page.addInitScript(() => localStorage.setItem('thanglong.language', 'en'));
      await page.goto(server.url);
      await page.fill('input[name=username]', 'admin');
      await page.fill('input[name=password]', ADMIN_PASSWORD);
      await page.click('button[type=submit]');
      await page.locator('.alarm-console').waitFor({ timeout: WAIT_MS });
      return page;
    }

    before(async () => {
      server = await startCentre(driver, {
        AUTH_ADMIN_PASSWORD: ADMIN_PASSWORD,
        DEMO: 'on',
        DEMO_SPEED: '5',
        DEMO_START: MORNING,
      });
      token = await loginAdmin(server, ADMIN_PASSWORD);
      browser = await launchChromium();
    });

    after(async () => {
      await browser?.close();
      await stopCentre(server);
    });

    describe('on a desktop (1280x800)', () => {
      let page: Page;
      const card = (id: string) => page.locator(`li[data-alarm="${id}"]`);
      /** Each test starts from the console's first view, whatever the one before left. */
      const reset = async () => {
        await page.selectOption('select[name=alarm-view]', 'active');
        for (const name of ['alarm-severity', 'alarm-type', 'alarm-area']) {
          await page.selectOption(`select[name=${name}]`, '');
        }
      };
      before(async () => {
        page = await openPage({ width: 1280, height: 800 });
      });
      after(() => page?.close());

      it('counts active and cleared-to-acknowledge apart in words, and fits at least 12 compact cards', async () => {
        for (let i = 0; i < 14; i++) await raise(i % 2 ? 'low' : 'medium', 'Khu thử A');
        const words = page.locator('.header-alarm-words');
        await until('the header counts the raised ones', async () => {
          const m = /(\d+) active · (\d+) cleared, to acknowledge/.exec(await words.innerText());
          return m !== null && Number(m[1]) >= 14;
        });
        const summary = await api<{ active: number; toAcknowledge: number }>('GET', '/api/v1/alarms/summary');
        await until('the header says what the server counts', async () =>
          (await words.innerText()).includes(`${summary.toAcknowledge} cleared, to acknowledge`),
        );
        await page.selectOption('select[name=alarm-area]', 'Khu thử A');
        await until('14 cards', async () => (await page.locator('li.alarm').count()) === 14);
        const fit = await page
          .locator('li.alarm')
          .evaluateAll((items) => items.filter((li) => li.getBoundingClientRect().bottom <= window.innerHeight).length);
        await page.screenshot({ path: `${SHOTS}/${driver}-alarm-console.png` });
        assert.ok(fit >= 12, `${fit} cards fit on the screen`);
      });

      it('filters by severity, type and ward, and acknowledges all shown in one go', async () => {
        await page.selectOption('select[name=alarm-severity]', 'low');
        await until('only the low ones', async () => (await page.locator('li.alarm').count()) === 7);
        assert.equal(await page.locator('li.alarm.severity-low').count(), 7);
        await page.selectOption('select[name=alarm-type]', 'air');
        await until('no air alarm in this ward', async () => (await page.locator('li.alarm').count()) === 0);
        await page.selectOption('select[name=alarm-type]', 'manual');
        await until('the low ones again', async () => (await page.locator('li.alarm').count()) === 7);

        await page.getByLabel('Select all shown').check();
        await page.getByRole('button', { name: 'Acknowledge selected (7)' }).click();
        await page.getByRole('status').filter({ hasText: '7 acknowledged.' }).waitFor();
        await until(
          'all seven acknowledged',
          async () => (await page.locator('li.alarm[data-state=active-acknowledged]').count()) === 7,
        );
        const listed = await api<{ alarms: AlarmBody[] }>(
          'GET',
          `/api/v1/alarms?area=${encodeURIComponent('Khu thử A')}&severity=low`,
        );
        assert.ok(
          listed.alarms.every((a) => a.state === 'active-acknowledged'),
          "listed.alarms.every((a) => a.state === 'active-acknowledged')",
        );
        await page.selectOption('select[name=alarm-severity]', '');
        await page.selectOption('select[name=alarm-type]', '');
      });

      it('shelves an alarm with a reason: off the active list, counted as shelved, listed under shelved', async () => {
        await reset();
        const alarm = await raise('high', 'Khu thử B');
        await page.selectOption('select[name=alarm-area]', 'Khu thử B');
        await card(alarm.id).waitFor();
        await card(alarm.id).getByRole('button', { name: 'More actions and details' }).click();
        await card(alarm.id).getByRole('button', { name: 'Shelve', exact: true }).click();
        await card(alarm.id).getByRole('combobox', { name: 'Shelve for' }).selectOption('30');
        await card(alarm.id).getByRole('textbox', { name: 'Reason for shelving' }).fill('Trạm đang bảo trì');
        await card(alarm.id).getByRole('button', { name: 'Shelve now' }).click();
        await card(alarm.id).waitFor({ state: 'detached' });
        await until('the header counts it shelved', async () =>
          /\d+ shelved/.test(await page.locator('.header-alarm-words').innerText()),
        );
        await page.selectOption('select[name=alarm-view]', 'shelved');
        await card(alarm.id).waitFor();
        await card(alarm.id).getByRole('button', { name: 'More actions and details' }).click();
        await card(alarm.id)
          .getByText(/Shelved until .* by admin: Trạm đang bảo trì/)
          .waitFor();
        assert.equal((await api<AlarmBody>('GET', `/api/v1/alarms/${alarm.id}`)).shelveReason, 'Trạm đang bảo trì');
        await page.selectOption('select[name=alarm-view]', 'active');
      });

      it('assigns an alarm to someone picked from the list of people', async () => {
        await reset();
        const alarm = await raise('medium', 'Khu thử C');
        await page.selectOption('select[name=alarm-area]', 'Khu thử C');
        await card(alarm.id).waitFor();
        await card(alarm.id).getByRole('button', { name: 'More actions and details' }).click();
        await card(alarm.id).getByRole('button', { name: 'Assign' }).click();
        const people = card(alarm.id).getByRole('combobox', { name: 'Assign to' });
        const options = await people.locator('option').allInnerTexts();
        assert.ok(options.includes('admin'), options.join(', '));
        await people.selectOption('admin');
        await card(alarm.id).getByRole('button', { name: 'Send' }).click();
        await card(alarm.id).getByText('Assigned to admin').waitFor();
        assert.equal((await api<AlarmBody>('GET', `/api/v1/alarms/${alarm.id}`)).assignee, 'admin');
        await page.selectOption('select[name=alarm-area]', '');
      });

      it('shows a banner for a new critical alarm that names it and takes the operator to it', async () => {
        await reset();
        const alarm = await raise('critical', 'Khu thử D', 'Cháy kho hoá chất (diễn tập)');
        const banner = page.locator('.critical-banner');
        await banner.getByText('New critical alarm: Cháy kho hoá chất (diễn tập)').waitFor();
        await banner.getByRole('button', { name: 'Show it' }).click();
        await banner.waitFor({ state: 'detached' });
        await until('its card has the focus', () =>
          page.evaluate((id) => document.activeElement?.getAttribute('data-alarm') === id, alarm.id),
        );
        assert.ok(await card(alarm.id).isVisible(), 'await card(alarm.id).isVisible()');
      });

      it('opens the history of closed alarms', async () => {
        await reset();
        const alarm = await raise('low', 'Khu thử E');
        await api('POST', `/api/v1/alarms/${alarm.id}/acknowledge`);
        await api('POST', `/api/v1/alarms/${alarm.id}/clear`);
        await page.selectOption('select[name=alarm-view]', 'closed');
        await card(alarm.id).waitFor();
        assert.equal(await card(alarm.id).getAttribute('data-state'), 'cleared');
        await page.selectOption('select[name=alarm-area]', 'Khu thử E');
        await until('only that ward', async () => (await page.locator('li.alarm').count()) === 1);
        await page.selectOption('select[name=alarm-view]', 'active');
        await page.selectOption('select[name=alarm-area]', '');
      });

      it('draws a ring only around what is in alarm now: a cleared alarm is a small grey ring', async () => {
        await reset();
        const at: [number, number] = [105.8, 21.06];
        const alarm = await raise('high', 'Khu thử F', 'Sự cố thử', at);
        await page.evaluate((center) => window.__thanglongMap?.jumpTo({ center, zoom: 14 }), at);
        const entity = `urn:ngsi-ld:Alarm:${alarm.id}`;
        const ring = await until('the active alarm is ringed', async () =>
          (await drawnAlarms(page)).find((f) => f.id === entity),
        );
        assert.equal(ring.kind, 'active');
        assert.notEqual(ring.colour, CLEARED_GREY);
        await api('POST', `/api/v1/alarms/${alarm.id}/clear`);
        const cleared = await until('drawn as cleared', async () =>
          (await drawnAlarms(page)).find((f) => f.id === entity && f.kind === 'cleared'),
        );
        assert.equal(cleared.colour, CLEARED_GREY);
        // And every alarm the map draws in the city: ringed in colour only when in alarm now.
        await page.evaluate(() => window.__thanglongMap?.jumpTo({ center: [105.8342, 21.0278], zoom: 11 }));
        await until('the city view drawn', async () => (await drawnAlarms(page)).length > 0);
        for (const f of await drawnAlarms(page)) {
          assert.equal(f.kind === 'active', f.state.startsWith('active-'), JSON.stringify(f));
          if (f.kind !== 'active') assert.equal(f.colour, CLEARED_GREY, JSON.stringify(f));
        }
        await page.screenshot({ path: `${SHOTS}/${driver}-alarm-map.png` });
      });
    });

    describe('on a phone (390x844)', () => {
      let page: Page;
      before(async () => {
        page = await openPage({ width: 390, height: 844 });
      });
      after(() => page?.close());

      it('filters, acknowledges and shelves from the console', async () => {
        const a = await raise('medium', 'Khu thử G');
        const b = await raise('medium', 'Khu thử G');
        await page.locator('.alarm-console').scrollIntoViewIfNeeded();
        await page.selectOption('select[name=alarm-area]', 'Khu thử G');
        await until('both cards', async () => (await page.locator('li.alarm').count()) === 2);
        const first = page.locator(`li[data-alarm="${a.id}"]`);
        await first.getByRole('button', { name: 'Acknowledge' }).click();
        await until('acknowledged', async () => (await first.getAttribute('data-state')) === 'active-acknowledged');
        const second = page.locator(`li[data-alarm="${b.id}"]`);
        await second.getByRole('button', { name: 'More actions and details' }).click();
        await second.getByRole('button', { name: 'Shelve', exact: true }).click();
        await second.getByRole('textbox', { name: 'Reason for shelving' }).fill('Đang xử lý tại hiện trường');
        await second.getByRole('button', { name: 'Shelve now' }).click();
        await second.waitFor({ state: 'detached' });
        await page.screenshot({ path: `${SHOTS}/${driver}-alarm-console-phone.png` });
        assert.deepEqual(consoleErrors, []);
      });
    });
  });
}
