import { unzipSync } from 'fflate';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../platform/errors.js';
import { OutboundFailed, OutboundRefused, type OutboundGuard } from '../../platform/outbound.js';
import { FEED_FILES } from './feed.js';

/** Where a feed's files come from: a zip's bytes, a folder, or an http(s) URL of a zip. */

/** The largest zip accepted (upload or download). */
export const MAX_FEED_ZIP_BYTES = 64 * 1024 * 1024;
/** The most a zip may hold once unpacked (a zip bomb is refused before it is unpacked). */
const MAX_FEED_UNZIPPED_BYTES = 1024 * 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 60_000;

const unreadable = (detail: string) => new AppError('TRANSIT_FEED_UNREADABLE', 400, detail);

const decoder = new TextDecoder('utf-8', { fatal: true });
function textOf(name: string, bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw unreadable(`${name} is not UTF-8 text.`);
  }
}

/** The GTFS files of a zip, by name; a zip holding them in one folder is read too. */
export function filesOfZip(zip: Uint8Array): Map<string, string> {
  if (zip.byteLength > MAX_FEED_ZIP_BYTES) {
    throw unreadable(`The feed is larger than ${MAX_FEED_ZIP_BYTES / 1024 / 1024} MB.`);
  }
  let unpacked = 0;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip, {
      filter(file) {
        const base = file.name.split('/').at(-1) ?? '';
        if (!FEED_FILES.includes(base) || file.name.startsWith('__MACOSX/')) return false;
        unpacked += file.originalSize;
        if (unpacked > MAX_FEED_UNZIPPED_BYTES) {
          throw unreadable(`The feed unpacks to more than ${MAX_FEED_UNZIPPED_BYTES / 1024 / 1024} MB.`);
        }
        return true;
      },
    });
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw unreadable(`The feed is not a zip file (${(err as Error).message}).`);
  }
  const files = new Map<string, string>();
  for (const [path, bytes] of Object.entries(entries)) {
    const base = path.split('/').at(-1) ?? path;
    if (files.has(base)) throw unreadable(`The zip holds ${base} twice (${path}).`);
    files.set(base, textOf(base, bytes));
  }
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
