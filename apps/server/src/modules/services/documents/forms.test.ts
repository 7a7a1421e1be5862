import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import { drawnQrCodes, drawnText, embeddedFonts, qrEncodes } from '../../../platform/pdf/index.js';
import { FORM_KINDS } from '../model.js';
import { type DossierSheet, FORM_TITLES, renderForm, renderResult } from './index.js';

const NOW = new Date('2026-12-10T04:00:00Z');

const SHEET: DossierSheet = {
  code: 'H01.23-261207-0001',
  procedure: { code: '1.001193', name: { vi: 'Đăng ký khai sinh', en: 'Birth registration' }, version: 2 },
  agency: { code: 'ubnd-phuong-hoan-kiem', name: { vi: 'UBND phường Hoàn Kiếm', en: 'Hoan Kiem Ward' } },
  applicant: {
    name: 'Nguyễn Thị Hương',
    idNumber: '001190012345',
    address: '12 Hàng Bạc, phường Hoàn Kiếm',
    phone: '0912345678',
    email: 'huong@example.vn',
  },
  receivedAt: '2026-12-07T01:30:00Z', // 08:30 Monday in Hanoi
  dueAt: '2026-12-09T10:00:00Z', // 17:00 Wednesday
  limitDays: 3,
  documents: [
    { name: 'Tờ khai đăng ký khai sinh', count: 1 },
    { name: { vi: 'Giấy chứng sinh', en: 'Birth certificate from the hospital' }, count: 1 },
  ],
  fee: { totalVnd: 8000, state: 'paid' },
  events: [
    {
      at: '2026-12-07T01:30:00Z',
      kind: 'receive',
      by: 'Trần Văn Bình',
      fromAgency: 'Trung tâm Phục vụ hành chính công',
    },
    {
      at: '2026-12-07T02:00:00Z',
      kind: 'start',
      by: 'Trần Văn Bình',
      fromAgency: 'Trung tâm Phục vụ hành chính công',
      toAgency: 'UBND phường Hoàn Kiếm',
      toOfficer: 'Lê Thu Hà',
      dueAt: '2026-12-07T10:00:00Z',
    },
    {
      at: '2026-12-08T10:00:00Z',
      kind: 'hand-off',
      by: 'Lê Thu Hà',
      fromAgency: 'UBND phường Hoàn Kiếm',
      toAgency: 'UBND phường Hoàn Kiếm',
      toOfficer: 'Phạm Minh Đức',
      dueAt: '2026-12-08T10:00:00Z',
      note: 'Trình ký',
    },
    {
      at: '2026-12-10T03:00:00Z',
      kind: 'result',
      by: 'Phạm Minh Đức',
      fromAgency: 'UBND phường Hoàn Kiếm',
      toAgency: 'Trung tâm Phục vụ hành chính công',
      toOfficer: 'Trần Văn Bình',
      dueAt: '2026-12-09T10:00:00Z',
    },
    { at: '2026-12-10T03:30:00Z', kind: 'note', by: 'Trần Văn Bình', note: 'Đã gọi điện báo' },
  ],
  reason: 'Giấy chứng sinh không ghi tên người mẹ.',
  supplement: ['Giấy chứng sinh bản chính có đủ thông tin người mẹ', 'Giấy tờ chứng minh nơi cư trú'],
  extension: {
    number: 1,
    newDueAt: '2026-12-11T10:00:00Z',
    previousDueAt: '2026-12-09T10:00:00Z',
    reason: 'Cần xác minh nơi cư trú với Công an phường.',
    agency: 'UBND phường Hoàn Kiếm',
    by: 'Lê Thu Hà',
  },
  trackingUrl: 'https://thanglong.example/dich-vu-cong/#/tra-cuu/H01.23-261207-0001',
  state: 'processing',
};

/** All the text of a form, its lines joined by spaces (a wrapped sentence reads whole again). */
async function textOf(pdf: Uint8Array): Promise<string> {
  return (await drawnText(pdf)).flat().join(' ');
}

describe('forms 01–07 (Circular 03/2025, Appendix I)', () => {
  for (const kind of FORM_KINDS) {
    it(`form ${kind}: the header, the title, the dossier code, and a QR code to the tracking page`, async () => {
      const pdf = await renderForm(kind, SHEET, undefined, NOW);
      assert.ok(pdf.length < 200_000, `${pdf.length} bytes`);
      const text = await textOf(pdf);
      for (const words of [
        'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
        'Độc lập - Tự do - Hạnh phúc',
        'UBND PHƯỜNG HOÀN KIẾM',
        'Hà Nội, ngày 10 tháng 12 năm 2026',
        FORM_TITLES[kind].toUpperCase(),
        SHEET.code,
      ])
        assert.ok(text.includes(words), `${words} in form ${kind}`);
      // One QR code, on the first page, to the tracking page.
      const qrs = await drawnQrCodes(pdf);
      assert.equal(qrs.length, 1);
      assert.equal(qrs[0]!.page, 0);
      assert.ok(qrEncodes(qrs[0]!, SHEET.trackingUrl), 'qrEncodes(qrs[0]!, SHEET.trackingUrl)');
      assert.ok(!text.includes('…'), `no placeholder in form ${kind}`);
      assert.ok(
        (await embeddedFonts(pdf)).every((f) => f.embedded),
        '(await embeddedFonts(pdf)).every((f) => f.embedded)',
      );
      const doc = await PDFDocument.load(pdf, { updateMetadata: false });
      assert.equal(doc.getProducer(), 'Thang Long');
      assert.ok(doc.getTitle()?.startsWith(FORM_TITLES[kind]), 'doc.getTitle()?.startsWith(FORM_TITLES[kind])');
    });
  }

  it('01 lists the documents received, the time received and the due time for the result, and the fee', async () => {
    const text = await textOf(await renderForm('01', SHEET, undefined, NOW));
    for (const words of [
      'Nguyễn Thị Hương',
      'Đăng ký khai sinh (mã thủ tục 1.001193)',
      'Tờ khai đăng ký khai sinh',
      'Giấy chứng sinh',
      '3 ngày làm việc',
      'Thời gian nhận hồ sơ: 08 giờ 30 phút, ngày 07/12/2026',
      'Thời gian trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 09/12/2026',
      '8.000 đồng (đã nộp)',
      'NGƯỜI TIẾP NHẬN HỒ SƠ',
      'Trần Văn Bình',
    ])
      assert.ok(text.includes(words), words);
  });

  it('01 says what was true at receipt: not a later supplement, extension, fee payment or hand-off', async () => {
    const later: DossierSheet = {
      ...SHEET,
      // Now: with the ward, a supplement's document added, the fee paid, the date extended.
      agency: { code: 'ubnd-phuong-hoan-kiem', name: { vi: 'UBND phường Hoàn Kiếm', en: 'Hoan Kiem Ward' } },
      documents: [...SHEET.documents, { name: 'Giấy tờ chứng minh nơi cư trú', count: 1 }],
      dueAt: '2026-12-11T10:00:00Z',
      receipt: {
        at: '2026-12-07T01:30:00Z',
        dueAt: '2026-12-09T10:00:00Z',
        documents: SHEET.documents,
        fee: { totalVnd: 8000, state: 'due' },
        agency: 'Trung tâm Phục vụ hành chính công',
        by: 'Trần Văn Bình',
      },
    };
    const text = await textOf(await renderForm('01', later, undefined, NOW));
    for (const words of [
      'TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG',
      // Dated the day it was made, printed whenever.
      'Hà Nội, ngày 07 tháng 12 năm 2026',
      'Bộ phận Một cửa – Trung tâm Phục vụ hành chính công đã tiếp nhận hồ sơ của:',
      'Thời gian trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 09/12/2026',
      '8.000 đồng (chưa nộp)',
    ])
      assert.ok(text.includes(words), words);
    for (const words of ['11/12/2026', 'Giấy tờ chứng minh nơi cư trú', 'UBND PHƯỜNG'])
      assert.ok(!text.includes(words), words);
  });

  it('02 lists what is missing and why, and says the clock stops', async () => {
    const text = await textOf(await renderForm('02', SHEET, undefined, NOW));
    for (const words of [
      'Giấy chứng sinh bản chính có đủ thông tin người mẹ',
      'Giấy tờ chứng minh nơi cư trú',
      'Lý do: Giấy chứng sinh không ghi tên người mẹ.',
      'tạm dừng',
    ])
      assert.ok(text.includes(words), words);
  });

  it('03 gives the reason of the refusal', async () => {
    const text = await textOf(
      await renderForm('03', { ...SHEET, reason: 'Thủ tục không thuộc thẩm quyền.' }, undefined, NOW),
    );
    assert.ok(
      text.includes(
        'từ chối tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau: Thủ tục không thuộc thẩm quyền.',
      ),
      "text.includes( 'từ chối tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau: Thủ tục không thuộc thẩm quyền.', )",
    );
  });

  it('04: the asking agency apologises, with the old appointment, the new one and the reason, and signs', async () => {
    const sheet: DossierSheet = {
      ...SHEET,
      // The dossier is back at the centre by now: the letter is still the ward's, which asked.
      agency: { code: 'trung-tam-phvhcc', name: { vi: 'Trung tâm Phục vụ hành chính công', en: 'Centre' } },
    };
    const text = await textOf(await renderForm('04', sheet, undefined, NOW));
    for (const words of [
      'UBND PHƯỜNG HOÀN KIẾM',
      'Kính gửi: Ông/Bà Nguyễn Thị Hương',
      'Thời hạn trả kết quả đã hẹn: 17 giờ 00 phút, ngày 09/12/2026',
      'Cần xác minh nơi cư trú với Công an phường.',
      'UBND phường Hoàn Kiếm xin lỗi Ông/Bà',
      'Thời hạn trả kết quả mới: 17 giờ 00 phút, ngày 11/12/2026',
      'THỦ TRƯỞNG UBND PHƯỜNG HOÀN KIẾM',
      'Lê Thu Hà',
    ])
      assert.ok(text.includes(words), words);
    assert.ok(!text.includes('THỦ TRƯỞNG TRUNG TÂM'), "!text.includes('THỦ TRƯỞNG TRUNG TÂM')");
  });

  it('05 gives the reason of stopping, says who received the dossier and who handles it, and its head signs', async () => {
    const text = await textOf(
      await renderForm('05', { ...SHEET, reason: 'Người yêu cầu đã mất năng lực hành vi.' }, undefined, NOW),
    );
    assert.ok(
      text.includes('dừng giải quyết hồ sơ của Ông/Bà với lý do: Người yêu cầu đã mất năng lực hành vi.'),
      "text.includes('dừng giải quyết hồ sơ của Ông/Bà với lý do: Người yêu cầu đã mất năng lực hành vi.')",
    );
    assert.ok(text.includes('Bộ phận Một cửa'), text);
    assert.ok(text.includes('hồ sơ đang do'), text);
  });

  it('06: a line per hand-off, who to whom by name, the time with its year, and its step judged; one page', async () => {
    const sheet: DossierSheet = {
      ...SHEET,
      events: [
        ...SHEET.events,
        {
          at: '2026-12-10T04:00:00Z',
          kind: 'return',
          by: 'Trần Văn Bình',
          fromAgency: 'Trung tâm Phục vụ hành chính công',
          dueAt: '2026-12-11T10:00:00Z',
          timeliness: 'early',
        },
      ],
    };
    const pages = await drawnText(await renderForm('06', sheet, undefined, NOW));
    assert.equal(pages.length, 1);
    const page = pages[0]!;
    const text = page.join(' ');
    // Started 09:00 with the receipt's day ending 17:00; handed on exactly at its due time; the result a
    // day late; returned two days before the (extended) due date.
    const judged = page.filter((l) => ['Trước hạn', 'Đúng hạn', 'Quá hạn'].includes(l));
    assert.deepEqual(judged, ['Đúng hạn', 'Đúng hạn', 'Quá hạn', 'Trước hạn']);
    for (const words of [
      'Trung tâm Phục vụ hành chính công – Trần Văn Bình',
      'UBND phường Hoàn Kiếm – Lê Thu Hà',
      'UBND phường Hoàn Kiếm – Phạm Minh Đức',
      'Người nộp hồ sơ: Nguyễn Thị Hương',
      '09:00 ngày 07/12/2026',
      '17:00 ngày 08/12/2026',
      'Chuyển bước xử lý: Trình ký',
    ])
      assert.ok(text.includes(words), words);
    // A note is not a hand-off; nothing is a raw code.
    assert.ok(!text.includes('Đã gọi điện báo'), "!text.includes('Đã gọi điện báo')");
    for (const raw of ['hand-off', 'ubnd-phuong', 'trung-tam-phvhcc']) assert.ok(!text.includes(raw), raw);
  });

  it('06 calls a hand-off a day before its due day early', async () => {
    const sheet = { ...SHEET, events: [{ ...SHEET.events[1]!, dueAt: '2026-12-08T10:00:00Z' }] };
    const [page] = await drawnText(await renderForm('06', sheet, undefined, NOW));
    assert.ok(page!.includes('Trước hạn'), "page!.includes('Trước hạn')");
  });

  it('07 is the tracking book: a row per dossier over as many landscape pages as needed, the header on each', async () => {
    const book = Array.from({ length: 30 }, (_, i) => ({
      ...SHEET,
      code: `H01.23-261207-${String(i + 1).padStart(4, '0')}`,
      state: i % 2 ? ('returned' as const) : ('processing' as const),
      ...(i % 2 ? { returnedAt: '2026-12-10T08:00:00Z', timeliness: 'early' as const } : {}),
    }));
    const pdf = await renderForm('07', { ...SHEET, trackingUrl: 'https://thanglong.example/dich-vu-cong/' }, book, NOW);
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    const { width, height } = doc.getPage(0).getSize();
    assert.ok(width > height, 'width > height');
    const pages = await drawnText(pdf);
    assert.ok(pages.length > 1, 'pages.length > 1');
    for (const lines of pages.slice(0, -1)) assert.ok(lines.includes('Mã hồ sơ'), "lines.includes('Mã hồ sơ')");
    const codes = pages.flat().filter((l) => l.startsWith('H01.23-'));
    assert.deepEqual(
      codes,
      book.map((d) => d.code),
    );
    const text = pages.flat().join(' ');
    assert.ok(
      text.includes('Từ ngày 07/12/2026 đến ngày 07/12/2026 · 30 hồ sơ'),
      "text.includes('Từ ngày 07/12/2026 đến ngày 07/12/2026 · 30 hồ sơ')",
    );
    assert.ok(text.includes('Đã trả kết quả, Trước hạn'), "text.includes('Đã trả kết quả, Trước hạn')");
    assert.ok(text.includes('11/12/2026 (gia hạn)'), "text.includes('11/12/2026 (gia hạn)')");
    // The return date column, filled for the returned ones only.
    assert.equal(pages.flat().filter((l) => l === '10/12/2026').length, 15);
    assert.ok(pdf.length < 200_000, `${pdf.length} bytes`);
  });

  it("07 heads the book with the period asked for, not the first and last dossiers' days", async () => {
    const period = { from: '2026-11-30T17:00:00.000Z', to: '2026-12-31T17:00:00.000Z' };
    const text = await textOf(await renderForm('07', { ...SHEET, period }, [SHEET], NOW));
    assert.ok(text.includes('Từ ngày 01/12/2026 đến ngày 31/12/2026 · 1 hồ sơ'), text);
  });

  it('07 names the agency that decides each dossier, not the office holding it', async () => {
    const held = {
      ...SHEET,
      agency: { code: 'trung-tam-phvhcc', name: { vi: 'Trung tâm Phục vụ hành chính công', en: 'Centre' } },
      decidingAgency: SHEET.agency,
    };
    const text = await textOf(await renderForm('07', { ...SHEET, agency: held.agency }, [held], NOW));
    const row = text.slice(text.indexOf(SHEET.code));
    assert.ok(row.includes('UBND phường Hoàn Kiếm') && !row.includes('Trung tâm Phục vụ'), row);
  });

  it('the forms are written the same way twice (nothing random in them)', async () => {
    const a = await renderForm('01', SHEET, undefined, NOW);
    const b = await renderForm('01', SHEET, undefined, NOW);
    assert.deepEqual(await drawnText(a), await drawnText(b));
  });
});

describe('renderResult', () => {
  it('the electronic result: the agency, the title, whom it is for, the body, the QR code', async () => {
    const pdf = await renderResult(
      SHEET,
      {
        title: 'Trích lục khai sinh',
        body: ['Họ, chữ đệm và tên: Nguyễn Minh An', 'Ngày, tháng, năm sinh: 01/12/2026'],
      },
      NOW,
    );
    const text = await textOf(pdf);
    for (const words of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Số: H01.23-261207-0001',
      'TRÍCH LỤC KHAI SINH',
      'Cấp cho: Nguyễn Thị Hương',
      'Số định danh cá nhân: 001190012345',
      'Họ, chữ đệm và tên: Nguyễn Minh An',
      'Ngày, tháng, năm sinh: 01/12/2026',
      'THỦ TRƯỞNG UBND PHƯỜNG HOÀN KIẾM',
      '(Đã ký số)',
    ])
      assert.ok(text.includes(words), words);
    const [qr] = await drawnQrCodes(pdf);
    assert.ok(qrEncodes(qr!, SHEET.trackingUrl), 'qrEncodes(qr!, SHEET.trackingUrl)');
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    assert.equal(doc.getTitle(), 'Trích lục khai sinh – H01.23-261207-0001');
  });
  it('a result about someone else names them, and the applicant as the one who asked (a birth: the child)', async () => {
    const pdf = await renderResult(
      {
        ...SHEET,
        subject: {
          label: 'Người được khai sinh',
          name: 'Nguyễn Minh An',
          birthDate: '2026-12-01',
          applicantLabel: 'Người đi đăng ký khai sinh',
        },
      },
      { title: 'Giấy khai sinh', body: ['Giới tính: Nam'] },
      NOW,
    );
    const text = await textOf(pdf);
    for (const words of [
      'Người được khai sinh: Nguyễn Minh An',
      'Ngày, tháng, năm sinh: 01/12/2026',
      'Người đi đăng ký khai sinh: Nguyễn Thị Hương',
    ])
      assert.ok(text.includes(words), words);
    assert.ok(!text.includes('Cấp cho'), "!text.includes('Cấp cho')");
  });
});
