import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { DRIVERS, skipReason } from '../../server/test/support/databases.js';
import { zipFeed } from '../../server/test/support/gtfs.js';
import { callServer, loginAdmin, type RunningServer } from '../../server/test/support/process.js';
import { launchChromium } from './chromium.js';
import { SHOTS, startCentre, stopCentre, untilWithin } from './centre.js';

// A Hanoi bus operator's service alert, in Chromium against the real server, in Vietnamese: a draft
// about a route and a stop found by its name typed without diacritics, opened again and published,
// seen by riders (their page and the ServiceAlerts feed), its end moved later, then withdrawn; and
// another draft deleted.

const ADMIN_PASSWORD = 'transit-alerts-test-password';
const HOUR = 3_600_000;
const until = untilWithin(60_000);

/** Route 32 between Giáp Bát and Nhổn, as the operator and riders name it. */
function route32Feed(): Buffer {
  return zipFeed({
    'agency.txt':
      'agency_id,agency_name,agency_url,agency_timezone,agency_lang\nHNB,Hanoi Bus,https://example.vn,Asia/Ho_Chi_Minh,vi\n',
    'routes.txt': 'route_id,agency_id,route_short_name,route_long_name,route_type\nHNB_32,HNB,32,Giáp Bát – Nhổn,3\n',
    'stops.txt':
      'stop_id,stop_code,stop_name,stop_lat,stop_lon\n' +
      'S_GB,GB01,Bến xe Giáp Bát,20.9806,105.8413\nS_CG,CG07,Cầu Giấy,21.0367,105.7905\nS_NH,NH02,Nhổn,21.0503,105.7378\n',
    'calendar.txt':
      'service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nALL,1,1,1,1,1,1,1,20200101,20991231\n',
    'trips.txt': 'route_id,service_id,trip_id,direction_id\nHNB_32,ALL,32-OUT,0\n',
    'stop_times.txt':
      'trip_id,arrival_time,departure_time,stop_id,stop_sequence\n' +
      '32-OUT,06:00:00,06:00:00,S_GB,1\n32-OUT,06:40:00,06:40:00,S_CG,2\n32-OUT,07:10:00,07:10:00,S_NH,3\n',
  });
}

/** An instant as the form takes it: dd/mm/yyyy HH:mm on Hanoi's clock (UTC+7, no summer time). */
function hanoiText(ms: number): string {
  const d = new Date(ms + 7 * HOUR);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

interface FeedJson {
  entity?: {
    id: string;
    alert?: {
      effect?: string;
      cause?: string;
      informedEntity?: { routeId?: string; stopId?: string }[];
      activePeriod?: { start?: string | number; end?: string | number }[];
    };
  }[];
}

for (const driver of DRIVERS) {
  const skip = process.env['THANGLONG_TEST_SKIP_BROWSER'] ?? skipReason(driver);
  describe(`service alerts on the Buses page in Chromium [${driver}]`, skip ? { skip } : {}, () => {
    let server: RunningServer;
    let browser: Browser;
    let page: Page;
    let token: string;
    const errors: string[] = [];
    // Whole minutes: the form writes minutes.
    const now = Math.floor(Date.now() / 60_000) * 60_000;
    const start = now - HOUR;
    const end = now + 2 * HOUR;
    const later = now + 5 * HOUR;
    const HEADER = 'Tuyến 32 đi vòng qua Giải Phóng';
    let alertId = '';
    let item: Locator;

    const feed = async (): Promise<FeedJson> => {
      const res = await callServer(server, 'GET', '/api/v1/transit/gtfs-rt/service-alerts?format=json', token);
      assert.equal(res.status, 200, res.text);
      return JSON.parse(res.text) as FeedJson;
    };

    before(async () => {
      server = await startCentre(driver, { AUTH_ADMIN_PASSWORD: ADMIN_PASSWORD });
      token = await loginAdmin(server, ADMIN_PASSWORD);
      const res = await fetch(`${server.url}/api/v1/transit/feeds`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/zip' },
        body: new Uint8Array(route32Feed()),
      });
      assert.equal(res.status, 201, await res.text());
      browser = await launchChromium();
      page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${server.url}/transit`);
      await page.fill('input[name=username]', 'admin');
      await page.fill('input[name=password]', ADMIN_PASSWORD);
      await page.click('button[type=submit]');
      await page.locator('form.alert-form').waitFor();
      item = page.locator('.alert-list li', { hasText: HEADER });
    });

    after(async () => {
      await browser?.close();
      await stopCentre(server);
    });

    it('writes a draft about route 32 and a stop found by its name typed without diacritics', async () => {
      const form = page.locator('form.alert-form');
      await form.locator('select[name=routes]').selectOption({ label: '32 (Giáp Bát – Nhổn)' });
      await form.getByRole('searchbox').fill('giap bat');
      await form
        .getByRole('list', { name: 'Điểm dừng tìm thấy' })
        .getByRole('button', { name: 'Bến xe Giáp Bát (GB01)' })
        .click();
      await form.getByRole('list', { name: 'Điểm dừng đã chọn' }).getByText('Bến xe Giáp Bát (GB01)').waitFor();
      // Cause and effect are picked by their words, not GTFS-Realtime's names.
      await form.getByLabel('Nguyên nhân').selectOption({ label: 'Thi công đường' });
      await form.getByLabel('Ảnh hưởng').selectOption({ label: 'Đi vòng' });
      assert.equal(await form.locator('input[name=start]').getAttribute('placeholder'), 'dd/mm/yyyy HH:mm');
      await form.locator('input[name=start]').fill(hanoiText(start));
      await form.locator('input[name=end]').fill(hanoiText(end));
      await form.locator('input[name=headerVi]').fill(HEADER);
      await form.locator('input[name=headerEn]').fill('Route 32 detours via Giải Phóng');
      await form.getByRole('button', { name: 'Lưu bản nháp (hành khách chưa thấy)' }).click();

      await item.waitFor();
      assert.equal(await item.getAttribute('data-state'), 'draft');
      alertId = (await item.getAttribute('data-alert')) ?? '';
      const text = await until('the stop named in the list', async () => {
        const shown = await item.innerText();
        return shown.includes('Bến xe Giáp Bát') ? shown : undefined;
      });
      assert.match(text, /Tuyến 32 \(Giáp Bát – Nhổn\)/);
      assert.match(text, /Điểm dừng Bến xe Giáp Bát \(GB01\)/);
      assert.match(text, /Thi công đường · Đi vòng/);
      assert.doesNotMatch(text, /CONSTRUCTION|DETOUR|S_GB|HNB_32/);
      assert.ok(!(await feed()).entity?.some((e) => e.id === alertId), 'a draft is not in the feed');
      // A draft nobody saw is deleted, not withdrawn.
      assert.equal(await item.getByRole('button', { name: 'Xoá bản nháp' }).count(), 1);
      assert.equal(await item.getByRole('button', { name: 'Thu hồi' }).count(), 0);
      await page.screenshot({ path: `${SHOTS}/${driver}-transit-alert-draft.png`, fullPage: true });
    });

    it('opens the draft again as it was written and publishes it: riders see it, the feed carries it', async () => {
      await item.getByRole('button', { name: 'Mở bản nháp' }).click();
      const form = page.locator(`form.alert-form[data-editing="${alertId}"]`);
      await form.waitFor();
      assert.equal(await form.locator('input[name=start]').inputValue(), hanoiText(start));
      assert.equal(await form.locator('input[name=end]').inputValue(), hanoiText(end));
      assert.equal(await form.locator('input[name=headerVi]').inputValue(), HEADER);
      await form.getByRole('list', { name: 'Điểm dừng đã chọn' }).getByText('Bến xe Giáp Bát (GB01)').waitFor();
      await form.getByRole('button', { name: 'Đăng' }).click();
      await until('the alert in force', async () => (await item.getAttribute('data-state')) === 'active');
      // Riders saw it: withdrawn, never deleted.
      assert.equal(await item.getByRole('button', { name: 'Xoá bản nháp' }).count(), 0);
      assert.equal(await item.getByRole('button', { name: 'Thu hồi' }).count(), 1);
      assert.equal(await page.locator('form.alert-form[data-editing]').count(), 0, 'the form is new again');

      // The feed is rebuilt at most every 5 s.
      const entity = await until('the published alert in the ServiceAlerts feed', async () =>
        (await feed()).entity?.find((e) => e.id === alertId),
      );
      assert.ok(entity.alert, 'an alert');
      assert.equal(entity.alert.cause, 'CONSTRUCTION');
      assert.equal(entity.alert.effect, 'DETOUR');
      assert.deepEqual((entity.alert.informedEntity ?? []).map((e) => e.routeId ?? e.stopId).sort(), [
        'HNB_32',
        'S_GB',
      ]);
      assert.equal(Number(entity.alert.activePeriod?.[0]?.end) * 1000, end);

      const rider = await page.context().newPage();
      await rider.goto(`${server.url}/rider`);
      await rider.locator('.alerts .alert', { hasText: HEADER }).waitFor();
      await rider.close();
    });

    it('moves the end of the published alert later, and the feed follows', async () => {
      await item.getByRole('button', { name: 'Sửa' }).click();
      const form = page.locator(`form.alert-form[data-editing="${alertId}"]`);
      await form.waitFor();
      assert.equal(await form.getByRole('button', { name: /Lưu bản nháp/ }).count(), 0, 'a published alert stays so');
      await form.locator('input[name=end]').fill(hanoiText(later));
      await form.getByRole('button', { name: 'Lưu thay đổi' }).click();
      await until('the new end in the feed', async () => {
        const entity = (await feed()).entity?.find((e) => e.id === alertId);
        return Number(entity?.alert?.activePeriod?.[0]?.end) * 1000 === later;
      });
      const res = await callServer(server, 'GET', `/api/v1/transit/alerts/${alertId}`, token);
      const alert = JSON.parse(res.text) as { version: number; status: string };
      assert.equal(alert.version, 3);
      assert.equal(alert.status, 'published');
      // The list says the new end in the reader's language, on Hanoi's clock.
      const shownEnd = new Date(later).toLocaleString('vi-VN', {
        timeZone: 'Asia/Ho_Chi_Minh',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      });
      await until('the new end in the list', async () => (await item.innerText()).includes(shownEnd));
    });

    it('reads in English too, and is withdrawn: gone from the list and the feed, still readable', async () => {
      await page.getByRole('button', { name: 'Switch to English' }).click();
      const english = page.locator('.alert-list li', { hasText: 'Route 32 detours via Giải Phóng' });
      const text = await until('the alert in English', async () => {
        const shown = await english.innerText().catch(() => '');
        return /Roadworks/.test(shown) ? shown : undefined;
      });
      assert.match(text, /Route 32 \(Giáp Bát – Nhổn\); Stop Bến xe Giáp Bát \(GB01\)/);
      assert.match(text, /Roadworks · Detour/);
      assert.match(text, /in force/);
      await english.getByRole('button', { name: 'Withdraw' }).click();
      await until('the alert off the list', async () => (await english.count()) === 0);
      await until(
        'the withdrawn alert off the feed',
        async () => !(await feed()).entity?.some((e) => e.id === alertId),
      );
      const res = await callServer(server, 'GET', `/api/v1/transit/alerts/${alertId}`, token);
      assert.equal((JSON.parse(res.text) as { state: string }).state, 'withdrawn');
      assert.deepEqual(errors, []);
    });

    it('deletes a draft written by mistake: gone from the list and the server, the act audited', async () => {
      const written = await callServer(server, 'POST', '/api/v1/transit/alerts', token, {
        status: 'draft',
        informedEntities: [{ routeId: 'HNB_32' }],
        header: { vi: 'Bản nháp nhầm', en: 'A draft written by mistake' },
      });
      assert.equal(written.status, 201, written.text);
      const id = (JSON.parse(written.text) as { id: string }).id;
      await page.reload();
      const draft = page.locator(`.alert-list li[data-alert="${id}"]`);
      await draft.waitFor();
      assert.equal(await draft.getAttribute('data-state'), 'draft');
      await draft.getByRole('button', { name: 'Delete draft' }).click();
      await until('the draft off the list', async () => (await draft.count()) === 0);
      assert.equal((await callServer(server, 'GET', `/api/v1/transit/alerts/${id}`, token)).status, 404);
      const audit = await until('the deletion in the audit trail', async () => {
        const res = await callServer(server, 'GET', `/api/v1/audit?target=${id}`, token);
        const items = (JSON.parse(res.text) as { items: { action: string; outcome: number }[] }).items;
        return items.find((r) => r.action === 'DELETE /api/v1/transit/alerts/:id');
      });
      assert.equal(audit.outcome, 204);
      assert.deepEqual(errors, []);
    });
  });
}
