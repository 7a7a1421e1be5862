import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { DRIVERS, skipReason } from '../../server/test/support/databases.js';
import { gtfsRealtime } from '../../server/src/modules/transit/realtime/bindings.js';
import { zipFeed } from '../../server/test/support/gtfs.js';
import { loginAdmin, type RunningServer } from '../../server/test/support/process.js';
import { SHOTS, WEB_DIST, startCentre, stopCentre, untilWithin } from './centre.js';

// The rider's page as a rider on a cheap phone meets it: no login, a 390 × 844 screen, Chromium without
// WebGL (no SwiftShader flags), the real server serving the test build, and a feed that runs every day.

const ADMIN_PASSWORD = 'rider-page-test-password';
/** Its first view, at most: a size, not a time (issue 18: under 200 kB of JavaScript). */
const JS_BUDGET = 200 * 1024;
const PHONE = { width: 390, height: 844 };
const until = untilWithin(60_000);

/** A feed whose buses run every ten minutes, all day, every day, so the board is never empty. */
function everyDayFeed(): Buffer {
  return zipFeed({
    'agency.txt':
      'agency_id,agency_name,agency_url,agency_timezone,agency_lang\nHNB,Hanoi Bus,https://example.vn,Asia/Ho_Chi_Minh,vi\n',
    'routes.txt':
      'route_id,agency_id,route_short_name,route_long_name,route_type,route_color,route_text_color\nR09,HNB,09,Bờ Hồ - Cầu Giấy,3,0B5C3B,FFFFFF\n',
    'stops.txt':
      'stop_id,stop_name,stop_lat,stop_lon\nBH,Bờ Hồ,21.0287,105.8522\nTT,Tràng Tiền,21.0245,105.8553\nCG,Cầu Giấy,21.0367,105.7905\n',
    'calendar.txt':
      'service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nALL,1,1,1,1,1,1,1,20200101,20991231\n',
    // Both ways signed with the route's name, as some feeds do (the demo's name the district both ends are
    // in): the page must still tell the two directions apart.
    'trips.txt':
      'route_id,service_id,trip_id,trip_headsign,direction_id,shape_id\n' +
      'R09,ALL,R09-OUT,Bờ Hồ - Cầu Giấy,0,SH09\nR09,ALL,R09-IN,Bờ Hồ - Cầu Giấy,1,\n',
    // Along the streets, not stop to stop: the map draws this line.
    'shapes.txt':
      'shape_id,shape_pt_lat,shape_pt_lon,shape_pt_sequence\n' +
      [
        [21.0287, 105.8522],
        [21.027, 105.854],
        [21.0245, 105.8553],
        [21.026, 105.845],
        [21.03, 105.83],
        [21.0367, 105.7905],
      ]
        .map(([lat, lon], i) => `SH09,${lat},${lon},${i + 1}`)
        .join('\n') +
      '\n',
    'stop_times.txt':
      'trip_id,arrival_time,departure_time,stop_id,stop_sequence\nR09-OUT,00:00:00,00:00:00,BH,1\nR09-OUT,00:04:00,00:04:00,TT,2\nR09-OUT,00:30:00,00:30:00,CG,3\n' +
      'R09-IN,00:00:00,00:00:00,CG,1\nR09-IN,00:26:00,00:26:00,TT,2\nR09-IN,00:30:00,00:30:00,BH,3\n',
    'frequencies.txt':
      'trip_id,start_time,end_time,headway_secs,exact_times\nR09-OUT,00:00:00,24:00:00,600,1\nR09-IN,00:00:00,24:00:00,600,1\n',
  });
}

type Point = { x: number; y: number };

/** Fingers on the screen, through Chromium's own touch input (client pixels): what a phone sends. */
const sessions = new WeakMap<Page, CDPSession>();
async function touch(page: Page, frames: Point[][]): Promise<void> {
  // One session per page, kept: a touch sequence is not cut short by a session going away.
  const cdp = sessions.get(page) ?? (await page.context().newCDPSession(page));
  sessions.set(page, cdp);
  const points = (at: Point[]) => at.map((p, id) => ({ x: p.x, y: p.y, id }));
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: points(frames[0] ?? []) });
  for (const at of frames.slice(1))
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: points(at) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

/** One finger from a point by (dx, dy), in small steps. */
const drag = (page: Page, from: Point, dx: number, dy: number) =>
  touch(
    page,
    Array.from({ length: 11 }, (_, i) => [{ x: from.x + (dx * i) / 10, y: from.y + (dy * i) / 10 }]),
  );

/** Two fingers about a point, from `gap` pixels apart to `gap * spread`. */
const pinch = (page: Page, at: Point, gap: number, spread: number) =>
  touch(
    page,
    Array.from({ length: 11 }, (_, i) => {
      const half = (gap * (1 + ((spread - 1) * i) / 10)) / 2;
      return [
        { x: at.x - half, y: at.y },
        { x: at.x + half, y: at.y },
      ];
    }),
  );

/** The middle of a box on the screen. */
const middle = (box: { x: number; y: number; width: number; height: number } | null): Point => {
  assert.ok(box, 'drawn on the screen');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
};

/** The metres the map's scale bar says. */
const scaleMetres = async (map: ReturnType<Page['getByRole']>) =>
  Number(await map.locator('.scale-text').getAttribute('data-metres'));

/** The bytes of JavaScript the first view of the built rider page loads (its entry and what it preloads). */
function builtFirstViewBytes(dist: string): number {
  const html = readFileSync(`${dist}rider/index.html`, 'utf8');
  const scripts = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1] as string);
  assert.ok(scripts.length > 0, 'the rider page loads no script');
  return scripts.reduce((sum, path) => sum + readFileSync(`${dist}${path}`).length, 0);
}

describe('the built rider page', () => {
  it('loads under 200 kB of JavaScript, and no map library', () => {
    for (const dist of [WEB_DIST, WEB_DIST.replace('dist-test/', 'dist/')]) {
      assert.ok(existsSync(`${dist}rider/index.html`), `${dist} is not built: npm run build --workspace apps/web`);
      const bytes = builtFirstViewBytes(dist);
      assert.ok(bytes < JS_BUDGET, `${bytes} bytes of JavaScript in ${dist}rider/`);
      assert.ok(
        !readFileSync(`${dist}rider/index.html`, 'utf8').includes('maplibre'),
        "!readFileSync(`${dist}rider/index.html`, 'utf8').includes('maplibre')",
      );
    }
  });
});

for (const driver of DRIVERS) {
  const skip = process.env['THANGLONG_TEST_SKIP_BROWSER'] ?? skipReason(driver);
  describe(`the rider page in Chromium at a phone's size [${driver}]`, skip ? { skip } : {}, () => {
    let server: RunningServer;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    const errors: string[] = [];
    const scriptBytes: number[] = [];
    const shot = (name: string) => page.screenshot({ path: `${SHOTS}/${driver}-rider-${name}.png`, fullPage: true });

    let token: string;

    before(async () => {
      server = await startCentre(driver, { AUTH_ADMIN_PASSWORD: ADMIN_PASSWORD });
      token = await loginAdmin(server, ADMIN_PASSWORD);
      const imported = await fetch(`${server.url}/api/v1/transit/feeds`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/zip' },
        body: new Uint8Array(everyDayFeed()),
      });
      assert.equal(imported.status, 201, await imported.text());
      // The flags the brief of the page names: no GPU and no software WebGL.
      browser = await chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      });
      context = await browser.newContext({
        viewport: PHONE,
        isMobile: true,
        hasTouch: true,
        geolocation: { longitude: 105.8523, latitude: 21.0288 },
        permissions: ['geolocation'],
      });
      page = await context.newPage();
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        // The feeds not served yet answer 404; the page says so in its own words.
        if (m.type() === 'error' && !/404/.test(m.text())) errors.push(m.text());
      });
      page.on('response', (res) => {
        if (res.request().resourceType() === 'script') {
          void res.body().then((b) => scriptBytes.push(b.length));
        }
      });
    });

    after(async () => {
      await browser?.close();
      await stopCentre(server);
    });

    it('opens in Vietnamese without a login, in under 200 kB of JavaScript, with no canvas', async () => {
      await page.goto(`${server.url}/rider`);
      await page.getByRole('heading', { name: 'Xe buýt Hà Nội' }).waitFor();
      await page.waitForLoadState('networkidle');
      const total = scriptBytes.reduce((a, b) => a + b, 0);
      assert.ok(total > 0 && total < JS_BUDGET, `${total} bytes of JavaScript`);
      assert.equal(await page.locator('canvas').count(), 0);
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'vi');
      await shot('home');
    });

    it('finds the stops near the rider', async () => {
      await page.getByRole('button', { name: 'Dùng vị trí của tôi' }).click();
      const first = page.locator('#near-results a.stop').first();
      await first.waitFor();
      assert.match((await first.textContent()) ?? '', /Bờ Hồ/);
    });

    it('picks a stop by name and shows its next departures, marked scheduled, in Hanoi time', async () => {
      await page.getByLabel('Tìm điểm dừng theo tên').fill('tràng');
      await page
        .locator('#search-results')
        .getByRole('link', { name: /Tràng Tiền/ })
        .click();
      await page.getByRole('heading', { name: 'Tràng Tiền' }).waitFor();
      const rows = page.locator('li.departure');
      await rows.first().waitFor();
      assert.ok((await rows.count()) >= 5, 'a bus every ten minutes for the next two hours');
      assert.equal(await page.locator('li.departure.is-live').count(), 0);
      const first = (await rows.first().textContent()) ?? '';
      assert.match(first, /Theo lịch/);
      assert.match(first, /Cầu Giấy/);
      // The scheduled mark is drawn, not a glyph a phone's font may lack.
      assert.doesNotMatch(first, /◷/);
      assert.equal(await rows.first().locator('.status.scheduled svg.clock-icon').count(), 1, 'a drawn clock');
      // The clock time shown is Hanoi's, whatever the phone's zone.
      const when = await rows.first().locator('time').getAttribute('datetime');
      const shown = (await rows.first().locator('time').textContent()) ?? '';
      const hanoi = new Intl.DateTimeFormat('vi-VN', {
        timeZone: 'Asia/Ho_Chi_Minh',
        hour: '2-digit',
        minute: '2-digit',
      });
      assert.equal(shown, hanoi.format(new Date(when ?? '')));
      assert.match((await page.locator('main').textContent()) ?? '', /Giờ Hà Nội/);
      // Touch targets are at least 44 px high.
      const box = await page.getByRole('button', { name: 'Switch to English' }).boundingBox();
      assert.ok(box && box.height >= 44, JSON.stringify(box));
      await shot('stop');
    });

    it('switches to English and keeps it', async () => {
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await page.getByRole('heading', { name: 'Hanoi buses' }).waitFor();
      await page.getByRole('heading', { name: 'Next departures' }).waitFor();
      assert.match((await page.locator('li.departure').first().textContent()) ?? '', /Scheduled/);
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
      await page.reload();
      await page.getByRole('heading', { name: 'Hanoi buses' }).waitFor();
    });

    it('shows a route’s line, saying plainly when no live positions are published', async () => {
      await page.getByRole('link', { name: 'Route 09' }).first().click();
      const directions = page.getByRole('group', { name: 'Towards', exact: true }).getByRole('button');
      await directions.first().waitFor();
      // Both headsigns are the same: the buttons add where each direction starts and ends.
      assert.deepEqual(await directions.allTextContents(), [
        'Towards Bờ Hồ - Cầu Giấy · Bờ Hồ → Cầu Giấy',
        'Towards Bờ Hồ - Cầu Giấy · Cầu Giấy → Bờ Hồ',
      ]);
      const stops = await until('the route’s stops in order', async () => {
        const names = await page.locator('.line-stops li a').allTextContents();
        return names.length === 3 ? names : undefined;
      });
      assert.deepEqual(stops, ['Bờ Hồ', 'Tràng Tiền', 'Cầu Giấy']);
      // Each stop's dot is level with its name, down the whole line.
      for (const row of await page.locator('.line-stops li').all()) {
        const dot = await row.locator('.dot').boundingBox();
        const name = await row.locator('.name').boundingBox();
        assert.ok(dot && name, 'a stop on the line has a dot and a name');
        const [dotMiddle, nameMiddle] = [dot.y + dot.height / 2, name.y + name.height / 2];
        assert.ok(Math.abs(dotMiddle - nameMiddle) <= 1, `dot at ${dotMiddle} px, its name at ${nameMiddle} px`);
        assert.ok(dot.x + dot.width <= name.x, `the dot (${JSON.stringify(dot)}) is left of its name`);
      }
      await page.getByText('No live positions yet.').waitFor();
      await page.getByRole('heading', { name: 'Service alerts' }).waitFor();
      await page.getByText('No alerts.').waitFor();
      await shot('route');
      await directions.nth(1).click();
      await until('the way back’s stops', async () => {
        const names = await page.locator('.line-stops li a').allTextContents();
        return names[0] === 'Cầu Giấy' ? names : undefined;
      });
      assert.deepEqual(await page.locator('.line-stops li a').allTextContents(), ['Cầu Giấy', 'Tràng Tiền', 'Bờ Hồ']);
      assert.equal(await directions.nth(1).getAttribute('aria-pressed'), 'true');
      assert.deepEqual(errors, []);
    });

    it('draws the route on a map without WebGL: its shape, the roads, its stops and a live bus by name', async () => {
      // A bus of the route between Bờ Hồ and Tràng Tiền, reported now by the operator's AVL.
      const message = gtfsRealtime.FeedMessage.fromObject({
        header: {
          gtfsRealtimeVersion: '2.0',
          incrementality: 'FULL_DATASET',
          timestamp: Math.floor(Date.now() / 1000),
        },
        entity: [
          {
            id: 'e-1',
            vehicle: {
              vehicle: { id: 'TLB-0421', label: '421', licensePlate: '29B-123.45' },
              trip: { tripId: 'R09-OUT', routeId: 'R09', directionId: 0 },
              position: { latitude: 21.0275, longitude: 105.8535, bearing: 150, speed: 5 },
              timestamp: Math.floor(Date.now() / 1000),
            },
          },
        ],
      });
      const pushed = await fetch(`${server.url}/api/v1/transit/vehicle-positions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-protobuf' },
        body: new Uint8Array(gtfsRealtime.FeedMessage.encode(message).finish()),
      });
      assert.equal(pushed.status, 200, await pushed.text());
      await until('the bus matched to its route in the public feed', async () => {
        const feed = (await (
          await fetch(`${server.url}/api/v1/transit/gtfs-rt/vehicle-positions?format=json`)
        ).json()) as { entity?: { vehicle?: { trip?: { routeId?: string } } }[] };
        return feed.entity?.some((e) => e.vehicle?.trip?.routeId === 'R09') || undefined;
      });
      await page.reload();
      const map = page.getByRole('group', { name: 'Map of route 09' });
      await map.waitFor();
      assert.equal(await page.locator('canvas').count(), 0);
      // The feed's shape (six points), not a line from stop to stop.
      const shape = (await map.locator('path.shape').getAttribute('d')) ?? '';
      assert.equal(shape.match(/[ML]/g)?.length, 6, shape);
      assert.equal(await map.locator('path.shape.straight').count(), 0);
      await until('the roads of the box under the route', async () => {
        const d = await map
          .locator('.roads path.road.main')
          .getAttribute('d')
          .catch(() => null);
        return d && d.length > 100 ? d : undefined;
      });
      assert.deepEqual(
        await map.getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('aria-label'))),
        ['Stop Bờ Hồ', 'Stop Tràng Tiền', 'Stop Cầu Giấy'],
      );
      // The operator's label and plate, not its AVL's id.
      const bus = map.getByRole('img', { name: /^Bus 421 \(29B-123\.45\), near (Bờ Hồ|Tràng Tiền)$/ });
      await bus.waitFor();
      // The line diagram stays, for screen readers and beside the map.
      await page.locator('.line-stops .bus').first().waitFor();
      // In words and a drawn icon: no character a phone's fonts may lack.
      assert.match(
        (await page.locator('.line-stops .bus').first().textContent()) ?? '',
        /^Bus 421 \(29B-123\.45\) near (Bờ Hồ|Tràng Tiền)$/,
      );
      assert.equal(await page.locator('.line-stops .bus svg').count(), 1);
      const mapBox = await map.boundingBox();
      assert.ok(mapBox && mapBox.width <= PHONE.width, JSON.stringify(mapBox));
      await shot('route-map');
      await map.getByRole('link', { name: 'Stop Cầu Giấy' }).tap();
      await page.getByRole('heading', { name: 'Cầu Giấy', exact: true }).waitFor();
      await page.locator('li.departure').first().waitFor();
      assert.deepEqual(errors, []);
    });

    it('lets a rider pan and zoom the route map: pinch, drag, the buttons, the wheel and the keys', async () => {
      await page.goto(`${server.url}/rider#/route/R09`);
      const map = page.getByRole('group', { name: 'Map of route 09' });
      await map.waitFor();
      const stop = (name: string) => map.getByRole('link', { name: `Stop ${name}` }).locator('circle.dot');
      const at = async (name: string) => middle(await stop(name).boundingBox());
      const frame = await map.boundingBox();
      assert.ok(frame, 'the map has a box');
      const inView = async () => {
        let n = 0;
        for (const name of ['Bờ Hồ', 'Tràng Tiền', 'Cầu Giấy']) {
          const p = await at(name);
          if (p.x >= frame.x && p.x <= frame.x + frame.width && p.y >= frame.y && p.y <= frame.y + frame.height) n++;
        }
        return n;
      };
      assert.equal(await inView(), 3, 'the whole route at first');
      const [lake, street] = [await at('Bờ Hồ'), await at('Tràng Tiền')];
      const apart = Math.hypot(street.x - lake.x, street.y - lake.y);
      const metres = await scaleMetres(map);

      // Two fingers spread four times wider between the lake and Tràng Tiền.
      const between = { x: (lake.x + street.x) / 2, y: (lake.y + street.y) / 2 };
      await pinch(page, between, 30, 4);
      const [lake1, street1] = [await at('Bờ Hồ'), await at('Tràng Tiền')];
      const apart1 = Math.hypot(street1.x - lake1.x, street1.y - lake1.y);
      assert.ok(apart1 > apart * 3, `the two stops ${apart.toFixed(0)} px apart, then ${apart1.toFixed(0)} px`);
      assert.ok((await scaleMetres(map)) < metres, 'the scale bar says fewer metres');
      assert.ok((await inView()) < 3, 'Cầu Giấy, 6 km west, is out of view');
      // The dots keep their size: only the distances grow.
      assert.ok(Math.abs(((await stop('Bờ Hồ').boundingBox())?.width ?? 0) - 12) < 2, 'a dot of the same size');

      // One finger drags the map 60 px to the right: the stops move with it.
      await drag(page, { x: frame.x + frame.width / 2, y: frame.y + frame.height / 2 }, 60, 0);
      const lake2 = await at('Bờ Hồ');
      assert.ok(
        Math.abs(lake2.x - lake1.x - 60) <= 3 && Math.abs(lake2.y - lake1.y) <= 3,
        JSON.stringify([lake1, lake2]),
      );
      assert.equal(new URL(page.url()).hash, '#/route/R09', 'a drag is not a tap on a stop');

      // The buttons, the wheel and the keyboard zoom too.
      const zoom = async () => Number(await map.getAttribute('data-zoom'));
      const z0 = await zoom();
      await page.getByRole('button', { name: 'Zoom in' }).click();
      assert.ok(
        Math.abs((await zoom()) - Math.min(z0 * 2, 1e9)) < 0.01 || (await zoom()) > z0,
        'zoomed in by the button',
      );
      await page.getByRole('button', { name: 'Zoom out' }).click();
      assert.ok(Math.abs((await zoom()) - z0) < 0.01, 'and out again');
      await page.mouse.move(between.x, between.y);
      await page.mouse.wheel(0, -300);
      await until('zoomed in by the wheel', async () => (await zoom()) > z0);
      await map.focus();
      await page.keyboard.press('-');
      await page.keyboard.press('-');
      await page.keyboard.press('-');
      await page.keyboard.press('-');
      await page.keyboard.press('-');
      assert.equal(await zoom(), 1, 'the − key back out to the whole route');
      await page.keyboard.press('+');
      assert.equal(await zoom(), 2, 'the + key in');
      const before = await at('Bờ Hồ');
      await page.keyboard.press('ArrowRight');
      const after = await at('Bờ Hồ');
      assert.ok(after.x < before.x, 'an arrow key pans');
      await shot('route-map-zoomed');
      // A tap on a stop right after a drag opens its board at once (a phone's browser makes no click of
      // that tap, so the link is followed from the tap itself).
      await page.keyboard.press('-');
      await drag(page, { x: frame.x + frame.width / 2, y: frame.y + frame.height - 20 }, 30, 0);
      const tapped = await at('Bờ Hồ');
      await page.touchscreen.tap(tapped.x, tapped.y);
      await until('the stop opened by the first tap after a drag', async () =>
        new URL(page.url()).hash.startsWith('#/stop/'),
      );
      await page.getByRole('heading', { name: 'Bờ Hồ', exact: true }).waitFor();
      assert.deepEqual(errors, []);
    });

    it('lets a rider whose phone gives no location pick a point on a map of the stops, in Vietnamese', async () => {
      const denied = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, permissions: [] });
      try {
        const other = await denied.newPage();
        const otherErrors: string[] = [];
        other.on('pageerror', (e) => otherErrors.push(e.message));
        other.on('console', (m) => {
          if (m.type() === 'error' && !/404/.test(m.text())) otherErrors.push(m.text());
        });
        await other.goto(`${server.url}/rider`);
        await other.getByRole('heading', { name: 'Xe buýt Hà Nội' }).waitFor();
        await other.getByRole('button', { name: 'Dùng vị trí của tôi' }).click();
        await other.getByText('Không lấy được vị trí. Hãy chạm vào bản đồ nơi bạn ở').waitFor();
        const map = other.getByRole('application', { name: /^Bản đồ các điểm dừng/ });
        await map.waitFor();
        // Tap where the easternmost stop (Tràng Tiền) is drawn.
        const d = (await map.locator('path.stop-dots').getAttribute('d')) ?? '';
        const dots = [...d.matchAll(/M([\d.]+) ([\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
        assert.equal(dots.length, 3, d);
        const [x, y] = dots.reduce((a, b) => (b[0] > a[0] ? b : a));
        const box = await map.boundingBox();
        assert.ok(box, 'the map has a box');
        const scale = box.width / 360;
        await map.tap({ position: { x: x * scale, y: y * scale } });
        const first = other.locator('#picked-results a.stop').first();
        await first.waitFor();
        assert.match((await first.textContent()) ?? '', /Tràng Tiền/);
        assert.equal(await other.locator('#picked-results a.stop').count(), 2, 'Bờ Hồ too, within 800 m');
        await other.screenshot({ path: `${SHOTS}/${driver}-rider-pick.png`, fullPage: true });

        // Zoomed in on Cầu Giấy and moved, a tap on it finds the stops near Cầu Giấy, not those the same
        // place of the whole map would.
        const shown = () =>
          map.evaluate((root) => {
            const path = root.querySelector('path.stop-dots') as SVGPathElement;
            const ctm = path.getScreenCTM();
            const frame = root.getBoundingClientRect();
            const d = path.getAttribute('d') ?? '';
            return [...d.matchAll(/M([\d.-]+) ([\d.-]+)/g)]
              .map((m) => new DOMPoint(Number(m[1]), Number(m[2])).matrixTransform(ctm ?? undefined))
              .filter((p) => p.x >= frame.left && p.x <= frame.right && p.y >= frame.top && p.y <= frame.bottom)
              .map((p) => ({ x: p.x, y: p.y }));
          });
        const picked = await other.locator('#picked-results a.stop').allTextContents();
        const all = await shown();
        assert.equal(all.length, 3, JSON.stringify(all));
        const metres = await scaleMetres(map);
        const west = all.reduce((a, b) => (b.x < a.x ? b : a));
        await pinch(other, west, 20, 4);
        const closer = await shown();
        assert.equal(closer.length, 1, `only Cầu Giấy in view: ${JSON.stringify(closer)}`);
        assert.ok((await scaleMetres(map)) < metres, 'the scale bar says fewer metres');
        const cauGiay = closer[0] as Point;
        // Towards the middle of the map, so Cầu Giấy (the westernmost stop) stays in view.
        const box1 = await map.boundingBox();
        assert.ok(box1, 'the map has a box');
        const [dx, dy] = [
          cauGiay.x < box1.x + box1.width / 2 ? 40 : -40,
          cauGiay.y < box1.y + box1.height / 2 ? 25 : -25,
        ];
        await drag(other, { x: box1.x + box1.width / 2, y: box1.y + box1.height / 2 }, dx, dy);
        const moved = await until('the stops of the view asked for', async () => {
          const now = await shown();
          return now.length === 1 ? now : undefined;
        });
        const there = moved[0] as Point;
        assert.ok(
          Math.abs(there.x - cauGiay.x - dx) <= 3 && Math.abs(there.y - cauGiay.y - dy) <= 3,
          `Cầu Giấy moved with the finger: ${JSON.stringify([cauGiay, there])}`,
        );
        assert.deepEqual(
          await other.locator('#picked-results a.stop').allTextContents(),
          picked,
          'the pinch and the drag picked nothing',
        );
        await other.touchscreen.tap(there.x, there.y);
        let listed: string[] = [];
        await until('the stops near Cầu Giấy', async () => {
          listed = await other.locator('#picked-results a.stop').allTextContents();
          return listed.length === 1 && /Cầu Giấy/.test(listed[0] ?? '') ? listed : undefined;
        }).catch((e: Error) =>
          assert.fail(`${e.message}: listed ${JSON.stringify(listed)} after a tap at ${JSON.stringify(there)}`),
        );
        await other.screenshot({ path: `${SHOTS}/${driver}-rider-pick-zoomed.png`, fullPage: true });
        assert.deepEqual(otherErrors, []);
      } finally {
        await denied.close();
      }
    });
  });
}
