import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { HANOI_AGENCIES, HANOI_PROCEDURES } from '../../server/src/modules/services/hanoi-procedures.js';
import { ProcedureCatalogue } from '../../server/src/modules/services/procedures.js';
import { createTestDatabase, DRIVERS, skipReason, type Driver } from '../../server/test/support/databases.js';
import { callServer, loginAdmin, startServer, type RunningServer } from '../../server/test/support/process.js';
import { freePort } from '../../server/test/support/receiver.js';
import { SHOTS, stopCentre, WEB_DIST } from './centre.js';
import { launchChromium } from './chromium.js';

// A parent enrols a child in grade 1 (2.002492) on a phone. The form keeps its answers and uploads when
// the page switches to English and back; its radio buttons sit beside their words; it offers only the
// schools of the ward chosen; a required answer left empty is marked before anything is sent; the
// dossier is filed in the parent's name, not the pupil's. The parent then reads what was filed on the
// dossier's page and withdraws it, giving a reason.

const ADMIN_PASSWORD = 'public-services-filing-test-password';
const PHONE = { width: 390, height: 844 };
const GRADE1 = '2.002492';

async function birthCertificate(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText('Giay khai sinh', { x: 60, y: 760, size: 18 });
  return Buffer.from(await doc.save());
}

async function start(driver: Driver, port: number): Promise<RunningServer> {
  assert.ok(existsSync(`${WEB_DIST}index.html`), 'the web app is not built: npm run build --workspace apps/web');
  const t = await createTestDatabase(driver);
  await new ProcedureCatalogue({ db: t.db }).seed('', HANOI_PROCEDURES, HANOI_AGENCIES);
  await t.db.close();
  const dataDir = t.url ? mkdtempSync(join(tmpdir(), 'thanglong-services-')) : dirname(t.dataDir as string);
  return startServer({
    WEB_DIST,
    AUTH_ADMIN_PASSWORD: ADMIN_PASSWORD,
    DEMO: 'off',
    PORT: String(port),
    DATA_DIR: dataDir,
    ...(t.url ? { DATABASE_URL: t.url } : {}),
  });
}

for (const driver of DRIVERS) {
  const skip = process.env['THANGLONG_TEST_SKIP_BROWSER'] ?? skipReason(driver);
  describe(`a parent enrols a child in grade 1 on a phone [${driver}]`, skip ? { skip } : {}, () => {
    let server: RunningServer;
    let browser: Browser;
    const contexts: BrowserContext[] = [];
    let parent: Page;
    const errors: string[] = [];
    let code = '';

    before(async () => {
      server = await start(driver, await freePort());
      browser = await launchChromium();
      const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, locale: 'vi-VN' });
      contexts.push(context);
      parent = await context.newPage();
      parent.setDefaultTimeout(60_000);
      parent.on('pageerror', (e) => errors.push(e.message));
    });
    after(async () => {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser?.close();
      await stopCentre(server);
    });

    it('says which ward committee decides in words, never its stand-in code', async () => {
      await parent.goto(`${server.url}/dich-vu-cong/#/thu-tuc/${GRADE1}`);
      await parent.getByRole('heading', { name: 'Tuyển sinh tiểu học (vào lớp 1)' }).waitFor();
      const shown = (await parent.locator('main#services').textContent()) ?? '';
      assert.doesNotMatch(shown, /ubnd-phuong-xa|cong-an-phuong-xa/);
      assert.match(shown, /UBND phường, xã nơi nộp hồ sơ/);
      // The residence confirmation: the ward police in words, and no empty list of documents.
      await parent.goto(`${server.url}/dich-vu-cong/#/thu-tuc/HN.CA.XNCT`);
      const none = parent.locator('[data-no-documents]');
      await none.waitFor();
      assert.equal(await none.textContent(), 'Không cần giấy tờ kèm theo.');
      const police = (await parent.locator('main#services').textContent()) ?? '';
      assert.doesNotMatch(police, /cong-an-phuong-xa/);
      assert.match(police, /Công an phường, xã nơi cư trú/);
    });

    it('keeps the answers and the uploads when the language is switched', async () => {
      await parent.goto(`${server.url}/dich-vu-cong/#/nop/${GRADE1}`);
      await parent.locator('form#apply').waitFor();
      await parent.locator('#f-studentName').fill('Trần Minh An');
      await parent.locator('#f-studentBirthDate').fill('2020-05-01');
      await parent.locator('#f-studentIdNumber').fill('001220012345');
      await parent.getByLabel('Nữ').check();
      await parent.locator('#f-priority').check();
      await parent.locator('#doc-giay-khai-sinh').setInputFiles({
        name: 'khai-sinh.pdf',
        mimeType: 'application/pdf',
        buffer: await birthCertificate(),
      });
      await parent.locator('#doc-giay-khai-sinh-status', { hasText: 'khai-sinh.pdf' }).waitFor();

      await parent.locator('button.language').tap();
      await parent.getByRole('heading', { name: 'Primary school admission (grade 1)' }).waitFor();
      assert.equal(await parent.locator('#f-studentName').inputValue(), 'Trần Minh An');
      assert.equal(await parent.locator('#f-studentBirthDate').inputValue(), '2020-05-01');
      assert.equal(await parent.locator('#f-studentIdNumber').inputValue(), '001220012345');
      assert.equal(await parent.getByLabel('Female').isChecked(), true);
      assert.equal(await parent.locator('#f-priority').isChecked(), true);
      assert.match(
        (await parent.locator('#doc-giay-khai-sinh-status').textContent()) ?? '',
        /Uploaded: khai-sinh\.pdf/,
      );

      await parent.locator('button.language').tap();
      await parent.getByRole('heading', { name: 'Tuyển sinh tiểu học (vào lớp 1)' }).waitFor();
      assert.equal(await parent.locator('#f-studentName').inputValue(), 'Trần Minh An');
      await parent.locator('#f-priority').uncheck();
    });

    it('sets the radio buttons beside their words, not across the phone', async () => {
      const box = await parent.locator('#f-studentSex input[type="radio"]').first().boundingBox();
      assert.ok(box && box.width < 60, JSON.stringify(box));
    });

    it('offers only the schools whose catchment holds the ward chosen', async () => {
      const offered = async () =>
        parent.locator('#f-school option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
      assert.deepEqual(await offered(), [
        '',
        'th-trang-an',
        'th-dien-bien',
        'th-quang-trung',
        'th-ngoc-ha',
        'th-kim-dong',
      ]);
      await parent.locator('#f-school').selectOption('th-ngoc-ha');
      await parent.locator('#f-residenceWard').selectOption('00070');
      assert.deepEqual(await offered(), ['', 'th-trang-an', 'th-quang-trung']);
      // A school outside the ward's catchment is no longer chosen.
      assert.equal(await parent.locator('#f-school').inputValue(), '');
      await parent.locator('#f-school').selectOption('th-trang-an');
    });

    it('marks a required answer left empty before sending anything', async () => {
      await parent.locator('#f-residenceAddress').fill('3 Hàng Khay');
      await parent.locator('#f-parentName').fill('Trần Văn Cường');
      await parent.locator('#f-parentIdNumber').fill('001085005678');
      await parent.locator('#f-parentPhone').fill('+84 987 654 321');
      await parent.locator('#f-truthful').check();
      await parent.locator('#f-studentName').fill('');
      let sent = 0;
      const count = (r: { url(): string; method(): string }) => {
        if (r.method() === 'POST' && r.url().endsWith('/api/v1/services/dossiers')) sent++;
      };
      parent.on('request', count);
      await parent.locator('form#apply button[type="submit"]').tap();
      await parent.locator('#f-studentName[aria-invalid="true"]').waitFor();
      assert.match((await parent.locator('#f-studentName-error').textContent()) ?? '', /bắt buộc/);
      assert.equal(sent, 0, 'nothing sent');
      parent.off('request', count);
      // The whole page is not a live region (a redraw would be read out whole): one status line is.
      assert.equal(await parent.locator('main#services').getAttribute('aria-live'), null);
      assert.equal(await parent.locator('#announce[role="status"]').count(), 1);
    });

    it('keeps the answers across a reload of the tab, not the uploads nor the ID numbers', async () => {
      await parent.locator('#f-studentName').fill('Trần Minh An');
      await parent.reload();
      await parent.locator('form#apply').waitFor();
      assert.equal(await parent.locator('#f-studentName').inputValue(), 'Trần Minh An');
      assert.equal(await parent.locator('#f-parentName').inputValue(), 'Trần Văn Cường');
      assert.equal(await parent.locator('#f-residenceAddress').inputValue(), '3 Hàng Khay');
      assert.equal(await parent.locator('#f-school').inputValue(), 'th-trang-an');
      assert.equal(await parent.locator('#f-parentIdNumber').inputValue(), '');
      assert.equal(await parent.locator('#f-studentIdNumber').inputValue(), '');
      const stored = await parent.evaluate(() => JSON.stringify(sessionStorage));
      assert.doesNotMatch(stored, /001085005678|001220012345/);
      await parent.locator('#f-parentIdNumber').fill('001085005678');
      await parent.locator('#f-studentIdNumber').fill('001220012345');
      await parent.locator('#doc-giay-khai-sinh').setInputFiles({
        name: 'khai-sinh.pdf',
        mimeType: 'application/pdf',
        buffer: await birthCertificate(),
      });
      await parent.locator('#doc-giay-khai-sinh-status', { hasText: 'khai-sinh.pdf' }).waitFor();
    });

    it('files the dossier in the parent’s name, not the pupil’s', async () => {
      await parent.locator('#f-studentName').fill('Trần Minh An');
      await parent.locator('form#apply button[type="submit"]').tap();
      await parent.locator('[data-code]').waitFor();
      code = (await parent.locator('[data-code]').getAttribute('data-code')) ?? '';
      assert.match(code, /^H26\./);
      // The address is the dossier's: a reload opens it, not an empty form to file again.
      assert.ok(parent.url().endsWith(`#/ho-so/${code}`), parent.url());
      await parent.locator('#announce', { hasText: code }).waitFor({ state: 'attached' });
      const token = await loginAdmin(server, ADMIN_PASSWORD);
      const res = await callServer(server, 'GET', `/api/v1/services/dossiers/${encodeURIComponent(code)}`, token);
      assert.equal(res.status, 200, res.text);
      const applicant = (JSON.parse(res.text) as { applicant: Record<string, string> }).applicant;
      assert.equal(applicant['name'], 'Trần Văn Cường');
      assert.equal(applicant['idNumber'], '001085005678');
      assert.equal(applicant['phone'], '0987654321');
    });

    it('shows the parent what was filed, and takes a withdrawal with its reason', async () => {
      await parent.locator(`a[href="#/ho-so/${code}"]`).tap();
      const answers = parent.locator('#answers');
      await answers.waitFor();
      // A reload there opens the dossier again, not an empty form.
      await parent.reload();
      await answers.waitFor();
      assert.equal(await answers.locator('[data-answer="studentName"]').textContent(), 'Trần Minh An');
      assert.equal(await answers.locator('[data-answer="studentSex"]').textContent(), 'Nữ');
      assert.equal(await answers.locator('[data-answer="studentBirthDate"]').textContent(), '01/05/2020');
      assert.equal(await answers.locator('[data-answer="school"]').textContent(), 'Trường Tiểu học Tràng An');
      await parent.screenshot({ path: `${SHOTS}/${driver}-public-services-enrolment.png`, fullPage: true });

      await parent.locator('#withdraw').tap();
      await parent.locator('#withdraw-reason').fill('Gia đình chuyển nơi ở');
      await parent.locator('#withdraw-yes').tap();
      await parent.locator(`.dossier[data-dossier="${code}"][data-state="withdrawn"]`).waitFor();
      assert.equal(await parent.locator('#ended [data-reason]').textContent(), 'Lý do: Gia đình chuyển nơi ở');
      assert.deepEqual(errors, []);
    });
  });
}
