import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import QRCode from 'qrcode';
import { Banks, QRPay, VietQRStatus, type Bank } from 'vietnam-qr-pay';

/**
 * VietQR (NAPAS 247, EMVCo merchant-presented QR; STANDARDS §7.5): the dynamic payload a bank app
 * scans to transfer an exact amount with the payment reference as the memo. The maintained library
 * `vietnam-qr-pay` writes it; our own small reader checks every payload it writes (TLV lengths, the
 * fields we asked for, CRC-16/CCITT-FALSE) before it is handed out, so a library change cannot slip
 * a wrong QR code to a citizen.
 */

/** The payee: a bank (by its NAPAS BIN) and an account there. */
export interface Payee {
  readonly bankBin: string;
  readonly account: string;
  /** EMVCo field 59: ASCII, at most 25 characters. */
  readonly accountName: string;
}

export interface VietQrRequest extends Payee {
  readonly amountVnd: number;
  /** Field 62-08, the transfer's memo: here the payment reference. */
  readonly purpose: string;
}

/** A bank the library knows by its BIN and that can receive VietQR transfers, or undefined. */
export function vietQrBank(bin: string): Bank | undefined {
  const receiving = VietQRStatus.RECEIVE_ONLY as number;
  return Banks.find((b) => b.bin === bin && !b.deprecated && b.vietQRStatus >= receiving);
}

/** CRC-16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF, no reflection, no final XOR). */
export function crc16CcittFalse(text: string): number {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

/** An EMVCo payload read field by field. */
export interface EmvFields {
  /** Top-level fields by id, in order. */
  readonly fields: ReadonlyMap<string, string>;
  /** Field 38's (VietQR) sub-fields, and its 01's (beneficiary) sub-fields. */
  readonly merchant: ReadonlyMap<string, string>;
  readonly beneficiary: ReadonlyMap<string, string>;
  /** Field 62's sub-fields (additional data). */
  readonly additional: ReadonlyMap<string, string>;
}

export class EmvInvalid extends Error {}

/** Reads TLV fields (2-digit id, 2-digit length, value), refusing any length that runs past the end. */
function readTlv(text: string, where: string): Map<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  while (i < text.length) {
    const id = text.slice(i, i + 2);
    const lengthText = text.slice(i + 2, i + 4);
    if (!/^\d{2}$/.test(id) || !/^\d{2}$/.test(lengthText)) {
      throw new EmvInvalid(`${where}: no id and length at position ${i}`);
    }
    const length = Number(lengthText);
    const value = text.slice(i + 4, i + 4 + length);
    if (value.length !== length)
      throw new EmvInvalid(`${where}: field ${id} says ${length} characters, has ${value.length}`);
    if (length === 0) throw new EmvInvalid(`${where}: field ${id} is empty`);
    if (out.has(id)) throw new EmvInvalid(`${where}: field ${id} twice`);
    out.set(id, value);
    i += 4 + length;
  }
  return out;
}

/** Reads a payload and checks its CRC (field 63, last, over everything before its value). */
export function decodeEmv(payload: string): EmvFields {
  if (!/^[\x20-\x7e]+$/.test(payload)) throw new EmvInvalid('characters outside printable ASCII');
  const fields = readTlv(payload, 'payload');
  const crc = fields.get('63');
  if (crc === undefined || !payload.endsWith(`6304${crc}`)) throw new EmvInvalid('the CRC (63) is not the last field');
  const expected = crc16CcittFalse(payload.slice(0, -4)).toString(16).toUpperCase().padStart(4, '0');
  if (crc !== expected) throw new EmvInvalid(`the CRC is ${crc}, the content's is ${expected}`);
  const merchant = readTlv(fields.get('38') ?? '', 'field 38');
  const beneficiary = readTlv(merchant.get('01') ?? '', 'field 38-01');
  const additional = readTlv(fields.get('62') ?? '', 'field 62');
  return { fields, merchant, beneficiary, additional };
}

/** Field 59's characters: EMVCo's name is ASCII; Vietnamese names are written without their marks. */
export const ACCOUNT_NAME = /^[A-Z0-9 .,&()/-]{1,25}$/;
/** The memo the bank carries: letters, digits and spaces, at most 25 (field 62-08). */
const PURPOSE = /^[A-Za-z0-9 ]{1,25}$/;
const ACCOUNT = /^[0-9A-Za-z]{1,19}$/;
export const MAX_AMOUNT_VND = 999_999_999_999;

/**
 * The dynamic VietQR payload of a transfer (initiation 12: with an amount), checked by reading it
 * back: the payload format, NAPAS's GUID, the BIN, the account, the service QRIBFTTA (to an
 * account), VND, the amount, VN, the name, the purpose and the CRC must all be what was asked.
 */
export function vietQrPayload(r: VietQrRequest): string {
  if (!vietQrBank(r.bankBin)) throw new RangeError(`no VietQR bank has the BIN ${r.bankBin}`);
  if (!ACCOUNT.test(r.account)) throw new RangeError('an account is 1–19 letters or digits');
  if (!ACCOUNT_NAME.test(r.accountName)) throw new RangeError('an account name is 1–25 capitals, digits, spaces');
  if (!PURPOSE.test(r.purpose)) throw new RangeError('a purpose is 1–25 letters, digits, spaces');
  if (!Number.isSafeInteger(r.amountVnd) || r.amountVnd < 1 || r.amountVnd > MAX_AMOUNT_VND) {
    throw new RangeError(`an amount is a whole number of đồng from 1 to ${MAX_AMOUNT_VND}`);
  }
  const qr = QRPay.initVietQR({
    bankBin: r.bankBin,
    bankNumber: r.account,
    amount: String(r.amountVnd),
    purpose: r.purpose,
  });
  qr.merchant.name = r.accountName;
  const payload = qr.build();
  const read = decodeEmv(payload);
  const expected: [string, string | undefined, string][] = [
    ['00', read.fields.get('00'), '01'],
    ['01', read.fields.get('01'), '12'],
    ['38-00', read.merchant.get('00'), 'A000000727'],
    ['38-01-00', read.beneficiary.get('00'), r.bankBin],
    ['38-01-01', read.beneficiary.get('01'), r.account],
    ['38-02', read.merchant.get('02'), 'QRIBFTTA'],
    ['53', read.fields.get('53'), '704'],
    ['54', read.fields.get('54'), String(r.amountVnd)],
    ['58', read.fields.get('58'), 'VN'],
    ['59', read.fields.get('59'), r.accountName],
    ['62-08', read.additional.get('08'), r.purpose],
  ];
  for (const [field, got, want] of expected) {
    if (got !== want) throw new EmvInvalid(`the VietQR library wrote field ${field} as "${got}", not "${want}"`);
  }
  return payload;
}

const SVG_OPTIONS = { type: 'svg', errorCorrectionLevel: 'M', margin: 2 } as const;

/**
 * Draws QR codes on a thread of its own: a fee's QR takes 1.5–3 ms of JavaScript (the mask chosen
 * among eight, then the SVG), which on the request thread is time the embedded database waits for.
 * Plain CommonJS evaluated in the worker, so the same code runs from the sources and from the build.
 */
const DRAWER = `
const { parentPort, workerData } = require('node:worker_threads');
const QRCode = require(workerData.qrcode);
parentPort.on('message', ({ id, payload }) => {
  QRCode.toString(payload, workerData.options).then(
    (svg) => parentPort.postMessage({ id, svg }),
    (err) => parentPort.postMessage({ id, error: String(err && err.message || err) }),
  );
});
`;
const QRCODE = createRequire(import.meta.url).resolve('qrcode');

interface Drawing {
  resolve: (svg: string) => void;
  reject: (err: Error) => void;
}

/** A drawing thread and what it is drawing (a stopped thread fails only its own drawings). */
interface DrawingThread {
  readonly thread: Worker;
  readonly waiting: Map<number, Drawing>;
}

/** How long one QR may take on the drawing thread before it is drawn here instead (a drawing takes ms). */
export const QR_DRAW_MS = 2_000;

/**
 * The drawing thread, started at the first QR and kept. It never holds the process open (a graceful
 * stop does not wait for it); each drawing has `drawMs`, past which it fails (qrSvg draws it here)
 * and the thread, wedged, is stopped: the next QR starts another.
 */
export class QrDrawer {
  #worker: DrawingThread | undefined;
  #next = 0;
  readonly #drawMs: number;
  readonly #source: string;

  /** `source`: the thread's code (tests pass one that never answers). */
  constructor({ drawMs = QR_DRAW_MS, source = DRAWER }: { drawMs?: number; source?: string } = {}) {
    this.#drawMs = drawMs;
    this.#source = source;
  }

  draw(payload: string): Promise<string> {
    const worker = this.#worker ?? this.#start();
    const id = this.#next++;
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (!worker.waiting.delete(id)) return;
        reject(new Error(`the QR code was not drawn within ${this.#drawMs} ms`));
        this.#stop(worker);
      }, this.#drawMs);
      worker.waiting.set(id, {
        resolve: (svg) => {
          clearTimeout(timer);
          resolve(svg);
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      });
      worker.thread.postMessage({ id, payload });
    });
  }

  /** Whether a drawing thread is running (tests). */
  get running(): boolean {
    return this.#worker !== undefined;
  }

  #stop(worker: DrawingThread): void {
    if (this.#worker === worker) this.#worker = undefined;
    void worker.thread.terminate();
  }

  #start(): DrawingThread {
    const thread = new Worker(this.#source, { eval: true, workerData: { qrcode: QRCODE, options: SVG_OPTIONS } });
    const worker: DrawingThread = { thread, waiting: new Map() };
    const { waiting } = worker;
    thread.on('message', (m: { id: number; svg?: string; error?: string }) => {
      const drawing = waiting.get(m.id);
      waiting.delete(m.id);
      if (m.svg !== undefined) drawing?.resolve(m.svg);
      else drawing?.reject(new Error(`the QR code was not drawn: ${m.error}`));
    });
    // A thread that fails or stops fails what it was drawing; the next QR starts another.
    const lost = (err: Error) => {
      if (this.#worker === worker) this.#worker = undefined;
      for (const drawing of waiting.values()) drawing.reject(err);
      waiting.clear();
    };
    thread.on('error', lost);
    thread.on('exit', (code) => lost(new Error(`the QR drawing thread stopped (${code})`)));
    // After the listeners: a 'message' listener added later would hold the process open again.
    thread.unref();
    this.#worker = worker;
    return worker;
  }
}

const drawer = new QrDrawer();

/**
 * The QR code of a payload as SVG (error correction M: the payload is long, the screen or paper
 * clean), drawn on the drawing thread; drawn here if that thread cannot.
 */
export async function qrSvg(payload: string, on: QrDrawer = drawer): Promise<string> {
  try {
    return await on.draw(payload);
  } catch {
    return QRCode.toString(payload, SVG_OPTIONS);
  }
}
