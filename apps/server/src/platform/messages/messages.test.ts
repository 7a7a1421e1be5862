import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { App } from '../../app.js';
import { accountWith, buildTestApp, testConfig } from '../../../test/support/app.js';
import { describeEachDriver, silentLog } from '../../../test/support/databases.js';
import { ConfigError } from '../config.js';
import { OutboundGuard, parseAllowList } from '../outbound.js';
import {
  localSender,
  memorySender,
  MessageDeliveryFailed,
  Messages,
  webhookSender,
  type MessageSender,
  type OutgoingMessage,
  type PersonMessage,
} from './index.js';

const message = (over: Partial<PersonMessage> = {}): PersonMessage => ({
  tenant: '',
  to: { phone: '0912 345 678' },
  language: 'vi',
  subject: 'Mã xác thực hồ sơ H01.26-000001',
  text: 'Mã xác thực: 482915',
  topic: 'test.otp',
  secrets: ['482915'],
  ...over,
});

/** A gateway that refuses until told to take messages. */
function downThenUpSender(): MessageSender & { up: boolean; sent: OutgoingMessage[] } {
  const sender = {
    name: 'down-then-up',
    up: false,
    sent: [] as OutgoingMessage[],
    async send(m: OutgoingMessage) {
      if (!sender.up) throw new MessageDeliveryFailed('POST https://sms.example/send: HTTP 503');
      sender.sent.push(m);
    },
  };
  return sender;
}

describeEachDriver('messages to people', (ctx) => {
  let app: App;
  let clock: Date;
  const now = () => clock;
  const make = (sender: MessageSender) =>
    new Messages({ db: ctx.db, personal: app.personalData, sender, log: silentLog, now });
  let tenantCount = 0;
  /** Each test its own tenant, so outboxes do not mix. */
  const freshTenant = () => `msg${++tenantCount}`;
  /** Queues in a transaction of its own, the tenant's keys made first (as a module does). */
  const queued = async (messages: Messages, m: PersonMessage) => {
    await messages.prepare(m.tenant);
    await ctx.db.transaction((tx) => messages.queue(tx, m));
  };

  before(async () => {
    app = await buildTestApp(ctx.db);
    clock = new Date('2026-12-07T02:00:00Z');
  });
  after(async () => {
    await app.http.close();
  });

  it('sends nothing queued in a transaction that rolls back, and a committed one once', async () => {
    const tenant = freshTenant();
    const memory = memorySender();
    const messages = make(memory);
    await messages.prepare(tenant);
    await assert.rejects(
      ctx.db.transaction(async (tx) => {
        await messages.queue(tx, message({ tenant, text: 'rolled back' }));
        throw new Error('the decision failed');
      }),
    );
    await queued(messages, message({ tenant }));
    // Other tenants' messages of this database may be due too: count only this tenant's.
    await messages.deliver();
    const mine = memory.sent.filter((m) => m.tenant === tenant);
    assert.equal(mine.length, 1);
    assert.deepEqual(mine[0], {
      tenant,
      topic: 'test.otp',
      to: { phone: '0912 345 678' },
      language: 'vi',
      subject: 'Mã xác thực hồ sơ H01.26-000001',
      text: 'Mã xác thực: 482915',
    });
    await messages.deliver();
    assert.equal(memory.sent.filter((m) => m.tenant === tenant).length, 1, 'delivered once, not again');
    const [entry] = await messages.outbox(tenant);
    assert.ok(entry?.deliveredAt, 'entry?.deliveredAt');
    assert.equal(entry.sender, 'memory');
  });

  it('drains a backlog in one worker round: 300 messages sent, each person’s in the order queued', async () => {
    const tenant = freshTenant();
    // A gateway that answers some messages later than others (by ticks, not time), so people overtake each other.
    const sent: OutgoingMessage[] = [];
    const slow: MessageSender = {
      name: 'uneven',
      async send(m) {
        for (let i = 0; i < m.text.length % 7; i++) await new Promise((resolve) => setImmediate(resolve));
        sent.push(m);
      },
    };
    const messages = make(slow);
    await messages.prepare(tenant);
    await ctx.db.transaction(async (tx) => {
      for (let i = 0; i < 300; i++) {
        await messages.queue(tx, message({ tenant, to: { phone: `09120000${i % 12}` }, text: `${i}`, secrets: [] }));
      }
    });
    assert.equal((await messages.deliver()) >= 300, true);
    const mine = sent.filter((m) => m.tenant === tenant);
    assert.equal(mine.length, 300);
    for (let p = 0; p < 12; p++) {
      const theirs = mine.filter((m) => m.to.phone === `09120000${p}`).map((m) => Number(m.text));
      assert.deepEqual(
        theirs,
        [...theirs].sort((a, b) => a - b),
        `person ${p} in order`,
      );
    }
    const outbox = await messages.outbox(tenant, { limit: 500 });
    assert.equal(outbox.filter((e) => e.deliveredAt !== undefined).length, 300);
  });

  it('ends a round after a second of work, leaving the rest to the next', async () => {
    const tenant = freshTenant();
    // Each message takes the gateway 30 ms on the module's clock: a batch of 50 is past the second.
    const sent: OutgoingMessage[] = [];
    const messages = make({
      name: 'slow',
      async send(m) {
        clock = new Date(clock.getTime() + 30);
        sent.push(m);
      },
    });
    await messages.prepare(tenant);
    await ctx.db.transaction(async (tx) => {
      for (let i = 0; i < 120; i++) await messages.queue(tx, message({ tenant, text: `${i}`, secrets: [] }));
    });
    const mine = () => sent.filter((m) => m.tenant === tenant).length;
    await messages.deliver();
    assert.ok(mine() > 0 && mine() <= 50, `${mine()} in the first round`);
    await messages.deliver();
    await messages.deliver();
    assert.equal(mine(), 120);
  });

  it('marks a slow batch sent as it goes, and stops it before its lease ends: nothing sent twice', async () => {
    const tenant = freshTenant();
    // A gateway taking 2 s a message on the module's clock: one person's 40 would outlive the 60 s lease.
    const start = clock.getTime();
    const sentBy: Record<'first' | 'second', string[]> = { first: [], second: [] };
    const startedAt: number[] = [];
    let markedByTwelfth = -1;
    const gateway = (worker: 'first' | 'second'): MessageSender => ({
      name: `slow-${worker}`,
      async send(m) {
        if (m.tenant !== tenant) return;
        startedAt.push(clock.getTime());
        if (worker === 'first' && sentBy.first.length === 12) {
          markedByTwelfth = (await first.outbox(tenant, { limit: 100 })).filter((e) => e.deliveredAt).length;
        }
        clock = new Date(clock.getTime() + 2_000);
        sentBy[worker].push(m.text);
      },
    });
    const first = make(gateway('first'));
    await first.prepare(tenant);
    await ctx.db.transaction(async (tx) => {
      for (let i = 0; i < 40; i++) await first.queue(tx, message({ tenant, text: `${i}`, secrets: [] }));
    });
    await first.deliver();
    assert.ok(markedByTwelfth >= 10, `${markedByTwelfth} marked sent by the 12th send`);
    assert.ok(sentBy.first.length > 0 && sentBy.first.length < 40, `${sentBy.first.length} sent in the lease`);
    assert.ok(Math.max(...startedAt) < start + 60_000, 'no send started after the lease ended');
    // Another worker takes what was put back at once, and nothing the first one sent.
    const second = make(gateway('second'));
    for (let round = 0; round < 3; round++) {
      await second.deliver();
      clock = new Date(clock.getTime() + 61_000);
    }
    const all = [...sentBy.first, ...sentBy.second];
    assert.deepEqual(
      all.map(Number),
      Array.from({ length: 40 }, (_, i) => i),
      'each message once, in the order queued',
    );
  });

  it('holds a person’s later messages behind one the gateway refused, and sends other people’s', async () => {
    const tenant = freshTenant();
    const sent: OutgoingMessage[] = [];
    let refuseFirst = true;
    const messages = make({
      name: 'refuses-once',
      async send(m) {
        if (m.text === 'An 1' && refuseFirst) {
          refuseFirst = false;
          throw new MessageDeliveryFailed('POST https://sms.example/send: HTTP 503');
        }
        sent.push(m);
      },
    });
    await messages.prepare(tenant);
    for (const text of ['An 1', 'Bình 1', 'An 2', 'An 3', 'Bình 2']) {
      const phone = text.startsWith('An') ? '0912 111 111' : '0912 222 222';
      await queued(messages, message({ tenant, to: { phone }, text, secrets: [] }));
    }
    await messages.deliver();
    const texts = () => sent.filter((m) => m.tenant === tenant).map((m) => m.text);
    assert.deepEqual(texts(), ['Bình 1', 'Bình 2']);
    clock = new Date(clock.getTime() + 30_000);
    await messages.deliver();
    assert.deepEqual(texts(), ['Bình 1', 'Bình 2', 'An 1', 'An 2', 'An 3']);
    const attempts = (await messages.outbox(tenant)).map((e) => [e.text, e.attempts]);
    assert.deepEqual(attempts, [
      ['Bình 2', 1],
      ['An 3', 1],
      ['An 2', 1],
      ['Bình 1', 1],
      ['An 1', 2],
    ]);
  });

  it('keeps the contact, subject and text sealed in the table', async () => {
    const tenant = freshTenant();
    await queued(make(localSender), message({ tenant, to: { email: 'an@example.vn' } }));
    const { rows } = await ctx.db.query<Record<string, string>>(
      `SELECT recipient, subject, text, secrets FROM messages_outbox WHERE tenant = $1`,
      [tenant],
    );
    const stored = JSON.stringify(rows);
    for (const clear of ['an@example.vn', '482915', 'Mã xác thực']) assert.ok(!stored.includes(clear), clear);
  });

  it('tries a failed message again later, further apart each time, until the gateway takes it', async () => {
    const tenant = freshTenant();
    const gateway = downThenUpSender();
    const messages = make(gateway);
    await queued(messages, message({ tenant }));
    await messages.deliver();
    let [entry] = await messages.outbox(tenant);
    assert.equal(entry?.attempts, 1);
    assert.match(entry?.lastError ?? '', /HTTP 503/);
    assert.equal(entry?.deliveredAt, undefined);
    // Not due again before its backoff.
    clock = new Date(clock.getTime() + 10_000);
    await messages.deliver();
    [entry] = await messages.outbox(tenant);
    assert.equal(entry?.attempts, 1);
    clock = new Date(clock.getTime() + 30_000);
    await messages.deliver();
    [entry] = await messages.outbox(tenant);
    assert.equal(entry?.attempts, 2);
    // The second wait is longer (60 s): 40 s later it is still waiting.
    clock = new Date(clock.getTime() + 40_000);
    await messages.deliver();
    assert.equal((await messages.outbox(tenant))[0]?.attempts, 2);
    gateway.up = true;
    clock = new Date(clock.getTime() + 30_000);
    await messages.deliver();
    [entry] = await messages.outbox(tenant);
    assert.equal(entry?.attempts, 3);
    assert.ok(entry?.deliveredAt, 'entry?.deliveredAt');
    assert.equal(entry?.lastError, undefined);
    assert.equal(gateway.sent.filter((m) => m.tenant === tenant).length, 1);
  });

  it('does not send a message past its expiry (a one-time code no longer valid)', async () => {
    const tenant = freshTenant();
    const gateway = downThenUpSender();
    const messages = make(gateway);
    const expiresAt = new Date(clock.getTime() + 10 * 60_000).toISOString();
    await queued(messages, message({ tenant, expiresAt }));
    await messages.deliver();
    gateway.up = true;
    clock = new Date(clock.getTime() + 11 * 60_000);
    await messages.deliver();
    await messages.deliver();
    assert.equal(gateway.sent.filter((m) => m.tenant === tenant).length, 0);
    const [entry] = await messages.outbox(tenant);
    assert.match(entry?.lastError ?? '', /expired/);
  });

  it('masks contacts in the outbox; shows codes only when the outbox is the mailbox (local sender)', async () => {
    const tenant = freshTenant();
    const local = make(localSender);
    await queued(local, message({ tenant, to: { phone: '0912345678', email: 'an.nguyen@example.vn' } }));
    const [mailbox] = await local.outbox(tenant, { topic: 'test.otp' });
    assert.deepEqual(mailbox?.to, { phone: '09******78', email: 'a***@example.vn' });
    assert.equal(mailbox?.text, 'Mã xác thực: 482915');
    const [gatewayView] = await make(memorySender()).outbox(tenant);
    assert.equal(gatewayView?.text, 'Mã xác thực: ••••••');
    assert.deepEqual(await local.outbox(tenant, { topic: 'another.topic' }), []);
  });

  it('finds and erases a person’s messages for a data-subject request', async () => {
    const tenant = freshTenant();
    const messages = make(localSender);
    await queued(messages, message({ tenant, to: { phone: '+84 912 000 111' } }));
    const source = messages.personalDataSource();
    const index = await app.personalData.index('phone', '0912000111');
    const found = await source.find(tenant, { kind: 'phone', index });
    assert.equal(found.length, 1);
    assert.equal(found[0]?.values['phone'], '+84 912 000 111');
    assert.equal(await source.erase(tenant, found[0]?.id), 'erased');
    assert.deepEqual(await messages.outbox(tenant), []);
  });

  it('never gives a one-time code to a data-subject export, even with the local sender', async () => {
    const tenant = freshTenant();
    const messages = make(localSender);
    await queued(
      messages,
      message({ tenant, to: { phone: '0912 000 222' }, text: 'Mã xác thực hồ sơ: 875787', secrets: ['875787'] }),
    );
    const index = await app.personalData.index('phone', '0912000222');
    const found = await messages.personalDataSource().find(tenant, { kind: 'phone', index });
    assert.equal(found.length, 1);
    assert.equal(found[0]?.values['text'], 'Mã xác thực hồ sơ: ••••••');
    assert.ok(!JSON.stringify(found).includes('875787'), "!JSON.stringify(found).includes('875787')");
  });

  it('exports a person’s messages over HTTP without the code they were sent', async () => {
    const officer = await accountWith(app, ['officer']);
    await queued(
      app.messages,
      message({ to: { phone: '0912 000 333' }, text: 'Mã xác thực: 875787', secrets: ['875787'], topic: 'test.dsr' }),
    );
    const created = await app.http.inject({
      method: 'POST',
      url: '/api/v1/personal-data/requests',
      headers: officer.auth,
      payload: { kind: 'access', subject: { phone: '0912000333' } },
    });
    assert.equal(created.statusCode, 201, created.body);
    const exported = await app.http.inject({
      method: 'GET',
      url: `/api/v1/personal-data/requests/${created.json<{ id: string }>().id}/export`,
      headers: officer.auth,
    });
    assert.equal(exported.statusCode, 200, exported.body);
    const texts = exported.json<{ sources: Record<string, { text?: string }[]> }>().sources['messages'];
    assert.deepEqual(
      texts?.map((r) => r.text),
      ['Mã xác thực: ••••••'],
    );
    assert.ok(!exported.body.includes('875787'), "!exported.body.includes('875787')");
  });

  it('lists the outbox newest first by number, not as text (1000000000 before 999999999)', async () => {
    const tenant = freshTenant();
    const messages = make(localSender);
    for (const text of ['older', 'newer']) await queued(messages, message({ tenant, text, secrets: [] }));
    // Ids across a power of ten, as a long-running outbox reaches (9 and 10, 99 and 100, …).
    const { rows } = await ctx.db.query<{ id: string }>(
      `SELECT id::text AS id FROM messages_outbox WHERE tenant = $1 ORDER BY messages_outbox.id`,
      [tenant],
    );
    await ctx.db.query(`UPDATE messages_outbox SET id = 999999999 WHERE id = $1::bigint`, [rows[0]?.id]);
    await ctx.db.query(`UPDATE messages_outbox SET id = 1000000000 WHERE id = $1::bigint`, [rows[1]?.id]);
    const listed = await messages.outbox(tenant);
    assert.deepEqual(
      listed.map((m) => [m.id, m.text]),
      [
        ['1000000000', 'newer'],
        ['999999999', 'older'],
      ],
    );
  });

  it('serves the outbox to admins only (GET /api/v1/messages)', async () => {
    const admin = await accountWith(app, ['admin']);
    const officer = await accountWith(app, ['officer']);
    await queued(app.messages, message({ topic: 'test.route' }));
    const res = await app.http.inject({ method: 'GET', url: '/api/v1/messages?topic=test.route', headers: admin.auth });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json<{ sender: string; messages: { to: { phone?: string } }[] }>();
    assert.equal(body.sender, 'local');
    assert.equal(body.messages.length, 1);
    assert.equal(body.messages[0]?.to.phone, '09******78');
    const refused = await app.http.inject({ method: 'GET', url: '/api/v1/messages', headers: officer.auth });
    assert.equal(refused.statusCode, 403);
  });
});

describe('the webhook sender', () => {
  let server: Server;
  let url: string;
  const received: { body: unknown; contentType: string | undefined }[] = [];
  let status = 200;
  const outbound = new OutboundGuard({ allow: parseAllowList('127.0.0.1') });

  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ body: JSON.parse(body), contentType: req.headers['content-type'] });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/send?key=s3cret`;
  });
  after(async () => {
    outbound.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const outgoing: OutgoingMessage = {
    tenant: '',
    topic: 'services.otp',
    to: { email: 'an@example.vn' },
    language: 'en',
    subject: 'Code',
    text: 'Your code: 123456',
  };

  it('POSTs the message as JSON, and is named without its query', async () => {
    const sender = webhookSender(url, outbound);
    assert.ok(!sender.name.includes('s3cret'), "!sender.name.includes('s3cret')");
    await sender.send(outgoing);
    assert.deepEqual(received.at(-1)?.body, outgoing);
    assert.match(received.at(-1)?.contentType ?? '', /application\/json/);
  });

  it('fails on an answer other than 2xx, naming the gateway and not the person', async () => {
    status = 502;
    const err = await webhookSender(url, outbound)
      .send(outgoing)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    status = 200;
    assert.ok(err instanceof MessageDeliveryFailed, 'err instanceof MessageDeliveryFailed');
    assert.match(err.message, /HTTP 502/);
    assert.ok(
      !err.message.includes('an@example.vn') && !err.message.includes('s3cret'),
      "!err.message.includes('an@example.vn') && !err.message.includes('s3cret')",
    );
  });

  it('goes through the outbound guard: an internal address not allowed is refused', async () => {
    const guard = new OutboundGuard({ allow: [] });
    await assert.rejects(webhookSender(url, guard).send(outgoing), MessageDeliveryFailed);
    guard.close();
  });
});

describe('the messages settings', () => {
  const problemsOf = (env: Record<string, string>) => {
    try {
      testConfig(env);
      return [];
    } catch (err) {
      assert.ok(err instanceof ConfigError, 'err instanceof ConfigError');
      return err.problems.map((p) => p.variable);
    }
  };

  it('refuses a webhook sender without its URL, and a URL that no sender would use', () => {
    assert.deepEqual(problemsOf({ MESSAGES_SENDER: 'webhook' }), ['MESSAGES_WEBHOOK_URL']);
    assert.deepEqual(problemsOf({ MESSAGES_WEBHOOK_URL: 'https://sms.example/send' }), ['MESSAGES_WEBHOOK_URL']);
    assert.deepEqual(problemsOf({ MESSAGES_SENDER: 'webhook', MESSAGES_WEBHOOK_URL: 'https://sms.example/send' }), []);
    assert.deepEqual(testConfig().messages, { sender: 'local', webhookUrl: undefined });
  });
});
