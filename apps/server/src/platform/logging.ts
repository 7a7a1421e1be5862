import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.js';

/** JSON lines on stdout; anything that looks like a secret is redacted before it is written. */
export function createLogger(level: LogLevel, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { service: 'thanglong' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["x-api-key"]',
          'req.headers["x-applicant-token"]',
          '*.password',
          '*.token',
          '*.secret',
          '*.key',
          // A device's API key is its secret.
          'apikey',
          '*.apikey',
          'config.database.url',
          'config.auth.tokenSecret',
          'config.auth.adminPassword',
        ],
        censor: '[redacted]',
      },
    },
    destination ?? process.stdout,
  );
}

/** Query parameters that carry a secret: a device's API key (`/iot/json?k=…`, `/iot/services?apikey=…`). */
const SECRET_PARAMETERS = /([?&](?:k|apikey)=)[^&#]*/gi;

/** Path segments that are a secret: a reporter's follow token (`/api/v1/reports/follow/…`, Open311 `tokens/…`). */
const SECRET_SEGMENTS = /(\/reports\/follow\/|\/open311\/v2\/tokens\/)[^/?#]+/gi;

/** Where an identity provider sends the browser back: its query (the authorization code, the state) is a secret. */
const SIGN_ON_CALLBACKS = /(\/auth\/oidc\/callback|\/services\/applicant\/callback)\?[^#]*/gi;

/** A request URL as it may be written to the log. */
export const urlForLog = (url: string): string =>
  url
    .replace(SECRET_PARAMETERS, '$1[redacted]')
    .replace(SECRET_SEGMENTS, '$1[redacted]')
    .replace(SIGN_ON_CALLBACKS, '$1?[redacted]');
