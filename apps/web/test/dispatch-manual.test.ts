import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page, Route } from 'playwright-core';
import { DRIVERS, skipReason } from '../../server/test/support/databases.js';
import { callServer, loginAdmin, type RunningServer } from '../../server/test/support/process.js';
import { launchChromium } from './chromium.js';
import { SHOTS, startCentre, stopCentre, untilWithin } from './centre.js';

// When the recommendations do not come (a loaded road search), the dispatcher still sends units: by
// hand, any free unit by its call sign, with the keyboard, through the same dispatch (a unit taken is
// still refused). The slow read is waited for, with the time it has taken, not given up. And the
// leaders' report prints every row of its table.

const ADMIN_PASSWORD = 'dispatch-manual-test-password';
const WAIT_MS = 90_000;
const until = untilWithin(WAIT_MS);
const HOAN_KIEM: [number, number] = [105.8522, 21.0287];
/** Incident types with an incident each: more rows than the report's table shows on a screen. */
const REPORT_ROWS = 24;

for (const driver of DRIVERS) {
  const skip = process.env['THANGLONG_TEST_SKIP_BROWSER'] ?? skipReason(driver);
  describe(`sending units by hand in Chromium [${driver}]`, skip ? { skip } : {}, () => {
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
    const logCall = async (location: [number, number], typeCode = 'STRFIRE') => {
      const res = await api<{ incident: { id: string } }>('POST', '/calls', {
        phone: '0912000222',
        text: 'Cháy nhà',
        typeCode,
        location,
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.incident.id;
    };

    /** Signs in when the page asks (each test may run alone). */
    const signIn = async () => {
      const name = page.locator('input[name=username]');
      await page.locator('input[name=username], .dispatch, .dispatch-report').first().waitFor();
      if (!(await name.isVisible())) return;
      await name.fill('admin');
      await page.fill('input[name=password]', ADMIN_PASSWORD);
      await page.click('button[type=submit]');
      await name.waitFor({ state: 'detached' });
    };

    before(async () => {
      server = await startCentre(driver, { AUTH_ADMIN_PASSWORD: ADMIN_PASSWORD, DEMO: 'off' });
      token = await loginAdmin(server, ADMIN_PASSWORD);
      await api('POST', '/stations', {
        id: 'hand-hk',
        name: 'Đội PCCC thử Hoàn Kiếm',
        agency: 'fire',
        location: [105.8489, 21.0262],
      });
      await api('POST', '/stations', {
        id: 'hand-police',
        name: 'Công an thử Hoàn Kiếm',
        agency: 'police',
        location: [105.852, 21.03],
      });
      const units = [
        { id: 'hand-e1', callSign: 'HAND-E1', kind: 'fire_engine', agency: 'fire', capabilities: ['engine'] },
        { id: 'hand-e2', callSign: 'HAND-E2', kind: 'fire_engine', agency: 'fire', capabilities: ['engine'] },
        { id: 'hand-p1', callSign: 'HAND-P1', kind: 'police_patrol', agency: 'police', capabilities: ['patrol'] },
        // Engines the tests of a race lost, of busy units and of the box's fit use.
        ...[3, 4, 5, 6, 7].map((n) => ({
          id: `hand-e${n}`,
          callSign: `HAND-E${n}`,
          kind: 'fire_engine',
          agency: 'fire',
          capabilities: ['engine'],
        })),
      ];
      for (const u of units) {
        const made = await api('POST', '/units', {
          ...u,
          stationId: u.agency === 'police' ? 'hand-police' : 'hand-hk',
          crew: 4,
        });
        assert.ok(made.status < 300, JSON.stringify(made.body));
      }
      incidentId = await logCall(HOAN_KIEM);
      browser = await launchChromium();
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      // The console's clock is the test's: a wait past any timeout shows without waiting for it.
      await context.clock.install();
      page = await context.newPage();
      page.setDefaultTimeout(WAIT_MS);
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await page.addInitScript(() => localStorage.setItem('thanglong.language', 'en'));
    });

    after(async () => {
      await browser?.close();
      await stopCentre(server);
    });

    it('waits for a slow recommendation, showing how long, and sends units by hand with the keyboard meanwhile', async () => {
      // The road search does not answer until the test lets it (a loaded server).
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      const aborted: string[] = [];
      await page.route(`**/incidents/${incidentId}/recommendations`, async (route: Route) => {
        await held;
        await route.continue().catch(() => undefined);
      });
      page.on('requestfailed', (r) => {
        if (r.url().includes('/recommendations')) aborted.push(r.failure()?.errorText ?? 'failed');
      });
      await page.goto(`${server.url}/dispatch?incident=${incidentId}`);
      await signIn();
      await page.locator('.dispatch').waitFor();
      const loading = page.locator('.incident-detail [data-recommend-loading]');
      await loading.waitFor();
      // Half a minute on: still waited for (not given up, no error), the wait shown, the manual path offered.
      await page.clock.fastForward(30_000);
      await until('the wait shown past 30 s', async () =>
        /0:(3\d|[4-5]\d)/.test((await loading.locator('[data-waited]').textContent()) ?? ''),
      );
      await page.locator('[data-recommend-slow]').waitFor();
      assert.equal(await page.locator('[data-recommend-error]').count(), 0, 'no "no recommendation" error');
      assert.deepEqual(aborted, [], 'the read under way was not given up');

      // By hand, keyboard only: the police patrol (not on a fire's run card: the dispatcher's call) and an engine.
      const box = page.locator('input[name=manual-unit]');
      await box.focus();
      await page.keyboard.type('p1');
      const suggestions = page.locator('#manual-units [role=option]');
      await until('the patrol suggested', async () => (await suggestions.allTextContents()).join().includes('HAND-P1'));
      await page.keyboard.press('ArrowDown');
      assert.equal(await page.locator('#manual-units [aria-selected=true]').getAttribute('data-unit'), 'HAND-P1');
      await page.keyboard.press('Enter');
      await page.locator('.manual-picked [data-picked=HAND-P1]').waitFor();
      // Dashes and case do not matter; the only match is taken with Enter.
      await page.keyboard.type('hand e1');
      await until('one engine suggested', async () => (await suggestions.count()) === 1);
      await page.keyboard.press('Enter');
      await page.locator('.manual-picked [data-picked=HAND-E1]').waitFor();
      await page.screenshot({ path: `${SHOTS}/${driver}-dispatch-by-hand.png` });
      // Enter in the empty box sends both.
      await page.keyboard.press('Enter');
      const assigned = page.locator('.incident-detail .assigned');
      await assigned.locator('[data-unit=HAND-P1]').waitFor();
      await assigned.locator('[data-unit=HAND-E1]').waitFor();
      for (const id of ['hand-p1', 'hand-e1']) {
        const u = await api<{ status: string; incidentId?: string }>('GET', `/units/${id}`);
        assert.equal(u.body.status, 'dispatched', id);
        assert.equal(u.body.incidentId, incidentId, id);
      }
      assert.match((await page.locator('[data-say=done]').textContent()) ?? '', /HAND-P1, HAND-E1/);
      assert.equal(await page.locator('.manual-picked').count(), 0, 'the picks are cleared once sent');
      // On the board the unit's card names its incident by the part that tells it apart, whole.
      const { body: shown } = await api<{ incident: { number: string } }>('GET', `/incidents/${incidentId}`);
      const onBoard = page.locator('.unit-board li[data-unit=HAND-P1] button');
      await until('the board shows the patrol on its incident', async () => (await onBoard.count()) === 1);
      const card = await onBoard.evaluate((el) => ({
        text: el.textContent ?? '',
        whole: el.scrollWidth <= el.clientWidth + 1,
      }));
      assert.equal(card.text, `#${shown.incident.number.split('-').pop()}`);
      assert.ok(card.whole, `the number is shown whole: ${card.text}`);

      // On scene, the engine is offered the statuses of an engine: never "transporting" a patient.
      for (const status of ['en_route', 'on_scene']) {
        const moved = await api('POST', '/units/hand-e1/status', { status });
        assert.equal(moved.status, 200, JSON.stringify(moved.body));
      }
      const offered = page.locator('select[name=status-hand-e1] option');
      await until('the engine on scene', async () => (await offered.allTextContents()).includes('Returning'));
      const values = await offered.evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
      assert.ok(!values.includes('transporting') && !values.includes('at_hospital'), values.join());

      // A unit sent is no longer offered but named with why (not "no match"), and the server still refuses
      // to send it twice.
      await box.focus();
      await page.keyboard.type('p1');
      const named = page.locator('#manual-units [data-busy-unit=HAND-P1]');
      await named.waitFor();
      assert.match((await named.textContent()) ?? '', /HAND-P1.*already sent to this incident · Dispatched/);
      assert.equal(await page.locator('#manual-units [data-unit]').count(), 0, 'nothing to take');
      await page.keyboard.press('Escape');
      const other = await logCall([HOAN_KIEM[0] + 0.01, HOAN_KIEM[1] + 0.01]);
      const twice = await api<{ code: string }>('POST', `/incidents/${other}/dispatch`, { unitIds: ['hand-p1'] });
      assert.equal(twice.status, 409);
      assert.equal(twice.body.code, 'EMERGENCY_UNIT_NOT_AVAILABLE');

      // The search answers at last: the recommendation is shown (the engine left), still nothing given up.
      release();
      await page
        .locator('.incident-detail .recommendations .candidates, .incident-detail [data-covered]')
        .first()
        .waitFor();
      assert.equal(await loading.count(), 0);
      assert.deepEqual(aborted, []);
      assert.deepEqual(pageErrors, []);
    });

    /** An incident here and another elsewhere, and the number of the other as dispatchers see it. */
    const twoIncidents = async (at: number) => {
      const mine = await logCall([HOAN_KIEM[0] - 0.01 * at, HOAN_KIEM[1] - 0.01]);
      const elsewhere = await logCall([HOAN_KIEM[0] + 0.01 * at, HOAN_KIEM[1] - 0.02]);
      const { body } = await api<{ incident: { number: string } }>('GET', `/incidents/${elsewhere}`);
      return { mine, elsewhere, number: body.incident.number };
    };
    const sendTo = async (incident: string, unit: string) => {
      const sent = await api('POST', `/incidents/${incident}/dispatch`, { unitIds: [unit] });
      assert.equal(sent.status, 200, JSON.stringify(sent.body));
    };
    const box = () => page.locator('input[name=manual-unit]');
    const busy = (callSign: string) => page.locator(`#manual-units [data-busy-unit=${callSign}]`);
    const freeOffered = () => page.locator('#manual-units [role=option]:not([aria-disabled=true])');
    const openIncident = async (id: string) => {
      await page.goto(`${server.url}/dispatch?incident=${id}`);
      await signIn();
      await box().waitFor();
    };

    it('says a unit picked by hand and taken first by another dispatcher, keeping what was typed to find it', async () => {
      const { mine, elsewhere, number } = await twoIncidents(2);
      await openIncident(mine);
      // Another dispatcher sends the engine picked here as this console's dispatch leaves: refused (409).
      await box().focus();
      await page.keyboard.type('hand e2');
      await until('the engine offered', async () => (await freeOffered().count()) === 1);
      await page.keyboard.press('Enter');
      await page.locator('.manual-picked [data-picked=HAND-E2]').waitFor();
      let raced = 0;
      await page.route(`**/incidents/${mine}/dispatch`, async (route: Route) => {
        if (raced++ === 0) await sendTo(elsewhere, 'hand-e2');
        await route.continue();
      });
      await page.keyboard.press('Enter');
      const lost = page.locator('.manual-dispatch [data-manual-lost=HAND-E2]');
      await lost.waitFor();
      // Said in the box, plainly, with the incident it went to once the board has been read again.
      await until('the incident named', async () => ((await lost.textContent()) ?? '').includes(`#${number}`));
      const said = (await lost.textContent()) ?? '';
      assert.match(
        said,
        /^Not dispatched: HAND-E2 was sent to incident #\S+ \(Dispatched\)\. Another dispatcher/,
        said,
      );
      assert.equal(await lost.getAttribute('role'), 'alert');
      assert.equal(await page.locator('[data-say=conflict]').count(), 0, 'said once, where the dispatcher is');
      // What was typed to find it is back, the dispatcher is in the box, and the engine shows where it went.
      assert.equal(await box().inputValue(), 'hand e2');
      await until('back in the box', async () => box().evaluate((el) => el === document.activeElement));
      await until('the engine named busy', async () => (await busy('HAND-E2').count()) === 1);
      assert.match((await busy('HAND-E2').textContent()) ?? '', new RegExp(`on incident #${number}`));
      assert.equal(await page.locator('button[name=manual-dispatch]').textContent(), 'Send 0 by hand');
      await page.screenshot({ path: `${SHOTS}/${driver}-dispatch-by-hand-taken.png` });
      await page.unroute(`**/incidents/${mine}/dispatch`);

      // Another is picked from there and sent; the word of the one taken goes.
      await box().fill('hand e5');
      await page.keyboard.press('Enter');
      await page.locator('.manual-picked [data-picked=HAND-E5]').waitFor();
      assert.equal(await lost.count(), 0);
      await page.keyboard.press('Enter');
      await page.locator('.incident-detail .assigned [data-unit=HAND-E5]').waitFor();

      // Taken elsewhere while only picked here (the board says it before any send): said too, not dropped in silence.
      await box().focus();
      await page.keyboard.type('hand e6');
      await until('the engine offered', async () => (await freeOffered().count()) === 1);
      await page.keyboard.press('Enter');
      await page.locator('.manual-picked [data-picked=HAND-E6]').waitFor();
      await sendTo(elsewhere, 'hand-e6');
      const dropped = page.locator('.manual-dispatch [data-manual-lost=HAND-E6]');
      await until('the pick taken elsewhere said', async () =>
        ((await dropped.textContent().catch(() => '')) ?? '').includes(`#${number}`),
      );
      assert.equal(await box().inputValue(), 'hand e6');
      assert.equal(await page.locator('.manual-picked').count(), 0);
      assert.deepEqual(pageErrors, []);
    });

    it('names a busy unit typed with where it is and its status, not "no match"', async () => {
      const { mine, elsewhere, number } = await twoIncidents(3);
      await sendTo(elsewhere, 'hand-e3');
      await sendTo(mine, 'hand-e4');
      await openIncident(mine);
      await box().fill('hand-e3');
      await until('the busy engine named', async () => (await busy('HAND-E3').count()) === 1);
      assert.match((await busy('HAND-E3').textContent()) ?? '', new RegExp(`on incident #${number} · Dispatched`));
      assert.equal(await freeOffered().count(), 0);
      assert.equal(await page.locator('[data-manual-none]').count(), 0, 'not said to match nothing');
      // It cannot be taken.
      await box().press('Enter');
      assert.equal(await page.locator('.manual-picked').count(), 0, 'a busy unit is not taken');
      await box().fill('hand e4');
      await until('the engine sent here named', async () => (await busy('HAND-E4').count()) === 1);
      assert.match((await busy('HAND-E4').textContent()) ?? '', /already sent to this incident · Dispatched/);
      // A unit out of service is named so.
      const off = await api('POST', '/units/hand-e7/status', { status: 'out_of_service' });
      assert.equal(off.status, 200, JSON.stringify(off.body));
      await box().fill('hand e7');
      await until('the engine out of service named', async () =>
        /not free · Out of service/.test(
          (await busy('HAND-E7')
            .textContent()
            .catch(() => '')) ?? '',
        ),
      );
      const back = await api('POST', '/units/hand-e7/status', { status: 'available' });
      assert.equal(back.status, 200, JSON.stringify(back.body));
      // Nothing of the kind: said so.
      await box().fill('hand-e9');
      await page.locator('[data-manual-none]').waitFor();
      await box().fill('');
      assert.deepEqual(pageErrors, []);
    });

    it("fits the box's placeholder and button whole in a laptop's panel and on a phone", async () => {
      const incident = await logCall([HOAN_KIEM[0] - 0.02, HOAN_KIEM[1] + 0.01]);
      await openIncident(incident);
      const measure = () =>
        page.evaluate(() => {
          const input = document.querySelector('input[name=manual-unit]') as HTMLInputElement;
          const button = document.querySelector('button[name=manual-dispatch]') as HTMLButtonElement;
          const panel = document.querySelector('.dispatch-right') as HTMLElement;
          const style = getComputedStyle(input);
          const pen = document.createElement('canvas').getContext('2d') as CanvasRenderingContext2D;
          pen.font = style.font;
          const b = button.getBoundingClientRect();
          const i = input.getBoundingClientRect();
          const p = panel.getBoundingClientRect();
          // The panel's inside, without its border and scroll bar.
          const left = p.left + panel.clientLeft;
          const right = left + panel.clientWidth;
          return {
            placeholder: input.placeholder,
            needs: Math.ceil(pen.measureText(input.placeholder).width),
            room: Math.floor(input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)),
            button: button.textContent ?? '',
            // Its words on one line, none cut off.
            buttonWhole: button.scrollWidth <= button.clientWidth && b.height <= i.height + 1,
            inside: b.left >= left - 0.5 && b.right <= right + 0.5 && i.left >= left - 0.5 && i.right <= right + 0.5,
          };
        });
      const language = page.locator('header button.link', { hasText: /^(Tiếng Việt|English)$/ });
      const checked: string[] = [];
      for (const [width, height] of [
        [1366, 768],
        [390, 844],
      ] as const) {
        await page.setViewportSize({ width, height });
        // With no unit picked and with one ("Send 1 by hand"), in the words of each language.
        for (const picks of [0, 1]) {
          if (picks === 1) {
            await box().fill('hand e7');
            await box().press('Enter');
            await page.locator('.manual-picked [data-picked=HAND-E7]').waitFor();
          }
          for (const words of ['en', 'vi']) {
            const fit = await measure();
            const where = `${width} px, ${picks} picked, ${words}`;
            assert.ok(fit.needs <= fit.room, `${where}: "${fit.placeholder}" needs ${fit.needs} px, has ${fit.room}`);
            assert.ok(fit.buttonWhole && fit.inside, `${where}: "${fit.button}" ${JSON.stringify(fit)}`);
            checked.push(`${where}: ${fit.needs}/${fit.room} px`);
            await language.click();
          }
        }
        await box().scrollIntoViewIfNeeded();
        await page.locator('.manual-dispatch').screenshot({ path: `${SHOTS}/${driver}-dispatch-by-hand-${width}.png` });
        await box().focus();
        await page.keyboard.press('Backspace');
        await page.locator('.manual-picked').waitFor({ state: 'detached' });
      }
      await page.setViewportSize({ width: 1366, height: 768 });
      assert.equal(checked.length, 8, checked.join('; '));
      assert.deepEqual(pageErrors, []);
    });

    it('prints every row of the response-time report, none clipped by a scroll box', async () => {
      const { body } = await api<{ types: { code: string }[] }>('GET', '/incident-types');
      const codes = body.types.map((t) => t.code).slice(0, REPORT_ROWS);
      assert.equal(codes.length, REPORT_ROWS, 'the common list has enough types');
      for (const [i, code] of codes.entries()) {
        await logCall([HOAN_KIEM[0] + 0.002 * (i % 6), HOAN_KIEM[1] - 0.002 * Math.floor(i / 6)], code);
      }
      await page.goto(`${server.url}/dispatch/report`);
      await signIn();
      const rows = page.locator('.interval-table tbody tr');
      await until('a row per type and the city', async () => (await rows.count()) >= REPORT_ROWS + 1);
      const last = rows.last();
      // On a screen the table scrolls in its box (so the printed check below can fail).
      const scrolls = await page
        .locator('.dispatch-report .data-table-scroll')
        .evaluate((el) => el.scrollHeight > el.clientHeight + 1);
      assert.ok(scrolls, 'on screen the table is taller than its box');
      await page.emulateMedia({ media: 'print' });
      const clipped = await last.evaluate((row) => {
        const bottom = row.getBoundingClientRect().bottom;
        const out: string[] = [];
        for (let el = row.parentElement; el && el !== document.documentElement; el = el.parentElement) {
          const style = getComputedStyle(el);
          if (
            style.overflowY !== 'visible' &&
            (el.scrollHeight > el.clientHeight + 1 || bottom > el.getBoundingClientRect().bottom + 1)
          )
            out.push(`${el.tagName}.${el.className} (${style.overflowY}, ${el.clientHeight}/${el.scrollHeight})`);
        }
        return out;
      });
      assert.deepEqual(clipped, [], 'no box clips the last row in print');
      // Headed with the full date and time it was printed (the year and the month's name, not "13:56 07-12").
      const header = (await page.locator('.dispatch-report .print-only').textContent()) ?? '';
      assert.match(header, new RegExp(`${new Date().getUTCFullYear()}`), header);
      assert.match(
        header,
        /January|February|March|April|May|June|July|August|September|October|November|December/,
        header,
      );
      const pdf = await page.pdf({ format: 'A4', landscape: true }).catch(() => null);
      if (pdf) assert.ok(pdf.length > 1000, 'a PDF is made');
      await page.emulateMedia({ media: 'screen' });
      assert.deepEqual(pageErrors, []);
    });
  });
}
