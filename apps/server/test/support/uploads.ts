import { PDFDocument } from 'pdf-lib';

/** A one-page PDF carrying `text`: a real document for the upload routes. */
export async function pdfBytes(text: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([200, 200]).drawText(text, { x: 20, y: 100, size: 12 });
  return Buffer.from(await doc.save());
}

/** A multipart body with one `file` (and, when given, a `document` code before it), as a browser sends it. */
export function multipart(file: Buffer, name: string, document?: string): { body: Buffer; contentType: string } {
  const boundary = `----thanglong${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  if (document) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="document"\r\n\r\n${document}\r\n`));
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
