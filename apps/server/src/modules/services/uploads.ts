import { createHash, randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { Worker } from 'node:worker_threads';
import type { Database } from '../../platform/db/index.js';
import { AppError, isAppError } from '../../platform/errors.js';
import { SourceByteBudget } from '../../platform/source-limiter.js';
import type { Sealer } from '../../platform/personal-data/index.js';
import { cleanPhoto, MAX_PHOTO_BYTES } from '../reports/index.js';
import { countedObjects, MAX_PDF_OBJECTS, type PdfVerdict } from './pdf-check.js';
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

const tooComplex = () =>
  new AppError(
    'SERVICES_DOCUMENT_TOO_COMPLEX',
    422,
    `The PDF is too complex to check (more than ${MAX_PDF_OBJECTS.toLocaleString('en')} objects, or over ${PDF_CHECK_BUDGET_MS / 1000} s to read through): scan or print it to PDF again.`,
  );

/** How long a PDF's parsed check may run: a scanned document is read through in well under a second. */
export const PDF_CHECK_BUDGET_MS = 5_000;

/**
 * Each PDF worker's heap is capped: a decompression bomb (an object stream inflating to gigabytes)
 * stops that worker, refused as too complex, and never takes the server's memory with it.
 */
export const PDF_WORKER_LIMITS = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 64 } as const;

/**
 * The worker thread's module: from the build its .js; from the sources (tests, tsx) its .ts, loaded
 * through tsx's hooks, which a worker does not inherit.
 */
function pdfWorker(): Worker {
  const resourceLimits = { ...PDF_WORKER_LIMITS };
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./pdf-check-worker.js', import.meta.url), { resourceLimits });
  const target = new URL('./pdf-check-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  return new Worker(
    `import(${JSON.stringify(tsx)}).then((t) => { t.register(); return import(${JSON.stringify(target)}); });`,
    { eval: true, resourceLimits },
  );
}

/** How long a PDF worker may take to load before it is stopped and its job answered as busy. */
export const PDF_WORKER_START_MS = 10_000;

const checkBusy = () =>
  new AppError(
    'SERVICES_DOCUMENT_CHECK_BUSY',
    503,
    'Too many documents are being checked right now: send it again in a moment.',
    { headers: { 'retry-after': '10' } },
  );

/**
 * A PDF worker once it says it has loaded (pdf-lib read in). One that fails, stops or stays silent
 * past `startMs` is stopped, and the job gets a 503 (the checking threads are not there, not the PDF).
 */
function startedPdfWorker(make: () => Worker, startMs: number): Promise<Worker> {
  const worker = make();
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      worker.off('message', ready).off('error', failed).off('exit', exited);
    };
    const ready = () => {
      done();
      resolve(worker);
    };
    const failed = () => {
      done();
      void worker.terminate();
      reject(checkBusy());
    };
    const exited = () => {
      done();
      reject(checkBusy());
    };
    const timer = setTimeout(failed, startMs);
    worker.once('message', ready).once('error', failed).once('exit', exited);
  });
}

interface PdfJob {
  readonly bytes: Uint8Array;
  readonly resolve: (verdict: PdfVerdict) => void;
  readonly reject: (err: unknown) => void;
}

/**
 * Uploaded PDFs are read through in worker threads, never on the thread every request shares: at most
 * `threads` at once, `waiting` more queued (past that a 503 with Retry-After, not a wait), each given
 * `budgetMs` (past it the worker is stopped and the PDF refused as too complex).
 */
export class PdfChecks {
  readonly #threads: number;
  readonly #waiting: number;
  readonly #budgetMs: number;
  readonly #startMs: number;
  readonly #make: () => Worker;
  readonly #idle: Worker[] = [];
  #running = 0;
  readonly #queue: PdfJob[] = [];

  constructor({
    threads = 2,
    waiting = 16,
    budgetMs = PDF_CHECK_BUDGET_MS,
    startMs = PDF_WORKER_START_MS,
    worker = pdfWorker,
  }: {
    threads?: number;
    waiting?: number;
    budgetMs?: number;
    startMs?: number;
    /** Makes a worker (tests pass one that never loads, or dies). */
    worker?: () => Worker;
  } = {}) {
    this.#threads = threads;
    this.#waiting = waiting;
    this.#budgetMs = budgetMs;
    this.#startMs = startMs;
    this.#make = worker;
  }

  check(bytes: Uint8Array): Promise<PdfVerdict> {
    if (this.#running >= this.#threads && this.#queue.length >= this.#waiting) return Promise.reject(checkBusy());
    return new Promise((resolve, reject) => {
      this.#queue.push({ bytes, resolve, reject });
      this.#next();
    });
  }

  #next(): void {
    if (this.#running >= this.#threads) return;
    const job = this.#queue.shift();
    if (!job) return;
    this.#running++;
    const idle = this.#idle.pop();
    (idle ? Promise.resolve(idle) : startedPdfWorker(this.#make, this.#startMs)).then(
      (worker) => {
        if (!idle) this.#watch(worker);
        this.#run(worker, job);
      },
      (err: unknown) => {
        this.#running--;
        job.reject(err);
        this.#next();
      },
    );
  }

  /**
   * Listeners a worker keeps for its life: one that fails or exits while idle leaves the idle list
   * (the next PDF is not posted to a dead thread), and its error never goes unheard.
   */
  #watch(worker: Worker): void {
    const drop = () => {
      const at = this.#idle.indexOf(worker);
      if (at >= 0) this.#idle.splice(at, 1);
    };
    worker.on('error', drop).on('exit', drop);
  }

  /** The idle workers' count (tests). */
  get idle(): number {
    return this.#idle.length;
  }

  /** One PDF on a worker that has loaded: the budget counts the check, not the worker's start. */
  #run(worker: Worker, job: PdfJob): void {
    worker.ref();
    let settled = false;
    const finish = (keep: boolean, outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // Only these listeners: a Worker keeps its own (newListener) to run its message port.
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      this.#running--;
      if (keep) {
        // An idle worker does not keep the process alive.
        worker.unref();
        this.#idle.push(worker);
      } else void worker.terminate();
      outcome();
      this.#next();
    };
    const onMessage = (verdict: PdfVerdict) => finish(true, () => job.resolve(verdict));
    // A worker that fails or stops mid-check was stopped by this PDF (its heap cap, ERR_WORKER_OUT_OF_MEMORY).
    const onError = () => finish(false, () => job.reject(tooComplex()));
    const onExit = () => finish(false, () => job.reject(tooComplex()));
    const timer = setTimeout(() => finish(false, () => job.reject(tooComplex())), this.#budgetMs);
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    worker.postMessage(job.bytes);
  }
}

let shared: PdfChecks | undefined;
/** The server's one set of PDF-checking threads, made on the first PDF. */
const pdfChecks = (): PdfChecks => (shared ??= new PdfChecks());

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
  checks?: PdfChecks,
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
    if (countedObjects(Buffer.from(bytes).toString('latin1')) > MAX_PDF_OBJECTS) throw tooComplex();
    const verdict = await (checks ?? pdfChecks()).check(bytes);
    if (!verdict.ok) {
      if (verdict.reason === 'encrypted') throw encrypted();
      if (verdict.reason === 'no-page') throw invalid('The PDF has no page.');
      if (verdict.reason === 'too-many-objects') throw tooComplex();
      if (verdict.reason === 'active') {
        throw invalid(
          `The PDF carries ${verdict.carries}: save it again without scripts, actions, attachments or media (print it to PDF).`,
        );
      }
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
    const cleaned = await cleanPhoto(bytes);
    if (cleaned.contentType === 'image/webp') throw invalid('Send the document as a PDF, a JPEG or a PNG.');
    return { bytes: cleaned.bytes, contentType: cleaned.contentType };
  } catch (err) {
    if (isAppError(err) && err.code.startsWith('SERVICES_')) throw err;
    // Too many photos being read through at once: said as the cleaner says it, with its Retry-After.
    if (isAppError(err) && err.status === 503) throw err;
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

/** The window of the per-source byte budget (SERVICES_UPLOAD_MB_PER_HOUR). */
export const UPLOAD_BYTES_WINDOW_MS = 3600_000;
/**
 * The bytes each source address uploaded in the last hour, in this instance's memory like the count of
 * uploads per address: the budget guards this instance's PDF checks, and a database round trip for
 * every upload would cost every filing on the embedded database, where all statements share one thread.
 */
export class UploadBudget {
  readonly #budget: number;
  readonly #sent: SourceByteBudget;

  constructor(budgetBytes: number) {
    this.#budget = budgetBytes;
    this.#sent = new SourceByteBudget(budgetBytes, UPLOAD_BYTES_WINDOW_MS);
  }

  /**
   * Charges an upload's bytes to its address's last hour, or refuses it (429, nothing charged) when
   * they would pass the budget: a few big files an address sends over and over would keep the shared
   * PDF checks busy for everyone. What is checked counts, kept or refused.
   */
  charge(ip: string, bytes: number, now: Date): void {
    const waitMs = this.#sent.take(ip, bytes, now.getTime());
    if (waitMs === 0) return;
    throw new AppError(
      'SERVICES_UPLOAD_BUDGET',
      429,
      `This address sent more than ${Math.floor(this.#budget / 1048576)} MB of uploads in the last hour: wait before sending more; nothing was kept.`,
      { headers: { 'retry-after': String(Math.max(1, Math.ceil(waitMs / 1000))) } },
    );
  }
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
