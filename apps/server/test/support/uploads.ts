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

/** A valid one-page PDF of `n` more tiny indirect objects, with a classic xref table. */
export function manyObjectPdf(n: number): Buffer {
  let text = '%PDF-1.4\n';
  const offsets: number[] = [];
  const add = (object: string) => {
    offsets.push(text.length);
    text += `${offsets.length} 0 obj ${object} endobj\n`;
  };
  add('<</Type/Catalog/Pages 2 0 R>>');
  add('<</Type/Pages/Kids[3 0 R]/Count 1>>');
  add('<</Type/Page/Parent 2 0 R/MediaBox[0 0 100 100]>>');
  for (let i = 0; i < n; i++) add('<</A<</B 1>>>>');
  const xref = text.length;
  text += `xref\n0 ${offsets.length + 1}\n0000000000 65535 f \n`;
  for (const at of offsets) text += `${String(at).padStart(10, '0')} 00000 n \n`;
  text += `trailer <</Size ${offsets.length + 1}/Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(text, 'latin1');
}
