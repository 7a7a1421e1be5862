import { createHash, randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { EncryptedPDFError, PDFArray, PDFDict, PDFDocument, PDFName, PDFStream } from 'pdf-lib';
import type { Database } from '../../platform/db/index.js';
import { AppError, isAppError } from '../../platform/errors.js';
import type { Sealer } from '../../platform/personal-data/index.js';
import { cleanPhoto, MAX_PHOTO_BYTES } from '../reports/index.js';
import * as store from './store.js';

/**
 * Documents an applicant uploads before filing (POST /api/v1/services/uploads): a PDF or a photo
 * (JPEG, PNG), taken by its content and never by its name or declared type. A PDF must start with
 * %PDF-, end with %%EOF, be read through by pdf-lib without an error and not be encrypted (an
 * officer must be able to open it); a photo goes through the reports' cleaner (read through, EXIF,
 * XMP and comments dropped; at most 5 MB, the cleaner's bound). At most 10 MB. A name saying .pdf
 * over something else is refused (SERVICES_DOCUMENT_MISMATCH): the applicant picked the wrong file.
 * A PDF carrying scripts, automatic actions, actions that open other files or send data, or embedded
 * files is refused (see activeContent; a clicked web link is taken), and so is a photo
 * declaring more than 40 megapixels or a PNG whose pixel data does not fill its declared size. The
 * file's name is kept only as a display name (see displayName). The bytes and the name are personal
 * data (an ID card's scan, "CCCD Nguyễn Văn An.jpg"): both are kept sealed with the tenant's key.
 * Each upload is scanned for viruses when SERVICES_VIRUS_SCAN=clamd (clamd's INSTREAM over TCP);
 * an infected one is refused and not kept. Uploads no dossier took within a day are dropped (job).
 */

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

export type DocumentType = 'application/pdf' | 'image/jpeg' | 'image/png';

export interface VirusScanner {
  /** 'clean', or the name of what was found; throws when the scanner cannot answer. */
  scan(bytes: Uint8Array): Promise<{ clean: true } | { clean: false; found: string }>;
  readonly name: string;
}

const mismatch = (name: string) =>
  new AppError(
    'SERVICES_DOCUMENT_MISMATCH',
    400,
    `The file "${name}" is named as a PDF but is not one: choose the right file.`,
  );
const invalid = (detail: string) => new AppError('SERVICES_DOCUMENT_INVALID', 400, detail);
const encrypted = () =>
  invalid('The PDF is encrypted (password-protected): the officers could not open it. Upload it unprotected.');

const ascii = (bytes: Uint8Array, at: number, text: string) =>
  [...text].every((c, i) => bytes[at + i] === c.charCodeAt(0));

/** A PDF by its bytes: header at the start, %%EOF in the last kilobyte (writers pad with whitespace). */
function looksLikePdf(bytes: Uint8Array): boolean {
  if (bytes.length < 16 || !ascii(bytes, 0, '%PDF-')) return false;
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 1024))).toString('latin1');
  return tail.includes('%%EOF');
}

/**
 * Keys that make a PDF run something or carry something: scripts, actions on opening or on events,
 * launching a program, files embedded in it (the /EmbeddedFiles name tree, a file specification's
 * /EF), rich media (Flash, 3D) that plays its own content, and the media of a 3D, movie or sound
 * annotation (/3DD, /Movie, /Sound: players with their own parsers, and 3D's own scripts).
 */
const ACTIVE_KEYS = [
  'JavaScript',
  'JS',
  'AA',
  'Launch',
  'EmbeddedFiles',
  'EF',
  'RichMediaContent',
  '3DD',
  'Movie',
  'Sound',
];
/** Object kinds (/Type or /Subtype) that are a file or media inside the PDF. */
const CARRIED_KINDS = ['EmbeddedFile', 'FileAttachment', 'RichMedia', '3D', 'Movie', 'Sound'];
/**
 * Actions (/S) refused wherever they are: running a script or a program, opening another or an
 * embedded file (/GoToR to a \\server\share path leaks the officer's Windows credentials), sending a
 * form's data out or reading data in, playing rich media, a movie, a sound or a rendition (media).
 */
const ACTIVE_ACTIONS = [
  'JavaScript',
  'Launch',
  'GoToR',
  'GoToE',
  'SubmitForm',
  'ImportData',
  'RichMediaExecute',
  'Movie',
  'Sound',
  'Rendition',
];
/**
 * A /URI action is refused only as the /OpenAction (or in /AA, refused whole): opening a web address
 * as the PDF opens tells a server who read it, and when, without a click. A link annotation that
 * opens one when clicked is what a citizen's scanned letter or a bank statement carries; the viewer
 * asks before following it, so it is taken.
 */
const OPEN_ACTIONS = [...ACTIVE_ACTIONS, 'URI'];

/**
 * A name as a viewer reads it: pdf-lib decodes a #xx escape only in upper-case hex (/#4AavaScript),
 * a viewer in either case (/#4aavaScript is /JavaScript too).
 */
const nameText = (name: PDFName): string =>
  name.decodeText().replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/** The value of a dictionary's key, its name compared as a viewer reads it. */
function entryOf(doc: PDFDocument, dict: PDFDict, key: string): unknown {
  for (const [name, value] of dict.entries()) if (nameText(name) === key) return doc.context.lookup(value);
  return undefined;
}

/**
 * What active content a PDF carries, or undefined: every object pdf-lib parsed (those of object
 * streams and the trailer's catalogue included, names decoded from #xx) is looked at, each dictionary
 * (a stream's too) for a key of ACTIVE_KEYS, a /Type or /Subtype of CARRIED_KINDS, an action whose
 * /S is one of ACTIVE_ACTIONS, and an /OpenAction that is (or chains through /Next to) one of
 * OPEN_ACTIONS. The raw bytes are scanned as well (activeInBytes).
 */
function activeContent(doc: PDFDocument): string | undefined {
  const dicts: PDFDict[] = [doc.catalog];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (object instanceof PDFDict) dicts.push(object);
    else if (object instanceof PDFStream) dicts.push(object.dict);
  }
  const seen = new Set<PDFDict>();
  while (dicts.length > 0) {
    const dict = dicts.pop() as PDFDict;
    if (seen.has(dict)) continue;
    seen.add(dict);
    for (const [key, value] of dict.entries()) {
      const name = nameText(key);
      if (ACTIVE_KEYS.includes(name)) return `/${name} (scripts, automatic actions, embedded files or media)`;
      const resolved = doc.context.lookup(value);
      if (name === 'S' && resolved instanceof PDFName && ACTIVE_ACTIONS.includes(nameText(resolved))) {
        return `a /${nameText(resolved)} action`;
      }
      if ((name === 'Type' || name === 'Subtype') && resolved instanceof PDFName) {
        if (CARRIED_KINDS.includes(nameText(resolved))) return `an embedded /${nameText(resolved)}`;
      }
      if (name === 'OpenAction') {
        const kind = openActionKind(doc, resolved);
        if (kind) return `an /OpenAction running /${kind}`;
      }
      if (resolved instanceof PDFDict) dicts.push(resolved);
      if (resolved instanceof PDFArray) {
        for (const item of resolved.asArray()) {
          const inner = doc.context.lookup(item);
          if (inner instanceof PDFDict) dicts.push(inner);
        }
      }
    }
  }
  return undefined;
}

/** The first refused kind of an /OpenAction and the actions it chains to by /Next (a dict or an array). */
function openActionKind(doc: PDFDocument, action: unknown, depth = 0): string | undefined {
  if (depth > 32) return undefined;
  if (action instanceof PDFArray) {
    for (const item of action.asArray()) {
      const kind = openActionKind(doc, doc.context.lookup(item), depth + 1);
      if (kind) return kind;
    }
    return undefined;
  }
  if (!(action instanceof PDFDict)) return undefined;
  const kind = entryOf(doc, action, 'S');
  if (kind instanceof PDFName && OPEN_ACTIONS.includes(nameText(kind))) return nameText(kind);
  return openActionKind(doc, entryOf(doc, action, 'Next'), depth + 1);
}

/**
 * A raw scan too, for names in objects pdf-lib did not parse: the long names of what activeContent
 * refuses, as whole names (the short /JS, /AA, /EF, /3D and /3DD would turn up by chance in compressed
 * data; the parsed scan finds them). /URI is not among them: a link is taken.
 */
function activeInBytes(bytes: Uint8Array): string | undefined {
  const text = Buffer.from(bytes).toString('latin1');
  const m =
    /\/(JavaScript|Launch|EmbeddedFiles?|FileAttachment|RichMedia[A-Za-z]*|GoToR|GoToE|SubmitForm|ImportData|Movie|Sound|Rendition)(?![A-Za-z0-9#])/.exec(
      text,
    );
  return m ? `/${m[1]} (scripts, actions, embedded files or media)` : undefined;
}

/** The extension a document's content type is shown with. */
const EXTENSION: Record<DocumentType, string> = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' };

/**
 * The name a document is shown with: the applicant's file name kept to letters, digits, spaces,
 * ., - and _ (anything else becomes _), at most 100 characters, and its extension made the one of
 * its content ("thư mời.exe" as a PDF is "thư mời.pdf"). Never used as a path.
 */
export function displayName(name: string, contentType: DocumentType): string {
  const base = name
    .normalize('NFC')
    .replace(/^.*[\\/]/, '')
    .replace(/\.[^.]*$/, '')
    .replace(/[^\p{L}\p{N} ._-]/gu, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[ .]+|[ .]+$/g, '');
  return `${[...base].slice(0, 100).join('').trim() || 'tai-lieu'}.${EXTENSION[contentType]}`;
}

/** Content-Disposition for a download (RFC 6266): an ASCII fallback and the UTF-8 name as filename*. */
export function contentDisposition(name: string, kind: 'attachment' | 'inline' = 'attachment'): string {
  const fallback = name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9 ._-]/g, '_');
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Checks an upload by content; returns what is kept (a photo cleaned) and its type. */
export async function checkDocument(
  bytes: Uint8Array,
  name: string,
): Promise<{ bytes: Uint8Array; contentType: DocumentType }> {
  if (bytes.length === 0) throw invalid('The file is empty.');
  if (bytes.length > MAX_DOCUMENT_BYTES) {
    throw new AppError('SERVICES_DOCUMENT_TOO_LARGE', 413, 'The file is larger than 10 MB: send a smaller scan.');
  }
  const claimsPdf = /\.pdf$/i.test(name.trim());
  if (ascii(bytes, 0, '%PDF-')) {
    if (!looksLikePdf(bytes)) throw invalid('The PDF is cut short (no %%EOF at its end): upload it again.');
    const raw = activeInBytes(bytes);
    if (raw)
      throw invalid(
        `The PDF carries ${raw}: save it again without scripts, actions, attachments or media (print it to PDF).`,
      );
    try {
      // Read with encryption ignored, so an encrypted PDF is named as such rather than unreadable.
      const doc = await PDFDocument.load(bytes, {
        throwOnInvalidObject: true,
        updateMetadata: false,
        ignoreEncryption: true,
      });
      if (doc.isEncrypted) throw encrypted();
      if (doc.getPageCount() < 1) throw invalid('The PDF has no page.');
      const active = activeContent(doc);
      if (active) {
        throw invalid(
          `The PDF carries ${active}: save it again without scripts, actions, attachments or media (print it to PDF).`,
        );
      }
    } catch (err) {
      if (isAppError(err)) throw err;
      if (err instanceof EncryptedPDFError) throw encrypted();
      throw invalid('The PDF cannot be read through: save it again as PDF and upload it.');
    }
    return { bytes, contentType: 'application/pdf' };
  }
  if (claimsPdf) throw mismatch(name);
  if (bytes.length > MAX_PHOTO_BYTES) {
    throw new AppError(
      'SERVICES_DOCUMENT_TOO_LARGE',
      413,
      'A photo is taken up to 5 MB: send a smaller one, or a PDF.',
    );
  }
  try {
    const cleaned = cleanPhoto(bytes);
    if (cleaned.contentType === 'image/webp') throw invalid('Send the document as a PDF, a JPEG or a PNG.');
    return { bytes: cleaned.bytes, contentType: cleaned.contentType };
  } catch (err) {
    if (isAppError(err) && err.code.startsWith('SERVICES_')) throw err;
    // The declared size too large, or pixel data that does not fill it: said as the cleaner says it.
    if (isAppError(err) && /pixels/.test(err.message)) throw invalid(err.message);
    throw invalid('The file is not a PDF, a JPEG or a PNG (by its content).');
  }
}

/**
 * clamd's INSTREAM: "zINSTREAM\0", then chunks (a 4-byte big-endian length and the bytes), a zero
 * length to end; clamd answers "stream: OK" or "stream: <name> FOUND".
 */
export function clamdScanner(host: string, port: number, timeoutMs = 30_000): VirusScanner {
  return {
    name: `clamd ${host}:${port}`,
    scan: (bytes) =>
      new Promise((resolve, reject) => {
        const socket = connect({ host, port });
        const chunks: Buffer[] = [];
        socket.setTimeout(timeoutMs, () => socket.destroy(new Error('clamd did not answer in time')));
        socket.on('error', reject);
        socket.on('data', (d) => chunks.push(d));
        socket.on('end', () => {
          const answer = Buffer.concat(chunks).toString('utf8').replace(/\0/g, '').trim();
          const found = /^stream: (.+) FOUND$/.exec(answer);
          if (found) resolve({ clean: false, found: found[1] as string });
          else if (/^stream: OK$/.test(answer)) resolve({ clean: true });
          else reject(new Error(`clamd answered "${answer.slice(0, 200)}"`));
        });
        socket.on('connect', () => {
          socket.write('zINSTREAM\0');
          const CHUNK = 64 * 1024;
          for (let at = 0; at < bytes.length; at += CHUNK) {
            const part = bytes.subarray(at, Math.min(bytes.length, at + CHUNK));
            const size = Buffer.alloc(4);
            size.writeUInt32BE(part.length);
            socket.write(size);
            socket.write(part);
          }
          socket.write(Buffer.alloc(4));
        });
      }),
  };
}

export interface Uploaded {
  readonly id: string;
  readonly name: string;
  readonly contentType: DocumentType;
  readonly bytes: number;
}

/** Checks, scans and keeps an upload (not yet part of a dossier), its bytes and name sealed. */
export async function keepUpload(
  db: Database,
  seal: Sealer,
  scanner: VirusScanner | undefined,
  tenant: string,
  file: { bytes: Uint8Array; name: string; document?: string | undefined },
  now: Date,
): Promise<Uploaded> {
  const checked = await checkDocument(file.bytes, file.name);
  let scan = 'not-scanned';
  if (scanner) {
    let verdict;
    try {
      verdict = await scanner.scan(checked.bytes);
    } catch (err) {
      throw new AppError(
        'SERVICES_SCAN_UNAVAILABLE',
        503,
        `The virus scanner did not answer (${String(err).slice(0, 120)}): try again in a moment.`,
        { headers: { 'retry-after': '30' } },
      );
    }
    if (!verdict.clean) {
      throw new AppError(
        'SERVICES_DOCUMENT_INFECTED',
        400,
        `The file carries a virus (${verdict.found}): it was not kept.`,
      );
    }
    scan = `clean ${scanner.name}`;
  }
  const id = randomUUID();
  const name = displayName(file.name, checked.contentType);
  await store.insertDocument(db, tenant, {
    id,
    dossier: null,
    kind: 'upload',
    docCode: file.document ?? null,
    name: seal.value(name),
    contentType: checked.contentType,
    bytes: checked.bytes.length,
    sha256: createHash('sha256').update(checked.bytes).digest('hex'),
    scan,
    data: seal.bytes(checked.bytes),
    createdAt: now,
  });
  return { id, name, contentType: checked.contentType, bytes: checked.bytes.length };
}
