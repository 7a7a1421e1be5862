import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { crc32, deflateSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DRIVERS, skipReason } from '../../server/test/support/databases.js';
import { callServer, loginAdmin, type RunningServer } from '../../server/test/support/process.js';
import { freePort } from '../../server/test/support/receiver.js';
import { launchChromium } from './chromium.js';
import { mapSettled, SHOTS, startCentre, stopCentre, untilWithin, WEB_DIST } from './centre.js';

// Citizen reports end to end, in Chromium against the real server. A citizen on a phone (390 × 844,
// touch, no WebGL) reports a damaged road at where they stand with a photo from the phone's camera
// (a picture larger than 1600 px, made small in the page before it is sent) and follows it by its
// token; an officer at the operations centre finds it in the queue, receives it, asks the reporter for
// more (the citizen answers in the page), and resolves it with a quick answer edited; the citizen then
// reads the answer. A second citizen at the same place is shown
// the first report as a possible duplicate while typing.

const ADMIN_PASSWORD = 'citizen-reports-test-password';
const WAIT_MS = 60_000;
const PHONE = { width: 390, height: 844 };
/** Where the citizens stand: Đinh Tiên Hoàng by Hoàn Kiếm lake. */
const HERE = { longitude: 105.8523, latitude: 21.0288 };
/** Its first view, at most: a size, not a time. */
const JS_BUDGET = 200 * 1024;
const DRIVER_NOISE = /GL Driver Message|GPU stall|WebGL/;
const until = untilWithin(WAIT_MS);

/** A PNG of the size given (a gradient, so it is a real picture), as a phone's camera would give. */
function png(width: number, height: number): Buffer {
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      rows[row + 1 + x * 3] = (x * 255) / width;
      rows[row + 2 + x * 3] = (y * 255) / height;
      rows[row + 3 + x * 3] = 128;
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(2, 9); // truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A JPEG's width and height, from its start-of-frame segment. */
function jpegSize(bytes: Buffer): { width: number; height: number } | null {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  for (let i = 2; i + 9 < bytes.length;) {
    if (bytes[i] !== 0xff) return null;
    const marker = bytes[i + 1] ?? 0;
    const length = bytes.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xc3)
      return { height: bytes.readUInt16BE(i + 5), width: bytes.readUInt16BE(i + 7) };
    i += 2 + length;
  }
  return null;
}

/** The bytes of JavaScript the first view of the built citizens' page loads (its entry and what it preloads). */
function builtFirstViewBytes(dist: string): number {
  const html = readFileSync(`${dist}citizen/index.html`, 'utf8');
  const scripts = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1] as string);
  assert.ok(scripts.length > 0, 'the citizens page loads no script');
  return scripts.reduce((sum, path) => sum + readFileSync(`${dist}${path}`).length, 0);
}

describe('the built citizens page', () => {
  it('loads under 200 kB of JavaScript, and no map library', () => {
    for (const dist of [WEB_DIST, WEB_DIST.replace('dist-test/', 'dist/')]) {
      assert.ok(existsSync(`${dist}citizen/index.html`), `${dist} is not built: npm run build --workspace apps/web`);
      const bytes = builtFirstViewBytes(dist);
      assert.ok(bytes < JS_BUDGET, `${bytes} bytes of JavaScript in ${dist}citizen/`);
      assert.ok(
        !readFileSync(`${dist}citizen/index.html`, 'utf8').includes('maplibre'),
        "!readFileSync(`${dist}citizen/index.html`, 'utf8').includes('maplibre')",
      );
    }
  });
});

for (const driver of DRIVERS) {
  const skip = process.env['THANGLONG_TEST_SKIP_BROWSER'] ?? skipReason(driver);
  describe(
    `citizen reports in Chromium: a citizen on a phone, an officer at the centre [${driver}]`,
    skip ? { skip } : {},
    () => {
      let server: RunningServer;
      let token: string;
      let phoneBrowser: Browser;
      let centreBrowser: Browser;
      const contexts: BrowserContext[] = [];
      let citizen: Page;
      let officer: Page;
      const errors: string[] = [];
      const scriptBytes: number[] = [];
      /** The addresses of the photos the page uploaded, as the server answered. */
      const uploads: string[] = [];
      let reportId = '';
      let followHash = '';
      const shot = (page: Page, name: string) =>
        page.screenshot({ path: `${SHOTS}/${driver}-citizen-reports-${name}.png`, fullPage: true });

      async function phone(language: 'vi' | 'en' = 'vi'): Promise<Page> {
        const context = await phoneBrowser.newContext({
          viewport: PHONE,
          isMobile: true,
          hasTouch: true,
          geolocation: HERE,
          permissions: ['geolocation'],
        });
        contexts.push(context);
        const page = await context.newPage();
        page.setDefaultTimeout(WAIT_MS);
        await page.addInitScript((l) => localStorage.setItem('thanglong.citizen.language', l), language);
        page.on('pageerror', (e) => errors.push(e.message));
        page.on('console', (m) => {
          if (m.type() === 'error' && !/404/.test(m.text())) errors.push(`${m.text()} ${m.location().url}`);
        });
        return page;
      }

      before(async () => {
        // A port known before the start, so the links and photo addresses the server writes are its own.
        const port = await freePort();
        server = await startCentre(driver, { AUTH_ADMIN_PASSWORD: ADMIN_PASSWORD, DEMO: 'off', PORT: String(port) });
        token = await loginAdmin(server, ADMIN_PASSWORD);
        // The phone: no GPU and no software WebGL, as the rider's page is tested.
        phoneBrowser = await chromium.launch({
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
        centreBrowser = await launchChromium();
        citizen = await phone();
        citizen.on('response', (res) => {
          if (res.request().resourceType() === 'script') void res.body().then((b) => scriptBytes.push(b.length));
        });
        citizen.on('response', (res) => {
          if (res.request().method() === 'POST' && res.url().endsWith('/api/v1/reports/media')) {
            void res.json().then((m: { url: string }) => uploads.push(m.url));
          }
        });
      });

      after(async () => {
        for (const c of contexts) await c.close().catch(() => undefined);
        await phoneBrowser?.close();
        await centreBrowser?.close();
        await stopCentre(server);
      });

      it('opens in Vietnamese without a login, in under 200 kB of JavaScript, with no canvas', async () => {
        await citizen.goto(`${server.url}/citizen/`);
        await citizen.getByRole('heading', { name: 'Phản ánh hiện trường Hà Nội' }).waitFor();
        await citizen.waitForLoadState('networkidle');
        const total = scriptBytes.reduce((a, b) => a + b, 0);
        assert.ok(total > 0 && total < JS_BUDGET, `${total} bytes of JavaScript`);
        assert.equal(await citizen.locator('canvas').count(), 0);
        // Every field says what it is.
        for (const label of ['Loại vấn đề', 'Mô tả', 'Thư điện tử', 'Số điện thoại']) {
          await citizen.getByLabel(label, { exact: true }).waitFor();
        }
        await citizen.getByRole('application', { name: /Bản đồ/ }).waitFor();
      });

      it('reports a damaged road where the citizen stands, with a photo made small in the phone', async () => {
        await until('the categories', async () => (await citizen.locator('#service option').count()) > 10);
        await citizen.selectOption('#service', 'road-damage');
        // The service's own question, in the page's language.
        await citizen.locator('#attr-size option').nth(1).waitFor({ state: 'attached' });
        const message = citizen.locator('#report-form .message');
        // Sent too soon: what is missing is said, and unsaid once it is put right.
        await citizen.getByRole('button', { name: 'Gửi phản ánh' }).tap();
        assert.equal((await message.textContent())?.trim(), 'Hãy đặt ghim vào nơi có vấn đề.');
        await citizen.getByRole('button', { name: /Dùng vị trí của tôi/ }).tap();
        await until('the pin at the citizen', async () =>
          /21\.02880, 105\.85230/.test((await citizen.textContent('#place-text')) ?? ''),
        );
        assert.equal((await message.textContent())?.trim(), '');
        // A question of the service left unanswered: named, and its field focused.
        await citizen.fill('#description', 'Ổ gà');
        await citizen.getByRole('button', { name: 'Gửi phản ánh' }).tap();
        assert.equal((await message.textContent())?.trim(), 'Hãy trả lời: Kích thước chỗ hư hỏng');
        assert.equal(await citizen.evaluate(() => document.activeElement?.id), 'attr-size');
        await citizen.selectOption('#attr-size', 'medium');
        assert.equal((await message.textContent())?.trim(), '');
        await citizen.selectOption('#attr-blocks-traffic', 'no');
        // The map drew the city's own tiles as SVG.
        await until('the basemap drawn', async () => (await citizen.locator('.light-map-tiles path').count()) > 0);

        await citizen.setInputFiles('#photo', { name: 'camera.png', mimeType: 'image/png', buffer: png(2400, 1800) });
        await until('the photo sent', async () =>
          /Ảnh đã sẵn sàng/.test((await citizen.textContent('#photo-status')) ?? ''),
        );
        const url = await until('the photo uploaded', async () => uploads.at(-1));
        // Not served before its report takes it: an upload is no public image hosting.
        assert.equal((await fetch(url)).status, 404);

        await citizen.fill('#description', 'Ổ gà lớn giữa làn xe máy, <b>nguy hiểm</b> khi trời tối.');
        await citizen.fill('#email', 'nguoidan@example.vn');
        await shot(citizen, 'form');
        await citizen.getByRole('button', { name: 'Gửi phản ánh' }).tap();
        const done = await until('the report sent', async () => {
          const text =
            (await citizen
              .locator('.done h2')
              .textContent()
              .catch(() => null)) ?? '';
          return /Đã gửi phản ánh số (\S+)\./.exec(text)?.[1];
        });
        reportId = done;
        // Who answers it and by when, in the page's language, and the way to report something else.
        assert.match(
          (await citizen.locator('#service-notice').textContent()) ?? '',
          /^Sở Xây dựng Hà Nội tiếp nhận và trả lời trước /,
        );
        await citizen.getByRole('button', { name: 'Gửi phản ánh khác' }).waitFor();
        // From the citizens' page: the web channel, the photo kept by the module, the contact private.
        const stored = await callServer(server, 'GET', `/api/v1/reports/${encodeURIComponent(reportId)}`, token);
        assert.equal(stored.status, 200, stored.text);
        const { report } = JSON.parse(stored.text) as { report: { channel: string; media: unknown[] } };
        assert.equal(report.channel, 'web');
        assert.equal(report.media.length, 1);
        // What the server keeps and serves is what the page made: a JPEG of at most 1600 px.
        const served = await fetch(url);
        assert.equal(served.status, 200);
        assert.equal(served.headers.get('content-type'), 'image/jpeg');
        const sent = Buffer.from(await served.arrayBuffer());
        const size = jpegSize(sent);
        assert.deepEqual(size, { width: 1600, height: 1200 }, 'a JPEG of at most 1600 px');
        assert.ok(sent.length < 500 * 1024, `${sent.length} bytes`);
        const mine = await citizen.evaluate(() => localStorage.getItem('thanglong.citizen.reports'));
        assert.match(mine ?? '', new RegExp(reportId));
        await citizen.locator('#follow-new').tap();
        await citizen.locator('.report .state').waitFor();
        // Followed by the token kept on the phone: the address names the report, not the token.
        followHash = await citizen.evaluate(() => location.hash);
        assert.equal(followHash, `#/report/${reportId}`);
        // The photo, as the module serves it.
        await until('the photo shown', () =>
          citizen.locator('.report img.photo').evaluate((img) => (img as HTMLImageElement).naturalWidth > 0),
        );
        assert.equal((await citizen.locator('.report .state').textContent())?.trim(), 'Đã gửi, chờ tiếp nhận');
        // The text is shown as text: the markup typed is not markup.
        assert.match((await citizen.locator('.report .description').textContent()) ?? '', /<b>nguy hiểm<\/b>/);
        assert.equal(await citizen.locator('.report .description b').count(), 0);
        await shot(citizen, 'following');
      });

      it('shows a second citizen at the same place the first report as a possible duplicate', async () => {
        const second = await phone('en');
        // A list says a report has photos; it loads none (a full photo costs a slow phone minutes).
        const photosLoaded: string[] = [];
        second.on('request', (req) => {
          if (req.resourceType() === 'image' && req.url().includes('/media/')) photosLoaded.push(req.url());
        });
        await second.goto(`${server.url}/citizen/`);
        await until('the categories', async () => (await second.locator('#service option').count()) > 10);
        await second.selectOption('#service', 'road-damage');
        await second.getByRole('button', { name: /Use my location/ }).tap();
        await second.fill('#description', 'Pothole');
        const card = second.locator('#duplicates .card', { hasText: reportId });
        await card.waitFor();
        await card.getByRole('button', { name: 'This is my problem too' }).waitFor();
        // Sent in Vietnamese, named in the page's language.
        assert.match((await card.textContent()) ?? '', /Damaged road, bridge or pavement/);
        assert.match((await card.textContent()) ?? '', /Has a photo/);
        assert.equal(await card.locator('img').count(), 0);
        await shot(second, 'duplicate');
        // Near me: the same, no photo loaded for the list.
        await second.getByRole('link', { name: 'Near me' }).tap();
        await second.locator('#near-results .card', { hasText: reportId }).waitFor();
        assert.equal(await second.locator('#near-results img').count(), 0);
        assert.deepEqual(photosLoaded, [], 'no photo fetched for the lists');
        await second.goto(`${server.url}/citizen/`);
        await until('the categories', async () => (await second.locator('#service option').count()) > 10);
        // A question to the city is said to be one.
        await second.selectOption('#service', 'question');
        await second.getByRole('button', { name: 'Send the question' }).waitFor();
        assert.equal(
          await second.textContent('#description-hint'),
          'What you would like to ask or propose to the city.',
        );
      });

      it('lets an officer receive it from the queue and resolve it with a quick answer', async () => {
        const context = await centreBrowser.newContext({
          viewport: { width: 1440, height: 900 },
          acceptDownloads: true,
        });
        contexts.push(context);
        officer = await context.newPage();
        officer.setDefaultTimeout(WAIT_MS);
        officer.on('pageerror', (e) => errors.push(e.message));
        officer.on('console', (m) => {
          if (m.type() === 'error' && !DRIVER_NOISE.test(m.text())) errors.push(`${m.text()} ${m.location().url}`);
        });
        await officer.addInitScript(() => localStorage.setItem('thanglong.language', 'en'));
        await officer.goto(`${server.url}/reports`);
        await officer.fill('input[name=username]', 'admin');
        await officer.fill('input[name=password]', ADMIN_PASSWORD);
        await officer.click('button[type=submit]');
        const row = officer.locator(`.report-row[data-report="${reportId}"]`);
        await row.waitFor();
        assert.equal(await row.getAttribute('data-urgency'), 'ok');
        assert.match((await row.textContent()) ?? '', /left/);
        await mapSettled(officer);
        await row.click();
        const detail = officer.locator(`.report-detail[data-report="${reportId}"]`);
        await detail.waitFor();
        // The officer sees the contact (masked or clear, as their role may), the public never does.
        assert.match((await detail.textContent()) ?? '', /Reporter \(private\)/);
        // The service's questions and the answers chosen, by their names in the page's language.
        await detail.getByText('Size of the damage', { exact: true }).waitFor();
        assert.match((await detail.textContent()) ?? '', /Size of the damage: Medium \(0\.5–2 m\)/);
        await detail.getByRole('button', { name: 'Receive', exact: true }).click();
        await officer.locator(`.report-detail[data-state="received"]`).waitFor();

        // The officer asks the reporter for more; the citizen sees the question and answers it.
        await detail.getByRole('button', { name: 'Ask the reporter' }).click();
        await detail.locator('textarea[name=action-text]').fill('Ổ gà ở làn nào, gần số nhà nào?');
        await detail.getByRole('button', { name: 'Send the question' }).click();
        await officer.locator(`.report-detail[data-state="waiting"]`).waitFor();
        await until('the queue saying the clock stands', async () =>
          /clock paused/.test((await row.textContent()) ?? ''),
        );
        await citizen.reload();
        const asked = citizen.locator('.asked');
        await asked.waitFor();
        assert.match((await asked.textContent()) ?? '', /gần số nhà nào/);
        await citizen.getByLabel('Trả lời của bạn').fill('Làn bên phải, trước số nhà 12.');
        await asked.getByRole('button', { name: 'Gửi bổ sung' }).tap();
        await until('the reply taken', async () => (await citizen.locator('.asked').count()) === 0);
        await shot(citizen, 'replied');
        await officer.reload();
        await row.click();
        await officer.locator(`.report-detail[data-state="received"]`).waitFor();
        await officer
          .locator('.report-timeline li[data-event="supplemented"]', { hasText: 'trước số nhà 12' })
          .waitFor();

        await detail.getByRole('button', { name: 'Resolve', exact: true }).click();
        await detail.getByRole('button', { name: 'Fixed' }).click();
        const answer = detail.locator('textarea[name=action-text]');
        assert.match(await answer.inputValue(), /fixed the problem on site/);
        await answer.fill(`${await answer.inputValue()} The road was patched on Trần Hưng Đạo corner.`);
        await shot(officer, 'resolving');
        await detail.getByRole('button', { name: 'Resolve and answer' }).click();
        await officer.locator(`.report-detail[data-state="resolved"]`).waitFor();
        await officer.locator('.report-timeline li[data-event="resolved"]').waitFor();
        // Off the open queue.
        await until('the queue without it', async () => (await row.count()) === 0);
        await shot(officer, 'resolved');
      });

      it('shows the citizen the answer when they follow their report', async () => {
        await citizen.reload();
        await citizen.locator('.report .state').waitFor();
        assert.equal((await citizen.locator('.report .state').textContent())?.trim(), 'Đã giải quyết');
        assert.match((await citizen.locator('.answer').textContent()) ?? '', /The road was patched/);
        const events = await citizen.locator('.timeline .event').allTextContents();
        assert.ok(
          events.some((e) => /Cơ quan đã tiếp nhận/.test(e)),
          events.join(' | '),
        );
        assert.ok(
          events.some((e) => /Đã giải quyết/.test(e)),
          events.join(' | '),
        );
        // My reports, from this phone's memory.
        await citizen.getByRole('link', { name: 'Phản ánh của tôi' }).tap();
        const card = citizen.locator('#mine .card', { hasText: 'Đã giải quyết' });
        await card.waitFor();
        await shot(citizen, 'answered');
      });

      it('opens the link of the message the reporter was sent on the citizens page', async () => {
        const outbox = await callServer(
          server,
          'GET',
          `/api/v1/reports/messages?reportId=${encodeURIComponent(reportId)}`,
          token,
        );
        assert.equal(outbox.status, 200, outbox.text);
        const { messages } = JSON.parse(outbox.text) as { messages: { eventKind: string; link: string }[] };
        const resolved = messages.find((m) => m.eventKind === 'resolved');
        assert.ok(resolved, messages.map((m) => m.eventKind).join(', '));
        assert.ok(resolved.link.startsWith(`${server.url}/citizen/#follow=`), resolved.link);
        const other = await phone();
        await other.goto(resolved.link);
        await other.locator('.answer').waitFor();
        assert.match((await other.locator('.answer').textContent()) ?? '', /The road was patched/);
        // The token left the address bar at once.
        assert.equal(await other.evaluate(() => location.href), `${server.url}/citizen/#/report/${reportId}`);
        await until('the report kept in My reports', async () =>
          ((await other.evaluate(() => localStorage.getItem('thanglong.citizen.reports'))) ?? '').includes(reportId),
        );
      });

      it('shows every photo of a report where Open311 lists them: the citizen page without a token, and the desk', async () => {
        const photo = async (path: string, auth?: string) => {
          const res = await fetch(`${server.url}/api/v1/reports/${path}`, {
            method: 'POST',
            headers: { 'content-type': 'image/png', ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
            body: new Uint8Array(png(64, 48)),
          });
          assert.equal(res.status, 201);
          return ((await res.json()) as { id: string }).id;
        };
        const two = [await photo('media'), await photo('media')];
        const filed = await callServer(server, 'POST', '/api/v1/reports', undefined, {
          serviceCode: 'waste',
          location: [HERE.longitude, HERE.latitude],
          attributes: { kind: 'dumping' },
          mediaIds: two,
        });
        assert.equal(filed.status, 201, filed.text);
        const { id } = JSON.parse(filed.text) as { id: string };
        // The desk shows both of the citizen's photos.
        await officer.goto(`${server.url}/reports`);
        await officer.locator(`.report-row[data-report="${id}"]`).click();
        const desk = officer.locator(`.report-detail[data-report="${id}"]`);
        await desk.waitFor();
        await until('both photos on the desk', async () => (await desk.locator('img.report-photo').count()) === 2);

        const work = await photo('answer-media', token);
        const resolved = await callServer(server, 'POST', `/api/v1/reports/${encodeURIComponent(id)}/resolve`, token, {
          answer: 'Đã thu gom.',
          mediaIds: [work],
        });
        assert.equal(resolved.status, 200, resolved.text);

        const stranger = await phone();
        await stranger.goto(`${server.url}/citizen/#/report/${encodeURIComponent(id)}`);
        await stranger.locator('.answer img.answer-photo').waitFor();
        const srcs = (selector: string) =>
          stranger.locator(selector).evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).src));
        assert.deepEqual(
          (await srcs('.answer img.answer-photo')).map((u) => u.split('/').at(-1)),
          [work],
          'the answer photo',
        );
        assert.deepEqual(
          (await srcs('.report > img.photo')).map((u) => u.split('/').at(-1)),
          two,
          "both of the citizen's photos",
        );
        await shot(stranger, 'photos');
      });

      it('opens a follow link given while the page is open, as on a fresh load', async () => {
        const made = await callServer(server, 'POST', '/api/v1/reports', undefined, {
          serviceCode: 'road-damage',
          location: [HERE.longitude, HERE.latitude],
          description: 'Ổ gà thứ hai',
          attributes: { size: 'small', 'blocks-traffic': 'no' },
          contact: { email: 'nguoidan2@example.vn' },
        });
        assert.equal(made.status, 201, made.text);
        const { id, token: followToken } = JSON.parse(made.text) as { id: string; token: string };
        const page = await phone();
        await page.goto(`${server.url}/citizen/#/near`);
        await page.locator('#near-results').waitFor();
        await page.evaluate((t) => (location.hash = `#follow=${t}`), followToken);
        await until('the token out of the address', async () =>
          (await page.evaluate(() => location.hash)) === `#/report/${id}` ? true : undefined,
        );
        await page.locator('.report .state').waitFor();
        assert.match((await page.locator('#report-title').textContent()) ?? '', new RegExp(id));
        assert.match(
          (await page.evaluate(() => localStorage.getItem('thanglong.citizen.reports'))) ?? '',
          new RegExp(id),
        );
      });

      it("links a merged report to the one it joined, shows that one's outcome, and offers no notifications on it", async () => {
        const file = async (description: string) => {
          const res = await callServer(server, 'POST', '/api/v1/reports', undefined, {
            serviceCode: 'road-damage',
            location: [HERE.longitude, HERE.latitude],
            description,
            attributes: { size: 'small', 'blocks-traffic': 'no' },
            contact: { email: 'nguoidan3@example.vn' },
          });
          assert.equal(res.status, 201, res.text);
          return JSON.parse(res.text) as { id: string; token: string };
        };
        const target = await file('Ổ gà, đã có người báo');
        const dup = await file('Ổ gà trước nhà tôi');
        const step = (id: string, action: string, body: object) =>
          callServer(server, 'POST', `/api/v1/reports/${encodeURIComponent(id)}/${action}`, token, body);
        assert.equal((await step(dup.id, 'merge', { into: target.id })).status, 200);
        assert.equal((await step(target.id, 'resolve', { answer: 'Đã vá ổ gà.' })).status, 200);
        const page = await phone();
        await page.goto(`${server.url}/citizen/#follow=${dup.token}`);
        const link = page.locator('.merged-into a');
        await link.waitFor();
        assert.equal(await link.getAttribute('href'), `#/report/${target.id}`);
        assert.match((await page.locator('.outcome').textContent()) ?? '', /Đã vá ổ gà\./);
        assert.equal(await page.locator('#notify-me').count(), 0, 'a closed duplicate offers no notifications');
        await shot(page, 'merged');
        await link.tap();
        await until('the target opened', async () =>
          /Đã vá ổ gà/.test((await page.locator('.answer').first().textContent()) ?? '') ? true : undefined,
        );
      });

      it('shows a photo kept elsewhere (an Open311 media_url) as a link, never a broken image', async () => {
        const form = new URLSearchParams({
          service_code: 'road-damage',
          lat: String(HERE.latitude),
          long: String(HERE.longitude),
          description: 'Ổ gà, ảnh trên trang khác',
          media_url: 'https://photos.example.org/o-ga.jpg',
          'attribute[size]': 'small',
          'attribute[blocks-traffic]': 'no',
        });
        const posted = await fetch(`${server.url}/open311/v2/requests.json`, { method: 'POST', body: form });
        assert.equal(posted.status, 200, await posted.clone().text());
        const [created] = (await posted.json()) as { service_request_id: string }[];
        const id = created?.service_request_id ?? '';
        const page = await phone('en');
        await page.goto(`${server.url}/citizen/#/near`);
        const card = page.locator('#near-results .card', { hasText: id });
        await card.waitFor();
        const external = card.getByRole('link', { name: /External photo/ });
        assert.equal(await external.getAttribute('href'), 'https://photos.example.org/o-ga.jpg');
        assert.equal(await external.getAttribute('rel'), 'noopener noreferrer');
        assert.equal(await external.getAttribute('target'), '_blank');
        await page.goto(`${server.url}/citizen/#/report/${id}`);
        await page.locator('.report .external-photo').waitFor();
        assert.equal(await page.locator('.report img').count(), 0);
      });

      it('gives the leaders the figures, sortable, as CSV', async () => {
        await officer.getByRole('button', { name: /On-time rates and hot spots/ }).click();
        await officer.locator('[data-table="on-time"] table').waitFor();
        const hot = officer.locator('[data-table="hot-spots"]');
        await hot.waitFor();
        const [download] = await Promise.all([
          officer.waitForEvent('download'),
          officer.locator('[data-table="on-time"]').getByRole('button', { name: 'Export CSV' }).click(),
        ]);
        assert.match(download.suggestedFilename(), /^reports-on-time-.*\.csv$/);
        const header = officer.locator('[data-table="on-time"] th').first();
        await header.getByRole('button').click();
        assert.match((await header.getAttribute('aria-sort')) ?? '', /ascending|descending/);
        await shot(officer, 'insight');
      });

      it('met no script error on the way', () => {
        assert.deepEqual(errors, []);
      });
    },
  );
}
