import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { type Browser, type Locator, type Page } from 'playwright-core';
import { simulatedStart } from '../../server/src/platform/hanoi-time.js';
import { DRIVERS, skipReason } from '../../server/test/support/databases.js';
import { callServer, loginAdmin, type RunningServer } from '../../server/test/support/process.js';
import { launchChromium } from './chromium.js';
import { SHOTS, startCentre, stopCentre, untilWithin } from './centre.js';

// The Trends page as an operator uses it, against the real server with the demo city: the daily and
// monthly VN_AQI, the wards coloured by it, the last 24 hours replayed by keyboard, and CSV files that
// hold exactly the table shown. On a desktop and on a 390 × 844 phone.

const ADMIN_PASSWORD = 'trends-test-password';
const MORNING = simulatedStart('08:00', Date.now() - 3600_000).toISOString();
const WAIT_MS = 240_000;
const HOUR_MS = 3_600_000;
/** The Hanoi date of an instant. */
const hanoiDay = (ms: number) => new Date(ms + 7 * HOUR_MS).toISOString().slice(0, 10);
// The demo's history starts 24 hours before its morning, a day that has too few hours for a daily
// VN_AQI; three stations of the test report the whole day before it, every hour (PM2.5, µg/m³).
const DAY = hanoiDay(Date.parse(MORNING) - 48 * HOUR_MS);
const STATIONS = [
  { id: 'trends-clean', name: 'Trạm thử Hoàn Kiếm', ward: 'Phường Hoàn Kiếm', pm25: 15, at: [105.852, 21.028] },
  { id: 'trends-moderate', name: 'Trạm thử Ba Đình', ward: 'Phường Ba Đình', pm25: 40, at: [105.834, 21.036] },
  { id: 'trends-poor', name: 'Trạm thử Long Biên', ward: 'Phường Long Biên', pm25: 80, at: [105.89, 21.04] },
];
const APIKEY = 'trends-test-key';
const DRIVER_NOISE = /GL Driver Message|GPU stall|WebGL/;
const CATEGORIES = ['Tốt', 'Trung bình', 'Kém', 'Xấu', 'Rất xấu', 'Nguy hại'];
const levelOf = (v: number) => (v > 300 ? 6 : v > 200 ? 5 : v > 150 ? 4 : v > 100 ? 3 : v > 50 ? 2 : 1);

interface Daily {
  stations: { station: string; name: string; day: string; vnAqi: number | null; level: number | null }[];
}
interface Hourly {
  hours: string[];
  stations: { station: string; name: string; values: { hour: string; vnAqi: number }[] }[];
}

const until = untilWithin(WAIT_MS);

/** RFC 4180 as the page writes it: quoted cells may hold commas, quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

/** A table as shown: its header and each cell's text (a time cell by its ISO `datetime`). */
function tableShown(table: Locator): Promise<{ header: string[]; rows: string[][] }> {
  return table.evaluate((el) => ({
    header: [...el.querySelectorAll('thead th')].map((th) => (th.textContent ?? '').trim()),
    rows: [...el.querySelectorAll('tbody tr')].map((tr) =>
      [...tr.querySelectorAll('td')].map((td) =>
        (td.querySelector('time')?.getAttribute('datetime') ?? td.textContent ?? '').trim(),
      ),
    ),
  }));
}

/** Clicks a panel's "Xuất CSV" and reads the file the browser saved. */
async function exportCsv(page: Page, scope: Locator, name = 'Xuất CSV'): Promise<{ bytes: Buffer; rows: string[][] }> {
  const [download] = await Promise.all([page.waitForEvent('download'), scope.getByRole('button', { name }).click()]);
  assert.match(download.suggestedFilename(), /\.csv$/);
  const bytes = readFileSync(await download.path());
  return { bytes, rows: parseCsv(bytes.toString('utf8').replace(/^\uFEFF/, '')) };
}

for (const driver of DRIVERS) {
  const skip = process.env['THANGLONG_TEST_SKIP_BROWSER'] ?? skipReason(driver);
  describe(`the Trends page in Chromium [${driver}]`, skip ? { skip } : {}, () => {
    let server: RunningServer;
    let browser: Browser;
    let page: Page;
    let token: string;
    const consoleErrors: string[] = [];
    const api = async <T>(path: string): Promise<T> => {
      const res = await callServer(server, 'GET', path, token);
      assert.equal(res.status, 200, res.text);
      return JSON.parse(res.text) as T;
    };
    const watch = (p: Page) => {
      p.on('console', (m) => {
        if (m.type() === 'error' && !DRIVER_NOISE.test(m.text())) consoleErrors.push(m.text());
      });
      p.on('pageerror', (e) => consoleErrors.push(e.message));
    };
    const login = async (p: Page) => {
      await p.fill('input[name=username]', 'admin');
      await p.fill('input[name=password]', ADMIN_PASSWORD);
      await p.click('button[type=submit]');
    };
    let day = '';

    before(async () => {
      server = await startCentre(driver, {
        AUTH_ADMIN_PASSWORD: ADMIN_PASSWORD,
        DEMO: 'on',
        DEMO_SPEED: '5',
        DEMO_START: MORNING,
      });
      token = await loginAdmin(server, ADMIN_PASSWORD);
      const post = async (path: string, body: unknown) => {
        const res = await callServer(server, 'POST', path, token, body);
        assert.ok(res.status < 300, `${path}: ${res.status} ${res.text}`);
      };
      await post('/iot/services', {
        services: [
          {
            apikey: APIKEY,
            resource: '/iot/json',
            entity_type: 'AirQualityObserved',
            attributes: [{ object_id: 'pm25', name: 'pm25', type: 'Number', unitCode: 'GQ' }],
          },
        ],
      });
      await post('/iot/devices', {
        devices: STATIONS.map((s) => ({
          device_id: s.id,
          apikey: APIKEY,
          static_attributes: [
            { name: 'name', type: 'Text', value: s.name },
            { name: 'areaServed', type: 'Text', value: s.ward },
            { name: 'location', type: 'geo:json', value: { type: 'Point', coordinates: s.at } },
          ],
        })),
      });
      // Hanoi's day runs 01:00 → 00:00: readings at every half hour from 00:30 to 00:30 the next day.
      const midnight = Date.parse(`${DAY}T00:30:00+07:00`);
      for (const s of STATIONS) {
        const readings = Array.from({ length: 25 }, (_, h) => ({
          TimeInstant: new Date(midnight + h * HOUR_MS).toISOString(),
          pm25: s.pm25,
        }));
        await post(`/iot/json?k=${APIKEY}&i=${s.id}`, readings);
      }
      // The page reads once when it opens: the test's day rated, and the demo's stations reporting.
      day = DAY;
      await until('the day rated', async () => {
        const d = await api<Daily>(`/api/v1/environment/air-quality/daily?from=${day}&to=${day}`);
        return d.stations.filter((s) => s.vnAqi !== null).length === STATIONS.length;
      });
      await until('the demo stations rated', async () => {
        const s = await api<{ stations: { vnAqi: unknown }[] }>('/api/v1/environment/air-quality/stations');
        return s.stations.filter((x) => x.vnAqi !== null).length >= 10 + STATIONS.length;
      });
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
      // The demo's backfill keeps the server busy at first.
      page.setDefaultTimeout(60_000);
      page.setDefaultNavigationTimeout(120_000);
      watch(page);
    });

    after(async () => {
      await browser?.close();
      await stopCentre(server);
    });

    it('opens at /trends directly and after a reload, with its own entry in the navigation', async () => {
      await page.goto(`${server.url}/trends`);
      await login(page);
      await page.getByRole('heading', { name: 'Xu hướng chất lượng không khí', level: 1 }).waitFor();
      assert.equal(new URL(page.url()).pathname, '/trends');
      await page.reload();
      await page.getByRole('heading', { name: 'Xu hướng chất lượng không khí', level: 1 }).waitFor();
      const nav = page.getByRole('navigation').getByRole('link', { name: 'Xu hướng' });
      assert.equal(await nav.getAttribute('aria-current'), 'page');
    });

    it('shows the daily VN_AQI of the city and of a station, with its category in words, as a chart and a table', async () => {
      const daily = page.getByRole('region', { name: 'VN_AQI theo ngày' });
      const table = daily.getByRole('table');
      const row = table.locator('tbody tr', { has: page.locator(`time[datetime="${day}"]`) });
      await until('the day in the city table', async () => (await row.count()) === 1);
      const api = await callServer(server, 'GET', `/api/v1/environment/air-quality/daily?from=${day}&to=${day}`, token);
      const rated = (JSON.parse(api.text) as Daily).stations.filter((s) => s.vnAqi !== null);
      const cells = (await tableShown(table)).rows.find((r) => r[0] === day) ?? [];
      // The city's day: the mean of the stations' daily VN_AQI, with the worst of them.
      const mean = Math.round(rated.reduce((s, d) => s + (d.vnAqi as number), 0) / rated.length);
      assert.equal(rated.length, STATIONS.length);
      assert.equal(Number(cells[1]), mean, cells.join(' | '));
      assert.equal(cells[2], CATEGORIES[levelOf(mean) - 1]);
      assert.equal(cells[3], String(STATIONS.length));
      const worst = rated.reduce((w, d) => ((d.vnAqi as number) > (w.vnAqi as number) ? d : w));
      assert.equal(cells[4], `${worst.name} (${worst.vnAqi})`);
      // The chart draws the day as a bar, over dated days.
      const bar = daily.locator(`svg.daily-chart g[data-day="${day}"] rect.daily-bar`);
      assert.equal(await bar.count(), 1);
      assert.ok(
        (await daily.locator('svg.daily-chart text.chart-tick').allTextContents()).some((x) => /\d{2}\D\d{2}/.test(x)),
        "(await daily.locator('svg.daily-chart text.chart-tick').allTextContents()).some((x) => /\\d{2}\\D\\d{2}/.test(x))",
      );

      // One station: its own daily index, as the API gives it.
      const one = rated.find((d) => d.name === 'Trạm thử Long Biên') as Daily['stations'][number];
      await daily.getByRole('combobox', { name: 'Hiển thị' }).selectOption(one.station);
      const own = await until('the station in the table', async () =>
        (await tableShown(table)).rows.find((r) => r[0] === day && r[1] === String(one.vnAqi)),
      );
      assert.equal(own[2], CATEGORIES[(one.level as number) - 1]);
      assert.equal(own[3], 'PM25');
      await daily.getByRole('combobox', { name: 'Hiển thị' }).selectOption('city');
    });

    it('shows the month per station with the city first, and its days per category', async () => {
      const monthly = page.getByRole('region', { name: 'VN_AQI theo tháng' });
      const table = monthly.getByRole('table');
      const month = day.slice(0, 7);
      await monthly.getByLabel('Tháng', { exact: true }).fill(month);
      const api = await callServer(server, 'GET', `/api/v1/environment/air-quality/monthly?month=${month}`, token);
      const stations = (JSON.parse(api.text) as { stations: { name: string; meanVnAqi: number }[] }).stations;
      assert.ok(stations.length >= STATIONS.length, 'stations.length >= STATIONS.length');
      await until('the month in the table', async () => (await tableShown(table)).rows.length === stations.length + 1);
      const shown = await tableShown(table);
      assert.equal(shown.rows[0]?.[0], 'Toàn thành phố');
      assert.ok(
        shown.header.includes('Số ngày Tốt') && shown.header.includes('Số ngày Nguy hại'),
        "shown.header.includes('Số ngày Tốt') && shown.header.includes('Số ngày Nguy hại')",
      );
      for (const s of stations) {
        const r = shown.rows.find((x) => x[0] === s.name);
        assert.ok(r, `${s.name} in the month`);
        assert.equal(r[3], String(s.meanVnAqi), s.name);
      }
    });

    it('colours the wards by VN_AQI with a legend, shows the wards without data, and lists them in a table', async () => {
      const wards = page.getByRole('region', { name: 'Phường/xã theo VN_AQI' });
      const legend = wards.getByRole('list', { name: 'Chú giải: mức VN_AQI' });
      for (const name of [...CATEGORIES, 'Không có dữ liệu']) {
        assert.equal((await legend.getByText(name, { exact: false }).count()) > 0, true, name);
      }
      const rated = await wards.locator('path.ward[data-state=rated]').count();
      const none = await wards.locator('path.ward[data-state=no-data]').count();
      assert.ok(rated >= 5, `rated wards ${rated}`);
      assert.ok(none > 0, `wards without data ${none}`);
      assert.equal(rated + none, 126);
      const noData = wards.locator('path.ward[data-state=no-data]').first();
      assert.match((await noData.locator('title').textContent()) ?? '', /Không có dữ liệu/);
      const table = await tableShown(wards.getByRole('table'));
      assert.equal(table.rows.length, rated);
      // The worst ward first; each with its category in words, coloured as its category.
      const first = table.rows[0] as string[];
      const level = CATEGORIES.indexOf(first[2] ?? '') + 1;
      assert.ok(level > 0, 'level > 0');
      const path = wards.locator(`path.ward[data-ward="${first[0]}"]`);
      assert.equal(await path.getAttribute('data-level'), String(level));

      // The day's daily index instead of now.
      await wards.getByRole('radio', { name: 'VN_AQI ngày của ngày' }).check();
      await wards.getByLabel('VN_AQI ngày của ngày', { exact: true }).last().fill(day);
      await until('the day on the wards', async () =>
        (await wards.getByRole('table').locator('caption').innerText()).includes(day),
      );
      await until(
        'the test stations’ wards',
        async () => (await wards.locator('path.ward[data-state=rated]').count()) === 3,
      );
      const dayTable = await tableShown(wards.getByRole('table'));
      assert.deepEqual(dayTable.rows.map((r) => r[0]).sort(), STATIONS.map((s) => s.ward).sort());
      await page.screenshot({ path: `${SHOTS}/${driver}-trends-wards.png` });
    });

    it('replays the last 24 hours: the slider moved by keyboard changes the hour and the values shown', async () => {
      const replay = page.getByRole('region', { name: 'Phát lại 24 giờ qua' });
      const slider = replay.getByRole('slider');
      await slider.waitFor();
      const table = replay.getByRole('table');
      const shownAt = async () => {
        const t = await tableShown(table);
        return { hour: t.rows[0]?.[0], values: new Map(t.rows.map((r) => [r[1], r[3]])) };
      };
      const last = await shownAt();
      assert.equal(await slider.inputValue(), '23');
      await slider.focus();
      await page.keyboard.press('Home');
      const first = await until('the first hour shown', async () => {
        const s = await shownAt();
        return s.hour !== last.hour ? s : undefined;
      });
      assert.equal(Date.parse(last.hour ?? '') - Date.parse(first.hour ?? ''), 23 * 3_600_000);
      assert.equal(await slider.inputValue(), '0');
      assert.notEqual(await slider.getAttribute('aria-valuetext'), '');
      // Each station's value is the one history gives for that hour ("no data" when none).
      const hourly = await api<Hourly>(`/api/v1/environment/air-quality/hourly?hours=2&until=${first.hour}`);
      for (const s of hourly.stations) {
        const v = s.values.find((x) => x.hour === first.hour);
        assert.equal(first.values.get(s.name), v ? String(v.vnAqi) : 'Không có dữ liệu', s.name);
      }
      const changed = [...first.values].some(([name, v]) => last.values.get(name) !== v);
      assert.ok(changed, 'the values shown changed with the hour');
      await page.keyboard.press('ArrowRight');
      await until(
        'one hour later',
        async () => Date.parse((await shownAt()).hour ?? '') === Date.parse(first.hour ?? '') + 3_600_000,
      );
      // The stations drawn on the wards carry the hour's values (the newest hour: every station rated).
      await page.keyboard.press('End');
      await until('the newest hour again', async () => (await shownAt()).hour === last.hour);
      const marks = await replay.locator('g.station-mark text').allTextContents();
      assert.ok(
        marks.some((m) => /^\d+$/.test(m)),
        `the stations drawn carry their values: ${marks.join(' ')}`,
      );
    });

    it('exports exactly the rows and columns a table shows, UTF-8 with a BOM and ISO times', async () => {
      const replay = page.getByRole('region', { name: 'Phát lại 24 giờ qua' });
      const shown = await tableShown(replay.getByRole('table'));
      const file = await exportCsv(page, replay);
      assert.deepEqual([...file.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
      assert.deepEqual(file.rows[0], shown.header);
      // "no data" is an empty cell in the file, a word on screen; everything else is the same.
      const asFile = shown.rows.map((r) => r.map((c, i) => (i === 3 && c === 'Không có dữ liệu' ? '' : c)));
      assert.deepEqual(file.rows.slice(1), asFile);
      assert.match(file.rows[1]?.[0] ?? '', /^\d{4}-\d{2}-\d{2}T\d{2}:00:00\.000Z$/);
      assert.ok(file.bytes.toString('utf8').includes('Trạm quan trắc không khí'), 'Vietnamese marks kept');

      const daily = page.getByRole('region', { name: 'VN_AQI theo ngày' });
      const dailyShown = await tableShown(daily.getByRole('table'));
      const dailyFile = await exportCsv(page, daily);
      assert.deepEqual(dailyFile.rows, [dailyShown.header, ...dailyShown.rows]);

      const wards = page.getByRole('region', { name: 'Phường/xã theo VN_AQI' });
      const wardsShown = await tableShown(wards.getByRole('table'));
      assert.deepEqual((await exportCsv(page, wards)).rows, [wardsShown.header, ...wardsShown.rows]);
    });

    it('exports the devices table as shown', async () => {
      await page.getByRole('navigation').getByRole('link', { name: 'Thiết bị' }).click();
      const table = page.locator('table.devices');
      await until('devices listed', async () => (await table.locator('tbody tr').count()) > 0);
      const shown = await tableShown(table);
      const file = await exportCsv(page, page.locator('.devices-list .toolbar'));
      assert.deepEqual(file.rows[0], shown.header);
      assert.equal(file.rows.length - 1, shown.rows.length);
      assert.deepEqual(
        file.rows.slice(1).map((r) => [r[0], r[1]]),
        shown.rows.map((r) => [r[0], r[1]]),
      );
      // Last seen: an ISO time in the file where the table says how long ago.
      assert.ok(
        file.rows.slice(1).some((r) => /^\d{4}-\d{2}-\d{2}T/.test(r[3] ?? '')),
        "file.rows.slice(1).some((r) => /^\\d{4}-\\d{2}-\\d{2}T/.test(r[3] ?? ''))",
      );
    });

    it('speaks English on request', async () => {
      await page.getByRole('navigation').getByRole('link', { name: 'Xu hướng' }).click();
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { name: 'Air-quality trends', level: 1 }).waitFor();
      const wards = page.getByRole('region', { name: 'Wards by VN_AQI' });
      await wards.getByRole('list', { name: 'Legend: VN_AQI category' }).getByText('No data').waitFor();
      await page.getByRole('region', { name: 'Replay of the last 24 hours' }).getByRole('slider').waitFor();
      await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    });

    it('works on a 390 × 844 phone: every panel reachable, the slider by keyboard, nothing wider than the screen', async () => {
      const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, acceptDownloads: true });
      watch(phone);
      await phone.goto(`${server.url}/trends`);
      await login(phone);
      await phone.getByRole('heading', { name: 'Xu hướng chất lượng không khí', level: 1 }).waitFor();
      const replay = phone.getByRole('region', { name: 'Phát lại 24 giờ qua' });
      const slider = replay.getByRole('slider');
      await slider.scrollIntoViewIfNeeded();
      await slider.focus();
      await phone.keyboard.press('Home');
      await until('the slider at the first hour', async () => (await slider.inputValue()) === '0');
      await phone.keyboard.press('ArrowRight');
      await until('the slider one hour on', async () => (await slider.inputValue()) === '1');
      assert.ok(await slider.isVisible(), 'await slider.isVisible()');
      for (const name of ['VN_AQI theo ngày', 'VN_AQI theo tháng', 'Phường/xã theo VN_AQI']) {
        const region = phone.getByRole('region', { name });
        await region.scrollIntoViewIfNeeded();
        assert.ok(await region.isVisible(), name);
      }
      const overflow = await phone.evaluate(() => {
        const main = document.querySelector('main.trends-page') as HTMLElement;
        return { scroll: main.scrollWidth, client: main.clientWidth, page: document.documentElement.scrollWidth };
      });
      assert.ok(overflow.scroll <= overflow.client + 1, JSON.stringify(overflow));
      assert.ok(overflow.page <= 391, JSON.stringify(overflow));
      await phone.screenshot({ path: `${SHOTS}/${driver}-trends-phone.png` });
      await phone.close();
    });

    it('logs no error in the browser console', () => {
      assert.deepEqual(consoleErrors, []);
    });
  });
}
