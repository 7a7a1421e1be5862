import { EncryptedPDFError, PDFArray, PDFDict, PDFDocument, PDFName, PDFStream } from 'pdf-lib';

/**
 * The parsed half of an uploaded PDF's check (see uploads.ts): read through by pdf-lib, not encrypted,
 * a page at least, no more indirect objects than a scan plausibly has, no active content. It runs in a
 * worker thread (pdf-check-worker.ts), so a PDF that is slow to read holds that thread, not the server's.
 */

/** The most indirect objects a PDF may have: a scanned document of 100 pages has a few hundred. */
export const MAX_PDF_OBJECTS = 20_000;

export type PdfVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'encrypted' | 'no-page' | 'unreadable' | 'too-many-objects' }
  | { readonly ok: false; readonly reason: 'active'; readonly carries: string };

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

/** Reads a PDF through and says whether it is taken (what uploads.ts refuses it for, otherwise). */
export async function inspectPdf(bytes: Uint8Array): Promise<PdfVerdict> {
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
