import { constants, inflateSync } from 'node:zlib';
import {
  EncryptedPDFError,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFStream,
  PDFString,
} from 'pdf-lib';

/**
 * The parsed half of an uploaded PDF's check (see uploads.ts): read through by pdf-lib, not encrypted,
 * a page at least, no more indirect objects than a scan plausibly has, no active content. It runs in a
 * worker thread (pdf-check-worker.ts), so a PDF that is slow to read holds that thread, not the server's.
 */

/** The most indirect objects a PDF may have: a scanned document of 100 pages has a few hundred. */
export const MAX_PDF_OBJECTS = 20_000;

/**
 * The most bytes the object streams and cross-reference streams of a PDF may declare (/Length) or inflate
 * to, all of them together: pdf-lib inflates them whole as it loads, and a scan's fit in well under this.
 */
export const MAX_OBJECT_STREAM_BYTES = 16 * 1024 * 1024;

export type PdfVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'encrypted' | 'no-page' | 'unreadable' | 'too-many-objects' }
  | { readonly ok: false; readonly reason: 'active'; readonly carries: string };

/**
 * Keys that make a PDF run something or carry something: scripts, actions on opening or on events,
 * launching a program, files embedded in it (the /EmbeddedFiles name tree, a file specification's
 * /EF), rich media (Flash, 3D) that plays its own content, and the media of a 3D, movie or sound
 * annotation (/3DD, /Movie, /Sound: players with their own parsers, and 3D's own scripts), and an XFA
 * form (/XFA in an AcroForm, /NeedsRendering): its XML carries scripts of its own, compressed or not.
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
  'XFA',
  'NeedsRendering',
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
 * asks before following it, so it is taken, but only to a web or mail address: a file://, smb:// or
 * \\server\share one leaks the officer's Windows credentials, a javascript: one runs a script.
 */
const OPEN_ACTIONS = [...ACTIVE_ACTIONS, 'URI'];

/** The addresses a link may open: the web (http, https) and mail. Relative ones have no scheme to judge. */
const TAKEN_URI = /^(?:https?:\/\/|mailto:)/i;

/** A /URI value a link may carry; control characters and spaces a viewer skips are skipped first. */
function takenUri(value: unknown): boolean {
  if (!(value instanceof PDFString || value instanceof PDFHexString)) return true; // a catalogue's /URI << /Base >>
  // eslint-disable-next-line no-control-regex
  return TAKEN_URI.test(value.decodeText().replace(/^[\u0000-\u0020]+/, ''));
}

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
      if (name === 'URI' && !takenUri(resolved)) return 'a link to an address that is not a web or mail one (/URI)';
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

const WHITE = '[\\0\\t\\n\\f\\r ]';
/** Where a PDF name ends: white space or a delimiter. */
const NAME_END = '(?=[\\0\\t\\n\\f\\r ()<>\\[\\]{}/%]|$)';
/** A name in the raw bytes however it is written: each character as it is or as a #xx escape (either case). */
const rawName = (name: string): string =>
  '/' +
  [...name]
    .map((c) => {
      const hex = [...c.charCodeAt(0).toString(16)].map((h) => (/[a-f]/.test(h) ? `[${h}${h.toUpperCase()}]` : h));
      return `(?:${c}|#${hex.join('')})`;
    })
    .join('') +
  NAME_END;
const OBJECT_HEADER = new RegExp(`(?:^|[^0-9])(\\d{1,10})${WHITE}+(\\d{1,5})${WHITE}+obj(?![A-Za-z0-9])`, 'g');
const INFLATED_KINDS = new RegExp(`${rawName('ObjStm')}|${rawName('XRef')}`, 'g');
/** The longest dictionary of an object stream looked at: a real one is a line. */
const MAX_STREAM_DICT = 64 * 1024;

/** The indirect objects a PDF declares ("12 0 obj"), counted in its bytes before anything parses them. */
export function countedObjects(text: string, most = MAX_PDF_OBJECTS): number {
  const header = new RegExp(OBJECT_HEADER.source, 'g');
  let count = 0;
  while (header.exec(text) !== null) if (++count > most) break;
  return count;
}

/** The dictionary `<< … >>` starting at `from` (nested ones, strings and hex strings skipped), or undefined. */
function dictionaryAt(text: string, from: number): { end: number } | undefined {
  let depth = 0;
  const last = Math.min(text.length, from + MAX_STREAM_DICT);
  for (let i = from; i < last; i++) {
    const c = text[i];
    if (c === '<' && text[i + 1] === '<') {
      depth++;
      i++;
    } else if (c === '>' && text[i + 1] === '>') {
      depth--;
      i++;
      if (depth === 0) return { end: i + 1 };
    } else if (c === '<') {
      const close = text.indexOf('>', i);
      if (close < 0) return undefined;
      i = close;
    } else if (c === '(') {
      let nested = 1;
      for (i++; i < last && nested > 0; i++) {
        if (text[i] === '\\') i++;
        else if (text[i] === '(') nested++;
        else if (text[i] === ')') nested--;
      }
      i--;
    }
  }
  return undefined;
}

/**
 * Where each indirect object's body starts (just after "12 0 obj"), by "number generation", found in
 * one pass over the bytes; a later definition replaces an earlier one, as an incremental update does.
 * `at` lists the same offsets in the order of the bytes.
 */
interface ObjectIndex {
  readonly at: number[];
  readonly byRef: Map<string, number>;
}

/** The object index of a PDF's text, or undefined once it declares more than `most` objects. */
function indexObjects(text: string, most: number): ObjectIndex | undefined {
  const at: number[] = [];
  const byRef = new Map<string, number>();
  const header = new RegExp(OBJECT_HEADER.source, 'g');
  for (let m = header.exec(text); m !== null; m = header.exec(text)) {
    if (at.length >= most) return undefined;
    at.push(header.lastIndex);
    byRef.set(`${Number(m[1])} ${Number(m[2])}`, header.lastIndex);
  }
  return { at, byRef };
}

/**
 * An integer entry of a dictionary (its names #xx-decoded), direct or an indirect one whose object is
 * a plain integer, looked up in the object index (a search of the whole text for each stream made a
 * file of many streams pointing at one object at its end cost its size times their number).
 */
function integerEntry(text: string, index: ObjectIndex, dict: string, key: string): number | undefined {
  const m = new RegExp(`/${key}${NAME_END}${WHITE}*(\\d{1,12})(?:${WHITE}+(\\d{1,5})${WHITE}+R(?![A-Za-z]))?`).exec(
    dict,
  );
  if (!m) return undefined;
  if (m[2] === undefined) return Number(m[1]);
  const body = index.byRef.get(`${Number(m[1])} ${Number(m[2])}`);
  if (body === undefined) return undefined;
  const value = new RegExp(`${WHITE}*(\\d{1,12})${WHITE}*endobj`, 'y');
  value.lastIndex = body;
  const target = value.exec(text);
  return target ? Number(target[1]) : undefined;
}

/** What a pre-scan did, for tests: its passes over the whole text and the streams it looked at. */
export interface PrescanTrace {
  passes: number;
  streams: number;
}

/**
 * The most object and cross-reference streams the pre-scan looks at: pdf-lib writes one per 50
 * objects (400 for MAX_PDF_OBJECTS), a scanner's PDF has a handful.
 */
export const MAX_PRESCAN_STREAMS = 1_000;

/**
 * The check before pdf-lib reads a PDF: objects inside object streams are not in the bytes' count
 * (uploads.ts), and pdf-lib inflates each object stream (and cross-reference stream) whole as it loads,
 * so a few kB could inflate to gigabytes before any count. Each such stream's dictionary is read from
 * the bytes: an object stream's /N (the objects inside) is added to the count; a stream declaring more
 * than MAX_OBJECT_STREAM_BYTES, compressed otherwise than by FlateDecode alone, or inflating past what
 * is left of that bound (inflated with it as the most output) makes the PDF too complex. The objects
 * are indexed in one pass, an indirect /N or /Length resolved through that index; more streams than
 * MAX_PRESCAN_STREAMS, or streams whose dictionaries and data together are longer than the file (they
 * overlap), make it too complex too, so the scan's work grows with the file's size, not its square.
 */
export function prescanPdf(
  bytes: Uint8Array,
  trace: PrescanTrace = { passes: 0, streams: 0 },
): 'too-many-objects' | undefined {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  trace.passes++;
  const index = indexObjects(text, MAX_PDF_OBJECTS);
  if (!index) return 'too-many-objects';
  const headers = index.at;
  let objects = headers.length;
  let inflated = 0;
  // The dictionaries and data of a file's streams do not overlap: read past its size, they do.
  let read = 0;
  const seen = new Set<number>();
  trace.passes++;
  const kinds = new RegExp(INFLATED_KINDS.source, 'g');
  for (let m = kinds.exec(text); m !== null; m = kinds.exec(text)) {
    // The object the name is in: the last header before it.
    let lo = 0;
    let hi = headers.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((headers[mid] as number) <= m.index) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (at < 0) continue;
    const objectAt = headers[at] as number;
    if (seen.has(objectAt)) continue;
    seen.add(objectAt);
    const open = new RegExp(`${WHITE}*<<`, 'y');
    open.lastIndex = objectAt;
    if (!open.test(text)) continue;
    const start = open.lastIndex - 2;
    const dict = dictionaryAt(text, start);
    // An object stream's dictionary that does not close within a page of text is no scan's.
    if (!dict) return 'too-many-objects';
    read += dict.end - start;
    if (read > text.length) return 'too-many-objects';
    if (m.index >= dict.end) continue; // the name is in the object's content, not its dictionary
    const entries = text
      .slice(start, dict.end)
      .replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    const kind = new RegExp(`/Type${WHITE}*/(ObjStm|XRef)${NAME_END}`).exec(entries);
    if (!kind) continue;
    if (++trace.streams > MAX_PRESCAN_STREAMS) return 'too-many-objects';
    if (kind[1] === 'ObjStm') {
      const n = integerEntry(text, index, entries, 'N');
      if (n === undefined) return 'too-many-objects';
      objects += n;
      if (objects > MAX_PDF_OBJECTS) return 'too-many-objects';
    }
    const stream = new RegExp(`${WHITE}*stream(?:\\r\\n|\\n|\\r)`, 'y');
    stream.lastIndex = dict.end;
    if (!stream.test(text)) continue;
    const dataAt = stream.lastIndex;
    const length = integerEntry(text, index, entries, 'Length');
    if (length !== undefined && length > MAX_OBJECT_STREAM_BYTES) return 'too-many-objects';
    const dataEnd =
      length !== undefined && dataAt + length <= bytes.length
        ? dataAt + length
        : (() => {
            const end = text.indexOf('endstream', dataAt);
            return end < 0 ? bytes.length : end;
          })();
    const filter = new RegExp(`/Filter${WHITE}*(/[^\\0\\t\\n\\f\\r ()<>\\[\\]{}/%]*|\\[[^\\]]*\\])`).exec(entries);
    const filters = filter
      ? [...(filter[1] as string).matchAll(/\/([^\0\t\n\f\r ()<>[\]{}/%]*)/g)].map((f) => f[1])
      : [];
    const data = bytes.subarray(dataAt, dataEnd);
    read += data.length;
    if (read > bytes.length) return 'too-many-objects';
    const left = MAX_OBJECT_STREAM_BYTES - inflated;
    if (filters.length === 0) {
      inflated += data.length;
    } else if (filters.length === 1 && (filters[0] === 'FlateDecode' || filters[0] === 'Fl')) {
      try {
        // Z_SYNC_FLUSH: a stream cut short gives what it holds, as pdf-lib's inflater does.
        inflated += inflateSync(data, {
          maxOutputLength: Math.max(1, left),
          finishFlush: constants.Z_SYNC_FLUSH,
        }).length;
      } catch (err) {
        if (err instanceof RangeError || (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
          return 'too-many-objects';
        }
        // Not deflate data: pdf-lib finds it unreadable.
      }
    } else return 'too-many-objects';
    if (inflated > MAX_OBJECT_STREAM_BYTES) return 'too-many-objects';
  }
  return undefined;
}

/** Reads a PDF through and says whether it is taken (what uploads.ts refuses it for, otherwise). */
export async function inspectPdf(bytes: Uint8Array): Promise<PdfVerdict> {
  if (prescanPdf(bytes)) return { ok: false, reason: 'too-many-objects' };
  try {
    // Read with encryption ignored, so an encrypted PDF is named as such rather than unreadable.
    const doc = await PDFDocument.load(bytes, {
      throwOnInvalidObject: true,
      updateMetadata: false,
      ignoreEncryption: true,
    });
    if (doc.isEncrypted) return { ok: false, reason: 'encrypted' };
    // Counted again once parsed: objects inside object streams are not seen by the raw count.
    if (doc.context.enumerateIndirectObjects().length > MAX_PDF_OBJECTS)
      return { ok: false, reason: 'too-many-objects' };
    if (doc.getPageCount() < 1) return { ok: false, reason: 'no-page' };
    const carries = activeContent(doc);
    return carries ? { ok: false, reason: 'active', carries } : { ok: true };
  } catch (err) {
    if (err instanceof EncryptedPDFError) return { ok: false, reason: 'encrypted' };
    return { ok: false, reason: 'unreadable' };
  }
}
