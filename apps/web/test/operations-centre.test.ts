import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { type Browser, type Page } from 'playwright-core';
import { simulatedStart } from '../../server/src/platform/hanoi-time.js';
import { DRIVERS, skipReason } from '../../server/test/support/databases.js';
import { callServer, loginAdmin, type RunningServer } from '../../server/test/support/process.js';
import { launchChromium } from './chromium.js';
import { mapSettled, SHOTS, WEB_DIST, startCentre, stopCentre, untilWithin } from './centre.js';

// The operations centre as a user sees it: the real server process with the demo city (DEMO=on, its
// simulator over MQTT), the built page, and Debian's Chromium driving it. Screenshots go to
// test-results/web/ for people to look at.

const ADMIN_PASSWORD = 'operations-centre-test-password';
const MORNING = simulatedStart('08:00', Date.now() - 3600_000).toISOString();
const WAIT_MS = 120_000;

/** Console output that is the graphics driver talking, not the page. */
const DRIVER_NOISE = /GL Driver Message|GPU stall|WebGL/;

interface Rendered {
  readonly id: string;
  readonly coordinates: [number, number];
}

/** What a layer draws right now, read from the map (features actually rendered, not the store). */
function rendered(page: Page, layer: string): Promise<Rendered[]> {
  return page.evaluate((id) => {
    const map = window.__thanglongMap;
    if (!map?.getLayer(id)) return [];
    return map.queryRenderedFeatures({ layers: [id] }).map((f) => ({
      id: String(f.properties['id']),
      coordinates: (f.geometry as GeoJSON.Point).coordinates as [number, number],
    }));
  }, layer);
}

const until = untilWithin(WAIT_MS);

for (const driver of DRIVERS) {
  const skip = process.env['THANGLONG_TEST_SKIP_BROWSER'] ?? skipReason(driver);
  describe(`the operations centre in Chromium [${driver}]`, skip ? { skip } : {}, () => {
    let server: RunningServer;
    let browser: Browser;
    let page: Page;
    let token: string;
    const consoleErrors: string[] = [];
    const shot = (name: string) => page.screenshot({ path: `${SHOTS}/${driver}-${name}.png` });

    before(async () => {
      // The test build: the production one does not let a test read the map (see bundle.test.ts).
      assert.ok(
        existsSync(`${WEB_DIST}index.html`),
        'the web app is not built: npm install (or npm run build) builds it',
      );
      mkdirSync(SHOTS, { recursive: true });
      server = await startCentre(driver, {
        AUTH_ADMIN_PASSWORD: ADMIN_PASSWORD,
        DEMO: 'on',
        DEMO_SPEED: '5',
        DEMO_START: MORNING,
      });
      token = await loginAdmin(server, ADMIN_PASSWORD);
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      page.on('console', (m) => {
        if (m.type() === 'error' && !DRIVER_NOISE.test(m.text())) consoleErrors.push(m.text());
      });
      page.on('pageerror', (e) => consoleErrors.push(e.message));
    });

    after(async () => {
      await browser?.close();
      await stopCentre(server);
    });

    it('asks for a login in Vietnamese, refuses a wrong password, then shows the city', async () => {
      await page.goto(server.url);
      await page.getByRole('heading', { name: 'Trung tâm điều hành Thăng Long' }).waitFor();
      await page.fill('input[name=username]', 'admin');
      await page.fill('input[name=password]', 'not-the-password');
      await page.click('button[type=submit]');
      await page.getByRole('alert').filter({ hasText: 'Sai tên đăng nhập hoặc mật khẩu.' }).waitFor();
      await page.fill('input[name=password]', ADMIN_PASSWORD);
      await page.click('button[type=submit]');
      await page.locator('.kpi-strip').waitFor();
      await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
      consoleErrors.length = 0; // the refused login's 401 is the browser's own report of it
    });

    it('draws the demo layers on the offline basemap, and the KPIs come from the API', async () => {
      await until('the map is ready', () => page.evaluate(() => !!window.__thanglongMap?.getLayer('buses-points')));
      for (const layer of ['air-points', 'buses-points', 'water-points']) {
        await until(`${layer} drawn`, async () => (await rendered(page, layer)).length > 0);
      }
      const wardLabels = await page.evaluate(
        () => window.__thanglongMap?.queryRenderedFeatures({ layers: ['ward-label'] }).length ?? 0,
      );
      assert.ok(wardLabels > 5, `ward names on the basemap (${wardLabels})`);
      const kpis = JSON.parse((await callServer(server, 'GET', '/api/v1/kpis', token)).text) as {
        devices: { online: number; total: number };
      };
      await until('the KPI strip shows devices online', async () => {
        const text = await page.locator('[data-kpi=devices] .kpi-value').innerText();
        return /^\d+\/\d+$/.test(text) && Number(text.split('/')[1]) >= kpis.devices.total - 100;
      });
      await shot('map');
    });

    it('moves a bus between two samples', async () => {
      const first = await rendered(page, 'buses-points');
      const before = new Map(first.map((b) => [b.id, b.coordinates.join(',')]));
      const moved = await until('a bus moves', async () => {
        const now = await rendered(page, 'buses-points');
        return now.find((b) => before.has(b.id) && before.get(b.id) !== b.coordinates.join(','));
      });
      assert.ok(moved.id.startsWith('urn:ngsi-ld:Vehicle:'), "moved.id.startsWith('urn:ngsi-ld:Vehicle:')");
    });

    it('hides a layer when it is switched off, and shows it again', async () => {
      await page.uncheck('input[name=layer-buses]');
      await until('buses hidden', async () => (await rendered(page, 'buses-points')).length === 0);
      assert.ok((await rendered(page, 'air-points')).length > 0, 'the other layers stay');
      await page.check('input[name=layer-buses]');
      await until('buses back', async () => (await rendered(page, 'buses-points')).length > 0);
    });

    it('draws an open citizen report on the map and counts it on the strip; once resolved it leaves the map', async () => {
      // A citizen reports a broken street light near Hoàn Kiếm lake through the public API.
      const place: [number, number] = [105.8508, 21.0301];
      const sent = await callServer(server, 'POST', '/api/v1/reports', undefined, {
        serviceCode: 'street-lighting',
        location: place,
        description: 'Đèn đường tắt cả dãy từ tối qua',
        attributes: { fault: 'street-dark' },
      });
      assert.equal(sent.status, 201, sent.text);
      const id = `urn:ngsi-ld:ServiceRequest:${(JSON.parse(sent.text) as { id: string }).id}`;
      await page.evaluate((c) => window.__thanglongMap?.jumpTo({ center: c, zoom: 15 }), place);
      const drawn = await until('the report drawn', async () =>
        (await rendered(page, 'reports-points')).find((r) => r.id === id),
      );
      assert.deepEqual(
        drawn.coordinates.map((x) => x.toFixed(4)),
        place.map((x) => x.toFixed(4)),
      );
      // The strip counts the open reports as the server does.
      await until('the reports tile counts it', async () => {
        const kpis = JSON.parse((await callServer(server, 'GET', '/api/v1/kpis', token)).text) as {
          reports: { open: number };
        };
        const shown = (await page.locator('[data-kpi=reports] .kpi-value').innerText()).replace(/\D/g, '');
        return kpis.reports.open >= 1 && Number(shown) === kpis.reports.open;
      });
      assert.match(await page.locator('[data-kpi=reports] .kpi-detail').innerText(), /Quá hạn \d+ · khẩn \d+/);
      await shot('reports');
      const resolved = await callServer(server, 'POST', `/api/v1/reports/${id.split(':').pop()}/resolve`, token, {
        answer: 'Đã thay bóng đèn.',
      });
      assert.equal(resolved.status, 200, resolved.text);
      await until('the resolved report leaves the map', async () =>
        (await rendered(page, 'reports-points')).every((r) => r.id !== id),
      );
      await page.evaluate(() => window.__thanglongMap?.jumpTo({ center: [105.8342, 21.0278], zoom: 12 }));
    });

    it('opens a station in the inspector, with a chart drawn from its history', async () => {
      await page.uncheck('input[name=layer-buses]');
      // A station in alarm has the alarm's ring drawn over it, and a click there opens the alarm: the
      // operator switches alarms off to reach the station beneath.
      await page.uncheck('input[name=layer-alarms]');
      // A traffic camera or a noise sensor may stand at the station's corner, drawn above it: off too.
      await page.uncheck('input[name=layer-cameras]');
      await page.uncheck('input[name=layer-noise]');
      await page.uncheck('input[name=layer-reports]');
      // A station with a few readings of history and a current rating (a station rates its live reading
      // before its logged day has arrived, so a fresh one may have history and no index yet).
      const station = await until('a rated station with history', async () => {
        const list = await callServer(server, 'GET', '/api/v1/environment/air-quality/stations', token);
        const stations = (JSON.parse(list.text) as { stations?: { id: string; vnAqi: unknown }[] }).stations ?? [];
        const rated = new Set(stations.filter((s) => s.vnAqi !== null && s.vnAqi !== undefined).map((s) => s.id));
        for (const s of await rendered(page, 'air-points')) {
          if (!rated.has(s.id)) continue;
          const res = await callServer(
            server,
            'GET',
            `/ngsi-ld/v1/temporal/entities/${encodeURIComponent(s.id)}?attrs=pm25&lastN=3`,
            token,
          );
          const pm25 = (JSON.parse(res.text) as { pm25?: unknown[] }).pm25;
          if (Array.isArray(pm25) && pm25.length >= 3) return s;
        }
        return undefined;
      });
      await page.evaluate((c) => window.__thanglongMap?.jumpTo({ center: c, zoom: 17 }), station.coordinates);
      await until('the station is drawn', async () =>
        (await rendered(page, 'air-points')).some((s) => s.id === station.id),
      );
      const point = await page.evaluate((c) => {
        const p = window.__thanglongMap?.project(c);
        const box = window.__thanglongMap?.getCanvas().getBoundingClientRect();
        return p && box ? { x: box.left + p.x, y: box.top + p.y } : undefined;
      }, station.coordinates);
      assert.ok(point, 'point');
      const inspector = page.locator(`.inspector[data-entity="${station.id}"]`);
      // Clicked once the map has settled; what lies under the pointer is said if the station never opens.
      let under = '';
      await until('the station opened by a click on it', async () => {
        if (!(await page.evaluate(() => window.__thanglongMap?.loaded() ?? true))) await mapSettled(page);
        under = await page.evaluate(({ x, y }) => {
          const el = document.elementFromPoint(x, y);
          const map = window.__thanglongMap;
          const box = map?.getCanvas().getBoundingClientRect();
          const found = map && box ? map.queryRenderedFeatures([x - box.left, y - box.top]) : [];
          return `${el?.tagName}.${el?.className}: ${found.map((f) => `${f.layer.id}:${String(f.properties['id'] ?? '')}`).join(' ')}`;
        }, point);
        await page.mouse.click(point.x, point.y);
        return inspector.waitFor({ timeout: 5000 }).then(() => true);
      }).catch((err: Error) => {
        throw new Error(`${err.message}; under the pointer: ${under}`);
      });
      await inspector.getByText('Trạm quan trắc không khí', { exact: true }).waitFor();
      await inspector.getByRole('button', { name: 'Bụi PM2.5' }).waitFor();
      // Decision 1459 Table 3: the index with its category, every parameter with the dominant one
      // marked, the health advice and the source (the stations uploaded their last day at start).
      await inspector.getByText(/^VN_AQI · /).waitFor();
      await inspector.getByText('chủ đạo', { exact: true }).waitFor();
      await inspector.getByText('Khuyến nghị cho người nhạy cảm').waitFor();
      await inspector.getByText('Nguồn dữ liệu').waitFor();
      const points = await until('a chart with points', async () => {
        const n = Number(await inspector.locator('svg.chart').getAttribute('data-points', { timeout: 1000 }));
        return n >= 2 ? n : undefined;
      });
      assert.ok(points >= 2, 'points >= 2');
      assert.ok(
        (await inspector.locator('svg.chart path.chart-line').getAttribute('d'))?.startsWith('M'),
        "(await inspector.locator('svg.chart path.chart-line').getAttribute('d'))?.startsWith('M')",
      );
      await inspector.getByRole('button', { name: '24 giờ' }).click();
      await until('the 24 h chart', async () =>
        (await inspector.locator('.history').innerText()).includes('trung bình'),
      );
      await shot('inspector');
      await page.keyboard.press('Escape');
      await inspector.waitFor({ state: 'detached' });
      await page.check('input[name=layer-buses]');
      await page.check('input[name=layer-alarms]');
      await page.check('input[name=layer-cameras]');
      await page.check('input[name=layer-noise]');
      await page.check('input[name=layer-reports]');
      await page.evaluate(() => window.__thanglongMap?.jumpTo({ center: [105.8342, 21.0278], zoom: 12 }));
    });

    it('shows an alarm raised through the API at once, acknowledges it, and drops it when cleared', async () => {
      const raised = await callServer(server, 'POST', '/api/v1/alarms', token, {
        source: 'Chợ Đồng Xuân',
        severity: 'critical',
        title: 'Cháy tại chợ Đồng Xuân (diễn tập)',
        location: { type: 'Point', coordinates: [105.8497, 21.0382] },
        area: 'Phường Hoàn Kiếm',
      });
      assert.equal(raised.status, 201, raised.text);
      const id = (JSON.parse(raised.text) as { id: string }).id;
      const item = page.locator(`li[data-alarm="${id}"]`);
      await item.waitFor({ timeout: 30_000 });
      assert.equal(await item.getAttribute('data-state'), 'active-unacknowledged');
      await until(
        'the header counts it',
        async () => Number(await page.locator('.header-alarms [data-severity=critical]').innerText()) >= 1,
      );
      await item.getByRole('button', { name: 'Xem trên bản đồ' }).click();
      await item.getByRole('button', { name: 'Xác nhận' }).click();
      await until('acknowledged', async () => (await item.getAttribute('data-state')) === 'active-acknowledged');
      // Assignment and the rest are under the card's "more"; people are picked from a list, not typed.
      await item.getByRole('button', { name: 'Thêm thao tác và chi tiết' }).click();
      await item.getByRole('button', { name: 'Giao việc' }).click();
      await item.getByRole('combobox', { name: 'Giao cho' }).selectOption('admin');
      await item.getByRole('button', { name: 'Gửi' }).click();
      await item.getByText('Người xử lý: admin').waitFor();
      await item.getByRole('button', { name: 'Ghi chú' }).click();
      await item.getByText('0/2000').waitFor(); // the comment box shows its limit
      await item.getByRole('textbox', { name: 'Nội dung ghi chú' }).fill('Đã cử đội PCCC số 3');
      await item.getByRole('button', { name: 'Gửi' }).click();
      await item.getByRole('button', { name: 'Nhật ký' }).click();
      const journal = item.getByRole('list', { name: 'Nhật ký' });
      await journal.getByText('Ghi chú · admin: Đã cử đội PCCC số 3').waitFor();
      await journal.getByText(/Xác nhận · admin/).waitFor();
      const stored = JSON.parse((await callServer(server, 'GET', `/api/v1/alarms/${id}`, token)).text) as {
        acknowledgedBy: string;
        assignee: string;
      };
      assert.equal(stored.acknowledgedBy, 'admin');
      assert.equal(stored.assignee, 'admin');
      await shot('alarm');
      await item.getByRole('button', { name: 'Đóng báo động' }).click();
      await item.waitFor({ state: 'detached' });
    });

    it('lists devices with their health, filtered by status', async () => {
      await page.getByRole('link', { name: 'Thiết bị' }).click();
      const rows = page.locator('table.devices tbody tr');
      await until('device rows', async () => (await rows.count()) > 10);
      await page.selectOption('select[name=status]', 'online');
      await until('only online devices', async () => {
        const statuses = await page.locator('table.devices tbody .status').allInnerTexts();
        return statuses.length > 0 && statuses.every((s) => s === 'Trực tuyến');
      });
      await rows.first().getByRole('button').click();
      await page.getByRole('complementary', { name: 'Chi tiết thiết bị' }).waitFor();
      await shot('devices');
      await page.getByRole('link', { name: 'Bản đồ' }).click();
      await page.locator('.kpi-strip').waitFor();
    });

    it('switches to English', async () => {
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await page.getByRole('button', { name: 'Log out' }).waitFor();
      await page.getByRole('button', { name: 'Map layers' }).waitFor();
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
      assert.equal(await page.locator('[data-kpi=buses] .kpi-title').innerText(), 'Buses in service');
      await shot('english');
    });

    it('says so when the server cannot be reached, instead of showing old figures as live', async () => {
      // Alarms, warnings and figures all come on the page's one stream: the server is out of reach
      // when that stream is. The open one carries on until it drops; switching a layer opens a new one.
      const unreachable = /\/api\/v1\/events(\?|$)/;
      await page.route(unreachable, (route) => route.abort('connectionrefused'));
      const mark = consoleErrors.length;
      const banner = page.locator('.stale-banner');
      await page.uncheck('input[name=layer-parking]');
      await banner.waitFor({ timeout: 30_000 });
      assert.match(await banner.innerText(), /^Server unreachable/);
      await shot('stale');
      await page.unroute(unreachable);
      await banner.waitFor({ state: 'detached', timeout: 30_000 });
      await page.check('input[name=layer-parking]');
      // The browser reports the refused requests itself; those are expected.
      consoleErrors.splice(
        mark,
        consoleErrors.length - mark,
        ...consoleErrors.slice(mark).filter((e) => !/ERR_/.test(e)),
      );
    });

    it('makes a person whose password must change choose a new one before the city', async () => {
      const created = await callServer(server, 'POST', '/api/v1/users', token, {
        username: 'shift-lead',
        roles: ['operator'],
        tenant: '',
        password: 'first light over Ba Dinh square',
      });
      assert.equal(created.status, 201, created.text);
      const { user } = JSON.parse(created.text) as { user: { id: string } };
      const flagged = await callServer(server, 'PATCH', `/api/v1/users/${user.id}`, token, {
        mustChangePassword: true,
      });
      assert.equal(flagged.status, 200, flagged.text);

      await page.getByRole('button', { name: 'Log out' }).click();
      await page.fill('input[name=username]', 'shift-lead');
      await page.fill('input[name=password]', 'first light over Ba Dinh square');
      await page.click('button[type=submit]');
      await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
      await page.fill('input[name=new-password]', 'aaaaaaaaaaaa');
      await page.fill('input[name=repeat-password]', 'aaaaaaaaaaaa');
      await page.click('button[type=submit]');
      await page.getByRole('alert').filter({ hasText: 'too easy to guess' }).waitFor();
      await shot('new-password');
      await page.fill('input[name=new-password]', 'evening traffic on Nguyen Trai street');
      await page.fill('input[name=repeat-password]', 'evening traffic on Nguyen Trai street');
      await page.click('button[type=submit]');
      await page.locator('.kpi-strip').waitFor();
      await page.getByRole('button', { name: 'Log out' }).waitFor();
      consoleErrors.length = 0; // the refused weak password's 400 is the browser's own report of it
    });

    it('logged no error in the browser console', () => {
      assert.deepEqual(consoleErrors, []);
    });
  });
}
