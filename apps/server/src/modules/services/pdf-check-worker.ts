import { parentPort } from 'node:worker_threads';
import { inspectPdf } from './pdf-check.js';

/** A worker thread that checks one uploaded PDF after another (see PdfChecks in uploads.ts). */
parentPort?.on('message', (bytes: Uint8Array) => {
  void inspectPdf(bytes).then((verdict) => parentPort?.postMessage(verdict));
});
// Loaded: the pool starts a PDF's time budget from here.
parentPort?.postMessage('ready');
