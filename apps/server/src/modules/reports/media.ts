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
