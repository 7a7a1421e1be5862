/**
 * Reading back what the writer drew, for checks of its output: the text lines (through the fonts'
 * ToUnicode maps, as a reader copies text), the QR codes (their module matrices, re-read from the
 * content streams) and the fonts embedded in the file. Made for the writer's own files, not any PDF.
 */
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  type PDFPage,
  PDFRawStream,
  PDFStream,
  decodePDFRawStream,
} from 'pdf-lib';
import QRCode from 'qrcode';
import { QR_TAG } from './writer.js';

export interface DrawnQr {
  /** 0-based page index. */
  readonly page: number;
  /** Modules per side. */
  readonly size: number;
  /** dark[row][column]. */
  readonly dark: boolean[][];
}

function streamText(stream: PDFStream): string {
  const bytes = stream instanceof PDFRawStream ? decodePDFRawStream(stream).decode() : stream.getContents();
  return Buffer.from(bytes).toString('latin1');
}

function pageContent(doc: PDFDocument, page: PDFPage): string {
  const contents = page.node.Contents();
  const streams =
    contents instanceof PDFArray
      ? contents.asArray().map((ref) => doc.context.lookup(ref, PDFStream))
      : contents
        ? [contents]
        : [];
  return streams.map(streamText).join('\n');
}

/** A font's glyph → text map, from its ToUnicode CMap (pdf-lib writes one bfchar entry per glyph). */
function toUnicode(doc: PDFDocument, font: PDFDict): Map<string, string> {
  const map = new Map<string, string>();
  const cmap = font.lookupMaybe(PDFName.of('ToUnicode'), PDFStream);
  if (!cmap) return map;
  for (const [, glyph, utf16] of streamText(cmap).matchAll(/<([0-9a-fA-F]{4})> <([0-9a-fA-F]+)>/g))
    map.set(glyph!.toLowerCase(), Buffer.from(utf16!, 'hex').swap16().toString('utf16le'));
  return map;
}

/** Each page's text, one entry per line drawn (a table cell's line is one entry), in drawing order. */
export async function drawnText(pdf: Uint8Array): Promise<string[][]> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  return doc.getPages().map((page) => {
    const maps = new Map<string, Map<string, string>>();
    const fonts = page.node.Resources()?.lookupMaybe(PDFName.of('Font'), PDFDict);
    for (const [name, ref] of fonts?.entries() ?? [])
      maps.set(name.asString(), toUnicode(doc, doc.context.lookup(ref, PDFDict)));
    const lines: string[] = [];
    let map: Map<string, string> | undefined;
    for (const m of pageContent(doc, page).matchAll(/(\/\S+) [\d.]+ Tf|<([0-9a-fA-F]*)> Tj/g)) {
      if (m[1]) map = maps.get(m[1]);
      else lines.push((m[2]!.toLowerCase().match(/.{4}/g) ?? []).map((g) => map?.get(g) ?? '\ufffd').join(''));
    }
    return lines;
  });
}

/** The QR codes drawn by `drawQr` in a PDF, page by page, as module matrices. */
export async function drawnQrCodes(pdf: Uint8Array): Promise<DrawnQr[]> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const found: DrawnQr[] = [];
  doc.getPages().forEach((page, index) => {
    const text = pageContent(doc, page);
    const sections = text.split(`/${QR_TAG} BMC`).slice(1);
    for (const section of sections) {
      const body = section.slice(0, section.indexOf('EMC'));
      const runs = [...body.matchAll(/(\d+) (\d+) (\d+) 1 re/g)].map(
        (m) => m.slice(1, 4).map(Number) as [number, number, number],
      );
      // The finder pattern reaches the last column, so the widest run's end is the side.
      const size = Math.max(...runs.map(([c, , len]) => c + len));
      const dark = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
      for (const [c, r, len] of runs) for (let i = 0; i < len; i++) dark[r]![c + i] = true;
      found.push({ page: index, size, dark });
    }
  });
  return found;
}

/** Whether a drawn matrix is the QR code `qrcode` makes of `payload` (so a scanner reads `payload`). */
export function qrEncodes(drawn: DrawnQr, payload: string): boolean {
  const expected = QRCode.create(payload, { errorCorrectionLevel: 'M' }).modules;
  if (expected.size !== drawn.size) return false;
  for (let r = 0; r < drawn.size; r++)
    for (let c = 0; c < drawn.size; c++) if (Boolean(expected.get(r, c)) !== drawn.dark[r]![c]) return false;
  return true;
}

export interface EmbeddedFont {
  /** The PostScript name with its subset tag, e.g. "ABCDEF+DejaVuSans-Bold". */
  readonly name: string;
  /** Whether the font program itself is in the file (FontFile2), not only its name. */
  readonly embedded: boolean;
}

/** The fonts a PDF describes (its font descriptors), and whether each one's program is embedded. */
export async function embeddedFonts(pdf: Uint8Array): Promise<EmbeddedFont[]> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const fonts = new Map<string, EmbeddedFont>();
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Type')) !== PDFName.of('FontDescriptor')) continue;
    const name = object.get(PDFName.of('FontName'));
    if (!(name instanceof PDFName)) continue;
    const decoded = name.decodeText();
    fonts.set(decoded, { name: decoded, embedded: object.get(PDFName.of('FontFile2')) !== undefined });
  }
  return [...fonts.values()];
}
