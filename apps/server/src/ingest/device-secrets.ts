import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Devices' own secrets (groups with deviceAuth `secret`): 192 random bits, shown once when issued;
 * only their SHA-256 is kept, which is enough for a random secret (no password to guess slowly).
 */

/** A new secret: base64url, so it fits an MQTT password and an HTTP header as it is. */
export const generateDeviceSecret = (): string => randomBytes(24).toString('base64url');

export const hashDeviceSecret = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

/** Does `secret` match the stored hash? Compared in constant time. */
export function deviceSecretMatches(secret: string | undefined, hash: string | undefined): boolean {
  if (secret === undefined || hash === undefined) return false;
  const given = Buffer.from(hashDeviceSecret(secret), 'hex');
  const kept = Buffer.from(hash, 'hex');
  return given.length === kept.length && timingSafeEqual(given, kept);
}

/** A secret the caller chose (the demo's well-known ones): long enough, and fit for a password. */
export const DEVICE_SECRET = /^[A-Za-z0-9_.~-]{16,128}$/;
