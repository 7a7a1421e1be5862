import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page, Route } from 'playwright-core';
import { createTestDatabase, DRIVERS, skipReason, type Driver } from '../../server/test/support/databases.js';
import { callServer, loginAdmin, startServer, type RunningServer } from '../../server/test/support/process.js';
import { launchChromium } from './chromium.js';
import { SHOTS, stopCentre, untilWithin, WEB_DIST } from './centre.js';

// What a dispatcher met taking calls cold on a laptop (1366×768), in Chromium against the real server:
// typed coordinates taken by Ctrl+Enter, the call's keys working from the map, the open incident
// proposed in view, a full hospital still offered (marked), a call sign found by the part said on the
// radio, units sent shown sent at once, a transfer with its own reason and only to another agency, and
// the unit board's headings whole in English.

const ADMIN_PASSWORD = 'dispatch-keys-test-password';
const WAIT_MS = 90_000;
const until = untilWithin(WAIT_MS);
const OUTSIDE_CITY = '10.7769, 106.7009';
const HOSPITALS = [
  { id: 'keys-open', name: 'Bệnh viện thử Còn Giường', at: [105.8466, 21.0283], beds: 6 },
  { id: 'keys-full', name: 'Bệnh viện thử Hết Giường', at: [105.8488, 21.0241], beds: 4 },
] as const;

/** The server on a fresh database with two hospitals near the lake (only the demo tells hospitals otherwise). */
async function startWithHospitals(driver: Driver): Promise<RunningServer> {
  assert.ok(existsSync(`${WEB_DIST}index.html`), 'the web app is not built: npm run build --workspace apps/web');
  mkdirSync(SHOTS, { recursive: true });
  const t = await createTestDatabase(driver);
  for (const h of HOSPITALS) {
    await t.db.query(
      `INSERT INTO emergency_hospital (tenant, id, name, lon, lat, beds_free, capabilities)
       VALUES ('', $1, $2, $3, $4, $5, $6)`,
      [h.id, h.name, h.at[0], h.at[1], h.beds, ['emergency', 'general', 'trauma']],
    );
  }
  await t.db.close();
  const where: Record<string, string> = t.url ? { DATABASE_URL: t.url } : { DATA_DIR: dirname(t.dataDir as string) };
  return startServer({
    WEB_DIST,
    AUTH_ADMIN_PASSWORD: ADMIN_PASSWORD,
    DEMO: 'off',
    ...where,
  });
}

for (const driver of DRIVERS) {
  const skip = process.env['THANGLONG_TEST_SKIP_BROWSER'] ?? skipReason(driver);
  describe(`a dispatcher's keys and panels at 1366×768 in Chromium [${driver}]`, skip ? { skip } : {}, () => {
    let server: RunningServer;
    let browser: Browser;
    let token: string;
    let page: Page;
    const pageErrors: string[] = [];

    const api = async <T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) => {
      const res = await callServer(server, method, `/api/v1/emergency${path}`, token, body);
      return { status: res.status, body: JSON.parse(res.text || 'null') as T };
    };
    const logCall = async (location: readonly [number, number], typeCode = 'STRFIRE') => {
      const res = await api<{ incident: { id: string; number: string } }>('POST', '/calls', {
        phone: '0912000333',
        text: 'Gọi thử',
        typeCode,
        location,
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.incident;
    };
    const count = async () =>
      (await api<{ incidents: unknown[] }>('GET', '/incidents?status=all&limit=500')).body.incidents.length;
    const notice = () => page.locator('[data-notice]');
    const logged = async (what: string) => {
      await until(what, async () => /Call logged: incident #/.test((await notice().textContent()) ?? ''));
      return /#(\S+)\./.exec((await notice().textContent()) ?? '')?.[1] as string;
    };
    /** F2, a phone number and a type: a call being taken. */
    const newCall = async (typeCode: string) => {
      await page.keyboard.press('F2');
      await page.keyboard.type('0912444555');
      await page.fill('input[name=type-search]', typeCode);
      await page.press('input[name=type-search]', 'Enter');
      await until(`the type ${typeCode}`, async () => (await page.inputValue('select[name=type]')) === typeCode);
    };
    const openIncident = async (id: string) => {
      await page.goto(`${server.url}/dispatch?incident=${id}`);
      await page.locator('.incident-detail').waitFor();
    };
    /** A click on the map where a point is (at zoom 15: about 4.5 m a pixel). */
    const clickMap = async (at: readonly [number, number], offsetPx = 0) => {
      const canvas = page.locator('.dispatch-map-area canvas').first();
      const xy = await page.evaluate(
        ([lon, lat]) => {
          const map = window.__thanglongMap;
          if (!map) throw new Error('no map');
          if (map.getZoom() < 15) map.jumpTo({ center: [lon, lat], zoom: 15 });
          const p = map.project([lon, lat]);
          return { x: p.x, y: p.y };
        },
        [at[0], at[1]] as const,
      );
      await canvas.click({ position: { x: xy.x + offsetPx, y: xy.y } });
    };

    before(async () => {
      server = await startWithHospitals(driver);
      token = await loginAdmin(server, ADMIN_PASSWORD);
      for (const s of [
        { id: 'keys-fire', name: 'Đội PCCC thử', agency: 'fire', location: [105.8489, 21.0262] },
        { id: 'keys-115', name: 'Trạm 115 thử', agency: 'medical', location: [105.8466, 21.0283] },
        { id: 'keys-police', name: 'Công an thử', agency: 'police', location: [105.852, 21.03] },
      ]) {
        const made = await api('POST', '/stations', s);
        assert.ok(made.status < 300, JSON.stringify(made.body));
      }
      // Call signs as the city's: a station's number, then the unit.
      const units = [
        { id: 'keys-e1', callSign: 'CH-05-E1', kind: 'fire_engine', agency: 'fire', capabilities: ['engine'] },
        { id: 'keys-e2', callSign: 'CH-05-E2', kind: 'fire_engine', agency: 'fire', capabilities: ['engine'] },
        { id: 'keys-e3', callSign: 'CH-07-E1', kind: 'fire_engine', agency: 'fire', capabilities: ['engine'] },
        { id: 'keys-a1', callSign: '115-06-A1', kind: 'ambulance', agency: 'medical', capabilities: ['als', 'bls'] },
        { id: 'keys-p1', callSign: 'CS-02-P1', kind: 'police_patrol', agency: 'police', capabilities: ['patrol'] },
      ];
      for (const u of units) {
        const station = u.agency === 'fire' ? 'keys-fire' : u.agency === 'medical' ? 'keys-115' : 'keys-police';
        const made = await api('POST', '/units', { ...u, stationId: station, crew: 3 });
        assert.ok(made.status < 300, JSON.stringify(made.body));
      }
      browser = await launchChromium();
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      page = await context.newPage();
      page.setDefaultTimeout(WAIT_MS);
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await page.addInitScript(() => localStorage.setItem('thanglong.language', 'en'));
      await page.goto(`${server.url}/dispatch`);
      await page.fill('input[name=username]', 'admin');
      await page.fill('input[name=password]', ADMIN_PASSWORD);
      await page.click('button[type=submit]');
      await page.locator('.dispatch').waitFor();
    });

    after(async () => {
      await browser?.close();
      await stopCentre(server);
    });

    it('takes coordinates typed and Ctrl+Enter at once, checking the open incidents there first', async () => {
      // A crash already open where the second caller is.
      const open = await logCall([105.8412, 21.0245], 'TRAFFICINJ');
      const before = await count();
      await newCall('TRAFFICINJ');
      await page.fill('input[name=coordinates]', '21.0245, 105.8412');
      await page.press('input[name=coordinates]', 'Control+Enter');
      await page.locator(`.call-form .duplicates li[data-duplicate="${open.number}"]`).waitFor();
      assert.equal(await count(), before, 'the open incident is proposed, nothing logged');
      await page.press('input[name=coordinates]', 'Control+Enter');
      const number = await logged('the call logged as a new incident');
      assert.equal(await count(), before + 1);
      const { body } = await api<{ incidents: { number: string; location: [number, number] }[] }>(
        'GET',
        '/incidents?status=open&limit=500',
      );
      const made = body.incidents.find((i) => i.number === number);
      assert.ok(made, `incident ${number}`);
      assert.ok(
        Math.abs(made.location[0] - 105.8412) < 1e-6 && Math.abs(made.location[1] - 21.0245) < 1e-6,
        `placed where typed: ${made.location.join(', ')}`,
      );

      // Outside the city: said, and nothing logged.
      await newCall('TRAFFICINJ');
      await page.fill('input[name=coordinates]', OUTSIDE_CITY);
      await page.press('input[name=coordinates]', 'Control+Enter');
      await page.locator('.call-form .error').first().waitFor();
      assert.equal(await count(), before + 1, 'nothing logged outside the city');
      assert.deepEqual(pageErrors, []);
    });

    it('logs the call with Ctrl+Enter and links it with Alt+1 from the map, and only once from the form', async () => {
      const before = await count();
      // In the form: once.
      await newCall('STRFIRE');
      await page.fill('input[name=coordinates]', '21.0400, 105.8300');
      await page.press('input[name=coordinates]', 'Enter');
      await page.fill('textarea[name=call-text]', 'khói');
      await page.press('textarea[name=call-text]', 'Control+Enter');
      await logged('logged from the form');
      await until('the board read again', async () => (await count()) >= before + 1);
      assert.equal(await count(), before + 1, 'one incident for one Ctrl+Enter');

      // A pin on the map leaves the focus there: Ctrl+Enter there logs the call.
      const spot: [number, number] = [105.8585, 21.0195];
      await newCall('STRFIRE');
      await clickMap(spot);
      await until('the pin placed', async () =>
        /Ward|Street/.test((await page.locator('[data-place]').textContent()) ?? ''),
      );
      assert.ok(
        await page.evaluate(() => !document.activeElement?.closest('.call-form')),
        'the focus is out of the form',
      );
      await page.keyboard.press('Control+Enter');
      const first = await logged('logged from the map');
      assert.equal(await count(), before + 2);

      // A second caller there: the fire is proposed, and Alt+1 from the map links the call to it.
      await newCall('STRFIRE');
      await clickMap(spot, 25);
      await page.locator(`.call-form .duplicates li[data-duplicate="${first}"]`).waitFor();
      assert.ok(
        await page.evaluate(() => !document.activeElement?.closest('.call-form')),
        'the focus is still on the map',
      );
      await page.keyboard.press('Alt+1');
      await until('the call linked', async () =>
        ((await notice().textContent()) ?? '').includes(`Call linked to incident #${first}`),
      );
      assert.equal(await count(), before + 2, 'no new incident');
      assert.deepEqual(pageErrors, []);
    });

    it('shows the whole proposal of an open incident in view when an address is typed and Ctrl+Enter', async () => {
      const { body } = await api<{ places: { label: string; location: [number, number] }[] }>(
        'GET',
        `/places?q=${encodeURIComponent('ngo 12 hang bong')}`,
      );
      const place = body.places[0];
      assert.ok(place, 'the places know ngõ 12 Hàng Bông');
      const open = await logCall(place.location);
      await newCall('STRFIRE');
      await page.fill('textarea[name=call-text]', 'cháy nhà');
      await page.fill('input[name=address]', 'ngo 12 hang bong');
      // The dispatcher was looking at the top of the form (the phone, after F2).
      await page.evaluate(() => {
        for (let el = document.querySelector('.call-form'); el; el = el.parentElement) el.scrollTop = 0;
      });
      await page.press('input[name=address]', 'Control+Enter');
      const item = page.locator(`.call-form .duplicates li[data-duplicate="${open.number}"]`);
      await item.waitFor();
      const inView = async () => {
        const boxes = await Promise.all(
          [page.locator('.call-form .duplicates h3'), item, item.locator('button')].map((l) => l.boundingBox()),
        );
        return boxes.every((b) => b && b.y >= 0 && b.y + b.height <= 768) && boxes;
      };
      const boxes = await until('the heading, the incident and its button in view', inView, 10_000);
      assert.ok(boxes, 'in view');
      await page.screenshot({ path: `${SHOTS}/${driver}-dispatch-proposal-in-view.png` });
      await page.keyboard.press('Alt+1');
      await until('the call linked', async () =>
        ((await notice().textContent()) ?? '').includes(`Call linked to incident #${open.number}`),
      );
      assert.deepEqual(pageErrors, []);
    });

    it("shows a full hospital apart and marked, in the panel and in the ambulance's list, still to be chosen", async () => {
      const crash = await logCall([105.8475, 21.0265], 'TRAFFICINJ');
      const sent = await api('POST', `/incidents/${crash.id}/dispatch`, { unitIds: ['keys-a1'] });
      assert.equal(sent.status, 200, JSON.stringify(sent.body));
      const full = await api('PUT', '/hospitals/keys-full/beds', { bedsFree: 0 });
      assert.equal(full.status, 200, JSON.stringify(full.body));
      await openIncident(crash.id);
      const row = page.locator('.hospitals li[data-hospital=keys-full]');
      await row.waitFor();
      assert.match((await row.textContent()) ?? '', /full/i);
      assert.equal(await row.getAttribute('data-full'), 'true');
      await page.locator('.hospitals li[data-hospital=keys-open]').waitFor();
      const option = page.locator('select[name=hospital-keys-a1] optgroup[data-full] option[value=keys-full]');
      assert.match((await option.textContent()) ?? '', /Hết Giường · full/);
      await page.selectOption('select[name=hospital-keys-a1]', 'keys-full');
      await until('the full hospital assigned', async () => {
        const u = await api<{ hospitalId?: string }>('GET', '/units/keys-a1');
        return u.body.hospitalId === 'keys-full';
      });
      // In Vietnamese too.
      await page.locator('header button.link', { hasText: /^Tiếng Việt$/ }).click();
      await until('marked in Vietnamese', async () => /hết giường/i.test((await row.textContent()) ?? ''));
      await page.locator('header button.link', { hasText: /^English$/ }).click();
      assert.deepEqual(pageErrors, []);
    });

    it('finds a unit by the part of its call sign said on the radio, as its placeholder shows', async () => {
      const incident = await logCall([105.857, 21.031]);
      await openIncident(incident.id);
      const box = page.locator('input[name=manual-unit]');
      const placeholder = (await box.getAttribute('placeholder')) ?? '';
      const examples = placeholder.match(/[A-Z0-9]+(?:-[A-Z0-9]+)+|\b[A-Z]\d\b/g) ?? [];
      assert.ok(examples.length > 0, placeholder);
      const found = page.locator('#manual-units [role=option]');
      for (const words of [...examples, '05-e1', 'ch 05 e1']) {
        await box.fill(words);
        await until(`a unit found for "${words}"`, async () => (await found.count()) > 0, 10_000);
      }
      await box.fill('05-e1');
      await until('CH-05-E1 offered', async () => (await found.allTextContents()).some((t) => t.includes('CH-05-E1')));
      await box.fill('');
      assert.deepEqual(pageErrors, []);
    });

    it('shows the units sent as sent at once, before the recommendations are read again', async () => {
      const fire = await logCall([105.8495, 21.0268]);
      await openIncident(fire.id);
      const candidates = page.locator('.incident-detail .recommendations .candidates li');
      await until('engines recommended', async () => (await candidates.count()) > 0);
      const picked = await page
        .locator('.incident-detail .recommendations .candidates li:has(input:checked)')
        .evaluateAll((ls) => ls.map((l) => (l as HTMLElement).dataset['unit'] ?? ''));
      assert.ok(picked.length > 0, 'the run card picked');
      // The next reading of the recommendations waits until the test lets it.
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route(`**/incidents/${fire.id}/recommendations`, async (route: Route) => {
        await held;
        await route.continue().catch(() => undefined);
      });
      await page.locator('.incident-detail .recommendations').focus();
      await page.keyboard.press('d');
      await page.keyboard.press('Enter');
      await page.locator('[data-say=done]').waitFor();
      for (const unit of picked) {
        const li = page.locator(`.incident-detail .recommendations .candidates li[data-unit="${unit}"]`);
        await until(`${unit} shown sent`, async () => (await li.getAttribute('data-sent')) === 'true', 5_000);
        assert.match((await li.textContent()) ?? '', /Sent/);
        assert.ok(!(await li.locator('input').isChecked()), `${unit} is no longer a pick`);
      }
      assert.match((await page.locator('button[name=dispatch]').textContent()) ?? '', /\b0\b/);
      release();
      await page.unroute(`**/incidents/${fire.id}/recommendations`);
      // The recommendations read again confirm it: the units sent are no longer offered.
      for (const unit of picked) {
        await page
          .locator(`.incident-detail .recommendations .candidates li[data-unit="${unit}"]`)
          .waitFor({ state: 'detached' });
      }
      await page.locator(`.incident-detail .assigned [data-unit="${picked[0]}"]`).waitFor();
      assert.deepEqual(pageErrors, []);
    });

    it('gives a transfer its own reason, and never offers the agency already alone on the incident', async () => {
      // A gas leak is the fire service's alone.
      const fire = await logCall([105.853, 21.0335], 'GASLEAK');
      await openIncident(fire.id);
      const agencies = await page
        .locator('select[name=transfer-to] option')
        .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
      assert.ok(!agencies.includes('fire'), `a fire is not transferred to the fire service: ${agencies.join()}`);
      assert.ok(agencies.includes('police'), 'the police offered');
      // A reason written for an escalation is not the transfer's.
      await page.fill('input[name=reason]', 'thiếu xe thang');
      assert.equal(await page.inputValue('input[name=transfer-reason]'), '');
      await page.fill('input[name=accepted-by]', 'Trực ban Công an');
      assert.ok(await page.locator('button[name=transfer]').isDisabled(), 'a transfer needs its own reason');
      await page.selectOption('select[name=transfer-to]', 'police');
      await page.fill('input[name=transfer-reason]', 'nghi phóng hoả');
      await page.click('button[name=transfer]');
      await page.locator('[data-say=done]').waitFor();
      const { body } = await api<{ timeline: { kind: string; detail: Record<string, unknown> }[] }>(
        'GET',
        `/incidents/${fire.id}`,
      );
      const transfer = body.timeline.find((e) => e.kind === 'transfer');
      assert.equal(transfer?.detail['reason'], 'nghi phóng hoả');
      assert.equal(await page.inputValue('input[name=transfer-reason]'), '', 'cleared once done');
      assert.equal(await page.inputValue('input[name=reason]'), 'thiếu xe thang', "the escalation's stays its own");
      // Handed to the police: not offered again.
      await until('the police no longer offered', async () =>
        (
          await page
            .locator('select[name=transfer-to] option')
            .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))
        ).every((a) => a !== 'police'),
      );
      assert.deepEqual(pageErrors, []);
    });

    it('shows every status heading of the unit board whole, no word broken, in English and Vietnamese', async () => {
      const language = page.locator('header button.link', { hasText: /^(Tiếng Việt|English)$/ });
      const seen: string[] = [];
      for (const words of ['en', 'vi']) {
        await page.locator('.unit-board [data-board-status=available] h3').waitFor();
        if ((await page.evaluate(() => document.documentElement.lang)) !== words) await language.click();
        await until(
          `the page in ${words}`,
          async () => (await page.evaluate(() => document.documentElement.lang)) === words,
        );
        const heads = await page.locator('.unit-board .board-column').evaluateAll((columns) =>
          columns.map((column) => {
            const h3 = column.querySelector('h3') as HTMLElement;
            const status = h3.querySelector('.board-status') as HTMLElement;
            const text = status.firstChild as Text;
            const broken: string[] = [];
            for (const m of (text.textContent ?? '').matchAll(/\S+/g)) {
              const range = document.createRange();
              range.setStart(text, m.index ?? 0);
              range.setEnd(text, (m.index ?? 0) + m[0].length);
              if (new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1) broken.push(m[0]);
            }
            const box = h3.getBoundingClientRect();
            return {
              text: status.textContent ?? '',
              broken,
              cut: status.scrollWidth > status.clientWidth + 1 || h3.scrollWidth > h3.clientWidth + 1,
              inView:
                box.left >= 0 && box.right <= window.innerWidth && box.top >= 0 && box.bottom <= window.innerHeight,
            };
          }),
        );
        assert.equal(heads.length, 8);
        for (const head of heads) {
          assert.deepEqual(head.broken, [], `${words}: "${head.text}" breaks only between words`);
          assert.ok(!head.cut, `${words}: "${head.text}" is whole`);
          assert.ok(head.inView, `${words}: "${head.text}" is in view`);
          seen.push(head.text);
        }
        await page.locator('.unit-board').screenshot({ path: `${SHOTS}/${driver}-dispatch-board-${words}-1366.png` });
      }
      assert.ok(seen.includes('Transporting') || seen.includes('TRANSPORTING'), seen.join());
      assert.deepEqual(pageErrors, []);
    });
  });
}
