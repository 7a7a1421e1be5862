import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import type { Browser, Page } from 'playwright-core';
import { DRIVERS, skipReason, type Driver } from '../../server/test/support/databases.js';
import { callServer, loginAdmin, type RunningServer } from '../../server/test/support/process.js';
import { freePort } from '../../server/test/support/receiver.js';
import { SHOTS, stopCentre, startServicesCentre } from './centre.js';
import { launchChromium } from './chromium.js';

// A certified copy (2.000815: partial process, 2,000 đồng a page for pages 1–2, 1,000 from the third) filed online and left unpaid: received,
// handled, its result made. The officer sees its fee not paid and no return offered, records the fee paid
// at the counter with the receipt's number (by keyboard, asked first with the amount), sees it paid with
// that number, and returns the result.

const ADMIN_PASSWORD = 'public-services-counter-fee-test-password';
const COPY = '2.000815';

async function original(): Promise<Uint8Array<ArrayBuffer>> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText('Ban chinh', { x: 60, y: 760, size: 18 });
  return new Uint8Array(await doc.save());
}

const start = (driver: Driver, port: number): Promise<RunningServer> =>
  startServicesCentre(driver, {
    adminPassword: ADMIN_PASSWORD,
    webhookSecret: 'public-services-counter-fee-webhook-secret-0123456789',
    port,
  });

for (const driver of DRIVERS) {
  const skip = process.env['THANGLONG_TEST_SKIP_BROWSER'] ?? skipReason(driver);
  describe(`a certified copy's fee paid at the counter in Chromium [${driver}]`, skip ? { skip } : {}, () => {
    let server: RunningServer;
    let browser: Browser;
    let officer: Page;
    const errors: string[] = [];
    let code: string;

    before(async () => {
      server = await start(driver, await freePort());
      browser = await launchChromium();
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      officer = await context.newPage();
      officer.setDefaultTimeout(60_000);
      officer.on('pageerror', (e) => errors.push(e.message));
      await officer.addInitScript(() => localStorage.setItem('thanglong.language', 'vi'));
    });
    after(async () => {
      await browser?.close();
      await stopCentre(server);
    });

    it('records the fee paid at the counter with its receipt, and only then returns the result', async () => {
      const body = new FormData();
      body.append('document', 'ban-chinh');
      body.append('file', new Blob([await original()], { type: 'application/pdf' }), 'ban-chinh.pdf');
      const up = await fetch(`${server.url}/api/v1/services/uploads`, { method: 'POST', body });
      assert.equal(up.status, 201, await up.clone().text());
      const upload = (await up.json()) as { id: string };
      const values = {
        requesterName: 'Đỗ Văn Nam',
        requesterIdNumber: '001085054321',
        requesterPhone: '0912000111',
        requesterAddress: '5 Hàng Đào',
        residenceWard: '00070',
        documentName: 'Bằng tốt nghiệp',
        issuedBy: 'Trường Đại học',
        originalPages: 4,
        copies: 1,
      };
      const filed = await callServer(server, 'POST', '/api/v1/services/dossiers', undefined, {
        procedure: COPY,
        applicant: {
          kind: 'citizen',
          name: values.requesterName,
          idNumber: values.requesterIdNumber,
          phone: '0912000111',
        },
        values,
        documents: [{ code: 'ban-chinh', uploadId: upload.id }],
        language: 'vi',
      });
      assert.equal(filed.status, 201, filed.text);
      const dossier = JSON.parse(filed.text) as { code: string; fee: { totalVnd: number } };
      code = dossier.code;
      assert.equal(dossier.fee.totalVnd, 6000);
      // Received with its fee due (a partial-process dossier may be), handled and its result made.
      const token = await loginAdmin(server, ADMIN_PASSWORD);
      for (const [action, step] of [
        ['receive', {}],
        ['start', {}],
        ['hand-off', {}],
        ['hand-off', {}],
        ['result', { title: 'BẢN SAO ĐƯỢC CHỨNG THỰC', body: ['Chứng thực bản sao đúng với bản chính.'] }],
      ] as const) {
        const res = await callServer(server, 'POST', `/api/v1/services/dossiers/${code}/${action}`, token, step);
        assert.equal(res.status, 200, `${action}: ${res.text}`);
      }

      await officer.goto(`${server.url}/dossiers`);
      await officer.fill('input[name=username]', 'admin');
      await officer.fill('input[name=password]', ADMIN_PASSWORD);
      await officer.click('button[type=submit]');
      await officer.locator(`.dossier-row[data-dossier="${code}"]`).click();
      const detail = officer.locator(`.dossier-detail[data-dossier="${code}"][data-state="result-ready"]`);
      await detail.waitFor();
      // The fee, not paid: its amount in words; the result is not returned before it is.
      const fee = detail.locator('dd[data-fee]');
      assert.equal(await fee.getAttribute('data-fee'), 'due');
      assert.equal(await fee.textContent(), '6.000 đ · Chưa nộp phí');
      assert.equal(await detail.locator('[data-action="return"]').count(), 0);
      const record = detail.locator('[data-action="fee-paid-at-counter"]');
      assert.equal(await record.textContent(), 'Ghi nhận đã nộp phí tại quầy');

      // By keyboard: the action opens its form, the receipt's number is checked as the server checks it.
      await record.focus();
      await officer.keyboard.press('Enter');
      const form = detail.locator('form[data-form="fee-paid-at-counter"]');
      await form.waitFor();
      assert.match((await form.textContent()) ?? '', /6\.000 đ/);
      const receipt = form.locator('input[name=receipt]');
      await receipt.focus();
      await officer.keyboard.type('#12');
      assert.equal(await receipt.getAttribute('aria-invalid'), 'true');
      assert.equal(await form.locator('button[type=submit]').isDisabled(), true);
      await receipt.fill('');
      await officer.keyboard.type('BL-0001234');
      assert.equal(await receipt.getAttribute('aria-invalid'), 'false');
      await officer.keyboard.press('Enter');
      // Asked first, naming the amount and the receipt; the dialog opens on "cancel", the safe answer.
      const confirm = officer.locator('dialog[data-confirm]');
      await confirm.waitFor();
      assert.match(
        (await confirm.textContent()) ?? '',
        new RegExp(`hồ sơ ${code} đã nộp 6\\.000 đ tại quầy, biên lai số BL-0001234`),
      );
      await officer.screenshot({ path: `${SHOTS}/${driver}-public-services-counter-fee-confirm.png` });
      assert.equal(await officer.evaluate(() => document.activeElement?.hasAttribute('data-confirm-no')), true);
      await officer.keyboard.press('Shift+Tab');
      await officer.keyboard.press('Enter');

      // Paid, with the receipt's number; the payment is not offered again, the return is.
      await detail.locator('dd[data-fee="paid"]').waitFor();
      assert.equal(await detail.locator('dd[data-fee]').textContent(), '6.000 đ · đã nộp · biên lai số BL-0001234');
      assert.equal(await detail.locator('[data-action="fee-paid-at-counter"]').count(), 0);
      await officer.screenshot({ path: `${SHOTS}/${driver}-public-services-counter-fee-paid.png`, fullPage: true });
      await detail.locator('[data-action="return"]').click();
      await confirm.locator('[data-confirm-yes]').click();
      await officer.locator(`.dossier-detail[data-dossier="${code}"][data-state="returned"]`).waitFor();
      assert.deepEqual(errors, []);
    });
  });
}
