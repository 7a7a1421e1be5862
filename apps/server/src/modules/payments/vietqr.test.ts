import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import QRCode from 'qrcode';
import { QRPay } from 'vietnam-qr-pay';
import { checkSignature, newReference, REFERENCE, referenceIn, signConfirmation } from './bank.js';
import { crc16CcittFalse, decodeEmv, EmvInvalid, QrDrawer, qrSvg, vietQrBank, vietQrPayload } from './vietqr.js';

/** STANDARDS §7.5's two vectors (NAPAS, ACB 970416, account 257678859). */
const STATIC = '00020101021138530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN6304AE9F';
const DYNAMIC =
  '00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA53037045405100005802VN62150811Chuyen tien630453E6';

describe('VietQR payloads', () => {
  it('writes both vectors byte for byte with the library, and our reader agrees with their CRC', () => {
    assert.equal(QRPay.initVietQR({ bankBin: '970416', bankNumber: '257678859' }).build(), STATIC);
    assert.equal(
      QRPay.initVietQR({ bankBin: '970416', bankNumber: '257678859', amount: '10000', purpose: 'Chuyen tien' }).build(),
      DYNAMIC,
    );
    const read = decodeEmv(DYNAMIC);
    assert.equal(read.fields.get('01'), '12');
    assert.equal(read.merchant.get('00'), 'A000000727');
    assert.equal(read.beneficiary.get('00'), '970416');
    assert.equal(read.beneficiary.get('01'), '257678859');
    assert.equal(read.merchant.get('02'), 'QRIBFTTA');
    assert.equal(read.fields.get('54'), '10000');
    assert.equal(read.additional.get('08'), 'Chuyen tien');
    assert.equal(decodeEmv(STATIC).fields.get('63'), 'AE9F');
  });

  it('computes CRC-16/CCITT-FALSE (the check value of "123456789" is 29B1)', () => {
    assert.equal(crc16CcittFalse('123456789'), 0x29b1);
    assert.equal(crc16CcittFalse(STATIC.slice(0, -4)), 0xae9f);
    assert.equal(crc16CcittFalse(DYNAMIC.slice(0, -4)), 0x53e6);
  });

  it('refuses a payload with a wrong CRC, a length running past the end, or a CRC not last', () => {
    assert.throws(() => decodeEmv(`${DYNAMIC.slice(0, -4)}53E7`), EmvInvalid);
    assert.throws(() => decodeEmv(DYNAMIC.replace('5405100005802VN', '5405100015802VN')), /CRC/);
    assert.throws(() => decodeEmv('000201010212389900'), EmvInvalid);
    assert.throws(() => decodeEmv(`${STATIC}6002HN`), /not the last/);
  });

  it("makes the city's dynamic payload: BIN, account, name, amount, the reference as purpose, checked", () => {
    const reference = newReference();
    const payload = vietQrPayload({
      bankBin: '970415',
      account: '0000000000',
      accountName: 'KBNN HA NOI DEMO',
      amountVnd: 150_000,
      purpose: reference,
    });
    const read = decodeEmv(payload);
    assert.equal(read.fields.get('01'), '12', 'dynamic: with an amount');
    assert.equal(read.beneficiary.get('00'), '970415');
    assert.equal(read.beneficiary.get('01'), '0000000000');
    assert.equal(read.fields.get('53'), '704');
    assert.equal(read.fields.get('54'), '150000');
    assert.equal(read.fields.get('59'), 'KBNN HA NOI DEMO');
    assert.equal(read.additional.get('08'), reference);
    assert.match(payload, /6304[0-9A-F]{4}$/);
    assert.throws(() =>
      vietQrPayload({ bankBin: '123456', account: '1', accountName: 'X', amountVnd: 1, purpose: 'A' }),
    );
    assert.throws(() =>
      vietQrPayload({ bankBin: '970415', account: '1', accountName: 'Kho bạc', amountVnd: 1, purpose: 'A' }),
    );
    assert.throws(() =>
      vietQrPayload({ bankBin: '970415', account: '1', accountName: 'X', amountVnd: 1.5, purpose: 'A' }),
    );
  });

  it('knows the banks by BIN', () => {
    assert.match(vietQrBank('970415')?.shortName ?? '', /VietinBank/);
    assert.equal(vietQrBank('999999'), undefined);
  });

  it('draws the QR code as SVG', async () => {
    const svg = await qrSvg(DYNAMIC);
    assert.match(svg, /^<svg[^>]*viewBox/);
    assert.match(svg, /<path/);
  });

  it("draws on a thread of its own (not the request thread's time), the same SVG as drawn here", async () => {
    const here = await QRCode.toString(DYNAMIC, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    const drawHere = QRCode.toString;
    let drawnHere = 0;
    QRCode.toString = ((...args: Parameters<typeof drawHere>) => {
      drawnHere++;
      return drawHere(...args);
    }) as typeof drawHere;
    try {
      const svgs = await Promise.all(Array.from({ length: 8 }, () => qrSvg(DYNAMIC)));
      assert.ok(
        svgs.every((svg) => svg === here),
        'every SVG drawn on the thread is the one drawn here',
      );
      assert.equal(drawnHere, 0, 'none drawn on this thread');
    } finally {
      QRCode.toString = drawHere;
    }
  });

  it('draws here when the drawing thread does not answer in time, and stops that thread', async () => {
    const here = await QRCode.toString(DYNAMIC, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    // A thread alive but wedged: it takes the message and never answers.
    const wedged = new QrDrawer({
      drawMs: 50,
      source: "require('node:worker_threads').parentPort.on('message', () => {});",
    });
    assert.equal(await qrSvg(DYNAMIC, wedged), here);
    assert.equal(wedged.running, false, 'the wedged thread is stopped; the next QR starts another');
    await assert.rejects(wedged.draw(DYNAMIC), /not drawn within 50 ms/);
  });
});

describe('payment references and the webhook signature', () => {
  it('lets a process that drew a QR code end on its own: the drawing thread holds nothing open', () => {
    // A server's graceful stop, and a test file's end, wait for nothing the drawer keeps.
    const script = `import { qrSvg } from ${JSON.stringify(new URL('./vietqr.ts', import.meta.url).href)};
      const svg = await qrSvg('00020101021138530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN6304AE9F');
      process.stdout.write(svg.startsWith('<svg') ? 'drawn' : 'not drawn');`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.equal(run.stdout, 'drawn', run.stderr);
    assert.equal(run.signal, null, 'the process ended by itself, not killed at the limit');
    assert.equal(run.status, 0, run.stderr);
  });

  it('makes short unambiguous references and finds them in a bank memo', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const r = newReference();
      assert.match(r, REFERENCE);
      assert.doesNotMatch(r.slice(2), /[ILOU]/);
      seen.add(r);
    }
    assert.equal(seen.size, 200);
    assert.equal(referenceIn('TL0A1B2C3D4E'), 'TL0A1B2C3D4E');
    assert.equal(referenceIn('MBVCB.123456.tl0a1b2c3d4e.CT tu 0123 toi KBNN'), 'TL0A1B2C3D4E');
    assert.equal(referenceIn('TL OA1B2C3D4E'), 'TL0A1B2C3D4E', 'O read as 0, spaces dropped');
    assert.equal(referenceIn('chuyen tien'), undefined);
  });

  it('checks t and v1 over the raw body: good, stale, tampered, malformed, missing', () => {
    const secret = 'a'.repeat(64);
    const body = Buffer.from('{"transactionId":"FT1"}');
    const at = new Date('2026-12-07T03:00:00Z');
    const header = signConfirmation(secret, body, at);
    assert.match(header, /^t=\d+,v1=[0-9a-f]{64}$/);
    assert.deepEqual(checkSignature(secret, header, body, new Date(at.getTime() + 300_000)), { ok: true });
    assert.deepEqual(checkSignature(secret, header, body, new Date(at.getTime() + 301_000)), {
      ok: false,
      reason: 'stale',
    });
    assert.deepEqual(checkSignature(secret, header, Buffer.from('{"transactionId":"FT2"}'), at), {
      ok: false,
      reason: 'mismatch',
    });
    assert.deepEqual(checkSignature('b'.repeat(64), header, body, at), { ok: false, reason: 'mismatch' });
    assert.deepEqual(checkSignature(secret, 'v1=abc', body, at), { ok: false, reason: 'malformed' });
    assert.deepEqual(checkSignature(secret, undefined, body, at), { ok: false, reason: 'missing' });
  });
});
