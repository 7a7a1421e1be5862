import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { Worker } from 'node:worker_threads';
import { after, before, describe, it } from 'node:test';
import { deflateSync } from 'node:zlib';
import { type PDFDict, PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { cleanPhoto } from '../reports/index.js';
import { AppError } from '../../platform/errors.js';
import {
  checkDocument,
  clamdScanner,
  contentDisposition,
  displayName,
  PDF_WORKER_LIMITS,
  PdfChecks,
} from './uploads.js';
import {
  MAX_OBJECT_STREAM_BYTES,
  MAX_PDF_OBJECTS,
  MAX_PRESCAN_STREAMS,
  prescanPdf,
  type PrescanTrace,
} from './pdf-check.js';
import { manyObjectPdf } from '../../../test/support/uploads.js';

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
    assert.ok(e instanceof AppError, 'e instanceof AppError');
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

/** A PDF made active: each way a script or an action can run on opening or on an event. */
async function activePdf(kind: 'open-js' | 'names-js' | 'page-aa' | 'launch'): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([100, 100]);
  const js = doc.context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert(1)') });
  if (kind === 'open-js') doc.catalog.set(PDFName.of('OpenAction'), doc.context.register(js));
  if (kind === 'names-js') {
    const tree = doc.context.obj({ Names: [PDFString.of('a'), doc.context.register(js)] });
    doc.catalog.set(PDFName.of('Names'), doc.context.obj({ JavaScript: doc.context.register(tree) }));
  }
  if (kind === 'page-aa') page.node.set(PDFName.of('AA'), doc.context.obj({ O: doc.context.register(js) }));
  if (kind === 'launch') {
    doc.catalog.set(PDFName.of('OpenAction'), doc.context.obj({ S: 'Launch', F: PDFString.of('calc.exe') }));
  }
  // Object streams: the names are compressed, so only the parsed objects show them.
  return doc.save({ useObjectStreams: true });
}

type CarriedKind =
  | 'embedded-files'
  | 'file-attachment'
  | 'link-gotor'
  | 'link-gotoe'
  | 'submit-form'
  | 'import-data'
  | 'rich-media'
  | 'open-uri'
  | 'open-uri-next'
  | 'link-uri';

/**
 * A PDF carrying a file, or an action that opens another file or a web address or sends data out;
 * compressed (object streams) unless `classic`, so that the parsed scan or the raw one finds it.
 */
async function carryingPdf(kind: CarriedKind, classic = false): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([100, 100]);
  const ctx = doc.context;
  const link = (action: PDFDict) =>
    page.node.set(
      PDFName.of('Annots'),
      ctx.obj([ctx.register(ctx.obj({ Type: 'Annot', Subtype: 'Link', Rect: [0, 0, 50, 50], A: action }))]),
    );
  const spec = () =>
    ctx.obj({
      Type: 'Filespec',
      F: PDFString.of('a.exe'),
      EF: ctx.obj({ F: ctx.register(ctx.stream('MZ payload', { Type: 'EmbeddedFile' })) }),
    });
  const url = PDFString.of('https://tracker.example/opened');
  if (kind === 'embedded-files') {
    const tree = ctx.obj({ Names: [PDFString.of('a.exe'), ctx.register(spec())] });
    doc.catalog.set(PDFName.of('Names'), ctx.obj({ EmbeddedFiles: ctx.register(tree) }));
  }
  if (kind === 'file-attachment') {
    page.node.set(
      PDFName.of('Annots'),
      ctx.obj([ctx.register(ctx.obj({ Type: 'Annot', Subtype: 'FileAttachment', Rect: [0, 0, 9, 9], FS: spec() }))]),
    );
  }
  if (kind === 'link-gotor')
    link(ctx.obj({ S: 'GoToR', F: PDFString.of('\\\\attacker\\share\\x.pdf'), D: [0, 'Fit'] }));
  if (kind === 'link-gotoe') link(ctx.obj({ S: 'GoToE', T: ctx.obj({ R: 'C', N: PDFString.of('a.pdf') }) }));
  if (kind === 'submit-form') link(ctx.obj({ S: 'SubmitForm', F: url }));
  if (kind === 'import-data') link(ctx.obj({ S: 'ImportData', F: PDFString.of('data.fdf') }));
  if (kind === 'rich-media') {
    page.node.set(
      PDFName.of('Annots'),
      ctx.obj([ctx.register(ctx.obj({ Type: 'Annot', Subtype: 'RichMedia', Rect: [0, 0, 9, 9] }))]),
    );
  }
  if (kind === 'open-uri') doc.catalog.set(PDFName.of('OpenAction'), ctx.obj({ S: 'URI', URI: url }));
  if (kind === 'open-uri-next') {
    const next = ctx.register(ctx.obj({ S: 'URI', URI: url }));
    doc.catalog.set(PDFName.of('OpenAction'), ctx.obj({ S: 'GoTo', D: [page.ref, 'Fit'], Next: next }));
  }
  if (kind === 'link-uri') link(ctx.obj({ S: 'URI', URI: PDFString.of('https://dichvucong.gov.vn') }));
  return doc.save({ useObjectStreams: !classic });
}

type MediaKind = '3d' | 'movie' | 'sound' | 'sound-action' | 'movie-action' | 'rendition';

/**
 * A PDF with media that plays on its own player (a 3D model with its scripts, a movie, a sound), or an
 * action that plays it; compressed (object streams) unless `classic`.
 */
async function mediaPdf(kind: MediaKind, classic = false): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([100, 100]);
  const ctx = doc.context;
  const annot = (fields: Record<string, unknown>) =>
    page.node.set(
      PDFName.of('Annots'),
      ctx.obj([ctx.register(ctx.obj({ Type: 'Annot', Rect: [0, 0, 50, 50], ...fields } as never))]),
    );
  const sound = () => ctx.register(ctx.stream('RIFF....WAVE', { Type: 'Sound', R: 8000 }));
  if (kind === '3d')
    annot({ Subtype: '3D', '3DD': ctx.register(ctx.stream('U3D payload', { Type: '3D', Subtype: 'U3D' })) });
  if (kind === 'movie') annot({ Subtype: 'Movie', Movie: ctx.obj({ F: PDFString.of('clip.mov') }) });
  if (kind === 'sound') annot({ Subtype: 'Sound', Sound: sound() });
  if (kind === 'sound-action') annot({ Subtype: 'Link', A: ctx.obj({ S: 'Sound', Sound: sound() }) });
  if (kind === 'movie-action') annot({ Subtype: 'Link', A: ctx.obj({ S: 'Movie', T: PDFString.of('clip') }) });
  if (kind === 'rendition') annot({ Subtype: 'Link', A: ctx.obj({ S: 'Rendition', OP: 0 }) });
  return doc.save({ useObjectStreams: !classic });
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (b: Uint8Array) => {
  let c = 0xffffffff;
  for (const x of b) c = (CRC_TABLE[(c ^ x) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(name: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length);
  head.write(name, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
  return Buffer.concat([head, data, crc]);
}
/** A greyscale 8-bit PNG declaring width × height and holding `rows` rows of pixels. */
function png(width: number, height: number, rows = height): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // depth
  ihdr[9] = 0; // greyscale
  const raw = Buffer.alloc(rows * (1 + width));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
/** A JPEG's header declaring width × height (SOF0), then a scan. */
function jpeg(width: number, height: number): Buffer {
  const sof = Buffer.from([0xff, 0xc0, 0, 11, 8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0]);
  const sos = Buffer.from([0xff, 0xda, 0, 8, 1, 1, 0, 0, 0x3f, 0]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), sof, sos, Buffer.from([0, 0, 0]), Buffer.from([0xff, 0xd9])]);
}
/** A WebP (VP8X) declaring width × height. */
function webp(width: number, height: number): Buffer {
  const vp8x = Buffer.alloc(10);
  vp8x.writeUIntLE(width - 1, 4, 3);
  vp8x.writeUIntLE(height - 1, 7, 3);
  const body = Buffer.concat([Buffer.from('VP8X'), Buffer.from([10, 0, 0, 0]), vp8x]);
  const head = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBP')]);
  head.writeUInt32LE(body.length + 4, 4);
  return Buffer.concat([head, body]);
}

describe('uploaded PDFs checked off the main thread', () => {
  it('refuses a PDF of more objects than a scan has as too complex, and takes one of a few', async () => {
    assert.equal(
      await codeOf(checkDocument(manyObjectPdf(MAX_PDF_OBJECTS + 1), 'x.pdf')),
      'SERVICES_DOCUMENT_TOO_COMPLEX',
    );
    assert.equal((await checkDocument(manyObjectPdf(50), 'x.pdf')).contentType, 'application/pdf');
  });

  /**
   * A one-page PDF whose object stream holds `inside` tiny objects (declaring `declared`), its data
   * deflated unless `data` is given; `type` spells the stream's /Type as a file may (escaped).
   */
  const objectStreamPdf = (inside: number, o: { declared?: number; data?: Buffer; type?: string } = {}) => {
    let index = '';
    let objects = '';
    for (let i = 0; i < inside; i++) {
      index += `${5 + i} ${objects.length} `;
      objects += `<</I ${i}>> `;
    }
    const data = o.data ?? deflateSync(Buffer.from(index + objects, 'latin1'));
    let text = '%PDF-1.5\n';
    const offsets: number[] = [];
    const add = (object: string) => {
      offsets.push(text.length);
      text += `${offsets.length} 0 obj ${object} endobj\n`;
    };
    add('<</Type/Catalog/Pages 2 0 R>>');
    add('<</Type/Pages/Kids[3 0 R]/Count 1>>');
    add('<</Type/Page/Parent 2 0 R/MediaBox[0 0 100 100]>>');
    add(
      `<</Type/${o.type ?? 'ObjStm'}/N ${o.declared ?? inside}/First ${index.length}/Length ${data.length}/Filter/FlateDecode>>` +
        `stream\n${data.toString('latin1')}\nendstream`,
    );
    const xref = text.length;
    text += `xref\n0 ${offsets.length + 1}\n0000000000 65535 f \n`;
    for (const at of offsets) text += `${String(at).padStart(10, '0')} 00000 n \n`;
    text += `trailer <</Size ${offsets.length + 1}/Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
    return Buffer.from(text, 'latin1');
  };

  it('counts the objects an object stream declares (/N) before pdf-lib inflates it, however its /Type is spelt', async () => {
    const few = objectStreamPdf(50);
    assert.equal(prescanPdf(few), undefined);
    assert.equal((await checkDocument(few, 'x.pdf')).contentType, 'application/pdf');
    // 25,000 objects in a few dozen kB of deflated data: the bytes' count sees 4.
    for (const type of ['ObjStm', 'Obj#53tm', 'O#62jStm']) {
      const many = objectStreamPdf(25_000, { type });
      assert.equal(prescanPdf(many), 'too-many-objects', type);
      assert.equal(await codeOf(checkDocument(many, 'x.pdf')), 'SERVICES_DOCUMENT_TOO_COMPLEX', type);
    }
    // One that says more than it holds is refused for what it says.
    assert.equal(prescanPdf(objectStreamPdf(5, { declared: MAX_PDF_OBJECTS })), 'too-many-objects');
  });

  it('refuses an object stream that would inflate past the bound (a deflate bomb) before pdf-lib inflates it', async () => {
    const bomb = deflateSync(Buffer.alloc(MAX_OBJECT_STREAM_BYTES + 1024 * 1024, 0x20));
    assert.ok(bomb.length < 20 * 1024, `${bomb.length} bytes: a few kB`);
    const pdf = objectStreamPdf(1, { data: bomb });
    assert.equal(prescanPdf(pdf), 'too-many-objects');
    assert.equal(await codeOf(checkDocument(pdf, 'x.pdf')), 'SERVICES_DOCUMENT_TOO_COMPLEX');
    // Just under the bound is read.
    const under = objectStreamPdf(1, { data: deflateSync(Buffer.alloc(1024 * 1024, 0x20)) });
    assert.equal(prescanPdf(under), undefined);
    // A stream declaring more than the bound is refused without inflating it.
    const declared = Buffer.from(
      objectStreamPdf(3)
        .toString('latin1')
        .replace(/\/Length \d+/, `/Length ${MAX_OBJECT_STREAM_BYTES + 1}`),
      'latin1',
    );
    assert.equal(prescanPdf(declared), 'too-many-objects');
  });

  /**
   * A one-page PDF of `streams` object streams of one object each, every one's /N and /Length an
   * indirect reference to an object at the end of the file (`declared` for /N).
   */
  const indirectStreamsPdf = (streams: number, declared = 1) => {
    let text = '%PDF-1.5\n';
    const offsets: number[] = [];
    const add = (number: number, object: string) => {
      offsets[number] = text.length;
      text += `${number} 0 obj ${object} endobj\n`;
    };
    add(1, '<</Type/Catalog/Pages 2 0 R>>');
    add(2, '<</Type/Pages/Kids[3 0 R]/Count 1>>');
    add(3, '<</Type/Page/Parent 2 0 R/MediaBox[0 0 100 100]>>');
    const last = 4 + streams * 2;
    for (let i = 0; i < streams; i++) {
      const inside = 5 + streams + i;
      const data = deflateSync(Buffer.from(`${inside} 0 <</I ${i}>>`.padEnd(32), 'latin1'));
      add(
        4 + i,
        `<</Type/ObjStm/N ${last} 0 R/First ${`${inside} 0 `.length}/Length ${last + 1 + i} 0 R/Filter/FlateDecode>>` +
          `stream\n${data.toString('latin1')}\nendstream`,
      );
    }
    add(last, String(declared));
    for (let i = 0; i < streams; i++) {
      const data = deflateSync(Buffer.from(`${5 + streams + i} 0 <</I ${i}>>`.padEnd(32), 'latin1'));
      add(last + 1 + i, String(data.length));
    }
    const xref = text.length;
    const numbers = offsets.length;
    text += `xref\n0 ${numbers}\n0000000000 65535 f \n`;
    for (let n = 1; n < numbers; n++) {
      const at = offsets[n];
      text += at === undefined ? '0000000000 65535 f \n' : `${String(at).padStart(10, '0')} 00000 n \n`;
    }
    text += `trailer <</Size ${numbers}/Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
    return Buffer.from(text, 'latin1');
  };

  it('resolves indirect /N and /Length through one index of the objects, and looks at a bounded number of streams', async () => {
    // Streams pointing at objects at the end: the objects are indexed once, not searched for per stream.
    const fine = indirectStreamsPdf(300);
    const trace: PrescanTrace = { passes: 0, streams: 0 };
    assert.equal(prescanPdf(fine, trace), undefined);
    assert.deepEqual(trace, { passes: 2, streams: 300 });
    // pdf-lib does not read a stream whose /Length is an object after it: refused as unreadable.
    assert.equal(await codeOf(checkDocument(fine, 'x.pdf')), 'SERVICES_DOCUMENT_INVALID');
    // The /N read through the reference is counted.
    assert.equal(prescanPdf(indirectStreamsPdf(3, MAX_PDF_OBJECTS)), 'too-many-objects');
    // An 800 kB file of such streams is refused past the streams' bound, its text passed over twice.
    const many = indirectStreamsPdf(8_000);
    assert.ok(many.length > 700 * 1024, `${many.length} bytes`);
    const manyTrace: PrescanTrace = { passes: 0, streams: 0 };
    assert.equal(prescanPdf(many, manyTrace), 'too-many-objects');
    assert.deepEqual(manyTrace, { passes: 2, streams: MAX_PRESCAN_STREAMS + 1 });
    assert.equal(await codeOf(checkDocument(many, 'x.pdf')), 'SERVICES_DOCUMENT_TOO_COMPLEX');
  });

  it('refuses a PDF whose check runs past its budget as too complex, the worker stopped', async () => {
    // 15,000 objects are under the count but take pdf-lib far longer than a millisecond to read.
    const checks = new PdfChecks({ budgetMs: 1 });
    assert.equal(await codeOf(checkDocument(manyObjectPdf(15_000), 'x.pdf', checks)), 'SERVICES_DOCUMENT_TOO_COMPLEX');
  });

  it('answers a 503 with Retry-After when the checks and their queue are full, not a wait', async () => {
    const checks = new PdfChecks({ threads: 1, waiting: 0 });
    const first = checkDocument(await pdf(), 'a.pdf', checks);
    const second = checkDocument(await pdf(), 'b.pdf', checks).catch((e: unknown) => e);
    const busy = await second;
    assert.ok(busy instanceof AppError, 'the second is refused');
    assert.equal(busy.code, 'SERVICES_DOCUMENT_CHECK_BUSY');
    assert.equal(busy.status, 503);
    assert.ok(busy.headers?.['retry-after'], 'Retry-After given');
    assert.equal((await first).contentType, 'application/pdf');
    // Once the first is done the next is taken.
    assert.equal((await checkDocument(await pdf(), 'c.pdf', checks)).contentType, 'application/pdf');
  });

  // Stand-in workers (CommonJS, eval'd): what they do is the seam, not a timing.
  const standIn = (code: string, limits?: object) => () =>
    new Worker(`const { parentPort } = require('node:worker_threads');\n${code}`, {
      eval: true,
      ...(limits ? { resourceLimits: limits } : {}),
    });
  // An idle worker is unref'd: something must keep the test's loop alive until it has exited. Its exit is
  // heard from its making: a worker that exits right after its answer can be reported gone in the same
  // turn as the answer, before the test could start listening.
  const exited = async (gone: Promise<unknown>) => {
    const hold = setInterval(() => {}, 1_000);
    try {
      await gone;
    } finally {
      clearInterval(hold);
    }
  };
  const busyOf = async (p: Promise<unknown>) => {
    const e = await p.catch((err: unknown) => err);
    assert.ok(e instanceof AppError, `an AppError, not ${String(e)}`);
    return `${e.status} ${e.code}`;
  };

  it('answers a 503 when a worker never says it has loaded, and frees its place', async () => {
    const made: Worker[] = [];
    const gone: Promise<unknown>[] = [];
    const silent = standIn('setInterval(() => {}, 60_000);');
    const make = () => {
      const worker = silent();
      gone.push(once(worker, 'exit'));
      return made[made.push(worker) - 1]!;
    };
    const checks = new PdfChecks({ threads: 1, startMs: 50, worker: make });
    assert.equal(await busyOf(checks.check(await pdf())), '503 SERVICES_DOCUMENT_CHECK_BUSY');
    assert.equal(made.length, 1);
    await exited(gone[0]!); // stopped, not left holding the place
    // The place is free again: the next PDF starts a worker of its own.
    assert.equal(await busyOf(checks.check(await pdf())), '503 SERVICES_DOCUMENT_CHECK_BUSY');
    assert.equal(made.length, 2);
  });

  it('answers a 503, not a 500, when a worker fails to start', async () => {
    const checks = new PdfChecks({ worker: standIn("throw new Error('no pdf-lib');") });
    assert.equal(await busyOf(checks.check(await pdf())), '503 SERVICES_DOCUMENT_CHECK_BUSY');
  });

  it('drops an idle worker that dies from the idle list; the next PDF gets a live one', async () => {
    const made: Worker[] = [];
    const gone: Promise<unknown>[] = [];
    const once1 = standIn(
      "parentPort.postMessage('ready'); parentPort.once('message', () => { parentPort.postMessage({ ok: true }); setImmediate(() => process.exit(3)); });",
    );
    const make = () => {
      const worker = once1();
      gone.push(once(worker, 'exit'));
      return made[made.push(worker) - 1]!;
    };
    const checks = new PdfChecks({ threads: 1, worker: make });
    assert.deepEqual(await checks.check(await pdf()), { ok: true });
    await exited(gone[0]!);
    assert.equal(checks.idle, 0, 'the dead worker is not kept');
    assert.deepEqual(await checks.check(await pdf()), { ok: true });
    assert.equal(made.length, 2);
  });

  it('refuses as too complex a PDF whose check runs the worker out of memory; the server goes on', async () => {
    const hog = standIn(
      "parentPort.postMessage('ready'); parentPort.once('message', () => { const keep = []; for (;;) keep.push(new Array(1e6).fill(1)); });",
      { ...PDF_WORKER_LIMITS, maxOldGenerationSizeMb: 32 },
    );
    const checks = new PdfChecks({ budgetMs: 60_000, worker: hog });
    assert.equal(await busyOf(checks.check(await pdf())), '422 SERVICES_DOCUMENT_TOO_COMPLEX');
  });
});

describe('what an upload may carry', () => {
  it('refuses a PDF with JavaScript or automatic actions, found in its parsed objects', async () => {
    for (const kind of ['open-js', 'names-js', 'page-aa', 'launch'] as const) {
      const bytes = await activePdf(kind);
      assert.ok(!Buffer.from(bytes).toString('latin1').includes('/JavaScript'), `${kind}: compressed`);
      await assert.rejects(checkDocument(bytes, 'don.pdf'), (e: unknown) => {
        assert.ok(e instanceof AppError && e.code === 'SERVICES_DOCUMENT_INVALID', kind);
        assert.match(e.message, /JavaScript|JS|AA|Launch/, kind);
        return true;
      });
    }
    assert.equal((await checkDocument(await pdf(), 'don.pdf')).contentType, 'application/pdf');
  });

  it('refuses a PDF carrying files, or actions that open other files, send data or open a web address on opening', async () => {
    const refused: CarriedKind[] = [
      'embedded-files',
      'file-attachment',
      'link-gotor',
      'link-gotoe',
      'submit-form',
      'import-data',
      'rich-media',
      'open-uri',
      'open-uri-next',
    ];
    for (const kind of refused) {
      for (const classic of [false, true]) {
        await assert.rejects(checkDocument(await carryingPdf(kind, classic), 'don.pdf'), (e: unknown) => {
          assert.ok(e instanceof AppError && e.code === 'SERVICES_DOCUMENT_INVALID', `${kind} ${classic}`);
          assert.match(e.message, /Embedded|EF|FileAttachment|GoTo|SubmitForm|ImportData|RichMedia|URI/, kind);
          return true;
        });
      }
    }
    // A clickable web link, as in a scanned letter, is taken: only a reader's click follows it.
    for (const classic of [false, true]) {
      assert.equal(
        (await checkDocument(await carryingPdf('link-uri', classic), 'thu.pdf')).contentType,
        'application/pdf',
      );
    }
  });

  it('refuses an XFA form, its script plain or compressed, with or without /NeedsRendering', async () => {
    const xml =
      '<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"><template><subform><event activity="initialize">' +
      '<script contentType="application/x-javascript">app.alert(1)</script></event></subform></template></xdp:xdp>';
    for (const compressed of [false, true]) {
      for (const needsRendering of [false, true]) {
        for (const classic of [false, true]) {
          const doc = await PDFDocument.create();
          doc.addPage([100, 100]);
          const ctx = doc.context;
          const xfa = compressed ? ctx.register(ctx.flateStream(xml)) : ctx.register(ctx.stream(xml, {}));
          doc.catalog.set(PDFName.of('AcroForm'), ctx.obj({ Fields: [], XFA: xfa }));
          if (needsRendering) doc.catalog.set(PDFName.of('NeedsRendering'), ctx.obj(true));
          const bytes = await doc.save({ useObjectStreams: !classic });
          const label = `compressed ${compressed}, needsRendering ${needsRendering}, classic ${classic}`;
          await assert.rejects(checkDocument(bytes, 'to-khai.pdf'), (e: unknown) => {
            assert.ok(e instanceof AppError && e.code === 'SERVICES_DOCUMENT_INVALID', label);
            assert.match(e.message, /XFA|NeedsRendering/, label);
            return true;
          });
        }
      }
    }
  });

  it('refuses a link to an address that is neither the web nor mail; takes http, https and mailto', async () => {
    const linked = async (uri: string, classic: boolean) => {
      const doc = await PDFDocument.create();
      const page = doc.addPage([100, 100]);
      const ctx = doc.context;
      const action = ctx.obj({ S: 'URI', URI: PDFString.of(uri) });
      page.node.set(
        PDFName.of('Annots'),
        ctx.obj([ctx.register(ctx.obj({ Type: 'Annot', Subtype: 'Link', Rect: [0, 0, 50, 50], A: action }))]),
      );
      return doc.save({ useObjectStreams: !classic });
    };
    const refused = [
      'file:///C:/Windows/win.ini',
      '\\\\server\\share\\x.pdf',
      'smb://server/share',
      'javascript:app.alert(1)',
      ' JavaScript:x',
      'relative/page.html',
    ];
    for (const uri of refused) {
      for (const classic of [false, true]) {
        await assert.rejects(checkDocument(await linked(uri, classic), 'thu.pdf'), (e: unknown) => {
          assert.ok(e instanceof AppError && e.code === 'SERVICES_DOCUMENT_INVALID', `${uri} ${classic}`);
          assert.match(e.message, /URI/, uri);
          return true;
        });
      }
    }
    for (const uri of ['https://dichvucong.gov.vn', 'HTTP://hanoi.gov.vn/a', 'mailto:motcua@hanoi.gov.vn']) {
      assert.equal((await checkDocument(await linked(uri, false), 'thu.pdf')).contentType, 'application/pdf', uri);
    }
  });

  it('refuses a PDF with a 3D model, a movie or a sound, or an action playing media, compressed or not', async () => {
    const kinds: MediaKind[] = ['3d', 'movie', 'sound', 'sound-action', 'movie-action', 'rendition'];
    for (const kind of kinds) {
      for (const classic of [false, true]) {
        await assert.rejects(checkDocument(await mediaPdf(kind, classic), 'don.pdf'), (e: unknown) => {
          assert.ok(e instanceof AppError && e.code === 'SERVICES_DOCUMENT_INVALID', `${kind} ${classic}`);
          assert.match(e.message, /3D|Movie|Sound|Rendition/, `${kind} ${classic}`);
          return true;
        });
      }
    }
  });

  // Lower-case hex (/S#6fund, /M#6fvie, /Re#6edition) is what pdf-lib leaves undecoded.
  it('refuses media whose names are hidden with #xx escapes (/#33D, /S#6fund, /M#6fvie, /Re#6edition)', async () => {
    const hidden: [MediaKind, (text: string) => string][] = [
      ['3d', (t) => t.replaceAll('/3DD', '/#33DD').replaceAll('/3D', '/#33D')],
      ['sound', (t) => t.replaceAll('/Sound', '/S#6fund')],
      ['movie', (t) => t.replaceAll('/Movie', '/M#6fvie')],
      ['rendition', (t) => t.replaceAll('/Rendition', '/Re#6edition')],
    ];
    for (const [kind, hide] of hidden) {
      const text = hide(Buffer.from(await mediaPdf(kind, true)).toString('latin1'));
      assert.ok(!/\/(3D|Sound|Movie|Rendition)\b/.test(text), `${kind}: no plain name left`);
      await assert.rejects(checkDocument(Buffer.from(text, 'latin1'), 'don.pdf'), (e: unknown) => {
        assert.ok(e instanceof AppError && e.code === 'SERVICES_DOCUMENT_INVALID', kind);
        assert.match(e.message, /3D|Movie|Sound|Rendition/, kind);
        return true;
      });
    }
  });

  // pdf-lib decodes #xx in upper-case hex only; viewers read /#4aavaScript as /JavaScript.
  it('reads #xx escapes in every name: a script, an automatic action or a web address on opening hidden so is refused', async () => {
    const doc = await PDFDocument.create();
    doc.addPage([100, 100]);
    doc.catalog.set(PDFName.of('OpenAction'), doc.context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert(1)') }));
    const script = Buffer.from(await doc.save({ useObjectStreams: false }))
      .toString('latin1')
      .replaceAll('/JavaScript', '/#4aavaScript')
      .replaceAll('/JS ', '/#4aS ')
      .replaceAll('/OpenAction', '/Open#41ction');
    assert.ok(!/\/(JavaScript|JS|OpenAction)\b/.test(script), '!/\\/(JavaScript|JS|OpenAction)\\b/.test(script)');
    assert.equal(await codeOf(checkDocument(Buffer.from(script, 'latin1'), 'don.pdf')), 'SERVICES_DOCUMENT_INVALID');
    const uri = Buffer.from(await carryingPdf('open-uri', true))
      .toString('latin1')
      .replaceAll('/S /URI', '/#53 /U#52I')
      .replaceAll('/URI', '/U#52I');
    assert.ok(!/\/(URI|S)\b/.test(uri), '!/\\/(URI|S)\\b/.test(uri)');
    await assert.rejects(checkDocument(Buffer.from(uri, 'latin1'), 'don.pdf'), /URI/);
  });

  it('refuses an image declaring more than 20 megapixels (PNG, JPEG, WebP)', async () => {
    assert.equal(await codeOf(checkDocument(png(60000, 60000, 1), 'anh.png')), 'SERVICES_DOCUMENT_INVALID');
    await assert.rejects(checkDocument(png(60000, 60000, 1), 'anh.png'), /megapixels/);
    await assert.rejects(checkDocument(jpeg(8000, 6000), 'anh.jpg'), /megapixels/);
    await assert.rejects(cleanPhoto(webp(8000, 6000)), /megapixels/);
    await assert.rejects(cleanPhoto(png(60000, 60000, 1)), /megapixels/);
  });

  it('refuses a PNG whose pixel data does not fill its declared size, and takes a whole one', async () => {
    await assert.rejects(checkDocument(png(4000, 4000, 1), 'anh.png'), /holds fewer/);
    await assert.rejects(cleanPhoto(png(4000, 4000, 1)), /holds fewer/);
    assert.equal((await checkDocument(png(300, 200), 'anh.png')).contentType, 'image/png');
  });

  it('keeps the file name only as a display name, its extension the content’s', () => {
    assert.equal(displayName('../../etc/passwd', 'application/pdf'), 'passwd.pdf');
    assert.equal(displayName('Giấy mời <script>.exe', 'application/pdf'), 'Giấy mời _script_.pdf');
    assert.equal(displayName('a"b;\r\nc.png', 'image/jpeg'), 'a_b___c.jpg');
    assert.equal(displayName('...', 'image/png'), 'tai-lieu.png');
    assert.equal([...displayName('x'.repeat(500), 'image/png')].length, 104);
  });

  it('names a download with RFC 6266 filename* (UTF-8) and an ASCII fallback', () => {
    assert.equal(
      contentDisposition('Giấy mời.pdf'),
      `attachment; filename="Giay moi.pdf"; filename*=UTF-8''Gi%E1%BA%A5y%20m%E1%BB%9Di.pdf`,
    );
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
