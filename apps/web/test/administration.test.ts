import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DRIVERS, skipReason } from '../../server/test/support/databases.js';
import { callServer, loginAdmin, type RunningServer } from '../../server/test/support/process.js';
import { launchChromium } from './chromium.js';
import { SHOTS, startCentre, stopCentre, untilWithin } from './centre.js';

// Administration as an administrator and an operator do it, in Chromium on a desktop and a phone:
// accounts with a one-time password, API keys shown once and revoked, a device command, a public CAP
// warning written and cancelled, device search over every device, and an unknown address.

const ADMIN_PASSWORD = 'thang-long-control-room-2026';
const WAIT_MS = 60_000;
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const until = untilWithin(WAIT_MS);

async function logIn(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(url);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
}

for (const driver of DRIVERS) {
  const skip = process.env['THANGLONG_TEST_SKIP_BROWSER'] ?? skipReason(driver);
  describe(`administration in Chromium [${driver}]`, skip ? { skip } : {}, () => {
    let server: RunningServer;
    let browser: Browser;
    let token: string;
    const api = (method: string, path: string, body?: unknown, bearer = token) =>
      callServer(server, method, path, bearer, body);

    before(async () => {
      server = await startCentre(driver, {
        AUTH_ADMIN_PASSWORD: ADMIN_PASSWORD,
        MQTT_PORT: String(await freePort()),
        MQTT_HOST: '127.0.0.1',
      });
      token = await loginAdmin(server, ADMIN_PASSWORD);
      // 60 devices found by one search (two pages of 50), behind 20 others; one with a command.
      const devices = [
        ...Array.from({ length: 20 }, (_, i) => ({ device_id: `other-${i}`, entity_type: 'AirQualityObserved' })),
        ...Array.from({ length: 60 }, (_, i) => ({
          device_id: `tram-tim-${String(i).padStart(2, '0')}`,
          entity_type: 'NoiseLevelObserved',
        })),
        { device_id: 'den-giao-thong-1', entity_type: 'TrafficSignal', commands: [{ name: 'ring', type: 'command' }] },
      ].map((d) => ({ ...d, apikey: 'k-admin-test', protocol: 'IoTA-JSON', transport: 'MQTT' }));
      const created = await api('POST', '/iot/devices', { devices });
      assert.equal(created.status, 201, created.text);
      browser = await launchChromium();
    });

    after(async () => {
      await browser?.close();
      await stopCentre(server);
    });

    describe('desktop, in English', () => {
      let context: BrowserContext;
      let page: Page;
      const errors: string[] = [];

      before(async () => {
        context = await browser.newContext({ viewport: DESKTOP });
        await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
        await context.addInitScript(() => localStorage.setItem('thanglong.language', 'en'));
        page = await context.newPage();
        page.on('pageerror', (e) => errors.push(e.message));
        await logIn(page, server.url, 'admin', ADMIN_PASSWORD);
        await page.getByRole('button', { name: 'Log out' }).waitFor();
      });
      after(() => context?.close());

      const openTab = async (name: string) => {
        await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Administration' }).click();
        await page.getByRole('tab', { name }).click();
      };

      it('creates an API key whose secret is shown once with a copy button, then revokes it', async () => {
        await openTab('API keys');
        await page.fill('input[name=key-name]', 'aqi-gateway');
        await page.selectOption('select[name=key-role]', 'viewer');
        await page.getByRole('button', { name: 'Create key' }).click();
        const secret = (await page.locator('[data-secret]').innerText()).trim();
        assert.ok(secret.length > 20, secret);
        await page.getByRole('button', { name: 'Copy' }).click();
        await page.getByRole('button', { name: 'Copied' }).waitFor();
        assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret);
        assert.equal((await api('GET', '/api/v1/auth/me', undefined, secret)).status, 200);
        await page.screenshot({ path: `${SHOTS}/${driver}-admin-api-key.png` });
        // The list never shows the secret again: only its beginning.
        await openTab('Users and roles');
        await openTab('API keys');
        assert.equal(await page.locator('[data-secret]').count(), 0);
        const row = page.locator('tr[data-key="aqi-gateway"]');
        assert.ok(!(await row.innerText()).includes(secret), '!(await row.innerText()).includes(secret)');
        await row.getByRole('button', { name: 'Revoke' }).click();
        await row.getByRole('button', { name: 'Confirm: revoke' }).click();
        await row.getByText(/^Revoked /).waitFor();
        assert.equal((await api('GET', '/api/v1/auth/me', undefined, secret)).status, 401);
      });

      let oneTimePassword = '';
      it('creates a user with a one-time password and changes their role', async () => {
        await openTab('Users and roles');
        await page.fill('input[name=new-username]', 'lan.nguyen');
        await page.fill('input[name=new-display-name]', 'Nguyễn Thị Lan');
        await page.selectOption('select[name=new-role]', 'viewer');
        await page.getByRole('button', { name: 'Create user' }).click();
        await page.getByText('One-time password for lan.nguyen:').waitFor();
        oneTimePassword = (await page.locator('[data-secret]').innerText()).trim();
        const row = page.locator('tr[data-user="lan.nguyen"]');
        await row.getByText('Must change password').waitFor();
        await row.locator('select').selectOption('operator');
        await until('the role is changed on the server', async () => {
          const users = JSON.parse((await api('GET', '/api/v1/users')).text) as {
            items: { username: string; roles: string[] }[];
          };
          return users.items.find((u) => u.username === 'lan.nguyen')?.roles[0] === 'operator';
        });
      });

      it('sends a declared command to a device and shows the status it reports', async () => {
        await openTab('Device commands');
        await page.fill('input[name=command-device-search]', 'den-giao');
        await page.getByRole('button', { name: 'den-giao-thong-1' }).click();
        await page.selectOption('select[name=command]', 'ring');
        await page.getByRole('button', { name: 'Send command' }).click();
        const status = await until('the command is delivered', async () => {
          const s = await page.locator('[data-command-status]').getAttribute('data-command-status');
          return s === 'DELIVERED' || s === 'OK' ? s : undefined;
        });
        assert.ok(status, 'status');
        await page.getByText('Delivered to the device, awaiting its answer').waitFor();
      });

      it('writes a public CAP warning that appears in the public list, then cancels it and it goes', async () => {
        await openTab('Public warnings');
        const headline = 'Tràng Tiền street closed tonight';
        await page.fill('input[name=event-vi]', 'Đóng đường');
        await page.fill('input[name=event-en]', 'Road closure');
        await page.fill('input[name=headline-vi]', 'Cấm đường Tràng Tiền tối nay');
        await page.fill('input[name=headline-en]', headline);
        await page.fill('textarea[name=description-vi]', 'Đường Tràng Tiền cấm xe từ 19 giờ.');
        await page.fill('textarea[name=description-en]', 'Tràng Tiền is closed to traffic from 19:00.');
        await page.fill('input[name=area]', 'Phường Hoàn Kiếm');
        await page.fill('input[name=area-lat]', '21.0245');
        await page.fill('input[name=area-lon]', '105.8556');
        await page.fill('input[name=area-radiusKm]', '1');
        await page.selectOption('select[name=severity]', 'Severe');
        await page.getByRole('button', { name: 'Issue warning' }).click();
        await page.getByText(`Warning issued: ${headline}`).waitFor();
        const item = page.locator('.admin-warnings li').filter({ hasText: headline });
        await item.waitFor();
        const publicList = async () =>
          (
            JSON.parse((await callServer(server, 'GET', '/api/v1/warnings')).text) as {
              warnings: { headline: { en: string }; severity: string; area: { circle?: { radiusKm: number } } }[];
            }
          ).warnings.filter((w) => w.headline.en === headline);
        const listed = await publicList();
        assert.equal(listed.length, 1);
        assert.equal(listed[0]?.severity, 'Severe');
        assert.equal(listed[0]?.area.circle?.radiusKm, 1);
        await page.screenshot({ path: `${SHOTS}/${driver}-admin-warning.png` });
        await item.getByRole('button', { name: 'Cancel warning' }).click();
        await item.getByRole('button', { name: 'Confirm: cancel warning' }).click();
        await page.getByText(`Warning cancelled: ${headline}`).waitFor();
        await until('the warning leaves the list in force', async () => (await item.count()) === 0);
        assert.equal((await publicList()).length, 0);
      });

      it('searches every device on the server, counts the matches and ends the pages', async () => {
        await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Devices' }).click();
        await page.getByRole('searchbox').fill('TRAM-TIM');
        await page.getByText('60 devices match').waitFor();
        await until('the first page of matches', async () => (await page.locator('tr[data-device]').count()) === 50);
        const next = page.getByRole('button', { name: 'Next page' });
        assert.equal(await next.isEnabled(), true);
        await next.click();
        await until('the second page', async () => (await page.locator('tr[data-device]').count()) === 10);
        await page.locator('tr[data-device="tram-tim-59"]').waitFor();
        assert.equal(await next.isDisabled(), true);
        await page.getByRole('searchbox').fill('no-such-device');
        await page.getByText('No device matches.').waitFor();
        assert.equal(await next.isDisabled(), true);
      });

      it("opens an unknown address on the app's not-found page, with a way home", async () => {
        const res = await page.goto(`${server.url}/bao-cao-cu`);
        assert.equal(res?.status(), 404);
        await page.getByRole('heading', { name: 'Page not found' }).waitFor();
        await page.getByRole('link', { name: 'Back to the city map' }).click();
        await page.getByRole('link', { name: 'Map', exact: true }).and(page.locator('[aria-current=page]')).waitFor();
        assert.equal(new URL(page.url()).pathname, '/');
      });

      it('logs in the new user with the one-time password, makes them choose their own, and they work', async () => {
        await page.getByRole('button', { name: 'Log out' }).click();
        await logIn(page, server.url, 'lan.nguyen', oneTimePassword);
        await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
        await page.fill('input[name=new-password]', 'hoan kiem lake at dawn 2026');
        await page.fill('input[name=repeat-password]', 'hoan kiem lake at dawn 2026');
        await page.getByRole('button', { name: 'Save and continue' }).click();
        await page.getByRole('button', { name: 'Log out' }).waitFor();
        // An operator administers devices and warnings, not accounts or keys.
        await page.getByRole('link', { name: 'Administration' }).click();
        await page.getByRole('tab', { name: 'Public warnings' }).waitFor();
        assert.equal(await page.getByRole('tab', { name: 'API keys' }).count(), 0);
        // Their own password, from their name in the header.
        await page.getByRole('link', { name: 'lan.nguyen' }).click();
        await page.fill('input[name=current-password]', 'hoan kiem lake at dawn 2026');
        await page.fill('input[name=new-password]', 'west lake lotus in summer');
        await page.fill('input[name=repeat-password]', 'west lake lotus in summer');
        await page.getByRole('button', { name: 'Save and continue' }).click();
        await page.getByText('Your password has been changed.', { exact: false }).waitFor();
        const login = await callServer(server, 'POST', '/api/v1/auth/login', undefined, {
          username: 'lan.nguyen',
          password: 'west lake lotus in summer',
        });
        assert.equal(login.status, 200);
        assert.deepEqual(errors, []);
      });
    });

    describe('phone (390x844), in Vietnamese', () => {
      let context: BrowserContext;
      let page: Page;

      before(async () => {
        context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
        page = await context.newPage();
        await logIn(page, server.url, 'admin', ADMIN_PASSWORD);
        await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
      });
      after(() => context?.close());

      it('creates an API key and shows its secret and copy button within the screen', async () => {
        await page.getByRole('link', { name: 'Quản trị' }).click();
        await page.getByRole('tab', { name: 'Khóa API' }).click();
        await page.fill('input[name=key-name]', 'tram-quan-trac');
        await page.getByRole('button', { name: 'Tạo khóa' }).click();
        const secret = page.locator('[data-secret]');
        await secret.waitFor();
        for (const shown of [secret, page.getByRole('button', { name: 'Sao chép' })]) {
          await shown.scrollIntoViewIfNeeded();
          const box = await shown.boundingBox();
          assert.ok(
            box && box.x >= 0 && box.x + box.width <= PHONE.width + 1,
            `within the screen: ${JSON.stringify(box)}`,
          );
        }
        await page.screenshot({ path: `${SHOTS}/${driver}-admin-phone.png` });
      });

      it('shows "page not found" in Vietnamese for an unknown address', async () => {
        await page.goto(`${server.url}/khong-co-trang-nay`);
        await page.getByRole('heading', { name: 'Không tìm thấy trang' }).waitFor();
        await page.getByRole('link', { name: 'Về bản đồ thành phố' }).waitFor();
      });
    });
  });
}
