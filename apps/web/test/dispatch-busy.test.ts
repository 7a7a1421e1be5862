import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page, Response } from 'playwright-core';
import { DRIVERS, skipReason } from '../../server/test/support/databases.js';
import { callServer, loginAdmin, type RunningServer } from '../../server/test/support/process.js';
import { launchChromium } from './chromium.js';
import { SHOTS, startCentre, stopCentre, untilWithin } from './centre.js';

// A busy dispatcher's console on a laptop (1366×768, in Vietnamese), in Chromium against the real
// server with a small allowance of road searches: the unit board's headings are whole, and when the
// server refuses a search (429) the console keeps the recommendation it had, marked with its time,
// and asks again only when allowed.

const ADMIN_PASSWORD = 'dispatch-busy-test-password';
/** Road searches an account may ask a minute, here: a few, so the test meets the limit quickly. */
const SEARCHES = 5;
const WAIT_MS = 120_000;
const until = untilWithin(WAIT_MS);
const HOAN_KIEM: [number, number] = [105.8522, 21.0287];
const STATUS_WORDS_VI: Record<string, string> = {
  available: 'Sẵn sàng',
  dispatched: 'Đã điều động',
  en_route: 'Đang đến',
  on_scene: 'Tại hiện trường',
  transporting: 'Đang chở bệnh nhân',
  at_hospital: 'Tại bệnh viện',
  returning: 'Đang về',
  out_of_service: 'Ngừng hoạt động',
};

for (const driver of DRIVERS) {
  const skip = process.env['THANGLONG_TEST_SKIP_BROWSER'] ?? skipReason(driver);
  describe(`a busy dispatcher console in Chromium [${driver}]`, skip ? { skip } : {}, () => {
    let server: RunningServer;
    let browser: Browser;
    let token: string;
    let page: Page;
    let incidentId: string;
    const pageErrors: string[] = [];

    const api = async <T>(method: 'GET' | 'POST', path: string, body?: unknown) => {
      const res = await callServer(server, method, `/api/v1/emergency${path}`, token, body);
      return { status: res.status, body: JSON.parse(res.text || 'null') as T };
    };
    const logCall = async (location: [number, number]) => {
      const res = await api<{ incident: { id: string } }>('POST', '/calls', {
        phone: '0912000111',
        text: 'Cháy nhà',
        typeCode: 'STRFIRE',
        location,
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.incident.id;
    };

    before(async () => {
      server = await startCentre(driver, {
        AUTH_ADMIN_PASSWORD: ADMIN_PASSWORD,
        DEMO: 'off',
        EMERGENCY_SEARCHES_PER_MINUTE: String(SEARCHES),
      });
      token = await loginAdmin(server, ADMIN_PASSWORD);
      await api('POST', '/stations', {
        id: 'busy-hk',
        name: 'Đội PCCC thử Hoàn Kiếm',
        agency: 'fire',
        location: [105.8489, 21.0262],
      });
      for (const id of ['busy-e1', 'busy-e2']) {
        const made = await api('POST', '/units', {
          id,
          callSign: id.toUpperCase(),
          kind: 'fire_engine',
          agency: 'fire',
          capabilities: ['engine'],
          stationId: 'busy-hk',
          crew: 4,
        });
        assert.ok(made.status < 300, JSON.stringify(made.body));
      }
      incidentId = await logCall(HOAN_KIEM);
      browser = await launchChromium();
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      page = await context.newPage();
      page.setDefaultTimeout(WAIT_MS);
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await page.addInitScript(() => localStorage.setItem('thanglong.language', 'vi'));
      await page.goto(`${server.url}/dispatch?incident=${incidentId}`);
      await page.fill('input[name=username]', 'admin');
      await page.fill('input[name=password]', ADMIN_PASSWORD);
      await page.click('button[type=submit]');
      await page.locator('.dispatch').waitFor();
    });

    after(async () => {
      await browser?.close();
      await stopCentre(server);
    });

    it('shows every Vietnamese status heading of the unit board whole, and no word broken, at 1366×768', async () => {
      await page.locator('.unit-board [data-board-status=available] h3').waitFor();
      const heads = await page.locator('.unit-board .board-column').evaluateAll((columns) =>
        columns.map((column) => {
          const h3 = column.querySelector('h3') as HTMLElement;
          const words = h3.querySelector('.board-status') as HTMLElement;
          const count = h3.querySelector('.board-count') as HTMLElement;
          const box = h3.getBoundingClientRect();
          // A word broken across lines ("TRƯỜN / G") has its letters on more than one line.
          const text = words.firstChild as Text;
          const broken: string[] = [];
          for (const m of (text.textContent ?? '').matchAll(/\S+/g)) {
            const range = document.createRange();
            range.setStart(text, m.index ?? 0);
            range.setEnd(text, (m.index ?? 0) + m[0].length);
            const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
            if (tops.size > 1) broken.push(m[0]);
          }
          return {
            broken,
            status: (column as HTMLElement).dataset['boardStatus'] ?? '',
            text: words.textContent ?? '',
            cut: words.scrollWidth > words.clientWidth + 1 || h3.scrollWidth > h3.clientWidth + 1,
            countInside: count.getBoundingClientRect().right <= box.right + 1,
          };
        }),
      );
      assert.equal(heads.length, 8, 'a column for each status');
      for (const head of heads) {
        assert.equal(head.text, STATUS_WORDS_VI[head.status], `the ${head.status} heading in Vietnamese`);
        assert.ok(!head.cut, `the ${head.status} heading "${head.text}" is shown whole`);
        assert.deepEqual(head.broken, [], `the ${head.status} heading "${head.text}" breaks only between words`);
        assert.ok(head.countInside, `the ${head.status} count is in its column`);
      }
      await page.screenshot({ path: `${SHOTS}/${driver}-dispatch-board-1366.png` });
    });

    it('keeps the last recommendation, marked with its time, when the searches run out, and refreshes it when allowed', async () => {
      const candidates = page.locator('.incident-detail .recommendations .candidates li');
      await until('the two engines recommended', async () => (await candidates.count()) === 2);
      const asked: { at: number; status: number; retryAfter: number }[] = [];
      const sentAt: number[] = [];
      page.on('request', (r) => {
        if (r.url().includes(`/incidents/${incidentId}/recommendations`)) sentAt.push(Date.now());
      });
      page.on('response', (r: Response) => {
        if (r.url().includes(`/incidents/${incidentId}/recommendations`)) {
          asked.push({ at: Date.now(), status: r.status(), retryAfter: Number(r.headers()['retry-after'] ?? 0) });
        }
      });
      // The same account spends the rest of its allowance on other incidents (each a search of its own).
      for (let i = 0; ; i++) {
        const other = await logCall([HOAN_KIEM[0] + 0.001 * (i + 1), HOAN_KIEM[1]]);
        const res = await api('GET', `/incidents/${other}/recommendations`);
        if (res.status === 429) break;
        assert.equal(res.status, 200, JSON.stringify(res.body));
        assert.ok(i < SEARCHES, 'the allowance runs out');
      }
      // A unit goes out of service: the console reads again, and is refused.
      const out = await api('POST', '/units/busy-e2/status', { status: 'out_of_service' });
      assert.equal(out.status, 200, JSON.stringify(out.body));
      const held = page.locator('[data-recommendation-held]');
      await held.waitFor();
      assert.match((await held.textContent()) ?? '', /Đề xuất lúc \d{2}:\d{2}:\d{2}/, 'the time of the one shown');
      assert.equal(await candidates.count(), 2, 'the last recommendation is still shown');
      await page.screenshot({ path: `${SHOTS}/${driver}-dispatch-held.png` });

      // When allowed, the console asks again by itself: the unit out of service is no longer offered.
      await until('the recommendation refreshed', async () => (await candidates.count()) === 1, 90_000);
      await held.waitFor({ state: 'detached' });
      assert.match((await candidates.first().textContent()) ?? '', /BUSY-E1/);
      const refused = asked.find((a) => a.status === 429);
      assert.ok(
        refused && refused.retryAfter > 0,
        `the console was refused, told when to retry: ${JSON.stringify(asked)}`,
      );
      // A read already on its way when the refusal came is not the console's fault; one sent after it is.
      const next = sentAt.find((at) => at > refused.at);
      assert.ok(next, 'and asked again');
      assert.ok(
        next >= refused.at + refused.retryAfter * 1000 - 1000,
        `not before it was allowed: ${JSON.stringify({ asked, sentAt })}`,
      );
      assert.deepEqual(pageErrors, []);
    });

    it('never logs a call on Enter, and shows an open incident at the place before logging a new one', async () => {
      const count = async () =>
        (await api<{ incidents: unknown[] }>('GET', '/incidents?status=all')).body.incidents.length;
      const { body } = await api<{ places: { label: string; location: [number, number] }[] }>(
        'GET',
        `/places?q=${encodeURIComponent('hang bac')}`,
      );
      const street = body.places[0] as { label: string; location: [number, number] };
      // A fire already open there, logged by another dispatcher.
      const open = await logCall(street.location);
      const before = await count();
      // The duplicates check answers slowly, as on a busy server (the answer itself is the server's).
      await page.route('**/api/v1/emergency/duplicates?*', async (route) => {
        await new Promise((r) => setTimeout(r, 1500));
        await route.continue();
      });
      await page.keyboard.press('F2');
      await page.keyboard.type('0912333444');
      await page.fill('input[name=type-search]', 'STRFIRE');
      await page.press('input[name=type-search]', 'Enter');
      // Enter at once after typing, before any suggestion came: the first suggestion is taken when it
      // comes, and nothing is logged.
      await page.fill('input[name=address]', 'hang bac');
      await page.press('input[name=address]', 'Enter');
      await until(
        'the first suggestion taken',
        async () => (await page.inputValue('input[name=address]')) === street.label,
      );
      assert.equal(await count(), before, 'Enter logged nothing');
      // Ctrl+Enter while the check for open incidents runs: it waits, shows the fire, and logs nothing.
      await page.press('input[name=address]', 'Control+Enter');
      const number = (await api<{ incident: { number: string } }>('GET', `/incidents/${open}`)).body.incident.number;
      await page.locator(`.call-form .duplicates li[data-duplicate="${number}"]`).waitFor();
      const shown = await page.locator('.call-form .duplicates').boundingBox();
      assert.ok(shown && shown.y >= 0 && shown.y + Math.min(shown.height, 80) <= 768, 'the open incidents are in view');
      assert.equal(await count(), before, 'no new incident while an open one is proposed');
      await page.unroute('**/api/v1/emergency/duplicates?*');
      // The dispatcher decides: a second Ctrl+Enter makes a new incident.
      await page.press('input[name=address]', 'Control+Enter');
      await until('the call logged', async () =>
        /Đã ghi cuộc gọi/.test((await page.locator('[data-notice]').textContent()) ?? ''),
      );
      assert.equal(await count(), before + 1);
      assert.deepEqual(pageErrors, []);
    });
  });
}
