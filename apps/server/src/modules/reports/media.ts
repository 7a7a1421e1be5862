import { createInflate } from 'node:zlib';
import { AppError, defineErrors } from '../../platform/errors.js';

/** Photos larger than this are refused (a phone's photo resized in the browser is far smaller). */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

/** Longest media_url taken: longer ones are no photo link a person would send. */
export const MAX_MEDIA_URL_LENGTH = 2000;

/** The errors of photos and photo links, for the module's catalogue. */
export const MEDIA_ERRORS = defineErrors({
  REPORTS_BAD_MEDIA: {
    status: 400,
    when: 'reports: an upload that is not a JPEG, PNG or WebP image by its content, or a `media_url` that is not a plain http(s) link of at most 2000 characters',
  },
  REPORTS_PHOTO_TOO_LARGE: { status: 413, when: 'reports: a photo larger than 5 MB' },
  REPORTS_PHOTOS_BUSY: {
    status: 503,
    when: 'reports: more PNG photos are being read through at once than the server checks and queues; Retry-After says when to send it again; nothing kept',
  },
});

export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp';

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const ascii = (bytes: Uint8Array, at: number, text: string) =>
  [...text].every((c, i) => bytes[at + i] === c.charCodeAt(0));

/**
 * What image the bytes are, by their first bytes and never by a name or a declared type: JPEG, PNG or
 * WebP; anything else is null. GIF and SVG are refused too: an SVG is a document that can carry
 * script, and a GIF is no photo of a street.
 */
export function sniffImage(bytes: Uint8Array): ImageType | null {
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length > PNG.length && PNG.every((b, i) => bytes[i] === b)) return 'image/png';
  if (bytes.length >= 16 && ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'WEBP') && ascii(bytes, 12, 'VP8')) {
    return 'image/webp';
  }
  return null;
}

/** An uploaded photo's type, or a refusal: too large (413), or not an image we take (400). */
export function checkPhoto(bytes: Uint8Array): ImageType {
  if (bytes.length > MAX_PHOTO_BYTES) {
    throw new AppError(
      'REPORTS_PHOTO_TOO_LARGE',
      413,
      `The photo is ${(bytes.length / 1024 / 1024).toFixed(1)} MB: at most 5 MB is taken. Send a smaller one.`,
    );
  }
  const type = sniffImage(bytes);
  if (!type) {
    throw new AppError('REPORTS_BAD_MEDIA', 400, 'The upload is not a JPEG, PNG or WebP photo.');
  }
  return type;
}

const unreadable = (type: ImageType) =>
  new AppError(
    'REPORTS_BAD_MEDIA',
    400,
    `The upload starts as a ${type.slice(6).toUpperCase()} photo but is not one throughout.`,
  );

/**
 * A photo as the city keeps and shows it: its structure read through (an upload that only starts like a
 * photo is refused) and what a camera or phone writes about the person dropped — EXIF (the place it
 * was taken, the device, the owner), XMP, IPTC, comments — with anything after the image's end.
 * The pixels are untouched.
 */
export async function cleanPhoto(bytes: Uint8Array): Promise<{ bytes: Uint8Array; contentType: ImageType }> {
  const type = checkPhoto(bytes);
  await checkDimensions(bytes, type);
  const cleaned = type === 'image/jpeg' ? cleanJpeg(bytes) : type === 'image/png' ? cleanPng(bytes) : cleanWebp(bytes);
  if (!cleaned) throw unreadable(type);
  return { bytes: cleaned, contentType: type };
}

/**
 * A photo declaring more pixels than this is refused: a phone's 12–16 MP photo passes (the citizens'
 * page sends at most 1600 px a side, 2.6 MP), and every browser that opens the report decodes it whole.
 */
export const MAX_PHOTO_PIXELS = 20_000_000;

/**
 * A PNG whose rows hold more bytes than this is refused (a 16-bit RGBA pixel is 8 bytes, not 4): the
 * largest 8-bit RGBA photo the pixel cap allows, and the most ever inflated to check one.
 */
export const MAX_PNG_DECODED_BYTES = MAX_PHOTO_PIXELS * 4;

/** PNGs read through at once; the others wait their turn, up to PNG_CHECKS_WAITING, then are refused (503). */
export const PNG_CHECKS_AT_ONCE = 2;
const PNG_CHECKS_WAITING = 16;

const tooManyPixels = (w: number, h: number) =>
  new AppError(
    'REPORTS_BAD_MEDIA',
    400,
    `The photo declares ${w}×${h} pixels: at most ${MAX_PHOTO_PIXELS / 1_000_000} megapixels are taken.`,
  );

/** Its declared width and height (PNG IHDR, JPEG SOFn, WebP VP8/VP8L/VP8X), or null when none is found. */
export function imageSize(b: Uint8Array, type: ImageType): { width: number; height: number } | null {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (type === 'image/png') {
    if (b.length < 24 || !ascii(b, 12, 'IHDR')) return null;
    return { width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (type === 'image/jpeg') {
    let i = 2;
    while (i + 4 <= b.length) {
      if (b[i] !== 0xff) return null;
      const marker = b[i + 1] as number;
      if (marker === 0xff) {
        i++;
        continue;
      }
      const length = view.getUint16(i + 2);
      // SOF0–SOF15 but DHT (C4), JPG (C8) and DAC (CC).
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        if (i + 9 > b.length) return null;
        return { height: view.getUint16(i + 5), width: view.getUint16(i + 7) };
      }
      if (marker === 0xda || length < 2) return null;
      i += 2 + length;
    }
    return null;
  }
  let i = 12;
  while (i + 8 <= b.length) {
    const name = String.fromCharCode(...b.subarray(i, i + 4));
    const size = view.getUint32(i + 4, true);
    const d = i + 8;
    if (name === 'VP8X' && d + 10 <= b.length) {
      const w = 1 + (b[d + 4]! | (b[d + 5]! << 8) | (b[d + 6]! << 16));
      const h = 1 + (b[d + 7]! | (b[d + 8]! << 8) | (b[d + 9]! << 16));
      return { width: w, height: h };
    }
    if (name === 'VP8 ' && d + 10 <= b.length) {
      return { width: view.getUint16(d + 6, true) & 0x3fff, height: view.getUint16(d + 8, true) & 0x3fff };
    }
    if (name === 'VP8L' && d + 5 <= b.length) {
      const bits = view.getUint32(d + 1, true);
      return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
    }
    i = d + size + (size % 2);
  }
  return null;
}

/** PNG bits per pixel by colour type (times the bit depth's samples). */
const PNG_SAMPLES: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/**
 * The declared size read and bounded (at most 20 megapixels, and for a PNG at most 80 MB of rows), and
 * for a PNG its pixel data inflated to see that it fills the declared size: a PNG declaring thousands
 * of rows and holding one is refused. The inflating streams on zlib's threads and only counts the
 * bytes, keeping none, so a small file declaring a huge image neither holds the event loop nor the
 * memory; a few at a time. A JPEG's and a WebP's coded data are not decoded here: only their declared
 * size is bounded.
 */
async function checkDimensions(b: Uint8Array, type: ImageType): Promise<void> {
  const size = imageSize(b, type);
  if (!size || size.width < 1 || size.height < 1) throw unreadable(type);
  if (size.width * size.height > MAX_PHOTO_PIXELS) throw tooManyPixels(size.width, size.height);
  if (type !== 'image/png') return;
  const depth = b[24] as number;
  const samples = PNG_SAMPLES[b[25] as number];
  const interlaced = b[28] === 1;
  if (samples === undefined || ![1, 2, 4, 8, 16].includes(depth)) throw unreadable(type);
  const rowBytes = Math.ceil((size.width * samples * depth) / 8);
  const decoded = size.height * (1 + rowBytes);
  if (decoded > MAX_PNG_DECODED_BYTES) {
    throw new AppError(
      'REPORTS_BAD_MEDIA',
      400,
      `The PNG declares ${size.width}×${size.height} pixels of ${(samples * depth) / 8} bytes each: at most ${MAX_PNG_DECODED_BYTES / 1_000_000} MB of pixels are taken. Send it as a JPEG.`,
    );
  }
  const idat: Uint8Array[] = [];
  let i = 8;
  while (i + 12 <= b.length) {
    const length = new DataView(b.buffer, b.byteOffset + i, 4).getUint32(0);
    const name = String.fromCharCode(...b.subarray(i + 4, i + 8));
    if (i + 12 + length > b.length) break;
    if (name === 'IDAT') idat.push(b.subarray(i + 8, i + 8 + length));
    i += 12 + length;
  }
  if (idat.length === 0) throw unreadable(type);
  // Adam7 rows are shorter; the plain layout is the floor for a non-interlaced image only.
  if (interlaced) return;
  const inflated = await pngChecks.run(() => inflatedLength(idat, decoded));
  if (inflated === null) throw unreadable(type);
  if (inflated < decoded) {
    throw new AppError(
      'REPORTS_BAD_MEDIA',
      400,
      `The PNG declares ${size.width}×${size.height} pixels but holds fewer: it is not a whole photo.`,
    );
  }
}

/**
 * How many bytes the zlib data inflates to, counted up to `enough` and then stopped; null when it is no
 * zlib data. Nothing inflated is kept.
 */
function inflatedLength(parts: readonly Uint8Array[], enough: number): Promise<number | null> {
  return new Promise((resolve) => {
    const inflate = createInflate({ chunkSize: 64 * 1024 });
    let count = 0;
    let done = false;
    const finish = (n: number | null) => {
      if (done) return;
      done = true;
      inflate.destroy();
      resolve(n);
    };
    inflate.on('data', (chunk: Buffer) => {
      count += chunk.length;
      if (count >= enough) finish(count);
    });
    inflate.on('end', () => finish(count));
    // A stream cut short still says how much it held; bad data is no PNG.
    inflate.on('error', (err: NodeJS.ErrnoException) => finish(err.code === 'Z_BUF_ERROR' ? count : null));
    for (const part of parts) inflate.write(part);
    inflate.end();
  });
}

/** A few tasks at a time, a bounded queue behind them, a refusal past it. */
class CheckQueue {
  #running = 0;
  readonly #waiting: (() => void)[] = [];
  constructor(
    readonly atOnce: number,
    readonly waiting: number,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running >= this.atOnce) {
      if (this.#waiting.length >= this.waiting) {
        throw new AppError(
          'REPORTS_PHOTOS_BUSY',
          503,
          'Many photos are being checked just now: send it again in a moment.',
          {
            headers: { 'retry-after': '5' },
          },
        );
      }
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#running++;
    }
    try {
      return await task();
    } finally {
      // The slot passes to the next waiting, or is freed.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }
}

const pngChecks = new CheckQueue(PNG_CHECKS_AT_ONCE, PNG_CHECKS_WAITING);

/** JPEG segments kept: JFIF (APP0), the colour profile (APP2) and Adobe's colour transform (APP14); the others' APPn and comments go. */
const JPEG_KEPT_APP = new Set([0xe0, 0xe2, 0xee]);

function cleanJpeg(b: Uint8Array): Uint8Array | null {
  const out: Uint8Array[] = [b.subarray(0, 2)];
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1] as number;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    const length = ((b[i + 2] as number) << 8) | (b[i + 3] as number);
    if (length < 2 || i + 2 + length > b.length) return null;
    const segment = b.subarray(i, i + 2 + length);
    if (marker === 0xda) {
      // Start of scan: the coded image runs to the last end-of-image marker; what follows it goes.
      let end = b.length - 2;
      while (end > i && !(b[end] === 0xff && b[end + 1] === 0xd9)) end--;
      if (end <= i) return null;
      out.push(b.subarray(i, end + 2));
      return concat(out);
    }
    const isApp = marker >= 0xe0 && marker <= 0xef;
    if (!(isApp && !JPEG_KEPT_APP.has(marker)) && marker !== 0xfe) out.push(segment);
    i += 2 + length;
  }
  return null;
}

const PNG_DROPPED = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME']);

function cleanPng(b: Uint8Array): Uint8Array | null {
  const out: Uint8Array[] = [b.subarray(0, 8)];
  let i = 8;
  let first = true;
  while (i + 12 <= b.length) {
    const length =
      (b[i] as number) * 2 ** 24 + (((b[i + 1] as number) << 16) | ((b[i + 2] as number) << 8) | (b[i + 3] as number));
    const name = String.fromCharCode(...b.subarray(i + 4, i + 8));
    if (!/^[A-Za-z]{4}$/.test(name) || i + 12 + length > b.length) return null;
    if (first && name !== 'IHDR') return null;
    first = false;
    if (!PNG_DROPPED.has(name)) out.push(b.subarray(i, i + 12 + length));
    i += 12 + length;
    if (name === 'IEND') return concat(out);
  }
  return null;
}

function cleanWebp(b: Uint8Array): Uint8Array | null {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const chunks: Uint8Array[] = [];
  let i = 12;
  const end = Math.min(b.length, 8 + view.getUint32(4, true));
  while (i + 8 <= end) {
    const name = String.fromCharCode(...b.subarray(i, i + 4));
    const size = view.getUint32(i + 4, true);
    const next = i + 8 + size + (size % 2);
    if (!/^[A-Z0-9 ]{4}$/i.test(name) || i + 8 + size > end) return null;
    if (name !== 'EXIF' && name !== 'XMP ') {
      const chunk = b.slice(i, Math.min(next, end));
      // VP8X says which extra chunks follow: those dropped are no longer announced.
      if (name === 'VP8X' && chunk.length > 8) chunk[8] = (chunk[8] as number) & ~0x0c;
      chunks.push(chunk);
    }
    i = next;
  }
  if (chunks.length === 0) return null;
  const body = concat(chunks);
  const head = new Uint8Array(12);
  head.set(b.subarray(0, 4), 0);
  new DataView(head.buffer).setUint32(4, body.length + 4, true);
  head.set(b.subarray(8, 12), 8);
  return concat([head, body]);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const badUrl = (why: string) => new AppError('REPORTS_BAD_MEDIA', 400, `media_url ${why}.`);

/**
 * A photo link (Open311 media_url) as it will be shown: an absolute http or https URL with a host, no
 * user name or password in it, at most 2000 characters. The server never fetches it; the public page
 * links to it.
 */
export function checkMediaUrl(url: string): string {
  const text = url.trim();
  if (text.length > MAX_MEDIA_URL_LENGTH) throw badUrl(`is longer than ${MAX_MEDIA_URL_LENGTH} characters`);
  // Whitespace or controls inside a link are a forgery (or a paste of two links), not a link.
  if (/[\s\p{Cc}]/u.test(text)) throw badUrl('holds spaces or control characters');
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw badUrl('is not an absolute URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw badUrl('must be an http or https link');
  if (parsed.username !== '' || parsed.password !== '') throw badUrl('must not hold a user name or password');
  if (parsed.hostname === '') throw badUrl('names no host');
  if (parsed.href.length > MAX_MEDIA_URL_LENGTH) throw badUrl(`is longer than ${MAX_MEDIA_URL_LENGTH} characters`);
  return parsed.href;
}
