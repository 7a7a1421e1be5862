import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PdfWriter } from '../../../platform/pdf/index.js';
import { ResultSigner, loadOrCreateDemoSigner, verifySignedPdf } from './index.js';

const SIGNED_AT = new Date('2026-12-10T04:05:06Z');

async function result(): Promise<Uint8Array> {
  const pdf = await PdfWriter.create({ title: 'Trích lục khai sinh', createdAt: SIGNED_AT });
  pdf.heading('TRÍCH LỤC KHAI SINH');
  pdf.paragraph('Họ, chữ đệm và tên: Nguyễn Minh An. Ngày sinh: 01/12/2026.');
  return pdf.save();
}

/** The signed file with the byte at `offset` changed. */
function flipped(pdf: Uint8Array, offset: number): Uint8Array {
  const copy = new Uint8Array(pdf);
  copy[offset] = copy[offset]! ^ 0x01;
  return copy;
}

/**
 * An incremental update as a PDF editor appends it: a new version of the document information (the
 * title changed), its cross-reference section and a trailer pointing to the previous one.
 */
function withIncrementalUpdate(pdf: Uint8Array): Uint8Array {
  const text = Buffer.from(pdf).toString('latin1');
  const prev = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)![1]);
  const size = Number([...text.matchAll(/\/Size (\d+)/g)].at(-1)![1]);
  const root = [...text.matchAll(/\/Root (\d+ \d+ R)/g)].at(-1)![1];
  const objectAt = pdf.length;
  const object = `${size} 0 obj\n<< /Title (Giay khai sinh da sua) /Producer (editor) >>\nendobj\n`;
  const xrefAt = objectAt + object.length;
  const xref = `xref\n${size} 1\n${String(objectAt).padStart(10, '0')} 00000 n \n`;
  const trailer = `trailer\n<< /Size ${size + 1} /Root ${root} /Info ${size} 0 R /Prev ${prev} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return new Uint8Array(Buffer.concat([Buffer.from(pdf), Buffer.from(object + xref + trailer, 'latin1')]));
}

describe('ResultSigner and verifySignedPdf', () => {
  let signer: ResultSigner;
  let other: ResultSigner;
  let signed: Uint8Array;

  before(async () => {
    signer = ResultSigner.generateDemo('UBND phường Hoàn Kiếm', new Date('2026-12-01T00:00:00Z'));
    other = ResultSigner.generateDemo('UBND phường Hoàn Kiếm', new Date('2026-12-01T00:00:00Z'));
    signed = await signer.sign(await result(), 'Ký kết quả giải quyết hồ sơ H01.23-261207-0001', SIGNED_AT);
  });

  it('a signed result verifies against the agency certificate, naming the signer and the signing time', async () => {
    assert.deepEqual(await verifySignedPdf(signed, signer.certificatePem), {
      valid: true,
      signer: 'UBND phường Hoàn Kiếm',
      signedAt: '2026-12-10T04:05:06.000Z',
    });
    assert.equal(signer.signerName, 'UBND phường Hoàn Kiếm');
  });

  it('the signature is a detached PKCS #7 over the whole file but itself, with the reason readable', () => {
    const text = Buffer.from(signed).toString('latin1');
    assert.match(text, /\/SubFilter \/adbe\.pkcs7\.detached/);
    const [, a, b, c, d] = /\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\]/.exec(text)!.map(Number);
    assert.equal(a, 0);
    assert.equal(c! + d!, signed.length);
    assert.equal(text[b!], '<');
    // The reason as a PDF text string: UTF-16BE with its byte-order mark.
    const reason = Buffer.from('Ký kết quả', 'utf16le').swap16().toString('latin1');
    assert.ok(text.includes(`/Reason (\u00fe\u00ff${reason}`), 'text.includes(`/Reason (\\u00fe\\u00ff${reason}`)');
  });

  it('a byte changed in the content makes it invalid', async () => {
    const text = Buffer.from(signed).toString('latin1');
    const stream = text.indexOf('stream\n') + 20;
    const check = await verifySignedPdf(flipped(signed, stream), signer.certificatePem);
    assert.equal(check.valid, false);
    assert.match(check.problem!, /changed after signing/);
  });

  it('a byte changed anywhere (the header, the trailer, the signature, the space after it) makes it invalid', async () => {
    const text = Buffer.from(signed).toString('latin1');
    const contents = text.indexOf('/Contents <') + 11;
    const padding = text.indexOf('>', contents) - 10; // in the zeros after the signature
    for (const offset of [5, signed.length - 10, contents + 600, padding]) {
      const check = await verifySignedPdf(flipped(signed, offset), signer.certificatePem);
      assert.equal(check.valid, false, `offset ${offset}`);
      assert.ok(check.problem, `offset ${offset}`);
    }
  });

  it('signed with another certificate: invalid, untrusted', async () => {
    const check = await verifySignedPdf(signed, other.certificatePem);
    assert.equal(check.valid, false);
    assert.match(check.problem!, /untrusted/);
    assert.equal(check.signer, 'UBND phường Hoàn Kiếm');
  });

  it('an incremental update appended after signing makes it invalid', async () => {
    const updated = withIncrementalUpdate(signed);
    const check = await verifySignedPdf(updated, signer.certificatePem);
    assert.equal(check.valid, false);
    assert.match(check.problem!, /changed after signing/);
  });

  it('an unsigned document is not valid', async () => {
    assert.deepEqual(await verifySignedPdf(await result(), signer.certificatePem), {
      valid: false,
      problem: 'the document is not signed',
    });
  });

  it('a key that is not the certificate’s is refused', () => {
    assert.throws(() => ResultSigner.fromPem(other.keyPem, signer.certificatePem), /does not belong/);
    assert.equal(ResultSigner.fromPem(signer.keyPem, signer.certificatePem).certificatePem, signer.certificatePem);
  });

  it(
    'poppler (pdfsig) finds the signature valid',
    { skip: !existsSync('/usr/bin/pdfsig') && 'pdfsig (poppler-utils) is not installed' },
    async (t) => {
      const dir = await mkdtemp(join(tmpdir(), 'signed-'));
      t.after(() => rm(dir, { recursive: true, force: true }));
      await writeFile(join(dir, 'signed.pdf'), signed);
      const out = spawnSync('/usr/bin/pdfsig', [join(dir, 'signed.pdf')], { encoding: 'utf8' }).stdout;
      assert.match(out, /Signature Validation: Signature is Valid/);
      assert.match(out, /Total document signed/);
      await writeFile(join(dir, 'changed.pdf'), flipped(signed, 200));
      const changed = spawnSync('/usr/bin/pdfsig', [join(dir, 'changed.pdf')], { encoding: 'utf8' }).stdout;
      assert.doesNotMatch(changed, /Signature is Valid/);
    },
  );
});

describe('loadOrCreateDemoSigner and fromConfig', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'signer-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('makes the demo signer once under the data directory, the key readable by the owner only', async () => {
    const first = await loadOrCreateDemoSigner(dir, 'Trung tâm Phục vụ hành chính công');
    const keyPath = join(dir, 'services-signing', 'demo-key.pem');
    assert.equal((await stat(keyPath)).mode & 0o777, 0o600);
    assert.equal(await readFile(join(dir, 'services-signing', 'demo-cert.pem'), 'utf8'), first.certificatePem);
    const again = await loadOrCreateDemoSigner(dir, 'Trung tâm Phục vụ hành chính công');
    assert.equal(again.certificatePem, first.certificatePem);
    assert.equal(again.signerName, 'Trung tâm Phục vụ hành chính công');
  });

  it('fromConfig reads the key and certificate files, or neither (the demo signer), never one alone', async () => {
    const demo = await loadOrCreateDemoSigner(dir, 'Trung tâm Phục vụ hành chính công');
    const keyPath = join(dir, 'services-signing', 'demo-key.pem');
    const certPath = join(dir, 'services-signing', 'demo-cert.pem');
    const configured = await ResultSigner.fromConfig({ keyPath, certPath, dataDir: '/nonexistent', agencyName: 'x' });
    assert.equal(configured.certificatePem, demo.certificatePem);
    const fallback = await ResultSigner.fromConfig({ dataDir: dir, agencyName: 'x' });
    assert.equal(fallback.certificatePem, demo.certificatePem);
    await assert.rejects(ResultSigner.fromConfig({ keyPath, dataDir: dir, agencyName: 'x' }), /together/);
  });
});
