import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Browser, type Page } from 'playwright-core';
import { skipReason, type Driver } from '../../server/test/support/databases.js';
import { callServer, loginAdmin, type RunningServer } from '../../server/test/support/process.js';
import { simulatedStart } from '../../server/src/platform/hanoi-time.js';
import { launchChromium } from './chromium.js';
import { SHOTS, startCentre, stopCentre, untilWithin } from './centre.js';

// What the operator sees must be true: after the demo has run a simulated hour, the buses drawn are
// the buses the KPIs count, devices out of service are not offline, stale markers look stale, and
// the "Live" badge says when the stream is gone. The real server with the demo, the built page, Chromium.

const ADMIN_PASSWORD = 'true-picture-test-password';
const HOUR_MS = 3600_000;
// A simulated hour at 60× is a real minute; it starts an hour (and a little) before where the clock
// settles, then runs on at real time: what is counted then holds still long enough to compare. It
// settles at Hanoi's latest 14:00 (DEMO_LAG), so buses run whenever the test does (not at night).
const SPEED = 60;
const LAG_MS = Date.now() - simulatedStart('14:00').getTime();
const START = new Date(Date.now() - LAG_MS - HOUR_MS - 5 * 60_000);
const WAIT_MS = 240_000;

interface Drawn {
  readonly id: string;
  readonly stale: boolean;
  readonly idle: boolean;
}

/** What a layer draws right now, read from the map (features actually rendered), once per id. */
function drawn(page: Page, layer: string): Promise<Drawn[]> {
  return page.evaluate((id) => {
    const map = window.__thanglongMap;
    if (!map?.getLayer(id)) return [];
    const out = new Map<string, { id: string; stale: boolean; idle: boolean }>();
    for (const f of map.queryRenderedFeatures({ layers: [id] })) {
      const key = String(f.properties['id']);
      out.set(key, { id: key, stale: f.properties['stale'] === true, idle: f.properties['idle'] === true });
    }
    return [...out.values()];
  }, layer);
}

const until = untilWithin(WAIT_MS);

interface Kpis {
  devices: {
    total: number;
    offline: number;
    outOfService: number;
    sensors: { total: number; online: number; offline: number; never: number };
    vehicles: { total: number; inService: number; online: number; offline: number; outOfService: number };
  };
  buses: { inService: number };
}

/** The checks for one database; each database has its own test file, so each has the runner's time. */
export function truePicture(driver: Driver): void {
  const skip = process.env['THANGLONG_TEST_SKIP_BROWSER'] ?? skipReason(driver);
  // A loaded machine takes minutes to start the server and to take in the demo's backfill.
  describe(`a true picture of the city in Chromium [${driver}]`, skip ? { skip } : { timeout: 1_200_000 }, () => {
    let server: RunningServer;
    let browser: Browser;
    let page: Page;
    let token: string;
    const kpis = async () => JSON.parse((await callServer(server, 'GET', '/api/v1/kpis', token)).text) as Kpis;
    /** The newest bus report: the simulated clock as the server has heard it. */
    const busClock = async () => {
      const res = await callServer(server, 'GET', '/ngsi-ld/v1/entities?type=Vehicle&format=concise&limit=1000', token);
      const vehicles = JSON.parse(res.text) as { location?: { observedAt?: string } }[];
      return Math.max(0, ...vehicles.map((v) => Date.parse(v.location?.observedAt ?? '') || 0));
    };

    /** Which buses the map draws in service and the broker does not say are, and the other way round. */
    const differences = async (live: string[]) => {
      const res = await callServer(server, 'GET', '/ngsi-ld/v1/entities?type=Vehicle&format=concise&limit=1000', token);
      const vehicles = JSON.parse(res.text) as {
        id: string;
        serviceStatus?: { value?: string };
        location?: { observedAt?: string };
      }[];
      const at = (v: (typeof vehicles)[number]) => Date.parse(v.location?.observedAt ?? '') || 0;
      const newest = Math.max(0, ...vehicles.map(at));
      const said = (v: (typeof vehicles)[number]) => `${v.id} ${v.serviceStatus?.value} ${v.location?.observedAt}`;
      const inService = vehicles.filter(
        (v) => v.serviceStatus?.value !== 'outOfService' && at(v) >= newest - 5 * 60_000,
      );
      const drawnIds = new Set(live);
      const ids = new Set(inService.map((v) => v.id));
      const ghosts = vehicles.filter((v) => drawnIds.has(v.id) && !ids.has(v.id)).map(said);
      const missing = inService.filter((v) => !drawnIds.has(v.id)).map(said);
      let more = '';
      const ghost = vehicles.find((v) => drawnIds.has(v.id) && !ids.has(v.id));
      if (ghost) {
        // What the map holds of it, and what the broker's history says happened.
        const onMap = await page.evaluate((id) => {
          const f = window.__thanglongMap
            ?.queryRenderedFeatures({ layers: ['buses-points'] })
            .find((x) => x.properties['id'] === id);
          return JSON.stringify(f?.properties ?? {});
        }, ghost.id);
        const history = await callServer(
          server,
          'GET',
          `/ngsi-ld/v1/temporal/entities/${encodeURIComponent(ghost.id)}?attrs=serviceStatus&lastN=4&options=temporalValues`,
          token,
        );
        more = `; on the map ${onMap}; its serviceStatus history ${history.text}`;
      }
      const troubles = server
        .output()
        .split('\n')
        .filter((l) => /change log|passed over|event stream/.test(l))
        .slice(0, 5);
      return `; drawn, not in service: ${ghosts.slice(0, 5).join(', ') || 'none'}; in service, not drawn: ${missing.slice(0, 5).join(', ') || 'none'}${more}; the server on its stream: ${troubles.join(' | ') || 'nothing'}`;
    };

    before(async () => {
      server = await startCentre(driver, {
        AUTH_ADMIN_PASSWORD: ADMIN_PASSWORD,
        DEMO: 'on',
        DEMO_SPEED: String(SPEED),
        DEMO_START: START.toISOString(),
        DEMO_LAG: `${LAG_MS}ms`,
      });
      token = await loginAdmin(server, ADMIN_PASSWORD);
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(server.url);
      await page.fill('input[name=username]', 'admin');
      await page.fill('input[name=password]', ADMIN_PASSWORD);
      await page.click('button[type=submit]');
      await page.locator('.kpi-strip').waitFor();
      await until('the map is ready', () => page.evaluate(() => !!window.__thanglongMap?.getLayer('buses-points')));
      // The whole city in view: the map loads and draws what its view holds.
      await page.evaluate(() => window.__thanglongMap?.jumpTo({ center: [105.83, 21.02], zoom: 9 }));
    });

    after(async () => {
      await browser?.close();
      await stopCentre(server);
    });

    it('after a simulated hour, draws as many buses as the KPIs count in service, and no ghosts', async () => {
      let heard = 0;
      // The server has heard the present: the simulated hour is behind it and the count moves only as
      // buses really start and end trips, not as a backlog drains.
      await until(
        'a simulated hour, caught up with the present',
        async () => (heard = await busClock()) >= Date.now() - LAG_MS - 2 * 60_000,
        600_000,
      ).catch((err: Error) => {
        throw new Error(`${err.message}: the newest bus report is of ${new Date(heard).toISOString()}`);
      });
      let last = '';
      // The tile, the map and the server's figure are read together: each moves a little as buses
      // start and end their trips, so they are compared at one moment.
      const [markers, counted, figures] = await until('the buses drawn agree with the KPIs', async () => {
        const value = (await page.locator('[data-kpi=buses] .kpi-value').innerText()).replace(/\D/g, '');
        const buses = await drawn(page, 'buses-points');
        const k = await kpis();
        const live = buses.filter((b) => !b.idle).length;
        last = `${live} drawn, KPI tile ${value}, server ${k.buses.inService}`;
        if (live !== Number(value)) last += await differences(buses.filter((b) => !b.idle).map((b) => b.id));
        const agree =
          value !== '' &&
          live > 0 &&
          live === Number(value) &&
          Math.abs(k.buses.inService - live) <= Math.max(2, 0.05 * live);
        return agree ? ([buses, live, k] as const) : undefined;
      }).catch((err: Error) => {
        throw new Error(`${err.message}: ${last}`);
      });
      assert.equal(markers.length, counted, 'only buses in service are drawn');
      // One device per vehicle: a fleet, not a device per trip.
      assert.ok(figures.devices.vehicles.total < 400, `${figures.devices.vehicles.total} vehicles`);
      process.stdout.write(
        `# [${driver}] buses drawn ${counted}, KPI in service ${figures.buses.inService}; devices ${JSON.stringify(figures.devices)}\n`,
      );
      await page.screenshot({ path: `${SHOTS}/${driver}-true-picture-buses.png` });
    });

    it('counts vehicles out of service apart from offline: under 10 % offline with every sensor reporting', async () => {
      const figures = await until('every sensor reporting', async () => {
        const k = await kpis();
        return k.devices.sensors.online >= 0.95 * k.devices.sensors.total ? k : undefined;
      });
      const expected = figures.devices.total - figures.devices.outOfService;
      assert.ok(figures.devices.outOfService > 0, 'some vehicles are between trips');
      assert.ok(figures.devices.offline < 0.1 * expected, JSON.stringify(figures.devices));
      const detail = await page.locator('[data-kpi=devices] .kpi-detail').innerText();
      assert.match(detail, /\d+\/\d+/);
      await page.locator('.kpi-counted[data-counted-at]').waitFor();
    });

    it('shows buses out of service or silent on demand, hollow', async () => {
      await page.check('input[name=idle-buses]');
      const idle = await until('idle buses drawn', async () => {
        const buses = await drawn(page, 'buses-points');
        return buses.some((b) => b.idle) ? buses.filter((b) => b.idle) : undefined;
      });
      assert.ok(
        idle.every((b) => b.stale),
        'an idle bus has the stale look',
      );
      await page.uncheck('input[name=idle-buses]');
      await until('idle buses gone', async () => !(await drawn(page, 'buses-points')).some((b) => b.idle));
    });

    it('draws a station whose data stopped with the stale look, explained in the legend', async () => {
      const newest = await busClock();
      const id = 'urn:ngsi-ld:AirQualityObserved:true-picture-stale';
      const created = await callServer(server, 'POST', '/ngsi-ld/v1/entities', token, {
        id,
        type: 'AirQualityObserved',
        name: { type: 'Property', value: 'A station gone quiet' },
        location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [105.85, 21.03] } },
        pm25: { type: 'Property', value: 30, unitCode: 'GQ', observedAt: new Date(newest - 2 * HOUR_MS).toISOString() },
      });
      assert.equal(created.status, 201, created.text);
      // A move reloads the view.
      await page.evaluate(() => window.__thanglongMap?.jumpTo({ center: [105.85, 21.03], zoom: 12 }));
      const station = await until('the quiet station drawn', async () =>
        (await drawn(page, 'air-points')).find((s) => s.id === id),
      );
      assert.equal(station.stale, true);
      assert.ok(
        (await drawn(page, 'air-points')).some((s) => !s.stale),
        'stations reporting are not stale',
      );
      const opacity = await page.evaluate(() =>
        JSON.stringify(window.__thanglongMap?.getPaintProperty('air-points', 'circle-opacity')),
      );
      assert.match(opacity, /stale/, 'the stale look is more than a colour');
      await page.locator('[data-legend=stale]').waitFor();
      await page.screenshot({ path: `${SHOTS}/${driver}-true-picture-stale.png` });
    });

    it('turns the badge to "reconnecting" when the stream is cut, and back to "Live" when it returns', async () => {
      const badge = page.locator('.live-state');
      await until('live', async () => (await badge.getAttribute('class')) === 'live-state live');
      // The stream cut: the events endpoint refuses, and a move to a part of the map not yet followed
      // makes the page open the stream again for it.
      await page.route('**/api/v1/events**', (route) => route.abort());
      await page.evaluate(() => window.__thanglongMap?.jumpTo({ center: [106.6, 20.6], zoom: 12 }));
      await until('reconnecting', async () => (await badge.innerText()).includes('Đang kết nối lại'), 60_000);
      assert.match((await badge.getAttribute('class')) ?? '', /retrying/);
      // The endpoint answers again: the page retries by itself.
      await page.unroute('**/api/v1/events**');
      await until('live again', async () => (await badge.getAttribute('class')) === 'live-state live', 60_000);
    });

    it("colours the buses by punctuality, and shows each route's punctuality and timeline on the Buses page", async () => {
      // The map: buses the schedule matched take a punctuality colour (on time, late, early), not a route's.
      const PUNCTUALITY = ['#2e7d32', '#c62828', '#ef6c00', '#757575'];
      await page.evaluate(() => window.__thanglongMap?.jumpTo({ center: [105.83, 21.02], zoom: 11 }));
      const colours = await until('buses coloured by punctuality', async () => {
        const seen = await page.evaluate(() => {
          const map = window.__thanglongMap;
          if (!map?.getLayer('buses-points')) return [];
          return [
            ...new Set(
              map.queryRenderedFeatures({ layers: ['buses-points'] }).map((f) => String(f.properties['colour'])),
            ),
          ];
        });
        return seen.length > 0 && seen.every((c) => PUNCTUALITY.includes(c)) && seen.some((c) => c !== '#757575')
          ? seen
          : undefined;
      });
      process.stdout.write(`# [${driver}] bus colours on the map: ${colours.join(' ')}\n`);

      // The Buses page, from the main menu.
      const buses = page;
      await page.getByRole('link', { name: 'Xe buýt', exact: true }).click();
      const rows = buses.locator('.transit-page .data-table tbody tr');
      await until('routes with their punctuality', async () => (await rows.count()) > 0);
      const first = await rows.first().innerText();
      assert.match(first, /\d+\s*%/, `an on-time share: ${first}`);
      await buses.locator('[data-window]').waitFor();
      // A route's timeline: the first route that ran in either direction draws its trips.
      await rows.first().locator('button').click();
      const svg = buses.locator('.string-line svg');
      const trips = await until('a timeline with trips', async () => {
        for (const direction of ['Chiều đi', 'Chiều về']) {
          await buses.getByRole('button', { name: direction, exact: true }).click();
          const n = Number((await svg.getAttribute('data-trips', { timeout: 5000 }).catch(() => null)) ?? 0);
          if (n > 0) return n;
        }
        return undefined;
      });
      assert.ok(
        (await buses.locator('.string-line path.actual').count()) >= trips,
        "(await buses.locator('.string-line path.actual').count()) >= trips",
      );
      await buses.screenshot({ path: `${SHOTS}/${driver}-true-picture-transit.png`, fullPage: true });

      // An operator tells riders of roadworks on a route: written in the form, listed as in force, and
      // in the public ServiceAlerts feed.
      const form = buses.locator('form.alert-form');
      const firstRoute = await form.locator('select[name=routes] option').first().getAttribute('value');
      assert.ok(firstRoute, 'firstRoute');
      await form.locator('select[name=routes]').selectOption([firstRoute]);
      await form.locator('input[name=headerVi]').fill('Tuyến đi vòng do sửa đường');
      await form.locator('input[name=headerEn]').fill('Route detours for roadworks');
      await form.getByRole('button', { name: 'Đăng' }).click();
      const listed = buses.locator('.alert-list li', { hasText: 'Tuyến đi vòng do sửa đường' });
      await listed.waitFor();
      assert.equal(await listed.getAttribute('data-state'), 'active');
      const feed = await callServer(server, 'GET', '/api/v1/transit/gtfs-rt/service-alerts?format=json', token);
      const alerts = JSON.parse(feed.text) as {
        entity?: { alert?: { informedEntity?: { routeId?: string }[] } }[];
      };
      assert.ok(
        alerts.entity?.some((e) => e.alert?.informedEntity?.some((i) => i.routeId === firstRoute)),
        feed.text,
      );
    });
  });
}
