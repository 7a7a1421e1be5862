import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { crc32, deflateSync } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { bankConfirmation } from '../../server/src/modules/payments/bank.js';
import { verifySignedPdf } from '../../server/src/modules/services/documents/index.js';
import { HANOI_AGENCIES, HANOI_PROCEDURES } from '../../server/src/modules/services/hanoi-procedures.js';
import { ProcedureCatalogue } from '../../server/src/modules/services/procedures.js';
import { createTestDatabase, DRIVERS, skipReason, type Driver } from '../../server/test/support/databases.js';
import { callServer, loginAdmin, startServer, type RunningServer } from '../../server/test/support/process.js';
import { freePort } from '../../server/test/support/receiver.js';
import { launchChromium } from './chromium.js';
import { SHOTS, stopCentre, untilWithin, WEB_DIST } from './centre.js';

// Online public services end to end, in Chromium against the real server. A citizen on a phone
// (390 × 844, touch) finds a procedure by typing without diacritics, reads what it needs, fills its
// e-form (a document asked for only when the record is someone else's, the fee growing with the copies,
// the server's word on a wrong phone number shown beside the field), files it, and pays the fee by the
// VietQR shown — the bank confirms the transfer as a bank does, signed. An officer at the operations
// centre receives the dossier from the queue, starts it and asks for a supplement; the citizen sends
// it from the phone (a photo made small first); the officer makes the result and returns it; the
// citizen downloads the signed result (its signature verifies against the agency's certificate) and
// rates the service.

const ADMIN_PASSWORD = 'public-services-test-password';
const WEBHOOK_SECRET = 'public-services-test-webhook-secret-0123456789';
const WAIT_MS = 60_000;
const PHONE = { width: 390, height: 844 };
/** The first view's JavaScript, at most: a size, not a time. */
const JS_BUDGET = 200 * 1024;
/** A building permit for a private house: full-process, a fee, documents, an electronic result. */
const PROCEDURE = 'HN.XD.GPXD-NO';
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
  header.writeUInt8(8, 8);
  header.writeUInt8(2, 9);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A scanned drawing as a real PDF of one page. */
async function pdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText('Ban ve mat bang tang 1', { x: 60, y: 760, size: 18 });
  return Buffer.from(await doc.save());
}

/** The bytes of JavaScript the first view of the built page loads (its entry and what it preloads). */
function builtFirstViewBytes(dist: string): number {
  const html = readFileSync(`${dist}dich-vu-cong/index.html`, 'utf8');
  const scripts = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1] as string);
  assert.ok(scripts.length > 0, 'the page loads no script');
  return scripts.reduce((sum, path) => sum + readFileSync(`${dist}${path}`).length, 0);
}

describe('the built online public services page', () => {
  it('loads under 200 kB of JavaScript, no framework and no map library', () => {
    for (const dist of [WEB_DIST, WEB_DIST.replace('dist-test/', 'dist/')]) {
      assert.ok(
        existsSync(`${dist}dich-vu-cong/index.html`),
        `${dist} is not built: npm run build --workspace apps/web`,
      );
      const bytes = builtFirstViewBytes(dist);
      assert.ok(bytes < JS_BUDGET, `${bytes} bytes of JavaScript in ${dist}dich-vu-cong/`);
      const html = readFileSync(`${dist}dich-vu-cong/index.html`, 'utf8');
      assert.ok(!html.includes('maplibre') && !/\breact-/.test(html), html);
    }
  });
});

/** The server on a fresh database of the driver, serving the built pages, with its data directory known. */
async function start(driver: Driver, port: number): Promise<{ server: RunningServer; dataDir: string }> {
  assert.ok(existsSync(`${WEB_DIST}index.html`), 'the web app is not built: npm run build --workspace apps/web');
  // The city's catalogue (agencies and procedures), as the demo seeds it, in the database before the start.
  const t = await createTestDatabase(driver);
  await new ProcedureCatalogue({ db: t.db }).seed('', HANOI_PROCEDURES, HANOI_AGENCIES);
  await t.db.close();
  const dataDir = t.url ? mkdtempSync(join(tmpdir(), 'thanglong-services-')) : dirname(t.dataDir as string);
  const server = await startServer({
    WEB_DIST,
    AUTH_ADMIN_PASSWORD: ADMIN_PASSWORD,
    DEMO: 'off',
    PORT: String(port),
    PAYMENTS_WEBHOOK_SECRET: WEBHOOK_SECRET,
    DATA_DIR: dataDir,
    ...(t.url ? { DATABASE_URL: t.url } : {}),
  });
  return { server, dataDir };
}

for (const driver of DRIVERS) {
  const skip = process.env['THANGLONG_TEST_SKIP_BROWSER'] ?? skipReason(driver);
  describe(
    `online public services in Chromium: a citizen on a phone, an officer at the centre [${driver}]`,
    skip ? { skip } : {},
    () => {
      let server: RunningServer;
      let dataDir = '';
      let token: string;
      let phoneBrowser: Browser;
      let centreBrowser: Browser;
      const contexts: BrowserContext[] = [];
      let citizen: Page;
      let officer: Page;
      const errors: string[] = [];
      const scriptBytes: number[] = [];
      let code = '';
      /** The steps follow one another: after one fails, the rest say so instead of waiting out their time. */
      let broken = '';
      const step = (name: string, fn: () => Promise<void>): void =>
        void it(name, async (t) => {
          if (broken) return t.skip(`after "${broken}" failed`);
          try {
            await fn();
          } catch (err) {
            broken = name;
            // What each page showed when it failed, for the person reading the failure.
            await citizen?.screenshot({
              path: `${SHOTS}/${driver}-public-services-failed-citizen.png`,
              fullPage: true,
            });
            await officer?.screenshot({
              path: `${SHOTS}/${driver}-public-services-failed-officer.png`,
              fullPage: true,
            });
            throw err;
          }
        });
      const shot = (page: Page, name: string) =>
        page.screenshot({ path: `${SHOTS}/${driver}-public-services-${name}.png`, fullPage: true });
      const watch = (page: Page) => {
        page.setDefaultTimeout(WAIT_MS);
        page.on('pageerror', (e) => errors.push(e.message));
        page.on('console', (m) => {
          // A refusal the test provokes (400, 401, 404, 409) is the page's to word, not an error of it.
          if (m.type() === 'error' && !/40[0149]/.test(m.text())) errors.push(`${m.text()} ${m.location().url}`);
        });
      };
      /** The officer's dossier as the server has it. */
      const stored = async () => {
        const res = await callServer(server, 'GET', `/api/v1/services/dossiers/${encodeURIComponent(code)}`, token);
        assert.equal(res.status, 200, res.text);
        return JSON.parse(res.text) as { state: string; fee?: { state: string } };
      };

      before(async () => {
        ({ server, dataDir } = await start(driver, await freePort()));
        token = await loginAdmin(server, ADMIN_PASSWORD);
        phoneBrowser = await chromium.launch({
          executablePath: '/usr/bin/chromium',
          args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
        });
        centreBrowser = await launchChromium();
        const context = await phoneBrowser.newContext({
          viewport: PHONE,
          isMobile: true,
          hasTouch: true,
          acceptDownloads: true,
        });
        contexts.push(context);
        citizen = await context.newPage();
        watch(citizen);
        citizen.on('response', (res) => {
          if (res.request().resourceType() === 'script') void res.body().then((b) => scriptBytes.push(b.length));
        });
      });

      after(async () => {
        for (const c of contexts) await c.close().catch(() => undefined);
        await phoneBrowser?.close();
        await centreBrowser?.close();
        await stopCentre(server);
      });

      step('opens in Vietnamese without a login, under 200 kB of JavaScript', async () => {
        await citizen.goto(`${server.url}/dich-vu-cong/`);
        await citizen.getByRole('heading', { name: 'Dịch vụ công trực tuyến Hà Nội' }).waitFor();
        await citizen.waitForLoadState('networkidle');
        const total = scriptBytes.reduce((a, b) => a + b, 0);
        assert.ok(total > 0 && total < JS_BUDGET, `${total} bytes of JavaScript`);
        await citizen.getByLabel('Tìm thủ tục hành chính').waitFor();
      });

      step(
        'says which of the birth registration’s documents are needed, and when, as the procedure declares',
        async () => {
          await citizen.goto(`${server.url}/dich-vu-cong/#/thu-tuc/1.001193`);
          await citizen.getByRole('heading', { name: 'Đăng ký khai sinh' }).waitFor();
          const need = (doc: string) => citizen.locator(`.procedure li[data-document="${doc}"] [data-need]`);
          // Each is asked for only when an answer holds: said with the question and the answer, not "required".
          const expected: [string, RegExp][] = [
            ['giay-chung-sinh', /bắt buộc khi Nơi sinh là “Tại cơ sở y tế”/],
            ['xac-nhan-nguoi-lam-chung', /bắt buộc khi Nơi sinh là “Ngoài cơ sở y tế”/],
            ['van-ban-uy-quyen', /bắt buộc khi Quan hệ với người được khai sinh là “Người khác \(được ủy quyền\)”/],
          ];
          for (const [doc, words] of expected) {
            assert.equal(await need(doc).getAttribute('data-need'), 'required-when', doc);
            assert.match((await need(doc).textContent()) ?? '', words);
          }
          assert.doesNotMatch((await citizen.locator('.procedure').textContent()) ?? '', /\(bắt buộc;/);
          await shot(citizen, 'birth-documents');
          // An optional one says so (a business household's lease, when the premises are not its own).
          await citizen.goto(`${server.url}/dich-vu-cong/#/thu-tuc/1.001612`);
          await need('hop-dong-thue').waitFor();
          assert.equal(await need('hop-dong-thue').getAttribute('data-need'), 'optional');
          assert.match((await need('hop-dong-thue').textContent()) ?? '', /không bắt buộc, dùng khi không đánh dấu/);
          await citizen.goto(`${server.url}/dich-vu-cong/#/`);
          await citizen.getByLabel('Tìm thủ tục hành chính').waitFor();
        },
      );

      step('finds the procedure typed without diacritics and says what it needs', async () => {
        await citizen.getByLabel('Tìm thủ tục hành chính').fill('giay phep xay dung nha o');
        const card = citizen.locator(`#procedures [data-procedure="${PROCEDURE}"]`);
        await card.waitFor();
        // Field, level, time limit, fee and online level, on the card.
        const words = (await card.textContent()) ?? '';
        for (const part of ['Hoạt động xây dựng', 'Xã, phường', '15 ngày làm việc', 'từ 75.000 đ', 'Toàn trình']) {
          assert.ok(words.includes(part), `${part} in ${words}`);
        }
        await card.locator('a').tap();
        await citizen.getByRole('heading', { name: /Cấp giấy phép xây dựng/ }).waitFor();
        for (const heading of ['Thành phần hồ sơ', 'Phí, lệ phí', 'Trình tự thực hiện', 'Căn cứ pháp lý']) {
          await citizen.getByRole('heading', { name: heading, exact: true }).waitFor();
        }
        assert.match((await citizen.locator('.procedure').textContent()) ?? '', /Giấy tờ chứng minh quyền sử dụng đất/);
        await citizen.getByRole('link', { name: 'Nộp hồ sơ trực tuyến' }).tap();
        await citizen.locator('form#apply').waitFor();
      });

      step(
        'fills the e-form: conditional parts shown live, documents attached, the server’s errors beside their fields',
        async () => {
          // Conditional documents, live: photographs for a renovation, an undertaking for a basement.
          const photos = citizen.locator('[data-document="anh-hien-trang"]');
          const undertaking = citizen.locator('[data-document="cam-ket-an-toan"]');
          assert.deepEqual([await photos.isVisible(), await undertaking.isVisible()], [false, false]);
          await citizen.getByLabel('Sửa chữa, cải tạo').check();
          await citizen.getByLabel('Có tầng hầm').check();
          assert.deepEqual([await photos.isVisible(), await undertaking.isVisible()], [true, true]);
          await citizen.getByLabel('Xây dựng mới').check();
          await citizen.getByLabel('Có tầng hầm').uncheck();
          assert.deepEqual([await photos.isVisible(), await undertaking.isVisible()], [false, false]);

          await citizen.fill('#f-requesterName', 'Nguyễn Thị Lan');
          await citizen.fill('#f-requesterIdNumber', '001190012345');
          await citizen.fill('#f-requesterPhone', '12345');
          await citizen.fill('#f-requesterAddress', '12 Hàng Bạc');
          await citizen.selectOption('#f-residenceWard', { label: 'Phường Hoàn Kiếm' });
          await citizen.selectOption('#f-plotWard', { label: 'Phường Hoàn Kiếm' });
          await citizen.fill('#f-plotAddress', '45 Hàng Bạc');
          await citizen.fill('#f-landCertificateNumber', 'CS 012345');
          await citizen.fill('#f-plotAreaM2', '60');
          await citizen.fill('#f-floorAreaM2', '240');
          await citizen.fill('#f-floors', '4');
          await citizen.locator('#f-truthful').check();
          assert.equal(await citizen.locator('.fee-total').getAttribute('data-fee-total'), '75000');
          assert.match((await citizen.locator('.fee-total').textContent()) ?? '', /75\.000 đ/);

          // The land papers photographed (made small here first), the drawings as a PDF as they are.
          const uploads: { contentType: string; bytes: number }[] = [];
          citizen.on('response', (res) => {
            if (res.request().method() === 'POST' && res.url().endsWith('/api/v1/services/uploads'))
              void res.json().then((u: { contentType: string; bytes: number }) => uploads.push(u));
          });
          await citizen.setInputFiles('#doc-giay-to-dat', {
            name: 'so-do.png',
            mimeType: 'image/png',
            buffer: png(2400, 1800),
          });
          await until('the photo uploaded', async () =>
            /Đã tải lên/.test((await citizen.textContent('#doc-giay-to-dat-status')) ?? ''),
          );
          const drawings = await pdf();
          await citizen.setInputFiles('#doc-ban-ve-thiet-ke', {
            name: 'ban-ve.pdf',
            mimeType: 'application/pdf',
            buffer: drawings,
          });
          await until('the PDF uploaded', async () =>
            /Đã tải lên/.test((await citizen.textContent('#doc-ban-ve-thiet-ke-status')) ?? ''),
          );
          await until('both answered', async () => uploads.length === 2);
          const [photo, scan] = [
            uploads.find((u) => u.contentType === 'image/jpeg'),
            uploads.find((u) => u.contentType === 'application/pdf'),
          ];
          assert.ok(photo && photo.bytes < 500 * 1024, `the photo: ${JSON.stringify(uploads)}`);
          assert.equal(scan?.bytes, drawings.length, 'the PDF as it was');

          // A phone number that is none: the server says so beside the field, and nothing is filed.
          await citizen.getByRole('button', { name: 'Nộp hồ sơ' }).tap();
          const phoneError = citizen.locator('#f-requesterPhone-error');
          await until('the phone refused', async () => ((await phoneError.textContent()) ?? '') !== '');
          assert.match((await phoneError.textContent()) ?? '', /điện thoại/);
          assert.equal(await citizen.locator('#f-requesterPhone').getAttribute('aria-invalid'), 'true');
          await citizen.fill('#f-requesterPhone', '0912 345 678');
          await shot(citizen, 'form');
          await citizen.getByRole('button', { name: 'Nộp hồ sơ' }).tap();
          code = await until(
            'the dossier filed',
            async () => (await citizen.locator('[data-code]').getAttribute('data-code')) ?? undefined,
          );
          assert.ok(code, 'code');
          // Its token kept on this phone, for this dossier; the address carries no personal data.
          const kept = await citizen.evaluate(() => localStorage.getItem('thanglong.dich-vu-cong.dossiers'));
          assert.ok(
            kept?.includes(code) && kept.includes('"token"'),
            'kept?.includes(code) && kept.includes(\'"token"\')',
          );
          assert.ok(
            !citizen.url().includes('Lan') && !citizen.url().includes('0912'),
            "!citizen.url().includes('Lan') && !citizen.url().includes('0912')",
          );
          // The name went in as text: no element made of it.
          assert.equal(await citizen.locator('b', { hasText: 'Lan' }).count(), 0);
        },
      );

      step(
        'shows the fee’s VietQR with the amount and reference; the bank’s signed confirmation settles it',
        async () => {
          const payment = citizen.locator('.payment');
          await payment.waitFor();
          // Told by when: unpaid then, the dossier is refused by itself.
          assert.match(
            (await citizen.locator('[data-pay-by]').textContent()) ?? '',
            /^Hãy thanh toán trước \d{2}:\d{2} \d{2}\/\d{2}\/\d{4}, nếu không hồ sơ sẽ bị từ chối\.$/,
          );
          assert.equal(await payment.locator('[data-amount]').getAttribute('data-amount'), '75000');
          const reference = (await payment.locator('[data-reference]').getAttribute('data-reference')) ?? '';
          assert.match(reference, /^TL[0-9A-Z]{10}$/);
          await until('the QR drawn', () =>
            payment.locator('img.qr').evaluate((img) => (img as HTMLImageElement).naturalWidth > 0),
          );
          await shot(citizen, 'pay');

          // The bank, as banks do: a signed confirmation of the transfer to the webhook.
          const bank = bankConfirmation(WEBHOOK_SECRET, {
            transactionId: `FT${Date.now()}`,
            reference,
            amountVnd: 75000,
            paidAt: new Date().toISOString(),
            accountNumber: '0000000000',
          });
          const res = await fetch(`${server.url}${bank.url}`, {
            method: 'POST',
            headers: bank.headers,
            body: bank.payload,
          });
          assert.equal(res.status, 200, await res.text());
          assert.equal((await stored()).fee?.state, 'paid');

          await citizen.getByRole('link', { name: 'Xem hồ sơ' }).tap();
          await citizen.locator(`.dossier[data-dossier="${code}"]`).waitFor();
          await until('the fee shown paid', async () => (await citizen.locator('dd[data-fee="paid"]').count()) === 1);
          assert.equal(await citizen.evaluate(() => location.hash), `#/ho-so/${code}`);
        },
      );

      step('lets an officer receive it from the queue, start it and ask for a supplement', async () => {
        const context = await centreBrowser.newContext({
          viewport: { width: 1280, height: 900 },
          acceptDownloads: true,
        });
        contexts.push(context);
        officer = await context.newPage();
        watch(officer);
        await officer.addInitScript(() => localStorage.setItem('thanglong.language', 'en'));
        await officer.goto(`${server.url}/dossiers`);
        await officer.fill('input[name=username]', 'admin');
        await officer.fill('input[name=password]', ADMIN_PASSWORD);
        await officer.click('button[type=submit]');
        const row = officer.locator(`.dossier-row[data-dossier="${code}"]`);
        await row.click();
        const detail = (state: string) =>
          officer.locator(`.dossier-detail[data-dossier="${code}"][data-state="${state}"]`);
        await detail('submitted').waitFor();
        // Handlers read the applicant in clear; the queue masks them.
        assert.match((await detail('submitted').textContent()) ?? '', /Nguyễn Thị Lan/);
        assert.ok(
          !((await row.textContent()) ?? '').includes('Nguyễn Thị'),
          "!((await row.textContent()) ?? '').includes('Nguyễn Thị')",
        );
        // Only the actions the state allows.
        const actions = async () =>
          officer
            .locator('.dossier-detail [data-action]')
            .evaluateAll((b) => b.map((x) => x.getAttribute('data-action')));
        assert.deepEqual(await actions(), ['receive', 'reject', 'request-supplement', 'note']);
        await officer.click('[data-action="receive"]');
        await detail('received').waitFor();
        // Form 01 (the receipt) in one click: a PDF.
        const [receipt] = await Promise.all([officer.waitForEvent('download'), officer.click('[data-form-kind="01"]')]);
        assert.equal(receipt.suggestedFilename(), `mau-01-${code}.pdf`);
        assert.equal(
          readFileSync(await receipt.path())
            .subarray(0, 5)
            .toString('latin1'),
          '%PDF-',
        );
        await officer.click('[data-action="start"]');
        await detail('processing').waitFor();
        await officer.click('[data-action="request-supplement"]');
        await officer.fill(
          'textarea[name=items]',
          'Giấy chứng nhận quyền sử dụng đất, chụp rõ cả hai mặt\nẢnh chụp hiện trạng khu đất và công trình liền kề',
        );
        await officer.fill('textarea[name=action-text]', 'Ảnh giấy chứng nhận bị mờ, xin gửi lại.');
        await officer.click('form[data-form="request-supplement"] button[type=submit]');
        await detail('supplement').waitFor();
        await shot(officer, 'supplement-asked');
      });

      step('says the time limits in the queue in working days', async () => {
        await officer.reload();
        const row = officer.locator(`.dossier-row[data-dossier="${code}"]`);
        await row.waitFor();
        // The permit's 15 working days, received today: days left, not a hundred-odd hours.
        const left = (await row.locator('.time-left').textContent()) ?? '';
        assert.match(left, /\b\d+(\.5)? working days left/, left);
        assert.doesNotMatch(left, / h \d+ min/, left);
        // Paid: no fee mark.
        assert.equal(await row.locator('[data-fee-due]').count(), 0);
      });

      step('lets an officer work from a phone: the queue, then the dossier', async () => {
        const context = await centreBrowser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
        contexts.push(context);
        const page = await context.newPage();
        watch(page);
        await page.addInitScript(() => localStorage.setItem('thanglong.language', 'vi'));
        await page.goto(`${server.url}/dossiers`);
        await page.fill('input[name=username]', 'admin');
        await page.fill('input[name=password]', ADMIN_PASSWORD);
        await page.click('button[type=submit]');
        const row = page.locator(`.dossier-row[data-dossier="${code}"]`);
        await row.tap();
        await page.locator(`.dossier-detail[data-dossier="${code}"][data-state="supplement"]`).waitFor();
        assert.equal(await row.isVisible(), false, 'the dossier takes the screen');
        // In Vietnamese and in words: the ward by its name, every timeline kind translated, dates with the year.
        const detail = page.locator(`.dossier-detail[data-dossier="${code}"]`);
        // The form's questions arrive with the procedure, after the dossier.
        await until('the answers in words', async () =>
          /Phường, xã nơi có thửa đất: Phường Hoàn Kiếm/.test((await detail.textContent()) ?? ''),
        );
        const text = (await detail.textContent()) ?? '';
        assert.doesNotMatch(text, /ward-\d{5}|· applicant|· system/);
        assert.equal(await detail.locator('[data-event="filed"] strong').textContent(), 'Nộp hồ sơ');
        for (const time of await detail.locator('.timeline time').allTextContents()) {
          assert.match(time, /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
        }
        assert.match((await detail.locator('[data-due]').textContent()) ?? '', /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
        // Nothing wider than the phone.
        assert.ok(
          await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1),
          'await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)',
        );
        await shot(page, 'officer-phone');
        await page.getByRole('button', { name: /Hàng đợi/ }).tap();
        await row.waitFor();
        // The queue: not the page, nor its filters (an agency's long name), nor logging out in the header's strip.
        const widths = await page.evaluate(() => ({
          page: document.querySelector('main.dossiers-page')?.getBoundingClientRect().width ?? 0,
          agency: document.querySelector('select[name="dossiers-agency"]')?.getBoundingClientRect().right ?? 0,
          logout: document.querySelector('.topbar .logout')?.getBoundingClientRect().right ?? 999,
        }));
        assert.ok(
          widths.page <= PHONE.width && widths.agency <= PHONE.width && widths.logout <= PHONE.width,
          JSON.stringify(widths),
        );
        assert.deepEqual(errors, []);
      });

      step('lets the citizen send the supplement from the phone, a photo made small first', async () => {
        await citizen.reload();
        const asked = citizen.locator('.asked');
        await asked.waitFor();
        assert.match((await asked.textContent()) ?? '', /chụp rõ cả hai mặt/);
        assert.match((await asked.textContent()) ?? '', /Ảnh giấy chứng nhận bị mờ, xin gửi lại\./);
        // The upload's answer is read before the status line is checked: the page can say "uploaded" before
        // the test has read the response body.
        const answered = citizen.waitForResponse(
          (res) => res.request().method() === 'POST' && res.url().endsWith('/api/v1/services/uploads'),
        );
        await citizen.setInputFiles('#sup-giay-to-dat', {
          name: 'cccd.png',
          mimeType: 'image/png',
          buffer: png(2400, 1800),
        });
        const uploads = [(await (await answered).json()) as { contentType: string; bytes: number }];
        await until('the photo uploaded', async () =>
          /Đã tải lên/.test((await citizen.textContent('#sup-giay-to-dat-status')) ?? ''),
        );
        assert.equal(uploads[0]?.contentType, 'image/jpeg');
        assert.ok((uploads[0]?.bytes ?? Infinity) < 500 * 1024, `${uploads[0]?.bytes} bytes`);
        // The site photo is none of the procedure's documents: it has a box of its own, under the item's words.
        const item = 'Ảnh chụp hiện trạng khu đất và công trình liền kề';
        assert.equal(await citizen.textContent('label[for="sup-asked-2"]'), item);
        await citizen.setInputFiles('#sup-asked-2', {
          name: 'hien-trang.png',
          mimeType: 'image/png',
          buffer: png(800, 600),
        });
        await until('the site photo uploaded', async () =>
          /Đã tải lên/.test((await citizen.textContent('#sup-asked-2-status')) ?? ''),
        );
        await citizen.fill('#supplement-note', 'Đã chụp lại rõ hơn.');
        await citizen.getByRole('button', { name: 'Gửi bổ sung' }).tap();
        await citizen.locator(`.dossier[data-state="processing"]`).waitFor();
        assert.equal((await stored()).state, 'processing');
        // The dossier lists what was filed, the photo under the item's words.
        const filed = citizen.locator(`[data-filed-document="asked:${item}"]`);
        await filed.waitFor();
        assert.match((await filed.textContent()) ?? '', new RegExp(`^${item} · hien-trang`));
      });

      step('lets the officer make the result and return it', async () => {
        await officer.reload();
        await officer.locator(`.dossier-row[data-dossier="${code}"]`).click();
        const detail = (state: string) =>
          officer.locator(`.dossier-detail[data-dossier="${code}"][data-state="${state}"]`);
        await detail('processing').waitFor();
        // The supplement is among the documents, and opens; the site photo under the words it was asked by.
        await officer.locator('.dossier-detail [data-document]').first().waitFor();
        assert.equal(
          await officer
            .locator('[data-document-code="asked:Ảnh chụp hiện trạng khu đất và công trình liền kề"]')
            .textContent(),
          'Ảnh chụp hiện trạng khu đất và công trình liền kề: ',
        );
        // The ward's committee decides: no result before its signing — not offered, and refused if asked.
        const ward = "People's Committee of Hoan Kiem Ward";
        assert.equal(await officer.locator('[data-action="result"]').count(), 0);
        assert.match((await officer.locator('[data-result-after="sign"]').textContent()) ?? '', new RegExp(ward));
        const early = await callServer(
          server,
          'POST',
          `/api/v1/services/dossiers/${encodeURIComponent(code)}/result`,
          token,
          { title: 'Giấy phép', body: ['x'] },
        );
        assert.equal(early.status, 409, early.text);
        assert.equal((JSON.parse(early.text) as { code: string }).code, 'SERVICES_STEP_SKIPPED');
        assert.equal((await stored()).state, 'processing');
        const confirm = officer.locator('dialog[data-confirm]');
        for (const next of ['appraise', 'sign']) {
          await officer.click('[data-action="hand-off"]');
          // The ward's step goes to the ward: no other agency to choose.
          const to = officer.locator(`[data-next-step="${next}"]`);
          assert.match((await to.textContent()) ?? '', new RegExp(ward));
          assert.equal(await officer.locator('select[name=to-agency]').count(), 0);
          await officer.click('form[data-form="hand-off"] button[type=submit]');
          // Handing on cannot be taken back: asked first, naming where the dossier goes.
          await confirm.waitFor();
          assert.match((await confirm.textContent()) ?? '', new RegExp(`Hand dossier ${code} to ${ward}`));
          if (next === 'appraise') {
            // Escape answers no: nothing happens.
            await officer.keyboard.press('Escape');
            await confirm.waitFor({ state: 'detached' });
            assert.equal((await stored()).state, 'processing');
            assert.equal(await officer.locator(`.dossier-detail dd[data-step="${next}"]`).count(), 0);
            await officer.click('form[data-form="hand-off"] button[type=submit]');
            await confirm.waitFor();
            // The keyboard answers yes too: it opens on "Cancel", the confirmation is one Shift+Tab away.
            assert.equal(await officer.evaluate(() => document.activeElement?.hasAttribute('data-confirm-no')), true);
            await officer.keyboard.press('Shift+Tab');
            await officer.keyboard.press('Enter');
          } else {
            await confirm.locator('[data-confirm-yes]').click();
          }
          await officer.locator(`.dossier-detail dd[data-step="${next}"]`).waitFor();
        }
        assert.doesNotMatch((await detail('processing').textContent()) ?? '', /ward-\d{5}/);
        await officer.click('[data-action="result"]');
        await officer.fill('input[name=title]', 'Giấy phép xây dựng nhà ở riêng lẻ');
        await officer.fill(
          'textarea[name=action-text]',
          'Chủ đầu tư: Nguyễn Thị Lan\nĐịa điểm: 45 Hàng Bạc, phường Hoàn Kiếm\nQuy mô: 4 tầng, 240 m² sàn',
        );
        await officer.click('form[data-form="result"] button[type=submit]');
        await detail('result-ready').waitFor();
        await officer.click('[data-action="return"]');
        // The return closes the dossier: asked first, in words.
        await confirm.waitFor();
        assert.match((await confirm.textContent()) ?? '', new RegExp(`Return the result of dossier ${code}`));
        await shot(officer, 'confirm-return');
        await confirm.locator('[data-confirm-yes]').click();
        await detail('returned').waitFor();
        await shot(officer, 'returned');
      });

      step('lets the citizen download the signed result, which verifies, and rate the service', async () => {
        await citizen.reload();
        await citizen.locator(`.dossier[data-state="returned"]`).waitFor();
        const [download] = await Promise.all([
          citizen.waitForEvent('download'),
          citizen.locator('#download-result').tap(),
        ]);
        const pdf = readFileSync(await download.path());
        // Signed with the certificate of the ward's committee that issues it, in its name.
        const signing = join(dataDir, 'services-signing');
        const trusted = readdirSync(signing)
          .filter((f) => existsSync(join(signing, f, 'demo-cert.pem')))
          .map((f) => readFileSync(join(signing, f, 'demo-cert.pem'), 'utf8'));
        const check = await verifySignedPdf(new Uint8Array(pdf), trusted);
        assert.equal(check.valid, true, check.problem);
        assert.match(check.signer ?? '', /Hoàn Kiếm/);
        // The form list: the receipt among them, downloaded with the token.
        const [receipt] = await Promise.all([
          citizen.waitForEvent('download'),
          citizen.locator('[data-form="01"]').tap(),
        ]);
        assert.equal(
          readFileSync(await receipt.path())
            .subarray(0, 5)
            .toString('latin1'),
          '%PDF-',
        );

        // The five scores in one row on the phone, none past its edge.
        const chips = await citizen
          .locator('#rating-form .star')
          .evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ top: r.top, right: r.right })));
        assert.equal(chips.length, 5);
        assert.ok(
          chips.every((c) => Math.abs(c.top - (chips[0]?.top ?? 0)) < 1 && c.right <= PHONE.width),
          JSON.stringify(chips),
        );
        await citizen.locator('#rating-form').screenshot({ path: `${SHOTS}/${driver}-public-services-rating.png` });
        await citizen.getByLabel('5 sao').check();
        await citizen.fill('#rating-comment', 'Nhanh, không phải đi lại.');
        await citizen.getByRole('button', { name: 'Gửi đánh giá' }).tap();
        await citizen.locator('[data-rating="5"]').waitFor();
        await shot(citizen, 'rated');
        assert.deepEqual(errors, []);
      });

      step('says when the session ended while the page was open, and offers to follow again by code', async () => {
        await citizen.locator(`.dossier[data-dossier="${code}"]`).waitFor();
        // The dossier's token ends on the server (its 8 hours over, or signed out elsewhere) with the page open.
        const kept = await citizen.evaluate(() => localStorage.getItem('thanglong.dich-vu-cong.dossiers'));
        const own = (JSON.parse(kept ?? '[]') as { code: string; token: string }[]).find((k) => k.code === code);
        assert.ok(own, 'own');
        const out = await fetch(`${server.url}/api/v1/services/applicant/logout`, {
          method: 'POST',
          headers: { 'x-applicant-token': own.token },
        });
        assert.ok(out.ok, String(out.status));
        // The next thing the person does says so, and offers the way back: the code filled in, a code to send.
        await citizen.locator('[data-form="01"]').tap();
        const ended = citizen.locator('#session-ended');
        await ended.waitFor();
        assert.match((await ended.textContent()) ?? '', /đã kết thúc/);
        assert.equal(await citizen.locator('#track-code').inputValue(), code);
        await citizen.locator('#access-form').waitFor();
        await citizen.locator(`.tracked[data-dossier="${code}"]`).waitFor();
        await shot(citizen, 'session-ended');
        // Opened again later on this phone: the same words, not a bare form.
        await citizen.reload();
        await citizen.locator('#session-ended').waitFor();
        assert.deepEqual(errors, []);
      });

      step('follows a dossier by code and a one-time code from another phone, with no token kept', async () => {
        const context = await phoneBrowser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
        contexts.push(context);
        const other = await context.newPage();
        watch(other);
        await other.goto(`${server.url}/dich-vu-cong/#/tra-cuu`);
        await other.fill('#track-code', code);
        await other.getByRole('button', { name: 'Xem trạng thái' }).tap();
        // The status without personal data.
        const tracked = other.locator(`.tracked[data-dossier="${code}"]`);
        await tracked.waitFor();
        assert.match((await tracked.textContent()) ?? '', /Đã trả kết quả/);
        assert.ok(
          !((await tracked.textContent()) ?? '').includes('Lan'),
          "!((await tracked.textContent()) ?? '').includes('Lan')",
        );
        await other.fill('#access-contact', '0912345678');
        await other.getByRole('button', { name: 'Gửi mã xác thực' }).tap();
        await other.locator('#verify-form').waitFor();
        // A reload of the tab keeps the dossier followed and the box for the code sent, with no code nor
        // contact kept anywhere.
        await other.reload();
        await tracked.waitFor();
        assert.equal(await other.locator('#track-code').inputValue(), code);
        await other.locator('#verify-form').waitFor();
        assert.equal(await other.locator('#access-otp').inputValue(), '');
        const keptInTab = await other.evaluate(() => JSON.stringify(sessionStorage));
        assert.ok(keptInTab.includes(code), keptInTab);
        assert.ok(!keptInTab.includes('0912345678') && !/\d{6}"/.test(keptInTab.replace(code, '')), keptInTab);
        // A wrong code is refused, and said.
        await other.fill('#access-otp', '000000');
        await other.getByRole('button', { name: 'Xác nhận' }).tap();
        await until('the wrong code refused', async () =>
          /error/.test((await other.locator('#verify-form ~ .message').getAttribute('class')) ?? ''),
        );
        // The code the city sent (the local sender's outbox is the demo's mailbox).
        const otp = await until('the code sent', async () => {
          const res = await callServer(server, 'GET', '/api/v1/messages?topic=services.otp', token);
          const { messages } = JSON.parse(res.text) as { messages: { text: string }[] };
          return messages.map((m) => new RegExp(`${code}: (\\d{6})`).exec(m.text)?.[1]).find(Boolean);
        });
        await other.fill('#access-otp', otp);
        await other.getByRole('button', { name: 'Xác nhận' }).tap();
        await other.locator(`.dossier[data-dossier="${code}"][data-state="returned"]`).waitFor();
        // The token is this phone's now, kept for the dossier, and not in the address.
        assert.equal(await other.evaluate(() => location.hash), `#/ho-so/${code}`);
        assert.equal(await other.evaluate(() => sessionStorage.getItem('thanglong.dich-vu-cong.follow')), null);
        assert.deepEqual(errors, []);
      });

      step('gives the leaders the Decision 766 index and the centre a services tile', async () => {
        await officer.goto(`${server.url}/dossiers/index`);
        const total = officer.locator('.index-total');
        await total.waitFor();
        // One dossier returned on time, filed and paid online, an electronic result, rated 5.
        const criteria = officer.locator('[data-table] tbody tr, .data-table tbody tr');
        await until('the criteria', async () => (await criteria.count()) >= 8);
        for (const group of ['transparency', 'progress', 'digitisation', 'online', 'satisfaction']) {
          await officer.locator(`[data-group="${group}"]`).waitFor();
        }
        assert.match((await officer.locator('[data-group="progress"]').innerText()).replace(/\s+/g, ' '), /20\/20/);
        assert.match((await officer.locator('[data-group="satisfaction"]').innerText()).replace(/\s+/g, ' '), /18\/18/);
        // The trend's months as people write them (English here: "Nov 2026"), not ISO "2026-11".
        // The trend arrives by its own request, after the criteria.
        await officer.locator('.index-trend [data-month-words]').first().waitFor();
        const months = await officer.locator('.index-trend [data-month-words]').allTextContents();
        assert.ok(months.length > 0, 'months.length > 0');
        for (const m of months) assert.match(m, /^[A-Z][a-z]{2} \d{4}$/);
        await shot(officer, 'index');

        // An agency picked narrows the page to it: its figures, its trend, in the address to share.
        const res = await callServer(server, 'GET', '/api/v1/services/index', token);
        assert.equal(res.status, 200, res.text);
        const [deciding] = (JSON.parse(res.text) as { agencies: { agency: string }[] }).agencies;
        assert.ok(deciding, 'the agency that decides the dossier');
        const cityTotal = await total.getAttribute('data-index-total');
        const picker = officer.locator('select[name=agency]');
        const [answer] = await Promise.all([
          officer.waitForResponse(
            (r) => r.url().includes('/api/v1/services/index?') && r.url().includes(`agency=${deciding.agency}`),
          ),
          picker.selectOption(deciding.agency),
        ]);
        const figures = ((await answer.json()) as { agencies: { figures: { points: number; dossiers: number } }[] })
          .agencies[0]?.figures;
        assert.ok(figures, "the agency's figures");
        // The agency's own index: the one dossier it decides, scored on the procedures it decides (so not the
        // city's score), as the server counts it.
        const own = officer.locator(`section[data-agency="${deciding.agency}"] .index-total`);
        await own.waitFor();
        assert.equal(await own.getAttribute('data-dossiers'), '1');
        assert.equal(await own.getAttribute('data-index-total'), String(figures.points));
        assert.notEqual(String(figures.points), cityTotal);
        assert.equal(new URL(officer.url()).searchParams.get('agency'), deciding.agency);
        // Another agency, which decided nothing: no dossier, a trend with no score, and it stays on a reload.
        await picker.selectOption('so-tu-phap');
        const none = officer.locator('section[data-agency="so-tu-phap"] .index-total');
        await none.waitFor();
        assert.equal(await none.getAttribute('data-dossiers'), '0');
        await until("the agency's trend", async () =>
          (await officer.locator('.index-trend strong').allTextContents()).every((x) => x === '—'),
        );
        await officer.locator('h2', { hasText: 'Month by month (Hanoi Department of Justice)' }).waitFor();
        await officer.reload();
        await none.waitFor();
        assert.equal(await picker.inputValue(), 'so-tu-phap');
        // The period chosen stays in the address too: a one-day period survives a reload.
        const fromInput = officer.locator('input[name=from]');
        const toInput = officer.locator('input[name=to]');
        const [thirtyDays, lastDay] = [await fromInput.inputValue(), await toInput.inputValue()];
        await fromInput.fill(lastDay);
        await until(
          'the period in the address',
          async () => new URL(officer.url()).searchParams.get('from') === lastDay,
        );
        const [reloaded] = await Promise.all([
          officer.waitForResponse((r) => r.url().includes('/api/v1/services/index?')),
          officer.reload(),
        ]);
        assert.equal(new URL(reloaded.url()).searchParams.get('from'), `${lastDay}T00:00:00+07:00`);
        assert.equal(await fromInput.inputValue(), lastDay, 'the first day kept on a reload');
        assert.equal(await toInput.inputValue(), lastDay, 'the last day kept on a reload');
        assert.equal(await picker.inputValue(), 'so-tu-phap', 'the agency kept with the period');
        await fromInput.fill(thirtyDays);
        await until('the 30 days again', async () => new URL(officer.url()).searchParams.get('from') === thirtyDays);
        await shot(officer, 'index-agency');
        // Back to the city: its figures and its address.
        await picker.selectOption('');
        await officer.locator('section[data-agency=""] .index-total').waitFor();
        assert.equal(await total.getAttribute('data-dossiers'), '1');
        assert.equal(new URL(officer.url()).searchParams.get('agency'), null, "the city's address names no agency");
        assert.deepEqual(errors, []);
        await officer.goto(`${server.url}/`);
        const tile = officer.locator('[data-kpi=services]');
        await tile.waitFor();
        // Nothing open: the one dossier was returned (the figures arrive on the page's live stream).
        await until('the services counted', async () => (await tile.locator('.kpi-value').innerText()).trim() === '0');
      });
    },
  );
}
