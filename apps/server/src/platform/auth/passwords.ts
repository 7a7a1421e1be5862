import { randomBytes, randomInt, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { AppError } from '../errors.js';

/**
 * Passwords are hashed with scrypt (memory-hard): N=2^15, r=8, p=1 (32 MiB, ~50-100 ms per hash).
 * The parameters are stored with each hash so they can be raised later without breaking old ones.
 */

const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
export const MIN_PASSWORD_LENGTH = 12;

/**
 * Hashes run in libuv's threadpool, never on the event loop; at most this many at once, so a burst of
 * logins queues here instead of taking every core (and every pool thread) from the API.
 */
export const HASHES_AT_ONCE = Math.max(1, availableParallelism() - 1);
let hashing = 0;
const waiting: (() => void)[] = [];

/** How many hashes are running and how many wait for their turn. */
export const hashingNow = (): { running: number; waiting: number } => ({ running: hashing, waiting: waiting.length });

async function scryptAsync(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  if (hashing >= HASHES_AT_ONCE) await new Promise<void>((resolve) => waiting.push(resolve));
  else hashing++;
  try {
    return await new Promise((resolve, reject) => {
      scrypt(password, salt, keylen, { ...options, maxmem: 128 * options.N! * options.r! * 2 }, (err, key) =>
        err ? reject(err) : resolve(key),
      );
    });
  } finally {
    // The slot passes straight to the next hash in line.
    const next = waiting.shift();
    if (next) next();
    else hashing--;
  }
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, KEY_LENGTH, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return timingSafeEqual(expected, actual);
}

const strength = new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
/** zxcvbn's scale: 3 resists an offline attack on a slow hash; below that is guessable. */
const MIN_STRENGTH = 3;
/** The estimate's cost grows with length; what lies beyond this only adds strength. */
const ESTIMATED_LENGTH = 64;

const WEAKNESSES: Readonly<Record<string, string>> = {
  straightRow: 'it is a row of keys on the keyboard',
  keyPattern: 'it is a short keyboard pattern',
  simpleRepeat: 'it repeats the same character',
  extendedRepeat: 'it repeats the same few characters',
  sequences: 'it is a sequence such as abc or 6543',
  recentYears: 'it relies on a recent year',
  dates: 'it relies on a date',
  topTen: 'it is one of the most used passwords',
  topHundred: 'it is one of the most used passwords',
  common: 'it is a commonly used password',
  similarToCommon: 'it is close to a commonly used password',
  wordByItself: 'a single word is easy to guess',
  namesByThemselves: 'a name on its own is easy to guess',
  commonNames: 'common names are easy to guess',
  userInputs: 'it is built from the username',
};

/**
 * Refuses a password that is short, guessable (zxcvbn with the common-password lists), or built from
 * the username; the error says why, so a person knows what to change.
 */
export function checkPasswordStrength(password: string, username: string): string {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError('PASSWORD_TOO_SHORT', 400, `A password needs at least ${MIN_PASSWORD_LENGTH} characters.`, {
      params: { minLength: MIN_PASSWORD_LENGTH },
    });
  }
  if (username !== '' && password.toLowerCase().includes(username.toLowerCase())) {
    throw new AppError('PASSWORD_CONTAINS_USERNAME', 400, 'The password must not be or contain the username.');
  }
  const result = strength.check(password.slice(0, ESTIMATED_LENGTH), [username]);
  if (result.score < MIN_STRENGTH) {
    const why =
      (result.feedback.warning && WEAKNESSES[result.feedback.warning]) ?? 'it follows a pattern that is quick to guess';
    throw new AppError(
      'PASSWORD_TOO_WEAK',
      400,
      `This password is too easy to guess: ${why}. Use a longer phrase of several unrelated words, or a generated password.`,
      { extra: { strength: result.score, strengthNeeded: MIN_STRENGTH } },
    );
  }
  return password;
}

/** A hash of a random password, to spend the same time when a username does not exist. */
let decoy: Promise<string> | undefined;
export const decoyHash = (): Promise<string> => (decoy ??= hashPassword(randomBytes(16).toString('hex')));

const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A readable random password (no 0/O, 1/l/I), about 110 bits for 20 characters. */
export function generatePassword(length = 20): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}
