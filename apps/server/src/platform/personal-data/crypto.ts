import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * Envelope encryption of personal data with AES-256-GCM. A master key (PERSONAL_DATA_KEY) wraps one
 * data key per tenant; the data key encrypts the values. Rotating the master key re-wraps the data
 * keys and touches no value.
 */

/** The kinds of personal data a module can declare; each has its own mask and blind-index form. */
export const PERSONAL_KINDS = ['name', 'phone', 'email', 'national-id', 'address', 'plate', 'free-text'] as const;
export type PersonalKind = (typeof PERSONAL_KINDS)[number];

/** A sealed value: `pd1:<data key id>:<iv>:<ciphertext and tag>`, base64url. */
const SEALED = /^pd1:([0-9a-f-]{36}):([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]+)$/;
export const isSealed = (value: string): boolean => SEALED.test(value);

/** A short, public name of a master key, so a wrapped key says which master key wraps it. */
export const masterKeyId = (key: Buffer): string => createHash('sha256').update(key).digest('hex').slice(0, 16);

function encrypt(key: Buffer, plaintext: Buffer, aad: string): { iv: Buffer; body: Buffer } {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { iv, body };
}

function decrypt(key: Buffer, iv: Buffer, body: Buffer, aad: string): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(body.subarray(body.length - 16));
  return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]);
}

/** A data key wrapped by a master key; bound to its id so a wrapped key cannot be swapped for another. */
export function wrapKey(master: Buffer, dataKey: Buffer, keyId: string): string {
  const { iv, body } = encrypt(master, dataKey, `thanglong:data-key:${keyId}`);
  return `${iv.toString('base64url')}.${body.toString('base64url')}`;
}

export function unwrapKey(master: Buffer, wrapped: string, keyId: string): Buffer {
  const [iv, body] = wrapped.split('.');
  return decrypt(
    master,
    Buffer.from(iv ?? '', 'base64url'),
    Buffer.from(body ?? '', 'base64url'),
    `thanglong:data-key:${keyId}`,
  );
}

export function sealValue(dataKey: Buffer, keyId: string, value: string): string {
  const { iv, body } = encrypt(dataKey, Buffer.from(value, 'utf8'), `thanglong:value:${keyId}`);
  return `pd1:${keyId}:${iv.toString('base64url')}:${body.toString('base64url')}`;
}

/** The data key id of a sealed value, or null for a value that is not sealed. */
export function keyIdOf(sealed: string): string | null {
  return SEALED.exec(sealed)?.[1] ?? null;
}

export function openValue(dataKey: Buffer, sealed: string): string {
  const m = SEALED.exec(sealed);
  if (!m) throw new Error('not a sealed value');
  const [, keyId, iv, body] = m as unknown as [string, string, string, string];
  return decrypt(
    dataKey,
    Buffer.from(iv, 'base64url'),
    Buffer.from(body, 'base64url'),
    `thanglong:value:${keyId}`,
  ).toString('utf8');
}

/**
 * Sealed bytes (a scan, a signed PDF): `pd1b:<data key id>:`, the 12-byte IV, then ciphertext and tag,
 * the key id bound as associated data as for values. Stored bytes without the prefix are read as they
 * are (kept before they were sealed: a PDF starts with %PDF-, a JPEG or a PNG with their own marks).
 */
const SEALED_BYTES = Buffer.from('pd1b:');
const BYTES_HEAD = SEALED_BYTES.length + 36 + 1;
export const isSealedBytes = (stored: Uint8Array): boolean =>
  stored.length > BYTES_HEAD + 12 + 16 && Buffer.from(stored.subarray(0, SEALED_BYTES.length)).equals(SEALED_BYTES);

export function sealBytes(dataKey: Buffer, keyId: string, bytes: Uint8Array): Buffer {
  const { iv, body } = encrypt(dataKey, Buffer.from(bytes), `thanglong:bytes:${keyId}`);
  return Buffer.concat([SEALED_BYTES, Buffer.from(`${keyId}:`, 'latin1'), iv, body]);
}

/** The data key id of sealed bytes, or null for bytes that are not sealed. */
export function keyIdOfBytes(stored: Uint8Array): string | null {
  if (!isSealedBytes(stored)) return null;
  const id = Buffer.from(stored.subarray(SEALED_BYTES.length, BYTES_HEAD - 1)).toString('latin1');
  return /^[0-9a-f-]{36}$/.test(id) ? id : null;
}

export function openBytes(dataKey: Buffer, stored: Uint8Array): Buffer {
  const keyId = keyIdOfBytes(stored);
  if (keyId === null) throw new Error('not sealed bytes');
  const all = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
  return decrypt(
    dataKey,
    all.subarray(BYTES_HEAD, BYTES_HEAD + 12),
    all.subarray(BYTES_HEAD + 12),
    `thanglong:bytes:${keyId}`,
  );
}

/** The form a value is looked up by: the same person's phone written two ways gives one index. */
export function normalise(kind: PersonalKind, value: string): string {
  const v = value.normalize('NFC').trim();
  switch (kind) {
    case 'phone': {
      const digits = v.replace(/[^\d+]/g, '');
      // Vietnamese numbers: +84 912 345 678 and 0912 345 678 are one number.
      return digits.startsWith('+84')
        ? `0${digits.slice(3)}`
        : digits.startsWith('84') && digits.length === 11
          ? `0${digits.slice(2)}`
          : digits;
    }
    case 'national-id':
    case 'plate':
      return v.replace(/[\s.-]/g, '').toUpperCase();
    case 'email':
      return v.toLowerCase();
    case 'name':
    case 'address':
    case 'free-text':
      return v.replace(/\s+/g, ' ').toLowerCase();
  }
}

/** A keyed hash (blind index): finds a person's records without decrypting every record. */
export function blindIndex(indexKey: Buffer, kind: PersonalKind, value: string): string {
  return createHmac('sha256', indexKey)
    .update(`${kind}\n${normalise(kind, value)}`)
    .digest('base64url');
}

/** What someone without the right to read personal data sees instead of the value. */
export function mask(kind: PersonalKind, value: string): string {
  const v = value.trim();
  const stars = (n: number) => '*'.repeat(Math.max(0, n));
  switch (kind) {
    case 'phone': {
      const d = normalise('phone', v);
      return d.length <= 4 ? stars(d.length) : `${d.slice(0, 2)}${stars(d.length - 4)}${d.slice(-2)}`;
    }
    case 'national-id':
    case 'plate': {
      const n = normalise(kind, v);
      return n.length <= 4 ? stars(n.length) : `${stars(n.length - 3)}${n.slice(-3)}`;
    }
    case 'name': {
      // Nguyễn Văn An -> N. V. A. Words of letters only, up to the first that is not, and at most four:
      // a "name" with markup or a sentence in it gives away no more than a real name's initials would.
      const initials: string[] = [];
      for (const word of v.split(/\s+/).filter(Boolean)) {
        if (!/^[\p{L}\p{M}'’.-]+$/u.test(word) || initials.length === 4) break;
        initials.push(`${[...word][0] ?? ''}.`);
      }
      // A name given with no word to take an initial from ("A1", markup) is hidden, not shown as no name.
      return initials.length > 0 ? initials.join(' ') : v === '' ? '' : '[hidden]';
    }
    case 'email': {
      const at = v.indexOf('@');
      return at <= 0 ? stars(v.length) : `${v[0]}***${v.slice(at)}`;
    }
    case 'address':
    case 'free-text':
      return v === '' ? '' : '[hidden]';
  }
}

/** A master key from configuration: 32 bytes, base64. */
export function parseMasterKey(raw: string): Buffer {
  const key = Buffer.from(raw.trim(), 'base64');
  if (key.length !== 32 || key.toString('base64').replace(/=+$/, '') !== raw.trim().replace(/=+$/, '')) {
    throw new Error('must be 32 bytes in base64 (e.g. the output of "openssl rand -base64 32")');
  }
  return key;
}

export const newDataKey = (): Buffer => randomBytes(32);
