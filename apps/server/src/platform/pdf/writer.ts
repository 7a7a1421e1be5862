/**
 * A small PDF writer for the city's papers: A4 pages with the margins of Vietnamese administrative
 * documents (Decree 30/2020: left 30 mm, right 15 mm, top and bottom 20 mm), the national motto header,
 * headings, wrapped paragraphs, key–value lines, tables whose header repeats on every page, a QR code
 * drawn as vector squares, page numbers, and the document's metadata. Text is drawn top-down: each call
 * places its block under the previous one and starts a new page when the block does not fit.
 */
import fontkit from '@pdf-lib/fontkit';
import {
  PageSizes,
  PDFDocument,
  type PDFFont,
  type PDFPage,
  beginMarkedContent,
  concatTransformationMatrix,
  endMarkedContent,
  fill,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  rgb,
  setFillingRgbColor,
} from 'pdf-lib';
import QRCode from 'qrcode';
import { HANOI_OFFSET_MS } from '../hanoi-time.js';
import { type FontWeight, fontBytes, missingGlyphs } from './fonts.js';

const MM = 72 / 25.4;
const MARGIN = { left: 30 * MM, right: 15 * MM, top: 20 * MM, bottom: 20 * MM };
const LINE = 1.35;
const BLACK = rgb(0, 0, 0);
const GREY = rgb(0.45, 0.45, 0.45);
const HEADER_FILL = rgb(0.9, 0.9, 0.9);

/** The marked-content tag around a drawn QR code, so a reader (and our tests) can find its modules. */
export const QR_TAG = 'QRCode';

export type Align = 'left' | 'center' | 'right';

export interface PdfInfo {
  readonly title: string;
  readonly subject?: string;
  readonly author?: string;
  readonly keywords?: readonly string[];
  /** The creation date written in the metadata (and used by nothing else). Default: now. */
  readonly createdAt?: Date;
  readonly orientation?: 'portrait' | 'landscape';
  /** Printed small at the bottom left of every page (e.g. the dossier code). */
  readonly footer?: string;
}

export interface TextOptions {
  readonly size?: number;
  readonly weight?: FontWeight;
  readonly align?: Align;
  /** Left indent of every line, in points. */
  readonly indent?: number;
  readonly color?: 'black' | 'grey';
}

export interface TableColumn {
  readonly header: string;
  /** The column's share of the width (the shares of all columns are added up). */
  readonly share: number;
  readonly align?: Align;
}

export interface MottoHeader {
  /** The governing body above the agency, e.g. "UBND THÀNH PHỐ HÀ NỘI" (optional). */
  readonly parent?: string;
  readonly agency: string;
  /** "Số: …" under the agency (the paper's number), if it has one. */
  readonly reference?: string;
  /** Place and date line on the right: "Hà Nội, ngày 06 tháng 12 năm 2026". */
  readonly place: string;
  readonly date: Date;
}

/** "ngày 06 tháng 12 năm 2026", the date in Hanoi, as administrative papers write it. */
export function vietnameseDate(date: Date): string {
  const local = new Date(date.getTime() + HANOI_OFFSET_MS);
  const dd = String(local.getUTCDate()).padStart(2, '0');
  const mm = String(local.getUTCMonth() + 1).padStart(2, '0');
  return `ngày ${dd} tháng ${mm} năm ${local.getUTCFullYear()}`;
}

/** Splits a word that is wider than a line between grapheme clusters (a letter keeps its tone marks). */
function breakWord(word: string, fits: (s: string) => boolean): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const { segment } of new Intl.Segmenter('vi', { granularity: 'grapheme' }).segment(word)) {
    if (piece && !fits(piece + segment)) {
      pieces.push(piece);
      piece = segment;
    } else piece += segment;
  }
  pieces.push(piece);
  return pieces;
}

/**
 * Lines of `text` no wider than `width`: Vietnamese words (syllables) are separated by spaces, so lines
 * break at spaces only; a word longer than a line (a link, a code) is cut between letters. "\n" starts
 * a new line.
 */
export function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
  const measure = (s: string) => unitWidth(font, s) * size;
  const fits = (s: string) => measure(s) <= width;
  const space = measure(' ');
  const lines: string[] = [];
  for (const paragraph of text.normalize('NFC').split('\n')) {
    let line = '';
    let lineWidth = 0;
    for (const word of paragraph.split(/[ \t]+/).filter(Boolean)) {
      // Widths add up (the fonts' advances, no kerning across a space): each word is measured once.
      const w = measure(word);
      if (line && lineWidth + space + w <= width) {
        line = `${line} ${word}`;
        lineWidth += space + w;
        continue;
      }
      if (!line && w <= width) {
        line = word;
        lineWidth = w;
        continue;
      }
      if (line) lines.push(line);
      if (w <= width) {
        line = word;
        lineWidth = w;
      } else {
        const pieces = breakWord(word, fits);
        lines.push(...pieces.slice(0, -1));
        line = pieces.at(-1)!;
        lineWidth = measure(line);
      }
    }
    lines.push(line);
  }
  return lines;
}

const widths = new WeakMap<PDFFont, Map<string, number>>();

/** The width of `text` at size 1, remembered per font (a book of dossiers repeats its words). */
function unitWidth(font: PDFFont, text: string): number {
  let known = widths.get(font);
  if (!known) widths.set(font, (known = new Map<string, number>()));
  let w = known.get(text);
  if (w === undefined) {
    w = font.widthOfTextAtSize(text, 1);
    if (known.size < 50_000) known.set(text, w);
  }
  return w;
}

/** Characters the font cannot draw become "?" instead of an invisible empty box. */
function drawable(text: string): string {
  const missing = missingGlyphs(text);
  if (missing.length === 0) return text.normalize('NFC');
  let out = text.normalize('NFC');
  for (const ch of missing) out = out.split(ch).join('?');
  return out;
}

export class PdfWriter {
  private page: PDFPage;
  private y: number;

  private constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: Record<FontWeight, PDFFont>,
    private readonly info: PdfInfo,
    private readonly pageSize: [number, number],
  ) {
    this.page = doc.addPage(pageSize);
    this.y = pageSize[1] - MARGIN.top;
  }

  static async create(info: PdfInfo): Promise<PdfWriter> {
    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkit);
    const fonts = {
      regular: await doc.embedFont(fontBytes('regular'), { subset: true }),
      bold: await doc.embedFont(fontBytes('bold'), { subset: true }),
    };
    const [w, h] = PageSizes.A4;
    const created = info.createdAt ?? new Date();
    doc.setTitle(info.title, { showInWindowTitleBar: true });
    if (info.subject) doc.setSubject(info.subject);
    if (info.author) doc.setAuthor(info.author);
    if (info.keywords) doc.setKeywords([...info.keywords]);
    doc.setProducer('Thang Long');
    doc.setCreator('Thang Long');
    doc.setLanguage('vi-VN');
    doc.setCreationDate(created);
    doc.setModificationDate(created);
    return new PdfWriter(doc, fonts, info, info.orientation === 'landscape' ? [h, w] : [w, h]);
  }

  /** The width between the margins. */
  get contentWidth(): number {
    return this.pageSize[0] - MARGIN.left - MARGIN.right;
  }

  newPage(): void {
    this.page = this.doc.addPage(this.pageSize);
    this.y = this.pageSize[1] - MARGIN.top;
  }

  /** Starts a new page unless `height` points still fit above the bottom margin. */
  private room(height: number): void {
    if (this.y - height < MARGIN.bottom) this.newPage();
  }

  space(points = 6): void {
    this.y -= points;
  }

  private drawLine(text: string, x: number, width: number, o: Required<Omit<TextOptions, 'indent'>>): void {
    const font = this.fonts[o.weight];
    const w = o.align === 'left' ? 0 : unitWidth(font, text) * o.size;
    const dx = o.align === 'center' ? (width - w) / 2 : o.align === 'right' ? width - w : 0;
    // The baseline sits one ascent below the top of the line.
    this.page.drawText(text, {
      x: x + dx,
      y: this.y - o.size,
      size: o.size,
      font,
      color: o.color === 'grey' ? GREY : BLACK,
    });
    this.y -= o.size * LINE;
  }

  /** A block of wrapped text; lines go to the next page when the page is full. */
  paragraph(text: string, options: TextOptions = {}): void {
    const o = {
      size: 11,
      weight: 'regular' as FontWeight,
      align: 'left' as Align,
      color: 'black' as const,
      ...options,
    };
    const indent = options.indent ?? 0;
    const width = this.contentWidth - indent;
    for (const line of wrapText(drawable(text), this.fonts[o.weight], o.size, width)) {
      this.room(o.size * LINE);
      this.drawLine(line, MARGIN.left + indent, width, o);
    }
    this.y -= o.size * 0.3;
  }

  heading(text: string, options: TextOptions = {}): void {
    this.space(4);
    this.room(40);
    this.paragraph(text, { size: 13, weight: 'bold', align: 'center', ...options });
    this.space(2);
  }

  /** "Label: value", the label bold; the value wraps under itself. */
  keyValue(label: string, value: string, size = 11): void {
    const labelText = `${drawable(label)}: `;
    const labelWidth = Math.min(this.fonts.bold.widthOfTextAtSize(labelText, size), this.contentWidth * 0.45);
    const lines = wrapText(drawable(value), this.fonts.regular, size, this.contentWidth - labelWidth);
    const labelLines = wrapText(labelText, this.fonts.bold, size, labelWidth + 0.01);
    const rows = Math.max(lines.length, labelLines.length);
    for (let i = 0; i < rows; i++) {
      this.room(size * LINE);
      const top = this.y;
      if (labelLines[i])
        this.page.drawText(labelLines[i]!, { x: MARGIN.left, y: top - size, size, font: this.fonts.bold });
      if (lines[i])
        this.page.drawText(lines[i]!, { x: MARGIN.left + labelWidth, y: top - size, size, font: this.fonts.regular });
      this.y -= size * LINE;
    }
    this.y -= size * 0.2;
  }

  /** Items each with a dash, wrapped under their own start. */
  bullets(items: readonly string[], size = 11): void {
    const indent = 14;
    for (const item of items) {
      const lines = wrapText(drawable(item), this.fonts.regular, size, this.contentWidth - indent);
      lines.forEach((line, i) => {
        this.room(size * LINE);
        if (i === 0) this.page.drawText('–', { x: MARGIN.left + 4, y: this.y - size, size, font: this.fonts.regular });
        this.drawLine(line, MARGIN.left + indent, this.contentWidth - indent, {
          size,
          weight: 'regular',
          align: 'left',
          color: 'black',
        });
      });
    }
    this.y -= size * 0.3;
  }

  /** Centred lines in a column, from `top`; returns where the column ends. */
  private column(
    lines: readonly { text: string; weight: FontWeight; size: number; rule?: number }[],
    x: number,
    width: number,
    top: number,
  ): number {
    let y = top;
    for (const l of lines) {
      const font = this.fonts[l.weight];
      for (const line of wrapText(drawable(l.text), font, l.size, width)) {
        const w = font.widthOfTextAtSize(line, l.size);
        this.page.drawText(line, { x: x + (width - w) / 2, y: y - l.size, size: l.size, font });
        y -= l.size * LINE;
        if (l.rule) {
          // The rule under the motto (and the shorter one under the agency) stands clear of the letters.
          const rw = Math.min(w, width) * l.rule;
          y -= l.size * 0.05;
          this.page.drawLine({
            start: { x: x + (width - rw) / 2, y },
            end: { x: x + (width + rw) / 2, y },
            thickness: 0.6,
            color: BLACK,
          });
          y -= l.size * 0.6;
        }
      }
    }
    return y;
  }

  /**
   * The header of a Vietnamese administrative paper: the issuing agency on the left, the national name
   * and motto on the right, the place and date under the motto.
   */
  mottoHeader(h: MottoHeader): void {
    const left = this.contentWidth * 0.42;
    const right = this.contentWidth - left;
    const nation = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
    // The national name stays on one line: the largest size (≤ 10.5 pt) that fits the column.
    const nationSize = Math.min(10.5, (right - 4) / (this.fonts.bold.widthOfTextAtSize(nation, 1) || 1));
    const agencyLines = [
      ...(h.parent ? [{ text: h.parent.toUpperCase(), weight: 'regular' as const, size: 10 }] : []),
      { text: h.agency.toUpperCase(), weight: 'bold' as const, size: 10, rule: 0.4 },
      ...(h.reference ? [{ text: `Số: ${h.reference}`, weight: 'regular' as const, size: 10 }] : []),
    ];
    const top = this.y;
    const leftEnd = this.column(agencyLines, MARGIN.left, left, top);
    const rightEnd = this.column(
      [
        { text: nation, weight: 'bold', size: nationSize },
        { text: 'Độc lập - Tự do - Hạnh phúc', weight: 'bold', size: nationSize + 0.5, rule: 1 },
        { text: `${h.place}, ${vietnameseDate(h.date)}`, weight: 'regular', size: 10 },
      ],
      MARGIN.left + left,
      right,
      top,
    );
    this.y = Math.min(leftEnd, rightEnd) - 10;
  }

  /** A table; its header row is drawn again at the top of each page the table runs onto. */
  table(columns: readonly TableColumn[], rows: readonly (readonly string[])[], size = 9.5): void {
    const total = columns.reduce((s, c) => s + c.share, 0);
    const widths = columns.map((c) => (c.share / total) * this.contentWidth);
    const pad = 3;
    const lineHeight = size * LINE;
    const layout = (cells: readonly string[], weight: FontWeight) => {
      const lines = columns.map((_, i) =>
        wrapText(drawable(cells[i] ?? ''), this.fonts[weight], size, widths[i]! - 2 * pad),
      );
      return { lines, height: Math.max(...lines.map((l) => l.length)) * lineHeight + 2 * pad };
    };
    const drawRow = ({ lines, height }: ReturnType<typeof layout>, weight: FontWeight) => {
      let x = MARGIN.left;
      columns.forEach((c, i) => {
        const w = widths[i]!;
        this.page.drawRectangle({
          x,
          y: this.y - height,
          width: w,
          height,
          borderWidth: 0.5,
          borderColor: GREY,
          ...(weight === 'bold' ? { color: HEADER_FILL } : {}),
        });
        lines[i]!.forEach((line, j) => {
          const align = weight === 'bold' ? 'center' : (c.align ?? 'left');
          const tw = align === 'left' ? 0 : unitWidth(this.fonts[weight], line) * size;
          const dx = align === 'center' ? (w - tw) / 2 : align === 'right' ? w - pad - tw : pad;
          this.page.drawText(line, {
            x: x + dx,
            y: this.y - pad - j * lineHeight - size,
            size,
            font: this.fonts[weight],
          });
        });
        x += w;
      });
      this.y -= height;
    };
    const header = layout(
      columns.map((c) => c.header),
      'bold',
    );
    const first = rows[0] ? layout(rows[0], 'regular').height : 0;
    this.room(header.height + first);
    drawRow(header, 'bold');
    for (const row of rows) {
      const cells = layout(row, 'regular');
      if (this.y - cells.height < MARGIN.bottom) {
        this.newPage();
        drawRow(header, 'bold');
      }
      drawRow(cells, 'regular');
    }
    this.y -= 8;
  }

  /**
   * A QR code of `payload`, drawn as vector squares (sharp at any zoom, a few hundred bytes), with a
   * caption under it. `size` is the side in points including the 4-module quiet zone.
   */
  qrCode(payload: string, options: { size?: number; align?: Align; caption?: string } = {}): void {
    const size = options.size ?? 84;
    const captionLines = options.caption
      ? wrapText(drawable(options.caption), this.fonts.regular, 8, Math.max(size * 1.6, 120))
      : [];
    this.room(size + captionLines.length * 8 * LINE);
    const x =
      options.align === 'left'
        ? MARGIN.left
        : options.align === 'center'
          ? MARGIN.left + (this.contentWidth - size) / 2
          : MARGIN.left + this.contentWidth - size;
    drawQr(this.page, payload, x, this.y, size);
    this.y -= size;
    for (const line of captionLines) {
      const w = this.fonts.regular.widthOfTextAtSize(line, 8);
      const cx = Math.min(Math.max(x + (size - w) / 2, MARGIN.left), MARGIN.left + this.contentWidth - w);
      this.page.drawText(line, { x: cx, y: this.y - 8, size: 8, font: this.fonts.regular, color: GREY });
      this.y -= 8 * LINE;
    }
    this.y -= 4;
  }

  /**
   * A QR code at the left with lines of text beside it (what it links to, how to use it): one compact
   * block, kept whole on the page it starts.
   */
  qrBeside(payload: string, lines: readonly string[], options: { size?: number; textSize?: number } = {}): void {
    const size = options.size ?? 64;
    const textSize = options.textSize ?? 9;
    const gap = 8;
    const width = this.contentWidth - size - gap;
    const wrapped = lines.flatMap((l) => wrapText(drawable(l), this.fonts.regular, textSize, width));
    const textHeight = wrapped.length * textSize * LINE;
    const height = Math.max(size, textHeight);
    this.room(height);
    drawQr(this.page, payload, MARGIN.left, this.y, size);
    // The text centred on the code's height.
    let y = this.y - Math.max(0, (size - textHeight) / 2);
    for (const line of wrapped) {
      this.page.drawText(line, {
        x: MARGIN.left + size + gap,
        y: y - textSize,
        size: textSize,
        font: this.fonts.regular,
      });
      y -= textSize * LINE;
    }
    this.y -= height + 4;
  }

  /**
   * Signing blocks side by side (the title, a note such as "(Ký, ghi rõ họ tên)", room to sign, the
   * name); a single block stands on the right half, as on administrative papers. A title given as lines
   * starts each on a line of its own, so an agency's name ("Thủ trưởng" / "UBND phường Hoàn Kiếm") is
   * broken only when it is wider than the block.
   */
  signatures(blocks: readonly { title: string | readonly string[]; note?: string; name?: string }[]): void {
    const width = blocks.length === 1 ? this.contentWidth * 0.5 : this.contentWidth / blocks.length;
    this.room(95);
    const top = this.y;
    let bottom = top;
    blocks.forEach((s, i) => {
      const x = MARGIN.left + (blocks.length === 1 ? this.contentWidth - width : i * width);
      let y = this.column(
        [
          ...(typeof s.title === 'string' ? [s.title] : s.title).map((text) => ({
            text: text.toUpperCase(),
            weight: 'bold' as const,
            size: 10.5,
          })),
          ...(s.note ? [{ text: s.note, weight: 'regular' as const, size: 9.5 }] : []),
        ],
        x,
        width,
        top,
      );
      y -= 45;
      if (s.name) y = this.column([{ text: s.name, weight: 'bold', size: 10.5 }], x, width, y);
      bottom = Math.min(bottom, y);
    });
    this.y = bottom - 6;
  }

  /** Numbers the pages ("Trang 1/3"), writes the footer, and returns the file. */
  async save(): Promise<Uint8Array> {
    const pages = this.doc.getPages();
    pages.forEach((page, i) => {
      const label = `Trang ${i + 1}/${pages.length}`;
      const w = this.fonts.regular.widthOfTextAtSize(label, 8);
      const x = this.pageSize[0] - MARGIN.right - w;
      page.drawText(label, { x, y: MARGIN.bottom / 2, size: 8, font: this.fonts.regular, color: GREY });
      if (this.info.footer)
        page.drawText(drawable(this.info.footer), {
          x: MARGIN.left,
          y: MARGIN.bottom / 2,
          size: 8,
          font: this.fonts.regular,
          color: GREY,
        });
    });
    // No object streams: PDF signers (and older readers) want a plain cross-reference table.
    return this.doc.save({ useObjectStreams: false });
  }
}

/**
 * Draws the QR code's dark modules as filled rectangles, one per horizontal run, in module units (one
 * unit = one module) inside a marked-content section tagged {@link QR_TAG}. `top` is the upper edge.
 */
export function drawQr(page: PDFPage, payload: string, x: number, top: number, size: number): void {
  const matrix = QRCode.create(payload, { errorCorrectionLevel: 'M' }).modules;
  const n = matrix.size;
  const unit = size / (n + 8);
  const ops = [
    beginMarkedContent(QR_TAG),
    pushGraphicsState(),
    // Rows go down the page: y is flipped so row r, column c is the unit square at (c, r).
    concatTransformationMatrix(unit, 0, 0, -unit, x + 4 * unit, top - 4 * unit),
    setFillingRgbColor(0, 0, 0),
  ];
  for (let row = 0; row < n; row++) {
    let col = 0;
    while (col < n) {
      if (!matrix.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < n && matrix.get(row, col)) col++;
      ops.push(rectangle(start, row, col - start, 1));
    }
  }
  ops.push(fill(), popGraphicsState(), endMarkedContent());
  page.pushOperators(...ops);
}
