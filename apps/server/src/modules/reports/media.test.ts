import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../platform/errors.js';
import { deflateSync } from 'node:zlib';
import {
  checkMediaUrl,
  checkPhoto,
  cleanPhoto,
  MAX_PHOTO_BYTES,
  MAX_PHOTO_PIXELS,
  PNG_CHECKS_AT_ONCE,
  sniffImage,
} from './media.js';

const bytes = (...parts: (number[] | string)[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)));

const JPEG = bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF\0');
const PNG = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 'IHDR');
const WEBP = bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 ', [0, 0, 0, 0]);

const refused = (code: string, status: number) => (err: unknown) =>
  err instanceof AppError && err.code === code && err.status === status;

describe('photos by their content', () => {
  it('knows JPEG, PNG and WebP by their first bytes', () => {
    assert.equal(sniffImage(JPEG), 'image/jpeg');
    assert.equal(sniffImage(PNG), 'image/png');
    assert.equal(sniffImage(WEBP), 'image/webp');
  });

  it('refuses anything else, whatever it is called', () => {
    for (const other of [
      bytes('<!doctype html><script>alert(1)</script>'), // an HTML page named photo.jpg
      bytes('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'),
      bytes('<svg onload="alert(1)"/>'),
      bytes('GIF89a', [1, 0, 1, 0]),
      bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt '), // a sound, not a WebP
      bytes('RIFF', [0x24, 0, 0, 0], 'WEBP'), // cut short
      bytes([0xff, 0xd8]),
      bytes([0x89], 'PNG'),
      bytes('%PDF-1.7'),
      new Uint8Array(0),
    ]) {
      assert.equal(sniffImage(other), null, Buffer.from(other).toString('latin1'));
      assert.throws(() => checkPhoto(other), refused('REPORTS_BAD_MEDIA', 400));
    }
  });

  it('takes a photo up to 5 MB and refuses a larger one', () => {
    const big = new Uint8Array(MAX_PHOTO_BYTES);
    big.set(JPEG);
    assert.equal(MAX_PHOTO_BYTES, 5 * 1024 * 1024);
    assert.equal(checkPhoto(big), 'image/jpeg');
    const larger = new Uint8Array(MAX_PHOTO_BYTES + 1);
    larger.set(JPEG);
    assert.throws(() => checkPhoto(larger), refused('REPORTS_PHOTO_TOO_LARGE', 413));
  });
});

describe('photo links', () => {
  it('takes plain http and https links', () => {
    assert.equal(
      checkMediaUrl(' https://cdn.example.vn/a/ổ-gà.jpg '),
      'https://cdn.example.vn/a/%E1%BB%95-g%C3%A0.jpg',
    );
    assert.equal(checkMediaUrl('http://example.com/p.png?x=1'), 'http://example.com/p.png?x=1');
  });

  it('refuses other schemes, credentials, odd characters and very long links', () => {
    for (const url of [
      'javascript:alert(1)',
      'data:image/png;base64,iVBORw0KGgo=',
      'file:///etc/passwd',
      'ftp://example.com/a.jpg',
      'https://user:secret@example.com/a.jpg',
      'https://user@example.com/a.jpg',
      '/relative/a.jpg',
      'https://exa mple.com/a.jpg',
      'https://example.com/a.jpg\nhttps://evil.example/',
      `https://example.com/${'a'.repeat(2000)}`,
      '',
    ]) {
      assert.throws(() => checkMediaUrl(url), refused('REPORTS_BAD_MEDIA', 400), url);
    }
    assert.equal(checkMediaUrl(`https://example.com/${'a'.repeat(1980)}`).length, 2000);
  });
});

describe('cleanPhoto', () => {
  const segment = (marker: number, payload: string) => {
    const body = Buffer.from(payload, 'latin1');
    return Buffer.concat([Buffer.from([0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff]), body]);
  };
  // Start of image, JFIF, an EXIF block with a place, a comment, a tiny scan, end of image, then trailing bytes.
  const jpeg = Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, 'JFIF\0\x01\x01\0\0\x01\0\x01\0\0'),
    segment(0xe1, 'Exif\0\0GPS 21.0285N 105.8542E owner Nguyen Van An'),
    segment(0xfe, 'taken by An'),
    // Start of frame: 1×1, one component (a photo without one declares no size and is refused).
    segment(0xc0, '\x08\0\x01\0\x01\x01\x01\x11\0'),
    segment(0xda, '\x01\x01\0\0?\0'),
    Buffer.from([0x12, 0x34, 0xff, 0xd9]),
    Buffer.from('<html><script>alert(1)</script></html>', 'latin1'),
  ]);

  it("drops a JPEG's EXIF, comments and what follows its end, keeping the image", async () => {
    const { bytes, contentType } = await cleanPhoto(new Uint8Array(jpeg));
    const text = Buffer.from(bytes).toString('latin1');
    assert.equal(contentType, 'image/jpeg');
    assert.ok(text.includes('JFIF'), "text.includes('JFIF')");
    assert.ok(
      !text.includes('GPS') && !text.includes('taken by') && !text.includes('<html>'),
      "!text.includes('GPS') && !text.includes('taken by') && !text.includes('<html>')",
    );
    assert.deepEqual([...bytes.subarray(-4)], [0x12, 0x34, 0xff, 0xd9]);
  });

  it('refuses what only starts like a photo', async () => {
    const polyglot = Buffer.from('\xff\xd8\xff\xe0<html><script>alert(document.domain)</script></html>', 'latin1');
    await assert.rejects(cleanPhoto(new Uint8Array(polyglot)), (e: AppError) => e.code === 'REPORTS_BAD_MEDIA');
  });

  it("drops a PNG's text chunks", async () => {
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
      'base64',
    );
    const text = Buffer.concat([Buffer.from([0, 0, 0, 9]), Buffer.from('tEXtAuthor\0An', 'latin1'), Buffer.alloc(4)]);
    const withText = Buffer.concat([png.subarray(0, 33), text, png.subarray(33)]);
    const { bytes } = await cleanPhoto(new Uint8Array(withText));
    assert.deepEqual(Buffer.from(bytes), png);
  });
});

/** A PNG chunk (the cleaner reads no CRC: zeros stand for it). */
function pngChunk(name: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length);
  head.write(name, 4, 'latin1');
  return Buffer.concat([head, data, Buffer.alloc(4)]);
}

/** A PNG declaring width × height of `depth`-bit RGBA, its pixel data `idat` (zero rows by default). */
function rgbaPng(width: number, height: number, depth: 8 | 16, idat?: Uint8Array): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = depth;
  ihdr[9] = 6; // RGBA
  const rows = () => deflateSync(Buffer.alloc(height * (1 + (width * 4 * depth) / 8)), { level: 9 });
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      pngChunk('IHDR', ihdr),
      pngChunk('IDAT', idat ?? rows()),
      pngChunk('IEND', new Uint8Array(0)),
    ]),
  );
}

describe('PNG bombs', () => {
  it('refuses a small PNG declaring 6300×6300 16-bit RGBA by its pixels, and a street photo’s size is taken', async () => {
    assert.equal(MAX_PHOTO_PIXELS, 20_000_000);
    // Not inflated: the pixel data is no zlib data at all, so only the declared size can refuse it.
    await assert.rejects(cleanPhoto(rgbaPng(6300, 6300, 16, new Uint8Array(64))), /megapixels/);
  });

  it('refuses by its decoded bytes a PNG under the pixel cap whose 16-bit pixels are 8 bytes each, before inflating', async () => {
    // 4000×4000 is 16 MP, under the cap, but 128 MB of rows; garbage for data shows nothing was inflated.
    await assert.rejects(
      cleanPhoto(rgbaPng(4000, 4000, 16, new Uint8Array(64))),
      (e: AppError) => e.code === 'REPORTS_BAD_MEDIA' && /MB of pixels/.test(e.message),
    );
    // The same pixels at 8 bits are 64 MB of rows: checked, and taken when the data fills them.
    const whole = await cleanPhoto(rgbaPng(4000, 4000, 8));
    assert.equal(whole.contentType, 'image/png');
  });

  it('refuses a PNG whose data inflates to fewer rows than it declares, and one with no zlib data', async () => {
    const oneRow = deflateSync(Buffer.alloc(1 + 2000 * 4));
    await assert.rejects(cleanPhoto(rgbaPng(2000, 2000, 8, oneRow)), /holds fewer/);
    await assert.rejects(cleanPhoto(rgbaPng(2000, 2000, 8, new Uint8Array(64).fill(7))), /not one throughout/);
  });

  it('reads a few PNGs at a time, queues some and refuses the rest with 503 and Retry-After', async () => {
    const png = rgbaPng(1500, 1500, 8);
    const results = await Promise.allSettled(Array.from({ length: 30 }, () => cleanPhoto(png)));
    const busy = results.filter(
      (r) => r.status === 'rejected' && r.reason instanceof AppError && r.reason.code === 'REPORTS_PHOTOS_BUSY',
    );
    const taken = results.filter((r) => r.status === 'fulfilled');
    assert.ok(
      taken.length > PNG_CHECKS_AT_ONCE,
      `${taken.length} taken: the queue lets more than those at once through`,
    );
    assert.ok(busy.length > 0, 'past the queue, refused');
    assert.equal(taken.length + busy.length, 30);
    const refusal = (busy[0] as PromiseRejectedResult).reason as AppError;
    assert.equal(refusal.status, 503);
    assert.equal(refusal.headers['retry-after'], '5');
    // Then free again.
    assert.equal((await cleanPhoto(png)).contentType, 'image/png');
  });
});
