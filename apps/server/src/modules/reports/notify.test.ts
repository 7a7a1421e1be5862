import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { OutboundGuard, parseAllowList } from '../../platform/outbound.js';
import { type ConfigError } from '../../platform/config.js';
import { testConfig } from '../../../test/support/app.js';
import type { PublicReport, ReportEvent } from './model.js';
import {
  memorySender,
  messageFor,
  NOTIFIED_EVENTS,
  ReporterDeliveryFailed,
  webhookSender,
  type ReporterMessage,
} from './notify.js';

const LINK = 'https://thanglong.example/reports/follow/tok_abc';

const report = (over: Partial<PublicReport> = {}): PublicReport => ({
  id: '2026-000123',
  serviceCode: 'road-damage',
  serviceName: 'Hư hỏng mặt đường, cầu, hè',
  state: 'received',
  status: 'open',
  description: 'Ổ gà lớn',
  agencyResponsible: 'Sở Xây dựng Hà Nội',
  requestedAt: '2026-12-04T02:00:00Z',
  updatedAt: '2026-12-04T03:00:00Z',
  expectedAt: '2026-12-18T10:00:00Z',
  media: [],
  ...over,
});

const event = (kind: ReportEvent['kind'], text?: string): ReportEvent => ({
  id: 'e1',
  reportId: '2026-000123',
  at: '2026-12-04T03:00:00Z',
  kind,
  state: 'received',
  public: true,
  ...(text === undefined ? {} : { text }),
});

describe("the reporter's messages", () => {
  it('says each public event in both languages, with the report and the link', () => {
    const kinds = [
      'submitted',
      'received',
      'asked',
      'transferred',
      'merged',
      'resolved',
      'rejected',
      'reopened',
    ] as const;
    for (const kind of kinds) {
      assert.ok(NOTIFIED_EVENTS.has(kind), kind);
      for (const language of ['vi', 'en'] as const) {
        const m = messageFor(event(kind, 'Nội dung'), report({ mergedInto: '2026-000100' }), language, LINK);
        assert.ok(m.subject.includes('2026-000123'), `${kind} ${language}: ${m.subject}`);
        assert.ok(m.text.includes('2026-000123') && m.text.endsWith(LINK), `${kind} ${language}: ${m.text}`);
      }
    }
    assert.ok(!NOTIFIED_EVENTS.has('note'), "!NOTIFIED_EVENTS.has('note')");
    const subjects = kinds.map((k) => messageFor(event(k), report(), 'vi', LINK).subject);
    assert.equal(new Set(subjects).size, subjects.length, 'each event says something of its own');
  });

  it('carries the answer, the question or the reason', () => {
    const resolved = messageFor(event('resolved', 'Đã vá xong ổ gà ngày 05/12.'), report(), 'vi', LINK);
    assert.equal(resolved.subject, 'Phản ánh 2026-000123 đã được giải quyết');
    assert.equal(
      resolved.text,
      [
        'Phản ánh 2026-000123 (Hư hỏng mặt đường, cầu, hè) đã được Sở Xây dựng Hà Nội giải quyết.',
        'Kết quả: Đã vá xong ổ gà ngày 05/12.',
        `Theo dõi: ${LINK}`,
      ].join('\n'),
    );
    const asked = messageFor(event('asked', 'Ổ gà ở số nhà nào?'), report(), 'en', LINK);
    assert.equal(asked.subject, 'Report 2026-000123: more information needed');
    assert.ok(asked.text.includes('Ổ gà ở số nhà nào?'), "asked.text.includes('Ổ gà ở số nhà nào?')");
    assert.ok(asked.text.startsWith('Hanoi Department of Construction needs more from you'), asked.text);
    const rejected = messageFor(event('rejected'), report({ statusNotes: 'Không thuộc địa bàn.' }), 'vi', LINK);
    assert.ok(rejected.text.includes('Lý do: Không thuộc địa bàn.'), 'the status notes when the event says nothing');
    const merged = messageFor(event('merged'), report({ mergedInto: '2026-000100' }), 'en', LINK);
    assert.equal(merged.subject, 'Report 2026-000123 merged into report 2026-000100');
    // A transfer names the department once: its reason is the reason alone.
    const moved = messageFor(
      event('transferred', 'UBND phường Nghĩa Đô: Địa điểm thuộc phường Nghĩa Đô.'),
      report({ agencyResponsible: 'UBND phường Nghĩa Đô' }),
      'vi',
      LINK,
    );
    assert.ok(moved.text.includes('đã được chuyển đến UBND phường Nghĩa Đô.'), moved.text);
    assert.ok(moved.text.includes('Lý do: Địa điểm thuộc phường Nghĩa Đô.'), moved.text);
    // A duplicate's reporter is told the outcome of the report it joined, in those words.
    const outcome = messageFor(
      event('resolved', 'Đã vá.'),
      report({ state: 'duplicate', mergedInto: '2026-000100' }),
      'vi',
      LINK,
    );
    assert.match(outcome.text, /^Phản ánh 2026-000100, nơi phản ánh 2026-000123 .* đã được giải quyết\./);
    assert.ok(outcome.text.includes('Kết quả: Đã vá.'), outcome.text);
  });

  it('gives the due time in Hanoi time, and speaks of questions as questions', () => {
    const received = messageFor(event('received'), report(), 'vi', LINK);
    assert.ok(received.text.includes('Hạn giải quyết: 17:00 ngày 18/12/2026.'), received.text);
    assert.ok(
      messageFor(event('received'), report(), 'en', LINK).text.includes('Due by 17:00, 18 Dec 2026.'),
      "messageFor(event('received'), report(), 'en', LINK).text.includes('Due by 17:00, 18 Dec 2026.')",
    );
    const q = report({
      serviceCode: 'question',
      serviceName: 'Hỏi đáp',
      agencyResponsible: 'Văn phòng UBND Thành phố Hà Nội',
    });
    assert.equal(messageFor(event('resolved'), q, 'vi', LINK).subject, 'Câu hỏi 2026-000123 đã được trả lời');
    assert.ok(
      messageFor(event('resolved'), q, 'en', LINK).text.includes("answered by Office of the Hanoi People's Committee"),
      "messageFor(event('resolved'), q, 'en', LINK).text.includes(\"answered by Office of the Hanoi People's Committee\")",
    );
  });

  it('keeps what it is given in memory', async () => {
    const sender = memorySender();
    const m: ReporterMessage = {
      tenant: '',
      reportId: 'r1',
      to: { email: 'a@b.vn' },
      language: 'vi',
      subject: 's',
      text: 't',
      link: LINK,
    };
    await sender.send(m);
    assert.deepEqual(sender.sent, [m]);
  });
});

describe("the reporters' webhook", () => {
  let server: Server;
  let base: string;
  let answer = 202;
  const received: { method?: string; url?: string; headers: IncomingHttpHeaders; body: string }[] = [];
  const allowed = new OutboundGuard({ allow: parseAllowList('127.0.0.1') });
  const guarded = new OutboundGuard({ allow: [] });

  before(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({
          method: req.method,
          url: req.url,
          headers: req.headers,
          body: Buffer.concat(chunks).toString(),
        });
        res.statusCode = answer;
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    allowed.close();
    guarded.close();
    await new Promise((r) => server.close(r));
  });

  const message: ReporterMessage = {
    tenant: 'hanoi',
    reportId: '2026-000123',
    to: { phone: '0912345678', email: 'dan@example.vn' },
    language: 'vi',
    subject: 'Phản ánh 2026-000123 đã được tiếp nhận',
    text: 'Phản ánh đã được tiếp nhận.',
    link: LINK,
  };

  it('POSTs the message as JSON to the gateway', async () => {
    received.length = 0;
    answer = 202;
    const sender = webhookSender(`${base}/sms?key=secret`, allowed, { headers: { authorization: 'Bearer t' } });
    assert.equal(sender.name, `webhook ${base}/sms`, 'the key in the query is not shown');
    await sender.send(message);
    assert.equal(received.length, 1);
    const [got] = received;
    assert.equal(got?.method, 'POST');
    assert.equal(got?.url, '/sms?key=secret');
    assert.equal(got?.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(got?.headers.authorization, 'Bearer t');
    assert.deepEqual(JSON.parse(got?.body ?? ''), message);
  });

  it('fails when the gateway does not take it, naming neither the reporter nor the key', async () => {
    answer = 500;
    const sender = webhookSender(`${base}/sms?key=secret`, allowed);
    await assert.rejects(sender.send(message), (err: unknown) => {
      assert.ok(err instanceof ReporterDeliveryFailed, 'err instanceof ReporterDeliveryFailed');
      assert.match(err.message, /HTTP 500/);
      assert.doesNotMatch(err.message, /0912345678|dan@example|secret/);
      return true;
    });
  });

  it('reaches no internal address the operator has not allowed', async () => {
    received.length = 0;
    await assert.rejects(webhookSender(`${base}/sms`, guarded).send(message), ReporterDeliveryFailed);
    assert.equal(received.length, 0);
  });

  it('refuses a webhook that is no http(s) URL', () => {
    assert.throws(() => webhookSender('mailto:a@b.vn', allowed), /http or https/);
    assert.throws(() => webhookSender('not a url', allowed), /not a URL/);
  });
});

describe("the reporters' sender at start", () => {
  it('refuses a webhook sender without its address, naming the setting', () => {
    assert.throws(
      () => testConfig({ REPORTS_SENDER: 'webhook' }),
      (e: ConfigError) => e.problems.some((p) => p.variable === 'REPORTS_WEBHOOK_URL'),
    );
    assert.doesNotThrow(() =>
      testConfig({ REPORTS_SENDER: 'webhook', REPORTS_WEBHOOK_URL: 'https://sms.hanoi.example/send' }),
    );
  });
});
