/** Thang Long's PDF writer (Vietnamese papers with DejaVu Sans) and the checks that read its output back. */
export {
  PdfWriter,
  QR_TAG,
  drawQr,
  vietnameseDate,
  wrapText,
  type Align,
  type MottoHeader,
  type PdfInfo,
  type TableColumn,
  type TextOptions,
} from './writer.js';
export { fontBytes, missingGlyphs, type FontWeight } from './fonts.js';
export { drawnQrCodes, drawnText, embeddedFonts, qrEncodes, type DrawnQr, type EmbeddedFont } from './inspect.js';
