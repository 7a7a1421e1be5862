import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Browser, type Locator, type Page } from 'playwright-core';
import { simulatedStart } from '../../server/src/platform/hanoi-time.js';
import { DRIVERS, skipReason } from '../../server/test/support/databases.js';
import { callServer, loginAdmin, type RunningServer } from '../../server/test/support/process.js';
import { launchChromium } from './chromium.js';
import { SHOTS, startCentre, stopCentre, untilWithin } from './centre.js';

// The inspector as an operator uses it (run by inspector.test.ts and inspector-phone.test.ts): the demo city's server process, the built page, Chromium on a
// desktop (in Vietnamese) and on a 390 × 844 phone (in English). A bus reads as its route and trip with
// its direction in words and its next stop; a river gauge charts its level in metres against its
// warning and danger levels; a chart reads a value and its date out on hover and from the keyboard,
// and turns into a table.

const ADMIN_PASSWORD = 'inspector-test-password';
const MORNING = simulatedStart('08:00', Date.now() - 3600_000).toISOString();
const WAIT_MS = 120_000;
const DRIVER_NOISE = /GL Driver Message|GPU stall|WebGL/;
const FAILED_LOAD = /^Failed to load resource/;

interface Rendered {
  readonly id: string;
  readonly coordinates: [number, number];
}

const until = untilWithin(WAIT_MS);

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

/**
 * Clicks a feature of a layer where the map itself is under the pointer (not a panel over it), and
 * resolves with the inspector it opened on an entity of the type asked for.
 */
async function openFromMap(
  page: Page,
  layer: string,
  type: string,
  { zoomTo, among }: { zoomTo?: number; among?: readonly string[] } = {},
): Promise<Locator> {
  return until(`an inspector on a ${type}`, async () => {
    const candidates = (await rendered(page, layer)).filter((f) => !among || among.includes(f.id));
    for (const f of candidates.slice(0, 8)) {
      // A site that does not move can be brought to the middle of the map and zoomed to, alone there.
      if (zoomTo !== undefined) {
        await page.evaluate(([c, zoom]) => window.__thanglongMap?.jumpTo({ center: c, zoom }), [
          f.coordinates,
          zoomTo,
        ] as const);
        await until('the site drawn', async () => (await rendered(page, layer)).some((r) => r.id === f.id), 10_000);
      }
      const point = await page.evaluate((c) => {
        const map = window.__thanglongMap;
        if (!map) return undefined;
        const p = map.project(c);
        const box = map.getCanvas().getBoundingClientRect();
        const x = box.left + p.x;
        const y = box.top + p.y;
        return document.elementFromPoint(x, y) === map.getCanvas() ? { x, y } : undefined;
      }, f.coordinates);
      if (!point) continue;
      await page.mouse.click(point.x, point.y);
      const inspector = page.locator(`.inspector[data-entity^="urn:ngsi-ld:${type}:"]`);
      if (
        await inspector.waitFor({ timeout: 3000 }).then(
          () => true,
          () => false,
        )
      )
        return inspector;
      // Something else was under the pointer (a bus over a gauge): close it and try the next.
      if ((await page.locator('.inspector').count()) > 0) {
        await page.keyboard.press('Escape');
        await page.locator('.inspector').waitFor({ state: 'detached' });
      }
    }
    return undefined;
  });
}

interface Words {
  readonly lang: 'vi' | 'en';
  readonly title: RegExp;
  readonly device: RegExp;
  readonly direction: string;
  readonly heading: RegExp;
  readonly nextStop: string;
  readonly warning: RegExp;
  readonly danger: RegExp;
  readonly showTable: string;
  readonly showChart: string;
  readonly timeColumn: string;
  readonly readout: RegExp;
  readonly close: string;
}

const VI: Words = {
  lang: 'vi',
  title: /^Tuyến \S+ · chuyến đi .+, xuất bến \d\d:\d\d$/,
  device: /^Thiết bị \S+ · mã chuyến (\S+)$/,
  direction: 'Hướng đi',
  heading: /^hướng (Bắc|Đông Bắc|Đông|Đông Nam|Nam|Tây Nam|Tây|Tây Bắc)$/,
  nextStop: 'Điểm dừng tiếp theo',
  warning: /^Mức báo động [\d,]+ m$/,
  danger: /^Mức nguy hiểm [\d,]+ m$/,
  showTable: 'Xem dạng bảng',
  showChart: 'Xem dạng biểu đồ',
  timeColumn: 'Thời điểm (giờ Hà Nội)',
  readout: /^[\d,.]+ m lúc \d\d:\d\d,? \d\d\/\d\d\/\d{4}$/,
  close: 'Đóng',
};

const EN: Words = {
  lang: 'en',
  title: /^Route \S+ · trip to .+, departed \d\d:\d\d$/,
  device: /^Device \S+ · trip code (\S+)$/,
  direction: 'Direction',
  heading: /^heading (north|north-east|east|south-east|south|south-west|west|north-west)$/,
  nextStop: 'Next stop',
  warning: /^Warning level [\d.]+ m$/,
  danger: /^Danger level [\d.]+ m$/,
  showTable: 'Show as table',
  showChart: 'Show as chart',
  timeColumn: 'Time (Hanoi)',
  readout: /^[\d.,]+ m at \d\d\/\d\d\/\d{4},? \d\d:\d\d$/,
  close: 'Close',
};

export interface Viewport {
  readonly name: 'desktop' | 'phone';
  readonly width: number;
  readonly height: number;
  readonly words: Words;
}
export const DESKTOP_VI: Viewport = { name: 'desktop', width: 1280, height: 800, words: VI };
export const PHONE_EN: Viewport = { name: 'phone', width: 390, height: 844, words: EN };

/** The inspector's browser tests on one viewport, on each database (one file per viewport: each gets its own time). */
export function describeInspector(viewport: Viewport): void {
  for (const driver of DRIVERS) {
    const skip = process.env['THANGLONG_TEST_SKIP_BROWSER'] ?? skipReason(driver);
    describe(`the inspector in Chromium on a ${viewport.name} [${driver}]`, skip ? { skip } : {}, () => {
      let server: RunningServer;
      let browser: Browser;
      let token: string;

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

      {
        const w = viewport.words;
        describe(`on a ${viewport.name} (${viewport.width}×${viewport.height}, ${w.lang})`, () => {
          let page: Page;
          const errors: string[] = [];
          const shot = (name: string) =>
            page.screenshot({ path: `${SHOTS}/${driver}-inspector-${viewport.name}-${name}.png` });

          before(async () => {
            page = await browser.newPage({ viewport: { width: viewport.width, height: viewport.height } });
            await page.addInitScript((lang) => localStorage.setItem('thanglong.language', lang), w.lang);
            page.on('console', (m) => {
              // A failed request is reported below with its address (the console does not say which).
              if (m.type() === 'error' && !DRIVER_NOISE.test(m.text()) && !FAILED_LOAD.test(m.text()))
                errors.push(m.text());
            });
            page.on('pageerror', (e) => errors.push(e.message));
            page.on('response', (r) => {
              // A bus whose trip has ended can leave while it is open: its entity is then gone.
              const gone = r.status() === 404 && r.url().includes('/entities/urn%3Angsi-ld%3AVehicle%3A');
              if (r.status() >= 400 && !gone) errors.push(`${r.status()} ${r.url()}`);
            });
            await page.goto(server.url);
            await page.fill('input[name=username]', 'admin');
            await page.fill('input[name=password]', ADMIN_PASSWORD);
            await page.click('button[type=submit]');
            await until('the map is ready', () =>
              page.evaluate(() => !!window.__thanglongMap?.getLayer('buses-points')),
            );
          });
          after(() => page?.close());

          it('shows a bus by its route and trip, its direction in words and its next stop', async () => {
            await until('buses drawn', async () => (await rendered(page, 'buses-points')).length > 0, 4 * WAIT_MS);
            const inspector = await openFromMap(page, 'buses-points', 'Vehicle');
            const title = inspector.getByRole('heading', { level: 2 });
            await until('the trip in words', async () => w.title.test(await title.innerText()));
            const device = (await inspector.locator('.bus-device').innerText()).trim();
            const code = w.device.exec(device)?.[1];
            assert.ok(code, `the device and its trip code stay available: "${device}"`);

            const fact = (term: string) =>
              inspector
                .locator('dl.facts > div')
                .filter({ has: page.getByText(term, { exact: true }) })
                .locator('dd');
            assert.match((await fact(w.direction).innerText()).trim(), w.heading);
            const next = await until('the next stop', async () => {
              const text = (await fact(w.nextStop).innerText({ timeout: 1000 })).trim();
              return text.length > 0 ? text : undefined;
            });
            // The stop it names is a stop of this trip, by name.
            const trip = JSON.parse(
              (await callServer(server, 'GET', `/api/v1/city/transit/trips/${code}`, token)).text,
            ) as {
              stops: { name: string }[];
              direction: { headsign: string };
            };
            assert.ok(
              trip.stops.some((s) => next.startsWith(s.name)) || /terminus|kết thúc/.test(next),
              `"${next}" is a stop of ${code}`,
            );
            assert.ok(
              (await title.innerText()).includes(trip.direction.headsign),
              '(await title.innerText()).includes(trip.direction.headsign)',
            );
            assert.doesNotMatch(await inspector.innerText(), /\d+\s*°/, 'no heading in degrees');
            await shot('bus');
            await page.keyboard.press('Escape');
            await inspector.waitFor({ state: 'detached' });
          });

          it("charts a river gauge's level in metres with its warning and danger levels drawn and labelled", async () => {
            await until('gauges drawn', async () => (await rendered(page, 'water-points')).length > 0);
            // Gauges with readings to chart (the demo logs their last day at start; slowly on a busy machine).
            const gauges = await until(
              'gauges with history',
              async () => {
                const found: string[] = [];
                for (const g of await rendered(page, 'water-points')) {
                  const res = await callServer(
                    server,
                    'GET',
                    `/ngsi-ld/v1/temporal/entities/${encodeURIComponent(g.id)}?attrs=waterLevel&lastN=2`,
                    token,
                  );
                  const levels = (JSON.parse(res.text) as { waterLevel?: unknown[] }).waterLevel;
                  if (Array.isArray(levels) && levels.length >= 2) found.push(g.id);
                }
                return found.length > 0 ? found : undefined;
              },
              3 * WAIT_MS,
            );
            const inspector = await openFromMap(page, 'water-points', 'WaterLevelObserved', {
              zoomTo: 16,
              among: gauges,
            });
            const chart = inspector.locator('svg.chart');
            await until(
              'a chart with readings',
              async () => Number(await chart.getAttribute('data-points', { timeout: 1000 })) >= 2,
              2 * WAIT_MS,
            );
            assert.equal(await chart.locator('.chart-unit').textContent(), 'm');
            assert.match((await chart.locator('g.chart-limit-warning text').textContent()) ?? '', w.warning);
            assert.match((await chart.locator('g.chart-limit-danger text').textContent()) ?? '', w.danger);
            // Danger above warning, both inside the drawing.
            const yOf = async (kind: string) =>
              Number(await chart.locator(`g.chart-limit-${kind} line`).getAttribute('y1'));
            assert.ok((await yOf('danger')) < (await yOf('warning')), "(await yOf('danger')) < (await yOf('warning'))");

            // Pointing at the chart reads a value with its unit, time and date out.
            await chart.hover();
            const readout = inspector.locator('.chart-readout');
            await until('a value on hover', async () => w.readout.test((await readout.innerText()).trim()));
            // So do the arrow keys, once the chart has the focus.
            await inspector.locator('.chart-focus').focus();
            await page.keyboard.press('Home');
            const first = (await readout.innerText()).trim();
            assert.match(first, w.readout);
            await page.keyboard.press('ArrowRight');
            assert.match((await readout.innerText()).trim(), w.readout);
            await shot('river');

            // The same readings as a table.
            await inspector.getByRole('button', { name: w.showTable }).click();
            const table = inspector.getByRole('table');
            await table.waitFor();
            assert.equal(await inspector.locator('svg.chart').count(), 0);
            await table.getByRole('columnheader', { name: w.timeColumn }).waitFor();
            const rows = await table.locator('tbody tr').count();
            assert.ok(rows >= 2, `${rows} rows`);
            assert.match(await table.locator('tbody tr').first().locator('th').innerText(), /\d\d\/\d\d\/\d{4}/);
            assert.match(await table.locator('tbody tr').first().locator('td').first().innerText(), / m$/);
            await shot('river-table');
            await inspector.getByRole('button', { name: w.showChart }).click();
            await inspector.locator('svg.chart').waitFor();
            await inspector.getByRole('button', { name: w.close }).click();
            await inspector.waitFor({ state: 'detached' });
            assert.deepEqual(errors, []);
          });
        });
      }
    });
  }
}
