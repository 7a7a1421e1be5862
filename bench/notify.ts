// `npm run bench:notify`: subscriptions and notifications under load, on loopback. Thang Long runs
// as its own process (`thanglong start`, every role); this process is the load generator and the
// notification receiver; database and all share the machine. Prints JSON figures and how they
// compare with the targets of the issue. Asserts nothing.
//
//   BENCH_SUBSCRIPTIONS=1000   subscriptions (one entity each; default 1000)
//   BENCH_RATE=1000            updates per second in the latency run (default 1000)
//   BENCH_SECONDS=10           duration of each timed run (default 10)
//   BENCH_CONNECTIONS=16       concurrent connections of the maximum-rate runs (default 16)
//   BENCH_DATABASE_URL         run on this PostgreSQL database (an empty one) instead of the embedded one
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startThangLongProcess } from './lib/server.js';

const subscriptions = Number(process.env['BENCH_SUBSCRIPTIONS'] ?? 1000);
const rate = Number(process.env['BENCH_RATE'] ?? 1000);
const seconds = Number(process.env['BENCH_SECONDS'] ?? 10);
const connections = Number(process.env['BENCH_CONNECTIONS'] ?? 16);

/** One request on a connection of its own. */
function send(url: string, method: string, body: unknown): Promise<{ status: number; text: string }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number);
const round = (n: number) => Math.round(n * 10) / 10;

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'thanglong-bench-notify-'));
  const url = process.env['BENCH_DATABASE_URL'];
  const { url: serverUrl, child: server } = await startThangLongProcess({
    NGSI_LD_ANONYMOUS: 'write',
    AUTH_ADMIN_PASSWORD: 'bench-notify-first-passphrase',
    DATA_DIR: dataDir,
    ...(url ? { DATABASE_URL: url, DATABASE_POOL_MAX: '20' } : {}),
  });

  // The receiver: when did each update's notification arrive?
  const sentAt = new Map<number, number>();
  const latencies: number[] = [];
  const seen = new Set<number>();
  let received = 0;
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      const now = performance.now();
      received++;
      const body = JSON.parse(Buffer.concat(chunks).toString()) as { data: { seq?: { value: number } }[] };
      for (const e of body.data) {
        const seq = e.seq?.value;
        if (seq === undefined || seq < 0 || seen.has(seq)) continue;
        seen.add(seq);
        const at = sentAt.get(seq);
        if (at !== undefined) latencies.push(now - at);
      }
      res.writeHead(204).end();
    });
  });
  receiver.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/notify`;

  const figures: Record<string, unknown>[] = [];
  try {
    const base = `${serverUrl}/ngsi-ld/v1`;
    const json = { 'content-type': 'application/json' };
    const id = (n: number) => `urn:ngsi-ld:WaterLevelObserved:bench-${n}`;

    // Entities, one per subscription.
    for (let from = 0; from < subscriptions; from += 500) {
      const batch = Array.from({ length: Math.min(500, subscriptions - from) }, (_, i) => ({
        id: id(from + i),
        type: 'WaterLevelObserved',
        waterLevel: { type: 'Property', value: 0, unitCode: 'CMT' },
        seq: { type: 'Property', value: -1 },
      }));
      const res = await fetch(`${base}/entityOperations/upsert`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify(batch),
      });
      if (res.status >= 300) throw new Error(`upsert failed: ${res.status} ${await res.text()}`);
    }

    const maxRate = async (): Promise<number> => {
      let n = 0;
      const result = await autocannon({
        url: base,
        connections,
        duration: seconds,
        requests: [
          {
            setupRequest: (req) => {
              const k = n++;
              return {
                ...req,
                method: 'POST',
                path: `/ngsi-ld/v1/entities/${id(k % subscriptions)}/attrs`,
                // A copy: autocannon writes content-length into the headers object it is given.
                headers: { ...json },
                body: JSON.stringify({ waterLevel: { type: 'Property', value: k % 500, unitCode: 'CMT' } }),
              };
            },
          },
        ],
      });
      return Math.round(result.requests.average);
    };

    // 1. The update rate with no subscription at all.
    const without = await maxRate();
    figures.push({ scenario: 'attribute updates/s, no subscriptions', value: without });
    process.stderr.write(`updates/s without subscriptions: ${without}\n`);

    // 2. Subscriptions, one per entity, all to the local receiver.
    const started = performance.now();
    for (let n = 0; n < subscriptions; n++) {
      const res = await send(`${base}/subscriptions`, 'POST', {
        type: 'Subscription',
        entities: [{ id: id(n), type: 'WaterLevelObserved' }],
        watchedAttributes: ['seq', 'waterLevel'],
        notification: { attributes: ['seq', 'waterLevel'], endpoint: { uri: receiverUrl, accept: 'application/json' } },
      });
      if (res.status !== 201) throw new Error(`subscription failed: ${res.status} ${res.text}`);
    }
    figures.push({
      scenario: `create ${subscriptions} subscriptions (subscriptions/s)`,
      value: Math.round(subscriptions / ((performance.now() - started) / 1000)),
    });
    // Warm-up (subscriptions loaded, code paths compiled): not measured.
    for (let n = 0; n < 200; n++) {
      const res = await fetch(`${base}/entities/${id(n % subscriptions)}/attrs`, {
        method: 'PATCH',
        headers: json,
        body: JSON.stringify({ waterLevel: { type: 'Property', value: n, unitCode: 'CMT' } }),
      });
      await res.arrayBuffer();
    }
    await new Promise((r) => setTimeout(r, 1000));

    // 3. Notification latency at a steady update rate: each update carries its sequence number.
    const total = rate * seconds;
    let next = 0;
    let errors = 0;
    const t0 = performance.now();
    const inFlight = new Set<Promise<void>>();
    while (next < total) {
      const due = t0 + (next / rate) * 1000;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      const seq = next++;
      sentAt.set(seq, performance.now());
      const p = fetch(`${base}/entities/${id(seq % subscriptions)}/attrs`, {
        method: 'PATCH',
        headers: json,
        body: JSON.stringify({ seq: { type: 'Property', value: seq } }),
      })
        .then(async (res) => {
          if (res.status !== 204) {
            if (errors++ === 0) process.stderr.write(`update rejected: ${res.status} ${await res.clone().text()}\n`);
          }
          await res.arrayBuffer();
        })
        .catch((err: unknown) => {
          if (errors++ === 0) process.stderr.write(`update failed: ${String(err)} ${String((err as Error).cause)}\n`);
        })
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
      if (inFlight.size > 256) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    const achieved = total / ((performance.now() - t0) / 1000);
    const deadline = performance.now() + 30_000;
    while (seen.size < total - errors && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    latencies.sort((a, b) => a - b);
    figures.push({
      scenario: `notification latency, ${subscriptions} subscriptions, ${rate} updates/s for ${seconds} s`,
      updatesSent: total,
      updatesRejected: errors,
      achievedUpdatesPerSecond: Math.round(achieved),
      notificationsReceived: received,
      lost: total - errors - seen.size,
      p50ms: round(percentile(latencies, 50)),
      p95ms: round(percentile(latencies, 95)),
      p99ms: round(percentile(latencies, 99)),
      maxms: round(latencies.at(-1) ?? 0),
      target: 'p99 <= 50 ms, none lost',
    });

    // 4. The update rate with every subscription active (and notifications flowing).
    const withSubs = await maxRate();
    figures.push({
      scenario: `attribute updates/s, ${subscriptions} subscriptions active`,
      value: withSubs,
      ofRateWithout: `${Math.round((withSubs / without) * 100)} %`,
      target: '>= 80 % of the rate without',
    });
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    receiver.closeAllConnections();
    receiver.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.stdout.write(`${JSON.stringify({ database: url ? 'postgres' : 'pglite', figures }, null, 2)}\n`);
}

await main();
