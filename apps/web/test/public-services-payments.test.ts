import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import { bankConfirmation } from '../../server/src/modules/payments/bank.js';
import type { Browser, Page } from 'playwright-core';
import { DRIVERS, skipReason, type Driver } from '../../server/test/support/databases.js';
import { callServer, loginAdmin, type RunningServer } from '../../server/test/support/process.js';
import { freePort } from '../../server/test/support/receiver.js';
import { SHOTS, stopCentre, startServicesCentre } from './centre.js';
import { launchChromium } from './chromium.js';

// The payments dashboard: one certified copy's fee paid at the counter with a receipt, another filed online,
// withdrawn and then paid by transfer all the same (a refund due). The treasury sees the receipt, the
// counter's total and the refund with its reason; an administrator records the refund made, and it moves
// to the refunds made. The period is kept in the address.

const ADMIN_PASSWORD = 'public-services-payments-test-password';
const COPY = '2.000815';
const WEBHOOK_SECRET = 'public-services-payments-webhook-secret-0123456789';

async function original(): Promise<Uint8Array<ArrayBuffer>> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText('Ban chinh', { x: 60, y: 760, size: 18 });
  return new Uint8Array(await doc.save());
}

const start = (driver: Driver, port: number): Promise<RunningServer> =>
  startServicesCentre(driver, { adminPassword: ADMIN_PASSWORD, webhookSecret: WEBHOOK_SECRET, port });

for (const driver of DRIVERS) {
  const skip = process.env['THANGLONG_TEST_SKIP_BROWSER'] ?? skipReason(driver);
  describe(`the payments dashboard in Chromium [${driver}]`, skip ? { skip } : {}, () => {
    let server: RunningServer;
    let browser: Browser;
    let page: Page;
    const errors: string[] = [];

    before(async () => {
      server = await start(driver, await freePort());
      browser = await launchChromium();
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      page = await context.newPage();
      page.setDefaultTimeout(60_000);
      page.on('pageerror', (e) => errors.push(e.message));
      await page.addInitScript(() => localStorage.setItem('thanglong.language', 'vi'));
    });
    after(async () => {
      await browser?.close();
      await stopCentre(server);
    });

    /** A certified copy of 4 pages filed online (6,000 đồng), with its fee's reference and the applicant's token. */
    const file = async (name: string, idNumber: string) => {
      const body = new FormData();
      body.append('document', 'ban-chinh');
      body.append('file', new Blob([await original()], { type: 'application/pdf' }), 'ban-chinh.pdf');
      const up = await fetch(`${server.url}/api/v1/services/uploads`, { method: 'POST', body });
      assert.equal(up.status, 201, await up.clone().text());
      const upload = (await up.json()) as { id: string };
      const values = {
        requesterName: name,
        requesterIdNumber: idNumber,
        requesterPhone: '0912000333',
        requesterAddress: '9 Hàng Gai',
        residenceWard: '00070',
        documentName: 'Học bạ',
        issuedBy: 'Trường THPT',
        originalPages: 4,
        copies: 1,
      };
      const filed = await callServer(server, 'POST', '/api/v1/services/dossiers', undefined, {
        procedure: COPY,
        applicant: { kind: 'citizen', name, idNumber, phone: '0912000333' },
        values,
        documents: [{ code: 'ban-chinh', uploadId: upload.id }],
        language: 'vi',
      });
      assert.equal(filed.status, 201, filed.text);
      return JSON.parse(filed.text) as { code: string; token: string; fee: { payment?: { reference: string } } };
    };

    it('shows the counter receipts and the refunds, and records a refund made', async () => {
      const token = await loginAdmin(server, ADMIN_PASSWORD);
      // Paid at the counter, with the receipt's number.
      const atCounter = await file('Phạm Văn Đức', '001085054333');
      assert.equal(
        (await callServer(server, 'POST', `/api/v1/services/dossiers/${atCounter.code}/receive`, token, {})).status,
        200,
      );
      const paid = await callServer(
        server,
        'POST',
        `/api/v1/services/dossiers/${atCounter.code}/fee/paid-at-counter`,
        token,
        { receipt: 'BL-0007788' },
      );
      assert.equal(paid.status, 200, paid.text);
      // Withdrawn, then paid by transfer all the same: money nothing is owed for, a refund due.
      const withdrawn = await file('Trần Thị Thu', '001085054334');
      const reference = withdrawn.fee.payment?.reference as string;
      assert.match(reference, /^TL[0-9A-Z]{10}$/);
      const out = await callServer(
        server,
        'POST',
        `/api/v1/services/my/dossiers/${withdrawn.code}/withdraw`,
        undefined,
        {},
        {
          'x-applicant-token': withdrawn.token,
        },
      );
      assert.equal(out.status, 200, out.text);
      const transactionId = `FT${Date.now()}`;
      const bank = bankConfirmation(WEBHOOK_SECRET, {
        transactionId,
        reference,
        amountVnd: 6000,
        paidAt: new Date().toISOString(),
        accountNumber: '0000000000',
      });
      const res = await fetch(`${server.url}${bank.url}`, {
        method: 'POST',
        headers: bank.headers,
        body: bank.payload,
      });
      assert.equal(res.status, 200, await res.text());

      await page.goto(`${server.url}/payments`);
      await page.fill('input[name=username]', 'admin');
      await page.fill('input[name=password]', ADMIN_PASSWORD);
      await page.click('button[type=submit]');
      const counter = page.locator('dd[data-total="counter"]');
      await counter.waitFor();
      assert.equal(await counter.textContent(), '1 · 6.000 đ', "the counter's total");
      assert.equal(await page.locator('dd[data-total="refunds-outstanding"]').textContent(), '1 · 6.000 đ');
      const receipts = page.locator('table', {
        has: page.locator('caption', { hasText: 'Biên lai ghi nhận tại quầy' }),
      });
      assert.match((await receipts.textContent()) ?? '', new RegExp(`BL-0007788.*${atCounter.code}.*6\\.000 đ`));
      // The transfer after the withdrawal paid nothing: listed under the "không khớp" total, by its transaction.
      const unsettled = page.locator('table', {
        has: page.locator('caption', { hasText: 'Giao dịch đã nhận, không khớp khoản thu' }),
      });
      assert.match(
        (await unsettled.textContent()) ?? '',
        new RegExp(`${transactionId}.*${reference}.*6\\.000 đ.*Không có khoản thu`),
      );
      const due = page.locator(`form[data-refund="${transactionId}"]`);
      await due.waitFor();
      const row = page.locator('tr', { has: due });
      assert.equal(await row.locator('[data-reason]').getAttribute('data-reason'), 'intent-cancelled');
      assert.match((await row.textContent()) ?? '', new RegExp(withdrawn.code));
      // The period is in the address: a reload keeps it.
      const from = new URL(page.url()).searchParams.get('from');
      assert.match(from ?? '', /^\d{4}-\d{2}-\d{2}$/);
      await page.screenshot({ path: `${SHOTS}/${driver}-payments-dashboard.png`, fullPage: true });

      // The refund made, recorded with its reference: it leaves the refunds due for the refunds made.
      assert.equal(await due.locator('button[type=submit]').isDisabled(), true, 'no reference, nothing to send');
      await due.locator('input[name=refundReference]').fill('UNC-2026-0042');
      await due.locator('button[type=submit]').click();
      await page.locator('dd[data-total="refunds-outstanding"]', { hasText: '0 · 0 đ' }).waitFor();
      const made = page.locator('table', { has: page.locator('caption', { hasText: 'Khoản đã hoàn' }) });
      await made.locator('td', { hasText: 'UNC-2026-0042' }).waitFor();
      assert.equal(await page.locator(`form[data-refund="${transactionId}"]`).count(), 0);
      assert.equal(await page.locator('dd[data-total="refunds-refunded"]').textContent(), '1 · 6.000 đ');
      await page.reload();
      await counter.waitFor();
      assert.equal(new URL(page.url()).searchParams.get('from'), from, 'the period kept on a reload');
      assert.deepEqual(errors, []);
    });
  });
}
