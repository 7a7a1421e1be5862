import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, PageSizes } from 'pdf-lib';
import {
  PdfWriter,
  drawnQrCodes,
  drawnText,
  embeddedFonts,
  fontBytes,
  missingGlyphs,
  qrEncodes,
  vietnameseDate,
  wrapText,
} from './index.js';

/** Every Vietnamese letter: the 12 vowels with the 6 tones, đ, in both cases. */
function vietnameseLetters(): string {
  const vowels = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];
  const tones = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];
  const lower = vowels.flatMap((v) => tones.map((t) => (v + t).normalize('NFC'))).join('') + 'đ';
  return lower + lower.toUpperCase();
}

const PANGRAM =
  'Trăm năm trong cõi người ta, chữ tài chữ mệnh khéo là ghét nhau. Đứng sững, ngẩn ngơ, quỹ đạo, thuở ấy.';
const URL = 'https://thanglong.example/dich-vu-cong/#/tra-cuu/H01.23-261206-0001';

describe('fonts: DejaVu Sans has every Vietnamese letter', () => {
  it('no character of the letters or the pangram lacks a glyph (nothing prints as a box)', () => {
    const letters = vietnameseLetters();
    assert.equal([...letters].length, 2 * (12 * 6 + 1));
    assert.deepEqual(missingGlyphs(letters), []);
    assert.deepEqual(missingGlyphs(PANGRAM), []);
    assert.deepEqual(missingGlyphs('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM – Độc lập - Tự do - Hạnh phúc'), []);
  });

  it('the check finds a character the font does not have', () => {
    assert.deepEqual(missingGlyphs('Hà Nội 河内'), ['河', '内']);
  });

  it('letters typed decomposed (base + combining mark) are checked as the composed ones drawn', () => {
    assert.deepEqual(missingGlyphs('Nguyễn'.normalize('NFD')), []);
  });

  it('the files come from the package and are the real fonts', () => {
    for (const weight of ['regular', 'bold'] as const) {
      const bytes = fontBytes(weight);
      assert.ok(bytes.length > 500_000, weight);
      assert.deepEqual([...bytes.subarray(0, 4)], [0, 1, 0, 0]); // a TrueType font
    }
  });
});

async function regularFont() {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  return doc.embedFont(fontBytes('regular'), { subset: true });
}

describe('wrapText', () => {
  it('breaks lines at spaces only: every word stays whole, every line fits', async () => {
    const font = await regularFont();
    const text = `${PANGRAM} ${PANGRAM} ${PANGRAM}`;
    const lines = wrapText(text, font, 11, 200);
    assert.ok(lines.length > 3, 'lines.length > 3');
    for (const line of lines) assert.ok(font.widthOfTextAtSize(line, 11) <= 200, line);
    assert.equal(lines.join(' '), text);
  });

  it('composes decomposed input, and cuts a word wider than the line between letters, never off its marks', async () => {
    const font = await regularFont();
    const long = 'Nguyễn'.repeat(12).normalize('NFD');
    const lines = wrapText(long, font, 11, 80);
    assert.ok(lines.length > 1, 'lines.length > 1');
    assert.equal(lines.join(''), long.normalize('NFC'));
    for (const line of lines) {
      assert.ok(font.widthOfTextAtSize(line, 11) <= 80, 'font.widthOfTextAtSize(line, 11) <= 80');
      assert.equal(line, line.normalize('NFC'));
      assert.doesNotMatch(line, /^\p{M}/u);
    }
  });

  it('keeps the line breaks it is given', async () => {
    const font = await regularFont();
    assert.deepEqual(wrapText('Dòng một\nDòng hai', font, 11, 400), ['Dòng một', 'Dòng hai']);
  });
});

async function sample(rows: number): Promise<Uint8Array> {
  const pdf = await PdfWriter.create({
    title: 'Giấy thử nghiệm',
    subject: 'Kiểm tra bộ viết PDF',
    createdAt: new Date('2026-12-06T03:00:00Z'),
    footer: 'Mã hồ sơ: H01.23-261206-0001',
  });
  pdf.mottoHeader({
    parent: 'UBND Thành phố Hà Nội',
    agency: 'Trung tâm Phục vụ hành chính công',
    reference: '12/TB-TTPVHCC',
    place: 'Hà Nội',
    date: new Date('2026-12-06T03:00:00Z'),
  });
  pdf.heading('THÔNG BÁO THỬ NGHIỆM');
  pdf.paragraph(PANGRAM);
  pdf.keyValue('Người nộp', 'Nguyễn Thị Hương');
  pdf.table(
    [
      { header: 'STT', share: 1, align: 'center' },
      { header: 'Tên giấy tờ', share: 6 },
      { header: 'Số lượng', share: 2, align: 'center' },
    ],
    Array.from({ length: rows }, (_, i) => [String(i + 1), `Giấy tờ số ${i + 1}`, '1']),
  );
  pdf.qrCode(URL, { caption: 'Tra cứu hồ sơ' });
  pdf.signatures([{ title: 'Người tiếp nhận', note: '(Ký và ghi rõ họ tên)', name: 'Trần Văn Bình' }]);
  return pdf.save();
}

describe('PdfWriter', () => {
  it('writes A4 pages with the metadata: title, producer Thang Long, creation date', async () => {
    const doc = await PDFDocument.load(await sample(3), { updateMetadata: false });
    assert.equal(doc.getPageCount(), 1);
    const { width, height } = doc.getPage(0).getSize();
    assert.deepEqual([Math.round(width), Math.round(height)], PageSizes.A4.map(Math.round));
    assert.equal(doc.getTitle(), 'Giấy thử nghiệm');
    assert.equal(doc.getSubject(), 'Kiểm tra bộ viết PDF');
    assert.equal(doc.getProducer(), 'Thang Long');
    assert.equal(doc.getCreationDate()?.toISOString(), '2026-12-06T03:00:00.000Z');
  });

  it('embeds the regular and bold fonts as subsets (the file stays small)', async () => {
    const pdf = await sample(3);
    const fonts = await embeddedFonts(pdf);
    assert.deepEqual(fonts.map((f) => f.name.replace(/-\d+$/, '')).sort(), ['DejaVuSans', 'DejaVuSans-Bold']);
    assert.ok(
      fonts.every((f) => f.embedded),
      'fonts.every((f) => f.embedded)',
    );
    // The whole regular font alone is over 700 kB.
    assert.ok(pdf.length < 100_000, `${pdf.length} bytes`);
  });

  it('draws the motto header and the Vietnamese text as readable (copyable) text', async () => {
    const [page] = await drawnText(await sample(3));
    // The agency's name wraps within the left column; the national name stays on one line.
    assert.deepEqual(page!.slice(0, 7), [
      'UBND THÀNH PHỐ HÀ NỘI',
      'TRUNG TÂM PHỤC VỤ HÀNH',
      'CHÍNH CÔNG',
      'Số: 12/TB-TTPVHCC',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Hà Nội, ngày 06 tháng 12 năm 2026',
    ]);
    const all = page!.join(' ');
    assert.ok(all.includes(PANGRAM), all);
    assert.ok(page!.includes('Nguyễn Thị Hương'), "page!.includes('Nguyễn Thị Hương')");
    assert.ok(page!.includes('Trang 1/1'), "page!.includes('Trang 1/1')");
  });

  it('a long table runs onto more pages, its header repeated on each, and the pages are numbered', async () => {
    const pages = await drawnText(await sample(90));
    assert.ok(pages.length >= 3, `${pages.length} pages`);
    pages.forEach((lines, i) => {
      assert.ok(lines.includes(`Trang ${i + 1}/${pages.length}`), `page ${i + 1}`);
      assert.ok(lines.includes('Mã hồ sơ: H01.23-261206-0001'), "lines.includes('Mã hồ sơ: H01.23-261206-0001')");
    });
    // Every page but the last (which may hold only the QR code and signature) continues the table.
    for (const lines of pages.slice(0, -1))
      assert.ok(
        lines.includes('Tên giấy tờ') && lines.includes('Số lượng'),
        "lines.includes('Tên giấy tờ') && lines.includes('Số lượng')",
      );
    const rows = pages.flat().filter((l) => l.startsWith('Giấy tờ số '));
    assert.deepEqual(
      rows,
      Array.from({ length: 90 }, (_, i) => `Giấy tờ số ${i + 1}`),
    );
  });

  it('the QR code drawn is the one of its payload (a scanner reads the link)', async () => {
    const [qr, ...more] = await drawnQrCodes(await sample(3));
    assert.equal(more.length, 0);
    assert.equal(qr!.page, 0);
    assert.ok(qrEncodes(qr!, URL), 'qrEncodes(qr!, URL)');
    assert.equal(qrEncodes(qr!, `${URL}2`), false);
  });

  it('a QR code with its words beside it: the code readable, the words on the same page', async () => {
    const pdf = await PdfWriter.create({ title: 't' });
    pdf.qrBeside(URL, ['Mã hồ sơ: H26.261206.00001', 'Quét mã để tra cứu tình trạng hồ sơ']);
    pdf.paragraph('Sau mã QR');
    const bytes = await pdf.save();
    const [qr] = await drawnQrCodes(bytes);
    assert.ok(qrEncodes(qr!, URL), 'qrEncodes(qr!, URL)');
    const [page] = await drawnText(bytes);
    assert.deepEqual(page!.slice(0, 3), [
      'Mã hồ sơ: H26.261206.00001',
      'Quét mã để tra cứu tình trạng hồ sơ',
      'Sau mã QR',
    ]);
  });

  it('draws a character the font lacks as "?", not an invisible box', async () => {
    const pdf = await PdfWriter.create({ title: 't' });
    pdf.paragraph('Hà Nội 河内');
    const [page] = await drawnText(await pdf.save());
    assert.ok(page!.includes('Hà Nội ??'), "page!.includes('Hà Nội ??')");
  });

  it('writes the date in Hanoi as administrative papers do', () => {
    assert.equal(vietnameseDate(new Date('2026-12-31T18:00:00Z')), 'ngày 01 tháng 01 năm 2027');
  });
});
