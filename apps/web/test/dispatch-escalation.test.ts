import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DRIVERS, skipReason } from '../../server/test/support/databases.js';
import { callServer, loginAdmin, type RunningServer } from '../../server/test/support/process.js';
import { launchChromium } from './chromium.js';
import { SHOTS, startCentre, stopCentre, untilWithin } from './centre.js';

// The trial's false alarm: the nearest engine sent by hand before the run card is no escalation (no line
// in the incident, no alarm banner). A dispatcher's escalation says who and why; the centre's own says
// which lines of the run card it found no unit for. In English and in Vietnamese.

const ADMIN_PASSWORD = 'dispatch-escalation-test-password';
const WAIT_MS = 90_000;
const until = untilWithin(WAIT_MS);
const HOAN_KIEM: [number, number] = [105.8522, 21.0287];
const REASON = 'Cháy lan sang nhà bên cạnh, cần thêm xe';

for (const driver of DRIVERS) {
  const skip = process.env['THANGLONG_TEST_SKIP_BROWSER'] ?? skipReason(driver);
  describe(`escalation in the dispatcher console in Chromium [${driver}]`, skip ? { skip } : {}, () => {
    let server: RunningServer;
    let browser: Browser;
    let token: string;
    const pageErrors: string[] = [];

    const api = async <T>(method: 'GET' | 'POST', path: string, body?: unknown) => {
      const res = await callServer(server, method, path, token, body);
      assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${res.text}`);
      return JSON.parse(res.text || 'null') as T;
    };
    const logCall = async (typeCode: string, location: [number, number]) =>
      (
        await api<{ incident: { id: string } }>('POST', '/api/v1/emergency/calls', {
          phone: '0912000333',
          text: 'Tai nạn, có người bị thương',
          typeCode,
          location,
        })
      ).incident.id;
    const alarmsOf = (id: string) =>
      api<{ alarms: unknown[] }>(
        'GET',
        `/api/v1/alarms?state=all&source=${encodeURIComponent(`urn:ngsi-ld:EmergencyIncident:${id}`)}`,
      );

    /** A console in a language, signed in, on an incident. */
    const open = async (language: 'en' | 'vi', incident: string): Promise<{ context: BrowserContext; page: Page }> => {
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      const page = await context.newPage();
      page.setDefaultTimeout(WAIT_MS);
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await page.addInitScript((l) => localStorage.setItem('thanglong.language', l), language);
      await page.goto(`${server.url}/dispatch?incident=${incident}`);
      await page.fill('input[name=username]', 'admin');
      await page.fill('input[name=password]', ADMIN_PASSWORD);
      await page.click('button[type=submit]');
      await page.locator('.incident-detail').waitFor();
      return { context, page };
    };

    before(async () => {
      server = await startCentre(driver, { AUTH_ADMIN_PASSWORD: ADMIN_PASSWORD, DEMO: 'off' });
      token = await loginAdmin(server, ADMIN_PASSWORD);
      await api('POST', '/api/v1/emergency/stations', {
        id: 'esc-hk',
        name: 'Trạm thử Hoàn Kiếm',
        agency: 'fire',
        location: [105.8489, 21.0262],
      });
      const units = [
        { id: 'esc-e1', callSign: 'ESC-E1', kind: 'fire_engine', agency: 'fire', capabilities: ['engine'] },
        { id: 'esc-e2', callSign: 'ESC-E2', kind: 'fire_engine', agency: 'fire', capabilities: ['engine'] },
        { id: 'esc-a1', callSign: 'ESC-A1', kind: 'ambulance', agency: 'medical', capabilities: ['als', 'bls'] },
        { id: 'esc-p1', callSign: 'ESC-P1', kind: 'police_patrol', agency: 'police', capabilities: ['patrol'] },
      ];
      for (const u of units) await api('POST', '/api/v1/emergency/units', { ...u, stationId: 'esc-hk', crew: 4 });
      browser = await launchChromium();
    });

    after(async () => {
      await browser?.close();
      await stopCentre(server);
    });

    it("sends an engine by hand with no escalation, then says a dispatcher's escalation by who and why", async () => {
      const crash = await logCall('TRAFFICINJ', HOAN_KIEM);
      const { context, page } = await open('en', crash);
      // The nearest engine first, by hand; the ambulance and the patrol are free for the rest of the run card.
      await page.locator('input[name=manual-unit]').focus();
      await page.keyboard.type('esc e1');
      await until('the engine alone offered', async () => {
        const offered = await page.locator('#manual-units [role=option]').allTextContents();
        return offered.length === 1 && offered[0]!.includes('ESC-E1');
      });
      await page.keyboard.press('Enter');
      await page.locator('.manual-picked [data-picked=ESC-E1]').waitFor();
      await page.keyboard.press('Enter');
      await page.locator('.incident-detail .assigned [data-unit=ESC-E1]').waitFor();
      await page.locator('.timeline [data-kind=unit_dispatched]').waitFor();
      // The dispatch and any escalation are one transaction: what the server holds now is final.
      const { incident } = await api<{ incident: { escalatedAt?: string } }>(
        'GET',
        `/api/v1/emergency/incidents/${crash}`,
      );
      assert.equal(incident.escalatedAt, undefined, 'not escalated');
      assert.deepEqual((await alarmsOf(crash)).alarms, [], 'no alarm raised');
      assert.equal(await page.locator('.incident-detail [data-escalated]').count(), 0, 'no escalation line');
      assert.equal(await page.locator('.timeline [data-kind=escalation]').count(), 0);
      assert.equal(await page.locator('.critical-banner').count(), 0, 'no alarm banner');

      // The dispatcher escalates: the line says who and why, and the alarm's banner comes (as it would have).
      await api('POST', `/api/v1/emergency/incidents/${crash}/escalate`, { reason: REASON });
      const line = page.locator('.incident-detail [data-escalated]');
      await line.waitFor();
      assert.equal(await line.textContent(), `Escalated by admin: ${REASON}`);
      await page.locator('.critical-banner').waitFor();
      // The run card covered: a dispatcher's escalation is theirs, it stays.
      await api('POST', `/api/v1/emergency/incidents/${crash}/dispatch`, { unitIds: ['esc-a1', 'esc-p1'] });
      await page.locator('.incident-detail .assigned [data-unit=ESC-P1]').waitFor();
      assert.equal(await line.textContent(), `Escalated by admin: ${REASON}`);
      await page.screenshot({ path: `${SHOTS}/${driver}-dispatch-escalated-by-hand.png` });
      await context.close();

      const vi = await open('vi', crash);
      const said = vi.page.locator('.incident-detail [data-escalated]');
      await said.waitFor();
      assert.equal(await said.textContent(), `admin đã báo cấp trên: ${REASON}`);
      await vi.context.close();
      assert.deepEqual(pageErrors, []);
    });

    it('says which lines of the run card the centre found no unit for', async () => {
      // The ambulance and the patrol are on the first crash: nobody is free for the second one's lines.
      const second = await logCall('TRAFFICINJ', [HOAN_KIEM[0] + 0.01, HOAN_KIEM[1]]);
      await api('POST', `/api/v1/emergency/incidents/${second}/dispatch`, { unitIds: ['esc-e2'] });
      for (const [language, words] of [
        ['en', 'Escalated: no unit available for 1 × advanced life support/basic life support, 1 × patrol.'],
        ['vi', 'Đã báo cấp trên: không có lực lượng sẵn sàng cho 1 × hồi sức nâng cao/sơ cứu cơ bản, 1 × tuần tra.'],
      ] as const) {
        const { context, page } = await open(language, second);
        const line = page.locator('.incident-detail [data-escalated]');
        await line.waitFor();
        assert.equal(await line.textContent(), words);
        await context.close();
      }
      assert.deepEqual(pageErrors, []);
    });
  });
}
