import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DRIVERS, skipReason, type Driver } from '../../server/test/support/databases.js';
import { callServer, type RunningServer } from '../../server/test/support/process.js';
import { freePort } from '../../server/test/support/receiver.js';
import { SHOTS, stopCentre, startServicesCentre } from './centre.js';
import { launchChromium } from './chromium.js';

// A copy of a civil-status extract (2.000635) asked for someone else, refused at the counter. On a
// phone: the e-form asks for the authorisation letter while "the record is my own" is untouched (the
// server counts an untouched box as "no"), and offers no city sign-on where none is configured. The
// officer reads the answers in the form's order, under its sections, in words, each document by the
// procedure's name for it, refuses the dossier and takes the tracking book (form 07) as PDF and CSV.
// The citizen then sees the refusal, with the paper that gives its reason, and no fee left to pay.

const ADMIN_PASSWORD = 'public-services-refused-test-password';
const PHONE = { width: 390, height: 844 };
const EXTRACT = '2.000635';

async function letter(): Promise<Uint8Array<ArrayBuffer>> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText('Giay uy quyen', { x: 60, y: 760, size: 18 });
  return new Uint8Array(await doc.save());
}

const start = (driver: Driver, port: number): Promise<RunningServer> =>
  startServicesCentre(driver, {
    adminPassword: ADMIN_PASSWORD,
    webhookSecret: 'public-services-refused-webhook-secret-0123456789',
    port,
  });

for (const driver of DRIVERS) {
  const skip = process.env['THANGLONG_TEST_SKIP_BROWSER'] ?? skipReason(driver);
  describe(`a refused copy of an extract in Chromium [${driver}]`, skip ? { skip } : {}, () => {
    let server: RunningServer;
    let browser: Browser;
    const contexts: BrowserContext[] = [];
    let citizen: Page;
    const errors: string[] = [];
    let filed: { code: string; token: string; expiresAt: string; fee: { totalVnd: number; payment?: object } };

    before(async () => {
      server = await start(driver, await freePort());
      browser = await launchChromium();
      const context = await browser.newContext({
        viewport: PHONE,
        isMobile: true,
        hasTouch: true,
        acceptDownloads: true,
      });
      contexts.push(context);
      citizen = await context.newPage();
      citizen.setDefaultTimeout(60_000);
      citizen.on('pageerror', (e) => errors.push(e.message));
    });
    after(async () => {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser?.close();
      await stopCentre(server);
    });

    it('asks for the authorisation letter while "the record is my own" is untouched, as the server does', async () => {
      await citizen.goto(`${server.url}/dich-vu-cong/#/nop/${EXTRACT}`);
      const letterField = citizen.locator('[data-document="van-ban-uy-quyen"]');
      await citizen.locator('form#apply').waitFor();
      assert.equal(await letterField.isVisible(), true, 'untouched: not my own, so the letter is asked for');
      await citizen.locator('#f-forSelf').check();
      assert.equal(await letterField.isVisible(), false);
      await citizen.locator('#f-forSelf').uncheck();
      assert.equal(await letterField.isVisible(), true);
      await citizen.screenshot({ path: `${SHOTS}/${driver}-public-services-extract-form.png`, fullPage: true });
    });

    it('offers no city sign-on where none is configured', async () => {
      await citizen.goto(`${server.url}/dich-vu-cong/#/cua-toi`);
      await citizen.getByRole('heading', { name: 'Hồ sơ của tôi' }).waitFor();
      await citizen.waitForLoadState('networkidle');
      assert.equal(await citizen.locator('#sign-in').count(), 0);
    });

    it('shows the officer the answers in the form’s order and words, refuses it, and gives the book', async () => {
      // Filed as the page files it, for someone else: the letter attached.
      const body = new FormData();
      body.append('document', 'van-ban-uy-quyen');
      body.append('file', new Blob([await letter()], { type: 'application/pdf' }), 'uy-quyen.pdf');
      const up = await fetch(`${server.url}/api/v1/services/uploads`, { method: 'POST', body });
      assert.equal(up.status, 201, await up.clone().text());
      const upload = (await up.json()) as { id: string };
      const res = await callServer(server, 'POST', '/api/v1/services/dossiers', undefined, {
        procedure: EXTRACT,
        applicant: { kind: 'citizen', name: 'Nguyễn Thị Lan', idNumber: '001190012345', phone: '0912345678' },
        values: {
          requesterName: 'Nguyễn Thị Lan',
          requesterIdNumber: '001190012345',
          requesterPhone: '0912345678',
          requesterAddress: '12 Hàng Bạc',
          residenceWard: '00070',
          recordKind: 'khai-sinh',
          recordPerson: 'Trần Minh An',
          registeredOn: '2020-03-05',
          forSelf: false,
          copies: 2,
        },
        documents: [{ code: 'van-ban-uy-quyen', uploadId: upload.id }],
        language: 'vi',
      });
      assert.equal(res.status, 201, res.text);
      filed = JSON.parse(res.text) as typeof filed;
      assert.equal(filed.fee.totalVnd, 16000);

      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
      contexts.push(context);
      const officer = await context.newPage();
      officer.setDefaultTimeout(60_000);
      officer.on('pageerror', (e) => errors.push(e.message));
      await officer.addInitScript(() => localStorage.setItem('thanglong.language', 'vi'));
      await officer.goto(`${server.url}/dossiers`);
      await officer.fill('input[name=username]', 'admin');
      await officer.fill('input[name=password]', ADMIN_PASSWORD);
      await officer.click('button[type=submit]');
      const row = officer.locator(`.dossier-row[data-dossier="${filed.code}"]`);
      // Its fee is not paid yet: marked in the queue's line, in words.
      assert.equal(await row.locator('[data-fee-due]').textContent(), 'Chưa nộp phí');
      await row.click();
      const detail = officer.locator(`.dossier-detail[data-dossier="${filed.code}"]`);
      await detail.waitFor();
      const record = detail.locator('[data-section="record"]');
      await record.waitFor();
      assert.equal(await record.locator('h4').textContent(), 'Giấy tờ hộ tịch cần cấp bản sao');
      // In the form's order, each with its question, a choice and a box in words, a day as dd/mm/yyyy.
      assert.deepEqual(await record.locator('[data-answer]').evaluateAll((li) => li.map((x) => x.textContent)), [
        'Loại giấy tờ: Giấy khai sinh / trích lục khai sinh',
        'Họ tên người được cấp giấy tờ: Trần Minh An',
        'Ngày đăng ký: 05/03/2020',
        'Tôi xin bản sao giấy tờ của chính mình: Không',
        'Số bản sao: 2',
      ]);
      assert.match(
        (await detail.locator('[data-section="requester"]').textContent()) ?? '',
        /Người yêu cầu.*Phường, xã nơi đã đăng ký hộ tịch: Phường Hoàn Kiếm/,
      );
      // The document by the procedure's name for it, beside the file's.
      const doc = detail.locator('[data-document-code="van-ban-uy-quyen"]');
      assert.match((await doc.textContent()) ?? '', /^Văn bản ủy quyền \(khi xin cho người khác\):/);
      assert.match((await doc.locator('xpath=..').textContent()) ?? '', /uy-quyen\.pdf/);
      await officer.screenshot({ path: `${SHOTS}/${driver}-public-services-officer-answers.png`, fullPage: true });

      await officer.click('[data-action="reject"]');
      await officer.fill('textarea[name=action-text]', 'Người yêu cầu không có quyền xin bản sao giấy tờ này.');
      await officer.click('form[data-form="reject"] button[type=submit]');
      // A refusal cannot be taken back: asked first, naming the paper the applicant receives.
      const confirm = officer.locator('dialog[data-confirm]');
      await confirm.waitFor();
      assert.match((await confirm.textContent()) ?? '', new RegExp(`Từ chối tiếp nhận hồ sơ ${filed.code}.*mẫu 03`));
      await officer.screenshot({ path: `${SHOTS}/${driver}-public-services-confirm-reject.png` });
      await confirm.locator('[data-confirm-yes]').click();
      await officer.locator(`.dossier-detail[data-dossier="${filed.code}"][data-state="rejected"]`).waitFor();

      // The book of the month so far, the whole city's: a PDF and a CSV naming the dossier.
      const book = officer.locator('[data-book]');
      await book.waitFor();
      const [pdf] = await Promise.all([
        officer.waitForEvent('download'),
        book.locator('[data-book-format="pdf"]').click(),
      ]);
      assert.match(pdf.suggestedFilename(), /^so-theo-doi-ha-noi-\d{4}-\d{2}-01-\d{4}-\d{2}-\d{2}\.pdf$/);
      assert.equal(
        readFileSync(await pdf.path())
          .subarray(0, 5)
          .toString('latin1'),
        '%PDF-',
      );
      const [csv] = await Promise.all([
        officer.waitForEvent('download'),
        book.locator('[data-book-format="csv"]').click(),
      ]);
      assert.match(
        readFileSync(await csv.path(), 'utf8'),
        new RegExp(`${filed.code.replaceAll('.', '\\.')},${EXTRACT}`),
      );
      assert.deepEqual(errors, []);
    });

    it('shows the citizen the refusal with its reason and its paper, and no fee left to pay', async () => {
      // This phone keeps the dossier's token and the QR given when filing, as the page keeps them.
      await citizen.evaluate((f) => {
        localStorage.setItem(
          'thanglong.dich-vu-cong.dossiers',
          JSON.stringify([
            {
              code: f.code,
              token: f.token,
              expiresAt: f.expiresAt,
              at: new Date().toISOString(),
              ...(f.fee.payment ? { payment: { totalVnd: f.fee.totalVnd, ...f.fee.payment } } : {}),
            },
          ]),
        );
      }, filed);
      await citizen.goto(`${server.url}/dich-vu-cong/#/ho-so/${filed.code}`);
      const dossier = citizen.locator(`.dossier[data-dossier="${filed.code}"][data-state="rejected"]`);
      await dossier.waitFor();
      assert.equal(await citizen.locator('.payment').count(), 0, 'no QR to scan');
      const fee = dossier.locator('dd[data-fee]');
      assert.equal(await fee.getAttribute('data-fee'), 'cancelled');
      assert.match((await fee.textContent()) ?? '', /Không phải nộp nữa/);
      const ended = citizen.locator('#ended[data-ended="rejected"]');
      assert.match((await ended.textContent()) ?? '', /Từ chối tiếp nhận ngày \d{1,2}\/\d{1,2}\/\d{4}/);
      // The officer's reason, on the page itself, and on the refusal (form 03), one tap away.
      assert.equal(
        await ended.locator('[data-reason]').textContent(),
        'Lý do: Người yêu cầu không có quyền xin bản sao giấy tờ này.',
      );
      const [paper] = await Promise.all([
        citizen.waitForEvent('download'),
        ended.locator('[data-reason-form="03"]').tap(),
      ]);
      assert.equal(paper.suggestedFilename(), `mau-03-${filed.code}.pdf`);
      await citizen.screenshot({ path: `${SHOTS}/${driver}-public-services-refused.png`, fullPage: true });
      // Followed by its code: the day it was filed and the day it was refused.
      await citizen.goto(`${server.url}/dich-vu-cong/#/tra-cuu/${filed.code}`);
      const tracked = citizen.locator(`.tracked[data-dossier="${filed.code}"]`);
      await tracked.waitFor();
      assert.match(
        (await tracked.locator('[data-date="submitted"]').textContent()) ?? '',
        /^Ngày nộp: .*\d{1,2}\/\d{1,2}\/\d{4}/,
      );
      assert.match(
        (await tracked.locator('[data-date="closed"]').textContent()) ?? '',
        /^Từ chối tiếp nhận ngày \d{1,2}\/\d{1,2}\/\d{4}/,
      );
      assert.deepEqual(errors, []);
    });
  });
}
