import { readdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../platform/errors.js';
import { OutboundFailed, OutboundRefused, type OutboundGuard } from '../../platform/outbound.js';
import { FEED_FILES } from './feed.js';

/** Where a feed's files come from: a zip's bytes, a folder, or an http(s) URL of a zip. */

/** The largest zip accepted (upload or download). */
export const MAX_FEED_ZIP_BYTES = 64 * 1024 * 1024;
/** The most a zip may hold once unpacked (a zip bomb is refused as soon as it passes this). */
const MAX_FEED_UNZIPPED_BYTES = 1024 * 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 60_000;
/** The most one file of a feed may hold once unpacked. */
const MAX_FEED_FILE_BYTES = 256 * 1024 * 1024;
/** fflate's CommonJS build, for the unzipping worker. */
const FFLATE = createRequire(import.meta.url).resolve('fflate');

const unreadable = (detail: string) => new AppError('TRANSIT_FEED_UNREADABLE', 400, detail);

const decoder = new TextDecoder('utf-8', { fatal: true });
function textOf(name: string, bytes: Uint8Array): string {
  // Past this a file is no timetable a city runs (Hanoi's stop_times is 0.6 MB), and past 512 MB no
  // string can hold it.
  if (bytes.byteLength > MAX_FEED_FILE_BYTES) {
    throw unreadable(`${name} unpacks to more than ${MAX_FEED_FILE_BYTES / 1024 / 1024} MB.`);
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw unreadable(`${name} is not UTF-8 text.`);
  }
}

/**
 * Unpacks a zip in a worker thread, in slices, counting the bytes its files really unpack to (what a
 * zip declares may lie) and stopping past the limit. Plain CommonJS evaluated in the worker, so the
 * same code runs from the sources and from the build.
 */
const UNZIP_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { Unzip, UnzipInflate } = require(workerData.fflate);
const { zip, names, max } = workerData;
const SLICE = 64 * 1024;
const files = [];
let unpacked = 0;
let failure;
// The first reason to stop is kept: fflate may wrap the error on its way out.
const stop = (reason) => {
  failure = failure ?? reason;
  throw new Error(reason);
};
const unzipper = new Unzip((file) => {
  // A name that climbs out of the zip, is absolute or is written the Windows way is no feed's.
  const name = file.name;
  if (name.split('/').includes('..') || name.startsWith('/') || name.includes('\\\\') || name.charAt(1) === ':')
    stop('path:' + name);
  const base = file.name.split('/').pop();
  if (!names.includes(base) || file.name.startsWith('__MACOSX/')) return;
  if (files.some((f) => f.base === base)) stop('twice:' + base + ':' + file.name);
  const entry = { name: file.name, base, chunks: [], done: false };
  files.push(entry);
  file.ondata = (err, data, final) => {
    if (err) stop('broken:' + file.name + ':' + err.message);
    unpacked += data.byteLength;
    if (unpacked > max) stop('large:');
    entry.chunks.push(data);
    if (final) entry.done = true;
  };
  file.start();
});
unzipper.register(UnzipInflate);
const bytes = new Uint8Array(zip);
try {
  for (let at = 0; at < bytes.byteLength; at += SLICE) {
    const end = Math.min(at + SLICE, bytes.byteLength);
    unzipper.push(bytes.subarray(at, end), end === bytes.byteLength);
  }
  const open = files.find((f) => !f.done);
  if (open) stop('broken:' + open.name + ':the zip ends inside it');
} catch (err) {
  failure = failure ?? err.message;
}
if (failure !== undefined) parentPort.postMessage({ failure });
else {
  const out = files.map((f) => ({ base: f.base, bytes: Buffer.concat(f.chunks) }));
  parentPort.postMessage({ files: out }, out.map((f) => f.bytes.buffer).filter((b, i, all) => all.indexOf(b) === i));
}
`;

const ZIP_SIGNATURES = [
  [0x50, 0x4b, 0x03, 0x04], // a file entry
  [0x50, 0x4b, 0x05, 0x06], // the directory of an empty zip
];

/**
 * The GTFS files of a zip, by name; a zip holding them in one folder is read too. It is unpacked in
 * a worker thread that counts what the files really unpack to and stops past `maxUnpackedBytes`: a
 * zip bomb neither fills the memory nor holds the server's main thread.
 */
export async function filesOfZip(
  zip: Uint8Array,
  { maxUnpackedBytes = MAX_FEED_UNZIPPED_BYTES }: { maxUnpackedBytes?: number } = {},
): Promise<Map<string, string>> {
  if (zip.byteLength > MAX_FEED_ZIP_BYTES) {
    throw unreadable(`The feed is larger than ${MAX_FEED_ZIP_BYTES / 1024 / 1024} MB.`);
  }
  if (!ZIP_SIGNATURES.some((sig) => sig.every((byte, i) => zip[i] === byte))) {
    throw unreadable('The feed is not a zip file.');
  }
  // A copy of its own to hand over: a Buffer's slice() is a view of the caller's (maybe pooled) memory.
  const copy = Uint8Array.prototype.slice.call(zip).buffer;
  const answer = await new Promise<{ failure?: string; files?: { base: string; bytes: Uint8Array }[] }>(
    (resolve, reject) => {
      const worker = new Worker(UNZIP_WORKER, {
        eval: true,
        workerData: { zip: copy, names: FEED_FILES, max: maxUnpackedBytes, fflate: FFLATE },
        transferList: [copy],
      });
      worker.once('message', (message: { failure?: string; files?: { base: string; bytes: Uint8Array }[] }) => {
        resolve(message);
        void worker.terminate();
      });
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the unzipping worker stopped (${code})`)));
    },
  );
  if (answer.failure !== undefined) {
    const [kind, name, detail] = answer.failure.split(':');
    if (kind === 'large') {
      throw unreadable(`The feed unpacks to more than ${Math.floor(maxUnpackedBytes / 1024 / 1024)} MB.`);
    }
    if (kind === 'path') {
      const entry = answer.failure.slice('path:'.length, 'path:'.length + 200);
      throw unreadable(
        `The zip holds an entry named ${JSON.stringify(entry)}: a feed's files are named without "..", a leading "/", a drive or "\\".`,
      );
    }
    if (kind === 'twice') throw unreadable(`The zip holds ${name} twice (${detail}).`);
    if (kind === 'broken') throw unreadable(`${name} in the zip cannot be unpacked (${detail}).`);
    throw unreadable(`The feed is not a zip file (${answer.failure}).`);
  }
  const files = new Map<string, string>();
  for (const { base, bytes } of answer.files ?? []) files.set(base, textOf(base, bytes));
  return files;
}

/** The GTFS files of a folder, by name. */
export async function filesOfFolder(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const name of await readdir(dir)) {
    if (FEED_FILES.includes(name)) files.set(name, textOf(name, await readFile(join(dir, name))));
  }
  return files;
}

/** Downloads a zip through the outbound guard. */
export async function downloadZip(guard: OutboundGuard, url: string): Promise<Uint8Array> {
  try {
    const res = await guard.request(url, {
      timeoutMs: DOWNLOAD_TIMEOUT_MS,
      maxBytes: MAX_FEED_ZIP_BYTES,
      maxRedirects: 5,
    });
    if (res.status !== 200) throw unreadable(`${url} answered ${res.status}.`);
    return new Uint8Array(res.body);
  } catch (err) {
    if (err instanceof OutboundRefused) throw unreadable(`${url} may not be fetched: ${err.message}.`);
    if (err instanceof OutboundFailed) throw unreadable(`${url} could not be fetched: ${err.message}.`);
    throw err;
  }
}

/** A feed named at the command line: an http(s) URL, a folder or a zip file. */
export async function filesOf(source: string, guard: OutboundGuard): Promise<Map<string, string>> {
  if (/^https?:\/\//i.test(source)) return filesOfZip(await downloadZip(guard, source));
  let info;
  try {
    info = await stat(source);
  } catch {
    throw unreadable(`${source} is neither a file, a folder nor an http(s) URL.`);
  }
  if (info.isDirectory()) return filesOfFolder(source);
  return filesOfZip(new Uint8Array(await readFile(source)));
}
