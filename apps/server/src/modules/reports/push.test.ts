import assert from 'node:assert/strict';
import { createDecipheriv, createECDH, createPublicKey, hkdfSync, randomBytes, verify } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, it } from 'node:test';
import type { App } from '../../app.js';
import { describeEachDriver, silentLog } from '../../../test/support/databases.js';
import { accountWith, buildTestApp, problemOf, type Account } from '../../../test/support/app.js';
import { reportsModule } from './index.js';
import { OutboundGuard } from '../../platform/outbound.js';
import { MAX_BROWSERS_PER_REPORT, newVapidPrivateKey, ReporterPush, vapidFrom, webPushSender } from './push.js';

/**
 * Web push to the reporter, end to end: the page subscribes a browser to its report by the token; each
 * public step an officer takes is pushed to the browser's push service. The push service here is a real
 * protocol peer on a local port: it checks the VAPID JWT against the key the page subscribed with
 * (RFC 8292) and decrypts the message with the browser's keys (RFC 8291), as a browser would. Browsers
 * subscribe with https endpoints only; the local peer speaks plain HTTP, so the test's sender reaches
 * an endpoint https://127.0.0.1:port/… at http://127.0.0.1:port/….
 */

const BASE = '/api/v1/reports';
const VAPID_KEY = newVapidPrivateKey();
const b64url = (b: Uint8Array) => Buffer.from(b).toString('base64url');

/** A browser's push keys: its ECDH pair and auth secret, as the Push API makes them. */
function browserKeys() {
  const ecdh = createECDH('prime256v1');
  const publicKey = ecdh.generateKeys();
  const auth = randomBytes(16);
  return { ecdh, keys: { p256dh: b64url(publicKey), auth: b64url(auth) } };
}

/** What a browser does with a push message (RFC 8291 §3–4, RFC 8188): its plaintext. */
function decryptAsBrowser(body: Buffer, b: ReturnType<typeof browserKeys>): string {
  const salt = body.subarray(0, 16);
  const idlen = body.readUInt8(20);
  const asPublic = body.subarray(21, 21 + idlen);
  const sealed = body.subarray(21 + idlen);
  const uaPublic = Buffer.from(b.keys.p256dh, 'base64url');
  const shared = b.ecdh.computeSecret(asPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), uaPublic, asPublic]);
  const ikm = Buffer.from(hkdfSync('sha256', shared, Buffer.from(b.keys.auth, 'base64url'), keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  const plain = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]);
  assert.equal(plain.at(-1), 2, 'one record, ended by the last-record delimiter');
  return plain.subarray(0, plain.length - 1).toString('utf8');
}

/** The push service's check of the VAPID header (RFC 8292 §2–3): a JWT signed by the key `k`, for its origin. */
function checkVapid(headers: IncomingHttpHeaders, origin: string, expectedKey: string): void {
  const m = /^vapid t=([\w-]+)\.([\w-]+)\.([\w-]+), k=([\w-]+)$/.exec(headers.authorization ?? '');
  assert.ok(m, `a vapid Authorization header: ${headers.authorization}`);
  const [, head, claims, signature, k] = m as unknown as [string, string, string, string, string];
  assert.equal(k, expectedKey, 'the key the page subscribed with');
  const raw = Buffer.from(k, 'base64url');
  const key = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: b64url(raw.subarray(1, 33)), y: b64url(raw.subarray(33, 65)) },
    format: 'jwk',
  });
  const ok = verify(
    'sha256',
    Buffer.from(`${head}.${claims}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  );
  assert.ok(ok, 'the JWT is signed with the VAPID key');
  const c = JSON.parse(Buffer.from(claims, 'base64url').toString()) as { aud: string; exp: number; sub: string };
  assert.equal(c.aud, origin, 'for the push service origin');
  assert.ok(c.exp * 1000 > Date.now() && c.exp * 1000 <= Date.now() + 24 * 3600_000, 'expires within 24 hours');
  assert.match(c.sub, /^(mailto|https):/, 'a contact');
  assert.equal(headers['content-encoding'], 'aes128gcm');
  assert.ok(Number(headers.ttl) > 0, 'a TTL');
}

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

describeEachDriver('web push to the reporter', (ctx) => {
  let app: App;
  let officer: Account;
  let pushService: Server;
  let origin = '';
  /** What browsers subscribe with: the peer's address, as https. */
  let httpsOrigin = '';
  const received: Received[] = [];
  /** Paths the push service says are gone (the browser unsubscribed): 410, or 404 for those under /push/unknown. */
  const gone = new Set<string>();

  before(async () => {
    app = await buildTestApp(ctx.db, {
      REPORTS_VAPID_PRIVATE_KEY: VAPID_KEY,
      REPORTS_VAPID_SUBJECT: 'mailto:phananh@hanoi.example',
    });
    officer = await accountWith(app, ['officer'], '');
    pushService = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '';
        if (gone.has(path)) {
          res.writeHead(path.startsWith('/push/unknown') ? 404 : 410).end();
          return;
        }
        received.push({ path, headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(201, { location: `${path}/message/${received.length}` }).end();
      });
    });
    await new Promise<void>((resolve) => pushService.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(pushService.address() as AddressInfo).port}`;
    httpsOrigin = origin.replace('http:', 'https:');
  });
  after(async () => {
    await app.http.close();
    await new Promise((resolve) => pushService.close(resolve));
  });

  /**
   * The job's work, run now: the module's push delivery over the app's database and outbound guard (or
   * another), each https endpoint of the local peer reached over HTTP.
   */
  const deliver = (outbound = app.broker.outbound, log = silentLog) => {
    const web = webPushSender(vapidFrom(VAPID_KEY, 'mailto:phananh@hanoi.example'), outbound);
    return new ReporterPush({
      db: ctx.db,
      personal: app.personalData,
      reports: app.modules.get(reportsModule),
      sender: {
        name: 'web-push to the local peer',
        push: (s, payload) => web.push({ ...s, endpoint: s.endpoint.replace(httpsOrigin, origin) }, payload),
      },
      baseUrl: 'http://localhost',
      log,
    }).deliver();
  };

  const inject = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, who?: Account) =>
    app.http.inject({ method, url, ...(payload ? { payload } : {}), ...(who ? { headers: who.auth } : {}) });

  const fileReport = async () => {
    const res = await inject('POST', BASE, {
      serviceCode: 'waste',
      location: [105.8522, 21.0287],
      description: 'Rác đổ trộm bên hồ',
      attributes: { kind: 'dumping' },
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json<{ id: string; token: string }>();
  };

  it('pushes each public step to the subscribed browser, encrypted to it and signed by the platform', async () => {
    const key = await inject('GET', `${BASE}/push/key`);
    assert.equal(key.statusCode, 200);
    const { publicKey } = key.json<{ publicKey: string }>();
    assert.equal(publicKey, vapidFrom(VAPID_KEY, 'mailto:x@y.example').publicKey, 'the configured key');

    const { id, token } = await fileReport();
    const browser = browserKeys();
    const endpoint = `${httpsOrigin}/push/browser-1`;
    const sub = await inject('POST', `${BASE}/follow/${token}/push`, { endpoint, keys: browser.keys, language: 'en' });
    assert.equal(sub.statusCode, 200, sub.body);

    // The endpoint names a browser: it is sealed in the database, never kept as it came.
    const stored = await ctx.db.query<{ endpoint: string }>(`SELECT endpoint FROM reports_push_subscription`);
    assert.ok(stored.rows.length > 0, 'a subscription kept');
    for (const row of stored.rows) assert.ok(!row.endpoint.includes('127.0.0.1'), 'the endpoint is sealed');

    assert.equal((await deliver()).delivered, 0, 'what the page already showed is not pushed');
    received.length = 0;
    assert.equal((await inject('POST', `${BASE}/${id}/receive`, {}, officer)).statusCode, 200);
    assert.equal((await inject('POST', `${BASE}/${id}/note`, { text: 'internal' }, officer)).statusCode, 200);
    const resolved = await inject('POST', `${BASE}/${id}/resolve`, { answer: 'Đã thu gom rác.' }, officer);
    assert.equal(resolved.statusCode, 200, resolved.body);
    const tally = await deliver();
    assert.equal(tally.delivered, 2, 'received and resolved; the internal note is not pushed');
    assert.equal(received.length, 2);
    const messages = received.map((r) => {
      assert.equal(r.path, '/push/browser-1');
      checkVapid(r.headers, origin, publicKey);
      return JSON.parse(decryptAsBrowser(r.body, browser)) as { title: string; body: string; url: string };
    });
    assert.match(messages[0]?.title ?? '', new RegExp(`${id} received`));
    assert.match(messages[1]?.title ?? '', new RegExp(`${id} resolved`));
    assert.match(messages[1]?.body ?? '', /Đã thu gom rác/, 'the public answer');
    assert.match(messages[1]?.url ?? '', new RegExp(`/citizen/#/report/${id}$`), "the report's page");
    assert.equal((await deliver()).delivered, 0, 'each step once');
  });

  it('pushes the outcome of the report a followed one was merged into', async () => {
    const target = await fileReport();
    const dup = await fileReport();
    const browser = browserKeys();
    const endpoint = `${httpsOrigin}/push/merged`;
    const sub = await inject('POST', `${BASE}/follow/${dup.token}/push`, {
      endpoint,
      keys: browser.keys,
      language: 'en',
    });
    assert.equal(sub.statusCode, 200, sub.body);
    assert.equal((await inject('POST', `${BASE}/${dup.id}/merge`, { into: target.id }, officer)).statusCode, 200);
    assert.equal((await inject('POST', `${BASE}/${target.id}/receive`, {}, officer)).statusCode, 200);
    const resolved = await inject('POST', `${BASE}/${target.id}/resolve`, { answer: 'Cleared.' }, officer);
    assert.equal(resolved.statusCode, 200, resolved.body);
    received.length = 0;
    assert.equal((await deliver()).delivered, 2, "the merge and the target's resolution, not its receipt");
    const bodies = received
      .filter((r) => r.path === '/push/merged')
      .map((r) => JSON.parse(decryptAsBrowser(r.body, browser)) as { title: string; body: string });
    assert.match(bodies[0]?.title ?? '', /merged into/);
    assert.match(
      bodies[1]?.body ?? '',
      new RegExp(`Report ${target.id}, which your report ${dup.id}.* has been resolved`),
    );
    assert.match(bodies[1]?.body ?? '', /Cleared\./);
  });

  it('drops a subscription the push service says is gone, and stops when the page asks', async () => {
    const { id, token } = await fileReport();
    const a = browserKeys();
    const b = browserKeys();
    const c = browserKeys();
    for (const [name, keys] of [
      ['gone', a.keys],
      ['stopped', b.keys],
      ['unknown', c.keys],
    ] as const) {
      const res = await inject('POST', `${BASE}/follow/${token}/push`, {
        endpoint: `${httpsOrigin}/push/${name}`,
        keys,
      });
      assert.equal(res.statusCode, 200, res.body);
    }
    const stop = await inject('DELETE', `${BASE}/follow/${token}/push`, { endpoint: `${httpsOrigin}/push/stopped` });
    assert.equal(stop.statusCode, 200, stop.body);
    assert.equal(stop.json<{ was: boolean }>().was, true);
    gone.add('/push/gone');
    gone.add('/push/unknown');
    received.length = 0;
    assert.equal((await inject('POST', `${BASE}/${id}/receive`, {}, officer)).statusCode, 200);
    const tally = await deliver();
    assert.equal(tally.gone, 2, '410 Gone and 404 Not Found (RFC 8030 §7.3)');
    assert.equal(tally.failed, 0, 'neither is tried again');
    assert.equal(received.length, 0, 'nothing to the browser that stopped');
    const left = await ctx.db.query(`SELECT 1 FROM reports_push_subscription WHERE report_id = $1`, [id]);
    assert.equal(left.rows.length, 0, 'all forgotten');
  });

  it('refuses an endpoint that is not https, or that the city may not reach, with a clear error', async () => {
    const { id, token } = await fileReport();
    const keys = browserKeys().keys;
    for (const [endpoint, why] of [
      [`${origin}/push/plain`, /https URL of a push service, not http:/],
      ['https://10.20.30.40/push/internal', /not a push service the city may reach/],
      ['https://[fd00::5]/push/internal', /not a push service the city may reach/],
    ] as const) {
      const res = await inject('POST', `${BASE}/follow/${token}/push`, { endpoint, keys });
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(problemOf(res).code, 'REPORTS_PUSH_SUBSCRIPTION_INVALID');
      assert.match(problemOf(res).detail ?? '', why);
    }
    const kept = await ctx.db.query(`SELECT 1 FROM reports_push_subscription WHERE report_id = $1`, [id]);
    assert.equal(kept.rows.length, 0);
  });

  it(`keeps at most ${MAX_BROWSERS_PER_REPORT} browsers per report: a further one takes the place of the oldest`, async () => {
    const { id, token } = await fileReport();
    const keys = browserKeys().keys;
    for (let k = 1; k <= MAX_BROWSERS_PER_REPORT + 3; k++) {
      const res = await inject('POST', `${BASE}/follow/${token}/push`, {
        endpoint: `${httpsOrigin}/push/cap-${k}`,
        keys,
      });
      assert.equal(res.statusCode, 200, res.body);
      // The first browser subscribes again: it is among the latest now.
      if (k === MAX_BROWSERS_PER_REPORT) {
        const again = await inject('POST', `${BASE}/follow/${token}/push`, {
          endpoint: `${httpsOrigin}/push/cap-1`,
          keys,
        });
        assert.equal(again.statusCode, 200, again.body);
      }
    }
    const kept = await ctx.db.query(`SELECT 1 FROM reports_push_subscription WHERE report_id = $1`, [id]);
    assert.equal(kept.rows.length, MAX_BROWSERS_PER_REPORT);
    received.length = 0;
    assert.equal((await inject('POST', `${BASE}/${id}/receive`, {}, officer)).statusCode, 200);
    await deliver();
    assert.deepEqual(
      received.map((r) => r.path).sort(),
      ['/push/cap-1', '/push/cap-5', '/push/cap-6', '/push/cap-7', '/push/cap-8'],
      'the latest, the one subscribed again among them',
    );
  });

  it('drops a subscription the outbound guard refuses, once, without trying it again', async () => {
    const { id, token } = await fileReport();
    const res = await inject('POST', `${BASE}/follow/${token}/push`, {
      endpoint: `${httpsOrigin}/push/refused`,
      keys: browserKeys().keys,
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal((await inject('POST', `${BASE}/${id}/receive`, {}, officer)).statusCode, 200);
    received.length = 0;
    const warnings: string[] = [];
    const log = Object.create(silentLog, {
      warn: { value: (_: unknown, message: string) => void warnings.push(message) },
    }) as typeof silentLog;
    // A guard allowing nothing but public addresses: the loopback peer is refused.
    const strict = new OutboundGuard({ allow: [] });
    const tally = await deliver(strict, log);
    assert.equal(tally.refused, 1);
    assert.equal(tally.failed, 0, 'not a failure to try again');
    assert.equal(received.length, 0);
    const left = await ctx.db.query(`SELECT 1 FROM reports_push_subscription WHERE report_id = $1`, [id]);
    assert.equal(left.rows.length, 0, 'dropped');
    assert.equal((await deliver(strict, log)).refused, 0, 'nothing left to try');
    assert.equal(warnings.filter((w) => /refused/.test(w)).length, 1, 'one warning, not one per try');
  });

  it('refuses what is not a browser subscription or a token, keeping nothing', async () => {
    const { token } = await fileReport();
    const before = (await ctx.db.query(`SELECT 1 FROM reports_push_subscription`)).rows.length;
    const good = browserKeys().keys;
    for (const body of [
      { endpoint: 'not a url', keys: good },
      { endpoint: 'ftp://push.example/x', keys: good },
      { endpoint: `${httpsOrigin}/push/x`, keys: { ...good, p256dh: b64url(randomBytes(65)) } },
      { endpoint: `${httpsOrigin}/push/x`, keys: { ...good, auth: b64url(randomBytes(8)) } },
    ]) {
      const res = await inject('POST', `${BASE}/follow/${token}/push`, body);
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(problemOf(res).code, 'REPORTS_PUSH_SUBSCRIPTION_INVALID');
    }
    const unknown = await inject('POST', `${BASE}/follow/not-a-token/push`, {
      endpoint: `${httpsOrigin}/p`,
      keys: good,
    });
    assert.equal(unknown.statusCode, 404);
    assert.equal((await ctx.db.query(`SELECT 1 FROM reports_push_subscription`)).rows.length, before);
  });
});
