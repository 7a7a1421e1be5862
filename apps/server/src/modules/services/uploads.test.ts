import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import { AppError } from '../../platform/errors.js';
import { checkDocument, clamdScanner } from './uploads.js';

/**
 * Uploads by content, and the virus-scan hook against a small stand-in for clamd: it speaks clamd's
 * INSTREAM (a command, length-prefixed chunks, a zero length) and flags the EICAR test string, as
 * clamd does.
 */

const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

async function pdf(classic = false): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([100, 100]).drawText('Hồ sơ'.normalize('NFD').replace(/\p{M}/gu, ''), { x: 10, y: 50, size: 10 });
  return doc.save({ useObjectStreams: !classic });
}

const codeOf = async (work: Promise<unknown>) => {
  try {
    await work;
  } catch (e) {
    assert.ok(e instanceof AppError);
    return e.code;
  }
  return 'accepted';
};

describe('dossier uploads by content', () => {
  it('a PDF read through is taken; a name saying .pdf over a photo is a mismatch', async () => {
    const taken = await checkDocument(await pdf(), 'ban-ve.pdf');
    assert.equal(taken.contentType, 'application/pdf');
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
      'base64',
    );
    assert.equal(await codeOf(checkDocument(png, 'giay-to.PDF')), 'SERVICES_DOCUMENT_MISMATCH');
    assert.equal((await checkDocument(png, 'anh.png')).contentType, 'image/png');
  });

  it('an encrypted PDF, one cut short, one without %%EOF or garbage after the header are refused', async () => {
    const classic = Buffer.from(await pdf(true)).toString('latin1');
    assert.match(classic, /trailer\s*<</);
    const encrypted = Buffer.from(
      classic.replace(/trailer\s*<</, 'trailer\n<<\n/Encrypt << /Filter /Standard /V 1 /R 2 /O <00> /U <00> /P -4 >>'),
      'latin1',
    );
    assert.equal(await codeOf(checkDocument(encrypted, 'x.pdf')), 'SERVICES_DOCUMENT_INVALID');
    await assert.rejects(checkDocument(encrypted, 'x.pdf'), /encrypted/);
    const whole = await pdf();
    assert.equal(
      await codeOf(checkDocument(whole.subarray(0, whole.length - 40), 'x.pdf')),
      'SERVICES_DOCUMENT_INVALID',
    );
    const junk = Buffer.from('%PDF-1.7\nnot a pdf at all\n%%EOF\n');
    assert.equal(await codeOf(checkDocument(junk, 'x.pdf')), 'SERVICES_DOCUMENT_INVALID');
    assert.equal(await codeOf(checkDocument(new Uint8Array(0), 'x.pdf')), 'SERVICES_DOCUMENT_INVALID');
    assert.equal(await codeOf(checkDocument(new Uint8Array(11 * 1024 * 1024), 'x.pdf')), 'SERVICES_DOCUMENT_TOO_LARGE');
  });
});

describe('the clamd hook (INSTREAM over TCP)', () => {
  let server: Server;
  let port = 0;
  const commands: string[] = [];

  before(async () => {
    server = createServer((socket) => {
      let buffer = Buffer.alloc(0);
      let command: string | undefined;
      const body: Buffer[] = [];
      socket.on('data', (d) => {
        buffer = Buffer.concat([buffer, d]);
        if (command === undefined) {
          const end = buffer.indexOf(0);
          if (end < 0) return;
          command = buffer.subarray(0, end).toString('latin1');
          commands.push(command);
          buffer = buffer.subarray(end + 1);
        }
        while (buffer.length >= 4) {
          const size = buffer.readUInt32BE(0);
          if (size === 0) {
            const all = Buffer.concat(body).toString('latin1');
            socket.end(all.includes(EICAR) ? 'stream: Win.Test.EICAR_HDB-1 FOUND\0' : 'stream: OK\0');
            return;
          }
          if (buffer.length < 4 + size) return;
          body.push(buffer.subarray(4, 4 + size));
          buffer = buffer.subarray(4 + size);
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  after(() => {
    server.close();
  });

  it('says clean for a document, names what it found in the EICAR file, and fails when clamd is away', async () => {
    const scanner = clamdScanner('127.0.0.1', port);
    assert.deepEqual(await scanner.scan(await pdf()), { clean: true });
    // More than one chunk: the stand-in joins them as clamd does.
    const big = Buffer.concat([Buffer.alloc(200_000, 0x20), Buffer.from(EICAR)]);
    assert.deepEqual(await scanner.scan(big), { clean: false, found: 'Win.Test.EICAR_HDB-1' });
    assert.deepEqual(commands.slice(0, 2), ['zINSTREAM', 'zINSTREAM']);
    const away = clamdScanner('127.0.0.1', 1);
    await assert.rejects(away.scan(Buffer.from('x')));
  });
});
