import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A notification receiver for tests: an HTTP server that records what it is sent. */

export interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Record<string, unknown>;
}

export type ReceiverMode =
  /** answers 204 */
  | 'accept'
  /** answers 503 */
  | 'fail'
  /** keeps every request waiting until release() */
  | 'hold';

export interface Receiver {
  readonly url: string;
  readonly received: Received[];
  mode: ReceiverMode;
  /** Answers the requests kept waiting (and records them). */
  release(): void;
  /** Requests waiting for an answer now. */
  readonly waiting: number;
  /** Resolves once `count` notifications were received (polls; the test runner's timeout bounds it). */
  until(count: number): Promise<Received[]>;
  close(): Promise<void>;
}

export async function startReceiver(mode: ReceiverMode = 'accept'): Promise<Receiver> {
  const received: Received[] = [];
  const held: { res: ServerResponse; record: Received }[] = [];
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (d: Buffer) => (text += d.toString()));
    req.on('end', () => {
      const record = {
        path: req.url ?? '',
        headers: req.headers,
        body: JSON.parse(text || '{}') as Record<string, unknown>,
      };
      if (receiver.mode === 'fail') {
        res.writeHead(503).end();
      } else if (receiver.mode === 'hold') {
        held.push({ res, record });
      } else {
        received.push(record);
        res.writeHead(204).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const receiver: Receiver = {
    url: `http://127.0.0.1:${port}`,
    received,
    mode,
    release() {
      for (const { res, record } of held.splice(0)) {
        received.push(record);
        res.writeHead(204).end();
      }
    },
    get waiting() {
      return held.length;
    },
    async until(count) {
      while (received.length < count) await new Promise((r) => setTimeout(r, 20));
      return received;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return receiver;
}

export async function freePort(): Promise<number> {
  const srv = createNetServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

export interface Mosquitto {
  readonly url: string;
  stop(): Promise<void>;
}

/** A throwaway Mosquitto broker on loopback (Debian's mosquitto package). */
export async function startMosquitto(): Promise<Mosquitto> {
  // The free port found may be taken by a parallel test before mosquitto binds it: try another.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startMosquittoOnce();
    } catch (err) {
      if (attempt >= 5 || !/Address already in use/.test((err as Error).message)) throw err;
    }
  }
}

async function startMosquittoOnce(): Promise<Mosquitto> {
  const dir = mkdtempSync(join(tmpdir(), 'thanglong-mqtt-'));
  const port = await freePort();
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(conf, `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\n`);
  const child: ChildProcess = spawn('/usr/sbin/mosquitto', ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  child.stderr?.on('data', (d: Buffer) => (errors += d.toString()));
  // Ready once the port accepts connections.
  for (let i = 0; ; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = createNetServer();
      s.once('error', () => resolve(true));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(false)));
    });
    if (ok && child.exitCode === null) break;
    if (i > 200 || child.exitCode !== null) {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`mosquitto did not start: ${errors}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return {
    url: `mqtt://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
