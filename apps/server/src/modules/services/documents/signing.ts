/**
 * The agency's digital signature on an electronic result: a PAdES-style PDF signature (adbe.pkcs7.detached,
 * SHA-256, with the signing time), which any PDF reader checks, and our own check of it against the
 * agency's certificate (POST /services/results/verify). The demo signs with a self-signed certificate kept
 * under the data directory; a real deployment gives the agency's key and certificate (PEM files).
 */
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { SignPdf, Signer } from '@signpdf/signpdf';
import forge from 'node-forge';
import { PDFDocument } from 'pdf-lib';

const { asn1, pki } = forge;
const OID = { ...pki.oids, signedData: '1.2.840.113549.1.7.2' } as Record<string, string>;

/** The space kept for the CMS signature in the file (bytes; written as twice as many hex digits). */
const SIGNATURE_SPACE = 8192;

/**
 * A PDF text string (PDF 32000 §7.9.2.2): UTF-16BE with its byte-order mark, as a literal whose
 * parentheses and backslashes are escaped, so Vietnamese reasons and names reach the reader intact.
 */
function pdfText(text: string): string {
  const utf16 = Buffer.from(text, 'utf16le').swap16();
  return `\u00fe\u00ff${utf16.toString('latin1')}`.replace(/[\\()]/g, (c) => `\\${c}`);
}

/**
 * forge leaves a parsed UTF8String name as its UTF-8 bytes but encodes names to UTF-8 when it writes
 * them (the signer's issuer in the CMS): decoded here, so a certificate reads and writes back the same
 * and Vietnamese names read as text.
 */
function decodedNames(cert: forge.pki.Certificate): forge.pki.Certificate {
  for (const attr of [...cert.subject.attributes, ...cert.issuer.attributes])
    if ((attr.valueTagClass as number) === (asn1.Type.UTF8 as number) && typeof attr.value === 'string')
      attr.value = forge.util.decodeUtf8(attr.value);
  return cert;
}

const certificateFromPem = (pem: string) => decodedNames(pki.certificateFromPem(pem));

/** The first common name of a certificate's subject. */
function commonName(cert: forge.pki.Certificate): string {
  const field = cert.subject.getField('CN') as { value?: string } | null;
  return field?.value ?? cert.subject.attributes.map((a) => String(a.value)).join(', ');
}

const derOf = (cert: forge.pki.Certificate) => asn1.toDer(pki.certificateToAsn1(cert)).getBytes();

/** The CMS (PKCS #7) signer @signpdf calls with the bytes the ByteRange covers. */
class CmsSigner extends Signer {
  constructor(
    private readonly key: forge.pki.rsa.PrivateKey,
    private readonly certificate: forge.pki.Certificate,
  ) {
    super();
  }

  override async sign(pdf: Buffer, signingTime?: Date): Promise<Buffer> {
    const p7 = forge.pkcs7.createSignedData();
    p7.content = forge.util.createBuffer(pdf.toString('binary'));
    p7.addCertificate(this.certificate);
    p7.addSigner({
      key: this.key,
      certificate: this.certificate,
      digestAlgorithm: OID.sha256!,
      // The order (content type, signing time, digest) is the one European validators expect.
      authenticatedAttributes: [
        { type: OID.contentType!, value: OID.data! },
        // forge takes a Date here although its types say string.
        { type: OID.signingTime!, value: (signingTime ?? new Date()) as unknown as string },
        { type: OID.messageDigest! },
      ],
    });
    p7.sign({ detached: true });
    return Buffer.from(asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
  }
}

export class ResultSigner {
  private constructor(
    private readonly key: forge.pki.rsa.PrivateKey,
    private readonly certificate: forge.pki.Certificate,
  ) {}

  /** The agency's key and certificate, PEM; refused when the key is not the certificate's. */
  static fromPem(keyPem: string, certPem: string): ResultSigner {
    const key = pki.privateKeyFromPem(keyPem);
    const cert = certificateFromPem(certPem);
    const pub = cert.publicKey as forge.pki.rsa.PublicKey;
    if (!pub.n || pub.n.compareTo(key.n) !== 0 || pub.e.compareTo(key.e) !== 0)
      throw new Error('the signing key does not belong to the signing certificate');
    return new ResultSigner(key, cert);
  }

  /**
   * A self-signed certificate for the demo, in the agency's name (RSA 2048, SHA-256, five years). Only a
   * verifier given this very certificate trusts it.
   */
  static generateDemo(agencyName: string, now: Date = new Date()): ResultSigner {
    // Node makes the key (fast, native); forge writes the certificate.
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const key = pki.privateKeyFromPem(privateKey);
    const cert = pki.createCertificate();
    cert.publicKey = pki.setRsaPublicKey(key.n, key.e);
    // A positive serial: the first byte's high bit clear.
    cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
    cert.validity.notBefore = new Date(now.getTime() - 86_400_000);
    cert.validity.notAfter = new Date(now.getTime() + 5 * 365 * 86_400_000);
    // UTF8String, so the agency's name keeps its diacritics (forge encodes the value).
    const utf8 = (value: string) => ({ value, valueTagClass: asn1.Type.UTF8 });
    const subject = [
      { shortName: 'CN', ...utf8(agencyName) },
      { shortName: 'O', ...utf8('Thang Long (demo)') },
      { shortName: 'L', ...utf8('Hà Nội') },
      { shortName: 'C', value: 'VN' },
    ];
    cert.setSubject(subject as forge.pki.CertificateField[]);
    cert.setIssuer(subject as forge.pki.CertificateField[]);
    cert.setExtensions([
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
      { name: 'subjectKeyIdentifier' },
    ]);
    cert.sign(key, forge.md.sha256.create());
    // Through PEM, so the certificate is held as a parsed one, like a configured certificate.
    return ResultSigner.fromPem(privateKey, pki.certificateToPem(cert));
  }

  /**
   * The signer a deployment configures: the agency's key and certificate files when both are set
   * (SERVICES_SIGNING_KEY, SERVICES_SIGNING_CERT), otherwise the demo signer under the data directory.
   */
  static async fromConfig(c: {
    readonly keyPath?: string | undefined;
    readonly certPath?: string | undefined;
    readonly dataDir: string;
    readonly agencyName: string;
  }): Promise<ResultSigner> {
    if (c.keyPath && c.certPath)
      return ResultSigner.fromPem(await readFile(c.keyPath, 'utf8'), await readFile(c.certPath, 'utf8'));
    if (c.keyPath || c.certPath) throw new Error('the signing key and certificate are set together or not at all');
    return loadOrCreateDemoSigner(c.dataDir, c.agencyName);
  }

  /** The certificate, PEM: what a verifier trusts. */
  get certificatePem(): string {
    return pki.certificateToPem(this.certificate);
  }

  /** The key, PEM (PKCS #1), for storing the demo signer. */
  get keyPem(): string {
    return pki.privateKeyToPem(this.key);
  }

  /** Who signs: the certificate's common name. */
  get signerName(): string {
    return commonName(this.certificate);
  }

  /** The PDF with the agency's signature (invisible, over the whole file, at `signingTime`). */
  async sign(pdf: Uint8Array, reason: string, signingTime: Date = new Date()): Promise<Uint8Array> {
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    pdflibAddPlaceholder({
      pdfDoc: doc,
      reason: pdfText(reason),
      contactInfo: pdfText(this.signerName),
      name: pdfText(this.signerName),
      location: pdfText('Hà Nội'),
      signingTime,
      signatureLength: SIGNATURE_SPACE,
      appName: 'Thang Long',
    });
    const prepared = await doc.save({ useObjectStreams: false });
    const signed = await new SignPdf().sign(
      Buffer.from(prepared),
      new CmsSigner(this.key, this.certificate),
      signingTime,
    );
    return new Uint8Array(signed);
  }
}

/**
 * The demo's signer, kept in `<dataDir>/services-signing/` (the key readable by the owner only) so that
 * results signed before a restart still verify; made on first use.
 */
export async function loadOrCreateDemoSigner(
  dataDir: string,
  agencyName: string,
  folder = 'services-signing',
): Promise<ResultSigner> {
  const dir = join(dataDir, folder);
  const keyPath = join(dir, 'demo-key.pem');
  const certPath = join(dir, 'demo-cert.pem');
  try {
    return ResultSigner.fromPem(await readFile(keyPath, 'utf8'), await readFile(certPath, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const signer = ResultSigner.generateDemo(agencyName);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(keyPath, signer.keyPem, { mode: 0o600 });
  await chmod(keyPath, 0o600); // whatever the umask
  await writeFile(certPath, signer.certificatePem, { mode: 0o644 });
  return signer;
}

/**
 * The signers of the agencies that issue results. A configured key and certificate sign for every
 * agency, in the certificate's name. Without one, each agency gets its own demo certificate in its name, made on its first
 * result and kept in `<dataDir>/services-signing/<agency code>/`; the certificate made before agencies
 * had their own (`services-signing/demo-cert.pem`) is still trusted for the results it signed.
 */
export class AgencySigners {
  readonly #signings = new Map<string, Promise<ResultSigner>>();

  private constructor(
    private readonly configured: ResultSigner | undefined,
    private readonly dataDir: string,
  ) {}

  static async fromConfig(c: {
    readonly keyPath?: string | undefined;
    readonly certPath?: string | undefined;
    readonly dataDir: string;
  }): Promise<AgencySigners> {
    if (c.keyPath && c.certPath)
      return new AgencySigners(
        ResultSigner.fromPem(await readFile(c.keyPath, 'utf8'), await readFile(c.certPath, 'utf8')),
        c.dataDir,
      );
    if (c.keyPath || c.certPath) throw new Error('the signing key and certificate are set together or not at all');
    return new AgencySigners(undefined, c.dataDir);
  }

  /** The signer of an agency's results: the configured one, or the agency's demo signer (made once). */
  signerFor(agency: { readonly code: string; readonly name: string }): Promise<ResultSigner> {
    if (this.configured) return Promise.resolve(this.configured);
    let made = this.#signings.get(agency.code);
    if (!made) {
      made = loadOrCreateDemoSigner(join(this.dataDir, 'services-signing', folderOf(agency.code)), agency.name, '');
      // A failure is not kept: the next result tries again.
      made.catch(() => this.#signings.delete(agency.code));
      this.#signings.set(agency.code, made);
    }
    return made;
  }

  /** The certificates (PEM) a result of this agency is trusted with; of any agency when none is named. */
  async trusted(agency?: string): Promise<string[]> {
    if (this.configured) return [this.configured.certificatePem];
    const root = join(this.dataDir, 'services-signing');
    const folders = agency ? [folderOf(agency)] : await readdir(root).catch(() => [] as string[]);
    const certs = await Promise.all(
      ['', ...folders].map((f) => readFile(join(root, f, 'demo-cert.pem'), 'utf8').catch(() => undefined)),
    );
    return certs.filter((c): c is string => c !== undefined);
  }
}

/** An agency's folder: its code when it is a plain one, else a digest of it (never a path). */
const folderOf = (code: string) =>
  /^[a-z0-9][a-z0-9._-]{0,79}$/i.test(code) ? code : createHash('sha256').update(code).digest('hex').slice(0, 32);

export interface SignatureCheck {
  readonly valid: boolean;
  /** The signer's common name (when the signature could be read). */
  readonly signer?: string;
  /** The signing time the signature carries, ISO 8601. */
  readonly signedAt?: string;
  /** Why it is not valid, in words. */
  readonly problem?: string;
}

type Asn1 = forge.asn1.Asn1;
const children = (node: Asn1 | undefined): Asn1[] => (Array.isArray(node?.value) ? node.value : []);
const isContext = (node: Asn1, type: number) =>
  node.tagClass === asn1.Class.CONTEXT_SPECIFIC && (node.type as number) === type;

/** The parts of a CMS SignedData with one signer that the check needs. */
function readCms(cmsDer: string) {
  // The Contents placeholder is padded with zeros after the DER: read the first object only.
  const root = (asn1.fromDer as unknown as (b: string, o: object) => Asn1)(cmsDer, {
    parseAllBytes: false,
    strict: true,
  });
  const [contentType, explicit] = children(root);
  if (!contentType || asn1.derToOid(contentType.value as string) !== OID.signedData)
    throw new Error('not a CMS SignedData');
  const signedData = children(children(explicit)[0]);
  const der = (node: Asn1 | undefined) => (node ? asn1.toDer(node).getBytes() : '');
  const certificates = signedData
    .filter((n) => isContext(n, 0))
    .flatMap(children)
    .map((node) => {
      // TBSCertificate: [0] version, serial, signature algorithm, issuer, … (the version may be absent).
      const tbs = children(children(node)[0]);
      const at = tbs[0] && isContext(tbs[0], 0) ? 1 : 0;
      return {
        certificate: decodedNames(pki.certificateFromAsn1(node)),
        issuerAndSerial: der(tbs[at + 2]) + der(tbs[at]),
      };
    });
  const signerInfos = children(signedData.at(-1));
  if (signerInfos.length !== 1) throw new Error(`${signerInfos.length} signers, one expected`);
  const info = children(signerInfos[0]);
  const [, sid, digestAlgorithm] = info;
  const signedAttrs = info.find((n) => isContext(n, 0));
  const signature = info.find((n) => n.tagClass === asn1.Class.UNIVERSAL && n.type === asn1.Type.OCTETSTRING);
  if (!sid || !digestAlgorithm || !signedAttrs || !signature) throw new Error('the signer information is incomplete');
  const attributes = new Map<string, Asn1>();
  for (const attr of children(signedAttrs)) {
    const [oid, values] = children(attr);
    if (oid && children(values)[0]) attributes.set(asn1.derToOid(oid.value as string), children(values)[0]!);
  }
  // The signer is named by its certificate's issuer and serial number, byte for byte.
  const signerCert = certificates.find((c) => c.issuerAndSerial === der(children(sid)[0]) + der(children(sid)[1]));
  return {
    /** The signature's length in bytes (DER, so re-encoding gives the same bytes). */
    length: asn1.toDer(root).length(),
    certificates: certificates.map((c) => c.certificate),
    signerCert: signerCert?.certificate,
    digestOid: asn1.derToOid(children(digestAlgorithm)[0]!.value as string),
    attributes,
    // The signature is over the attributes DER-encoded as a SET (RFC 5652 §5.4), not with the [0] tag.
    signedBytes: asn1.toDer(asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, children(signedAttrs))).getBytes(),
    signature: signature.value as string,
  };
}

/**
 * Checks a signed result: the signature covers the whole file except itself (nothing appended after
 * signing), the digest of those bytes is the one signed, the signature is the signer certificate's, and
 * that certificate is the trusted one (and was valid when signing). Any changed byte makes it invalid.
 */
export async function verifySignedPdf(pdf: Uint8Array, trusted: string | readonly string[]): Promise<SignatureCheck> {
  const bytes = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const text = bytes.toString('latin1');
  const ranges = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  if (ranges.length === 0) return { valid: false, problem: 'the document is not signed' };
  if (ranges.length > 1) return { valid: false, problem: 'the document has more than one signature' };
  const [a, b, c, d] = ranges[0]!.slice(1, 5).map(Number) as [number, number, number, number];
  if (a !== 0 || b >= c || text[b] !== '<' || text[c - 1] !== '>')
    return { valid: false, problem: 'the signature’s byte range is malformed' };
  if (c + d !== bytes.length)
    return { valid: false, problem: 'the document was changed after signing (bytes outside the signed range)' };
  const hex = text.slice(b + 1, c - 1);
  if (!/^[0-9a-fA-F]*$/.test(hex)) return { valid: false, problem: 'the signature is not hexadecimal' };

  let cms: ReturnType<typeof readCms>;
  try {
    cms = readCms(Buffer.from(hex, 'hex').toString('binary'));
  } catch (err) {
    return { valid: false, problem: `the signature cannot be read: ${(err as Error).message}` };
  }
  // The space after the signature is zeros, so no byte of the file goes unchecked.
  if (!/^0*$/.test(hex.slice(cms.length * 2)))
    return { valid: false, problem: 'the document was changed after signing (after the signature, in its space)' };
  const cert = cms.signerCert;
  if (!cert)
    return {
      valid: false,
      problem:
        cms.certificates.length === 0
          ? 'the signature carries no certificate'
          : 'the signature names a signer certificate it does not carry',
    };
  const signer = commonName(cert);
  const time = cms.attributes.get(OID.signingTime!);
  const parsedTime = time
    ? time.type === asn1.Type.UTCTIME
      ? asn1.utcTimeToDate(time.value as string)
      : asn1.generalizedTimeToDate(time.value as string)
    : undefined;
  const signedAt = parsedTime && !Number.isNaN(parsedTime.getTime()) ? parsedTime : undefined;
  const found = { signer, ...(signedAt ? { signedAt: signedAt.toISOString() } : {}) };

  if (cms.digestOid !== OID.sha256) return { valid: false, ...found, problem: 'the signature does not use SHA-256' };
  const digest = createHash('sha256')
    .update(bytes.subarray(0, b))
    .update(bytes.subarray(c, c + d))
    .digest('binary');
  const signedDigest = cms.attributes.get(OID.messageDigest!)?.value;
  if (signedDigest !== digest)
    return {
      valid: false,
      ...found,
      problem: 'the document was changed after signing (its digest is not the signed one)',
    };
  let signatureHolds = false;
  try {
    const md = forge.md.sha256.create().update(cms.signedBytes);
    signatureHolds = (cert.publicKey as forge.pki.rsa.PublicKey).verify(md.digest().getBytes(), cms.signature);
  } catch {
    signatureHolds = false;
  }
  if (!signatureHolds)
    return { valid: false, ...found, problem: 'the signature does not match the signer’s certificate' };

  let trustedCerts: forge.pki.Certificate[];
  try {
    trustedCerts = (typeof trusted === 'string' ? [trusted] : trusted).map(certificateFromPem);
  } catch {
    return { valid: false, ...found, problem: 'the trusted certificate cannot be read' };
  }
  if (!trustedCerts.some((t) => derOf(t) === derOf(cert)))
    return {
      valid: false,
      ...found,
      problem: `signed by “${signer}”, whose certificate is not the trusted one (untrusted)`,
    };
  if (!signedAt) return { valid: false, ...found, problem: 'the signature has no signing time' };
  if (signedAt < cert.validity.notBefore || signedAt > cert.validity.notAfter)
    return { valid: false, ...found, problem: 'the certificate was not valid at the signing time' };
  return { valid: true, ...found };
}
