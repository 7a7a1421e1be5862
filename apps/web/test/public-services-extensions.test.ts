import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import type { Browser, Page } from 'playwright-core';
import { drawnText } from '../../server/src/platform/pdf/index.js';
import { DRIVERS, skipReason, type Driver } from '../../server/test/support/databases.js';
import { callServer, loginAdmin, type RunningServer } from '../../server/test/support/process.js';
import { freePort } from '../../server/test/support/receiver.js';
import { SHOTS, stopCentre, startServicesCentre } from './centre.js';
import { launchChromium } from './chromium.js';

// A certified copy filed at the counter, received, handled and extended twice: the officers' page offers one
// form 04 button per extension, and each downloads its own apology letter (its own reason and days).

const ADMIN_PASSWORD = 'public-services-extensions-test-password';
const COPY = '2.000815';

async function original(): Promise<Uint8Array<ArrayBuffer>> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText('Ban chinh', { x: 60, y: 760, size: 18 });
  return new Uint8Array(await doc.save());
}

const start = (driver: Driver, port: number): Promise<RunningServer> =>
  startServicesCentre(driver, {
    adminPassword: ADMIN_PASSWORD,
    webhookSecret: 'public-services-extensions-webhook-secret-0123456789',
    port,
  });

for (const driver of DRIVERS) {
  const skip = process.env['THANGLONG_TEST_SKIP_BROWSER'] ?? skipReason(driver);
  describe(`form 04 of each extension on the officers' page in Chromium [${driver}]`, skip ? { skip } : {}, () => {
    let server: RunningServer;
    let browser: Browser;
    let officer: Page;
    const errors: string[] = [];

    before(async () => {
      server = await start(driver, await freePort());
      browser = await launchChromium();
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
      officer = await context.newPage();
      officer.setDefaultTimeout(60_000);
      officer.on('pageerror', (e) => errors.push(e.message));
      await officer.addInitScript(() => localStorage.setItem('thanglong.language', 'vi'));
    });
    after(async () => {
      await browser?.close();
      await stopCentre(server);
    });

    it('offers two form 04 buttons for two extensions, each downloading its own letter', async () => {
      const body = new FormData();
      body.append('document', 'ban-chinh');
      body.append('file', new Blob([await original()], { type: 'application/pdf' }), 'ban-chinh.pdf');
      const up = await fetch(`${server.url}/api/v1/services/uploads`, { method: 'POST', body });
      assert.equal(up.status, 201, await up.clone().text());
      const upload = (await up.json()) as { id: string };
      const values = {
        requesterName: 'Lê Thị Hoa',
        requesterIdNumber: '001085054322',
        requesterPhone: '0912000222',
        requesterAddress: '7 Hàng Bạc',
        residenceWard: '00070',
        documentName: 'Giấy khai sinh',
        issuedBy: 'UBND phường',
        originalPages: 2,
        copies: 1,
      };
      const filed = await callServer(server, 'POST', '/api/v1/services/dossiers', undefined, {
        procedure: COPY,
        applicant: {
          kind: 'citizen',
          name: values.requesterName,
          idNumber: values.requesterIdNumber,
          phone: '0912000222',
        },
        values,
        documents: [{ code: 'ban-chinh', uploadId: upload.id }],
        language: 'vi',
      });
      assert.equal(filed.status, 201, filed.text);
      const code = (JSON.parse(filed.text) as { code: string }).code;
      const token = await loginAdmin(server, ADMIN_PASSWORD);
      for (const [action, step] of [
        ['receive', {}],
        ['start', {}],
        ['extend', { days: 2, reason: 'Cần đối chiếu sổ gốc' }],
        ['extend', { days: 3, reason: 'Chờ xác minh của cơ quan cấp' }],
      ] as const) {
        const res = await callServer(server, 'POST', `/api/v1/services/dossiers/${code}/${action}`, token, step);
        assert.equal(res.status, 200, `${action}: ${res.text}`);
      }

      await officer.goto(`${server.url}/dossiers`);
      await officer.fill('input[name=username]', 'admin');
      await officer.fill('input[name=password]', ADMIN_PASSWORD);
      await officer.click('button[type=submit]');
      await officer.locator(`.dossier-row[data-dossier="${code}"]`).click();
      const detail = officer.locator(`.dossier-detail[data-dossier="${code}"]`);
      await detail.waitFor();
      const letters = detail.locator('.dossier-forms button[data-form-kind="04"]');
      await letters.first().waitFor();
      assert.deepEqual(
        await letters.evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-extension'))),
        ['1', '2'],
        'one form 04 button per extension',
      );
      const downloaded: { name: string; text: string }[] = [];
      for (const n of [1, 2]) {
        const [download] = await Promise.all([
          officer.waitForEvent('download'),
          detail.locator(`.dossier-forms button[data-form-kind="04"][data-extension="${n}"]`).click(),
        ]);
        const path = await download.path();
        const pdf = new Uint8Array(readFileSync(path));
        downloaded.push({ name: download.suggestedFilename(), text: (await drawnText(pdf)).flat().join(' ') });
      }
      const [first, second] = downloaded as [(typeof downloaded)[0], (typeof downloaded)[0]];
      assert.equal(first.name, `mau-04-${code}-lan-1.pdf`);
      assert.equal(second.name, `mau-04-${code}-lan-2.pdf`);
      assert.notEqual(first.text, second.text, 'two different letters');
      for (const w of ['Cần đối chiếu sổ gốc', 'Thời gian gia hạn: 2 ngày làm việc', 'Lần gia hạn: Lần 1']) {
        assert.ok(first.text.includes(w), `${w} in the first letter: ${first.text.slice(0, 600)}`);
      }
      assert.ok(!first.text.includes('Chờ xác minh của cơ quan cấp'), "the second's reason is not in the first letter");
      for (const w of ['Chờ xác minh của cơ quan cấp', 'Thời gian gia hạn: 3 ngày làm việc', 'Lần gia hạn: Lần 2']) {
        assert.ok(second.text.includes(w), `${w} in the second letter: ${second.text.slice(0, 600)}`);
      }
      assert.ok(!second.text.includes('Cần đối chiếu sổ gốc'), "the first's reason is not in the second letter");
      await officer.screenshot({ path: `${SHOTS}/${driver}-public-services-extensions.png`, fullPage: true });
      assert.deepEqual(errors, []);
    });
  });
}
