/**
 * Whether an error means the database could not be reached or dropped the connection (as opposed to
 * a statement it refused): the same request may well succeed in a moment.
 */

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// SQLSTATE: class 08 connection exceptions; the server shutting down or starting; too many connections.
const SQLSTATES = /^(08...|57P01|57P02|57P03|53300)$/;
const MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|PGlite is closed/i;

export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || SQLSTATES.test(code))) return true;
    if (MESSAGES.test(e.message)) return true;
  }
  return false;
}
