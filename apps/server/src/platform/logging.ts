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
          '*.password',
          '*.token',
          '*.secret',
          '*.key',
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
