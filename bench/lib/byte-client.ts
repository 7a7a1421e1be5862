import { createServer } from 'node:net';
import { Worker } from 'node:worker_threads';

/**
 * Load generators that cost as little as a client can, for telling the server's ceiling from the
 * client's: autocannon parses every byte of a response in JavaScript, which for a body of megabytes is
 * most of the work of the machine it runs on. Both run in a worker thread, as autocannon does.
 */

export interface ByteClientResult {
  readonly requestsPerSecond: number;
  readonly bytesPerSecond: number;
  /** Responses by status code. */
  readonly statuses: Readonly<Record<string, number>>;
  /** Connections that failed, or responses this client cannot read (no Content-Length). */
  readonly errors: number;
}

// Keep-alive GETs on each connection, one after another; of each response only the status line and
// Content-Length are read, the body counted and dropped.
const CLIENT = `
const net = require('node:net');
const { parentPort, workerData } = require('node:worker_threads');
const { port, path, headers, connections, seconds } = workerData;
const request = Buffer.from('GET ' + path + ' HTTP/1.1\\r\\nhost: 127.0.0.1\\r\\n' +
  Object.entries(headers).map(([k, v]) => k + ': ' + v + '\\r\\n').join('') + '\\r\\n');
const statuses = {};
let requests = 0, bytes = 0, errors = 0, open = connections;
const start = Date.now(), end = start + seconds * 1000;
const finish = () => {
  if (--open > 0) return;
  const s = (Date.now() - start) / 1000;
  parentPort.postMessage({ requestsPerSecond: requests / s, bytesPerSecond: bytes / s, statuses, errors });
};
for (let c = 0; c < connections; c++) {
  const socket = net.connect(port, '127.0.0.1');
  let head = null, body = -1, closed = false;
  const close = () => { if (!closed) { closed = true; socket.destroy(); finish(); } };
  socket.on('connect', () => socket.write(request));
  socket.on('error', () => { errors++; close(); });
  socket.on('data', (chunk) => {
    bytes += chunk.length;
    while (chunk.length > 0) {
      if (body < 0) {
        head = head ? Buffer.concat([head, chunk]) : chunk;
        const end = head.indexOf('\\r\\n\\r\\n');
        if (end < 0) return;
        const text = head.toString('latin1', 0, end);
        const status = text.slice(9, 12);
        const length = /\\r\\ncontent-length: *(\\d+)/i.exec(text);
        if (!length && status !== '304') { errors++; close(); return; }
        statuses[status] = (statuses[status] ?? 0) + 1;
        body = length ? Number(length[1]) : 0;
        chunk = head.subarray(end + 4);
        head = null;
      }
      const take = Math.min(body, chunk.length);
      body -= take;
      chunk = chunk.subarray(take);
      if (body === 0) {
        body = -1;
        requests++;
        if (Date.now() >= end) { close(); return; }
        socket.write(request);
      }
    }
  });
}
`;

/** `connections` keep-alive connections GETting `path` from 127.0.0.1:`port` for `seconds`. */
export function byteClient(options: {
  port: number;
  path: string;
  headers?: Record<string, string>;
  connections: number;
  seconds: number;
}): Promise<ByteClientResult> {
  return inWorker(CLIENT, { headers: {}, ...options });
}

// The reading end: counts what arrives for a while.
const LOOPBACK_READER = `
const net = require('node:net');
const { parentPort, workerData } = require('node:worker_threads');
const t0 = Date.now();
let bytes = 0;
const reader = net.connect(workerData.port, '127.0.0.1');
reader.on('data', (c) => { bytes += c.length; });
setTimeout(() => {
  parentPort.postMessage({ bytesPerSecond: bytes / ((Date.now() - t0) / 1000) });
  reader.destroy();
}, workerData.seconds * 1000);
`;

/**
 * Bytes per second one TCP connection over loopback carries for `seconds`, written by this thread (as
 * the server writes its answers) and read by a worker thread (as the load generators read them), with
 * no HTTP at all: what no client or server on this machine can go beyond.
 */
export async function loopbackBytesPerSecond(seconds: number): Promise<number> {
  const block = Buffer.alloc(1 << 20, 7);
  const server = createServer((socket) => {
    const pump = () => {
      while (!socket.destroyed && socket.write(block));
    };
    socket.on('drain', pump);
    socket.on('error', () => undefined);
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const { bytesPerSecond } = await inWorker<{ bytesPerSecond: number }>(LOOPBACK_READER, { port, seconds });
    return bytesPerSecond;
  } finally {
    server.close();
  }
}

function inWorker<T>(code: string, workerData: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData });
    worker.once('message', (result: T) => {
      void worker.terminate();
      resolve(result);
    });
    worker.once('error', reject);
  });
}
