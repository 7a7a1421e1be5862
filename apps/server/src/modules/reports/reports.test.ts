import assert from 'node:assert/strict';
import { createECDH, randomBytes } from 'node:crypto';
import { after, before, it } from 'node:test';
import type { App } from '../../app.js';
import type { AppError } from '../../platform/errors.js';
import { describeEachDriver, silentLog } from '../../../test/support/databases.js';
import { accountWith, buildTestApp, problemOf, testConfig, type Account } from '../../../test/support/app.js';
import { ConfigError } from '../../platform/config.js';
import { alarmsModule } from '../alarms/index.js';
import { servicesModule } from '../services/index.js';
import {
  localSender,
  reportsModule,
  ReportsService,
  type PublicReport,
  type ReporterSender,
  type ReportEvent,
  type StaffReport,
} from './index.js';

/**
 * Citizen reports through their API, end to end: a citizen reports (checked, moderated, routed to its
 * department), officers receive, ask, take the reporter's answer, transfer, merge, resolve or reject,
 * each step allowed only from the right states; the reporter follows by the token; the contact is
 * personal data (masked, absent from the entity and the public views); a flood from one source is
 * refused; overdue reports raise an alarm; on-time rates count working hours across a weekend.
 */

const HOAN_KIEM: [number, number] = [105.8522, 21.0287]; // Hoàn Kiếm lake, west shore
const NEAR_HOAN_KIEM: [number, number] = [105.8527, 21.0289]; // some 55 m away
const SAI_GON: [number, number] = [106.7009, 10.7769];
const BASE = '/api/v1/reports';
const DUMPING = { kind: 'dumping' };
/** A real 1×1 PNG (signature, IHDR, IDAT, IEND). */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

interface Detail {
  report: StaffReport;
  events: ReportEvent[];
  duplicates: PublicReport[];
}

let address = 0;
/** Each report from its own address, so only the rate-limit test meets the limit. */
const nextAddress = () => `10.20.${Math.floor(++address / 250)}.${(address % 250) + 1}`;

describeEachDriver('citizen reports', (ctx) => {
  let app: App;
  let officer: Account;
  let viewer: Account;
  let admin: Account;

  before(async () => {
    app = await buildTestApp(ctx.db, {
      REPORTS_RATE_LIMIT: '3',
      REPORTS_PHOTOS_PER_HOUR: '9',
      REPORTS_PHOTO_MB_PER_HOUR: '40',
    });
    officer = await accountWith(app, ['officer'], '');
    viewer = await accountWith(app, ['viewer'], '');
    admin = await accountWith(app, ['admin'], '*');
  });
  after(async () => {
    await app.http.close();
  });

  /** The module's service on the test's database, with its own clock (and rate, and sender) for a test. */
  const serviceAt = (o: { now: () => Date; rateLimit?: number; photoBytesPerHour?: number; sender?: ReporterSender }) =>
    new ReportsService({
      db: ctx.db,
      context: app.broker.service,
      resolver: app.broker.resolver,
      personal: app.personalData,
      alarms: app.modules.get(alarmsModule),
      settings: {
        ...app.modules.get(reportsModule).settings,
        ...(o.rateLimit ? { rateLimit: o.rateLimit } : {}),
        ...(o.photoBytesPerHour ? { photoBytesPerHour: o.photoBytesPerHour } : {}),
      },
      log: silentLog,
      sender: o.sender ?? localSender,
      baseUrl: 'http://localhost',
      now: o.now,
    });
  const call = async (
    method: 'GET' | 'POST',
    url: string,
    payload?: Record<string, unknown>,
    who: Account | null = officer,
    remoteAddress?: string,
  ) => {
    const res = await app.http.inject({
      method,
      url,
      ...(who ? { headers: who.auth } : {}),
      ...(payload ? { payload } : {}),
      ...(remoteAddress ? { remoteAddress } : {}),
    });
    return { status: res.statusCode, body: res.body, res, json: <T>() => res.json<T>() };
  };
  const report = async (extra: Record<string, unknown> = {}, from = nextAddress()) => {
    const res = await call(
      'POST',
      BASE,
      {
        serviceCode: 'waste',
        location: HOAN_KIEM,
        description: 'Rác thải đổ trộm bên hồ, gọi tôi 0912 345 678',
        attributes: { kind: 'dumping' },
        contact: { phone: '0912345678', email: 'an.nguyen@example.com', firstName: 'An', lastName: 'Nguyễn' },
        ...extra,
      },
      null,
      from,
    );
    assert.equal(res.status, 201, res.body);
    return res.json<{ id: string; token: string; serviceNotice: string }>();
  };
  const detail = async (id: string, who: Account = officer) => {
    const res = await call('GET', `${BASE}/${id}`, undefined, who);
    assert.equal(res.status, 200, res.body);
    return res.json<Detail>();
  };
  /** Reads of a personal-data source recorded in the audit trail. */
  const audited = async (source: string) =>
    Number(
      (
        await ctx.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM audit_record WHERE action = 'personal-data.read' AND detail->>'source' = $1`,
          [source],
        )
      ).rows[0]?.n,
    );
  const step = async (id: string, path: string, body: Record<string, unknown> = {}, status = 200) => {
    const res = await call('POST', `${BASE}/${id}/${path}`, body);
    assert.equal(res.status, status, res.body);
    return res;
  };

  it('takes a report, queues it for its department, and goes receive → ask → supplement (by token) → resolve', async () => {
    const { id, token, serviceNotice } = await report();
    assert.match(id, /^\d{4}-\d{6}$/);
    assert.ok(token.length >= 22, 'at least 128 bits');
    assert.match(serviceNotice, /URENCO|Môi trường|trước/i);

    const queue = await call('GET', `${BASE}/queue?department=urenco`);
    assert.equal(queue.status, 200, queue.body);
    const queued = queue.json<{ reports: StaffReport[] }>().reports.find((r) => r.id === id);
    assert.ok(queued, 'in its department queue');
    assert.equal(queued.state, 'submitted');
    assert.equal(queued.departmentId, 'urenco');
    assert.notEqual(queued.contact.phone, '0912345678', 'the queue shows contacts masked');
    assert.ok(queued.clock.receiveBy && queued.clock.resolveBy, 'queued.clock.receiveBy && queued.clock.resolveBy');

    await step(id, 'receive');
    const again = await step(id, 'receive', {}, 409);
    assert.equal(problemOf(again.res).code, 'REPORTS_STATE');
    assert.match(problemOf(again.res).detail ?? '', /is received.*only when submitted/);

    await step(id, 'ask', { text: 'Xin gửi thêm ảnh chỗ đổ rác.' });
    const followed = await call('GET', `${BASE}/follow/${token}`, undefined, null);
    assert.equal(followed.status, 200, followed.body);
    const f = followed.json<{ report: PublicReport; events: ReportEvent[]; asked?: string }>();
    assert.equal(f.report.state, 'waiting');
    assert.equal(f.asked, 'Xin gửi thêm ảnh chỗ đổ rác.');
    assert.deepEqual(
      f.events.map((e) => e.kind),
      ['submitted', 'received', 'asked'],
    );
    assert.ok(
      f.events.every((e) => !('actor' in e)),
      'the public sees no officer names',
    );

    const paused = await detail(id);
    assert.equal(paused.report.clock.paused, true);

    const supplemented = await call(
      'POST',
      `${BASE}/follow/${token}/supplement`,
      { text: 'Rác ở góc phố Lê Thái Tổ.' },
      null,
    );
    assert.equal(supplemented.status, 200, supplemented.body);
    assert.equal(supplemented.json<{ report: PublicReport }>().report.state, 'received');
    const twice = await call('POST', `${BASE}/follow/${token}/supplement`, { text: 'Thêm nữa' }, null);
    assert.equal(twice.status, 409);

    await step(id, 'note', { text: 'Gọi đội thu gom khu vực.' });
    const resolved = await step(id, 'resolve', { answer: 'Đã thu gom xong.' });
    const r = resolved.json<{ report: StaffReport }>().report;
    assert.equal(r.state, 'resolved');
    assert.equal(r.status, 'closed');
    assert.equal(r.statusNotes, 'Đã thu gom xong.');
    assert.ok(r.clock.closedAt, 'r.clock.closedAt');

    const d = await detail(id);
    assert.deepEqual(
      d.events.map((e) => e.kind),
      ['submitted', 'received', 'asked', 'supplemented', 'note', 'resolved'],
    );
    assert.equal(d.events.find((e) => e.kind === 'note')?.public, false);
    const pub = await call('GET', `${BASE}/follow/${token}`, undefined, null);
    assert.ok(!pub.body.includes('Gọi đội thu gom'), 'an internal note stays internal');

    // The reporter is told of each public step, through the outbox (the local sender delivers by keeping).
    await app.modules.get(reportsModule).deliverMessages();
    const messages = await call('GET', `${BASE}/messages?reportId=${id}`, undefined, admin);
    assert.equal(messages.status, 200, messages.body);
    const sent = messages.json<{ messages: { eventKind: string; link: string; deliveredAt?: string }[] }>().messages;
    assert.deepEqual(sent.map((m) => m.eventKind).sort(), ['asked', 'received', 'resolved', 'submitted']);
    assert.ok(
      sent.every((m) => m.deliveredAt),
      'sent.every((m) => m.deliveredAt)',
    );
    assert.ok(
      sent.every((m) => m.link.endsWith(token)),
      'each message links to the follow page',
    );
    const forOfficer = await call('GET', `${BASE}/messages`, undefined, officer);
    assert.equal(forOfficer.status, 403);
  });

  it("keeps a report's timeline in order when its events' numbers gain a digit (99, then 100)", async () => {
    const { rows } = await ctx.db.query<{ last: number }>('SELECT COALESCE(max(id), 0) AS last FROM reports_event');
    // The next events are numbered just below a power of ten, so the report's own cross it.
    const next = 10 ** String(rows[0]!.last + 10).length - 2;
    await ctx.db.query(`SELECT setval('reports_event_id_seq', $1)`, [next - 1]);
    const { id } = await report();
    await step(id, 'receive');
    await step(id, 'note', { text: 'Đã cử người kiểm tra.' });
    const d = await detail(id);
    assert.deepEqual(
      d.events.map((e) => e.kind),
      ['submitted', 'received', 'note'],
      'in the order they happened, not as text',
    );
  });

  it('keeps the contact and the words as written out of public views and the entity; masked for a viewer', async () => {
    const { id, token } = await report();
    const asViewer = await detail(id, viewer);
    assert.notEqual(asViewer.report.contact.phone, '0912345678');
    assert.ok(asViewer.report.contact.phone, 'masked, not absent');
    assert.ok(
      !JSON.stringify(asViewer).includes('an.nguyen@example.com'),
      "!JSON.stringify(asViewer).includes('an.nguyen@example.com')",
    );
    assert.ok(
      !(asViewer.report.originalDescription ?? '').includes('0912'),
      "!(asViewer.report.originalDescription ?? '').includes('0912')",
    );
    const asOfficer = await detail(id, officer);
    assert.equal(asOfficer.report.contact.phone, '0912345678', 'officers call reporters back');
    assert.match(asOfficer.report.originalDescription ?? '', /0912 345 678/);
    // Moderated for the public: the phone number in the text is masked.
    assert.ok(
      !asOfficer.report.description.includes('0912 345 678'),
      "!asOfficer.report.description.includes('0912 345 678')",
    );

    const stored = await ctx.db.query<{ contact_phone: string; contact_email: string; original_description: string }>(
      `SELECT contact_phone, contact_email, original_description FROM reports_report WHERE id = $1`,
      [id],
    );
    assert.ok(!stored.rows[0]?.contact_phone.includes('0912'), 'stored sealed');
    assert.ok(!stored.rows[0]?.original_description.includes('0912'), 'the words stored sealed');

    const followed = await call('GET', `${BASE}/follow/${token}`, undefined, null);
    assert.doesNotMatch(followed.body, /0912|an\.nguyen|Nguyễn/);
    const nearby = await call(
      'GET',
      `${BASE}/nearby?lon=${HOAN_KIEM[0]}&lat=${HOAN_KIEM[1]}&service=waste`,
      undefined,
      null,
    );
    assert.equal(nearby.status, 200, nearby.body);
    assert.ok(
      nearby.json<{ reports: PublicReport[] }>().reports.some((r) => r.id === id),
      'nearby.json<{ reports: PublicReport[] }>().reports.some((r) => r.id === id)',
    );
    assert.doesNotMatch(nearby.body, /0912|an\.nguyen|Nguyễn/);

    const entity = await app.http.inject({
      method: 'GET',
      url: `/ngsi-ld/v1/entities/${encodeURIComponent(`urn:ngsi-ld:ServiceRequest:${id}`)}`,
      headers: admin.auth,
    });
    assert.equal(entity.statusCode, 200, entity.body);
    assert.match(entity.body, /waste/);
    assert.match(entity.body, /urenco/);
    assert.doesNotMatch(entity.body, /0912|an\.nguyen|Nguyễn|đổ trộm bên hồ/);
    await step(id, 'reject', { reason: 'Trùng với phản ánh khác.' });
  });

  it("finds a reporter's reports for a data-subject request, and erasure removes the contact and the words as written", async () => {
    const { id } = await report({
      contact: { phone: '0977 111 222', firstName: 'Bình' },
      description: 'Đèn đường hỏng trước nhà tôi',
    });
    const created = await call(
      'POST',
      '/api/v1/personal-data/requests',
      { kind: 'erasure', subject: { phone: '+84977111222' } },
      admin,
    );
    assert.equal(created.status, 201, created.body);
    const request = created.json<{ id: string }>().id;
    const exported = await call('GET', `/api/v1/personal-data/requests/${request}/export`, undefined, admin);
    assert.equal(exported.status, 200, exported.body);
    const found = exported.json<{ sources: Record<string, Record<string, string | null>[]> }>().sources[
      'reports-contacts'
    ];
    assert.deepEqual(
      found?.map((r) => [r['phone'], r['firstName'], r['originalDescription']]),
      [['0977 111 222', 'Bình', 'Đèn đường hỏng trước nhà tôi']],
    );
    const erased = await call('POST', `/api/v1/personal-data/requests/${request}/erase`, undefined, admin);
    assert.equal(erased.status, 200, erased.body);
    const d = await detail(id, admin);
    assert.deepEqual(d.report.contact, {});
    assert.equal(d.report.originalDescription, undefined);
    assert.equal(d.report.description, 'Đèn đường hỏng trước nhà tôi', 'the public text stays on the record');
    await step(id, 'reject', { reason: 'x' });
  });

  it("erases a reporter's browsers and the messages to them with their contact, and the audit trail counts them", async () => {
    const { id, token } = await report({
      contact: { phone: '0966 404 505' },
      description: 'Cống tắc trước ngõ',
    });
    const other = await report({ contact: { phone: '0966 404 506' } });
    // A browser's subscription as PushSubscription.toJSON() gives it: a P-256 public key and a 16-byte secret.
    const browser = () => ({
      endpoint: `https://push.example.net/send/${randomBytes(8).toString('hex')}`,
      keys: {
        p256dh: createECDH('prime256v1').generateKeys().toString('base64url'),
        auth: randomBytes(16).toString('base64url'),
      },
    });
    for (const t of [token, token, other.token]) {
      const subscribed = await call('POST', `${BASE}/follow/${t}/push`, browser(), null);
      assert.equal(subscribed.status, 200, subscribed.body);
    }
    await step(id, 'receive');
    const rowsOf = async (table: 'reports_outbox' | 'reports_push_subscription', report: string) =>
      Number(
        (await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE report_id = $1`, [report]))
          .rows[0]?.n,
      );
    const messagesBefore = await rowsOf('reports_outbox', id);
    assert.ok(messagesBefore >= 1, 'the receipt queued a message to the reporter');
    assert.equal(await rowsOf('reports_push_subscription', id), 2);

    const created = await call(
      'POST',
      '/api/v1/personal-data/requests',
      { kind: 'erasure', subject: { phone: '0966404505' } },
      admin,
    );
    assert.equal(created.status, 201, created.body);
    const request = created.json<{ id: string }>().id;
    const exported = await call('GET', `/api/v1/personal-data/requests/${request}/export`, undefined, admin);
    const sources = exported.json<{ sources: Record<string, Record<string, string | null>[]> }>().sources;
    assert.equal(sources['reports-push']?.length, 2, 'both browsers are in the export');
    assert.match(sources['reports-push']?.[0]?.['endpoint'] ?? '', /^https:\/\/push\.example\.net\/send\//);
    assert.equal(sources['reports-messages']?.length, messagesBefore);
    assert.match(sources['reports-messages']?.[0]?.['link'] ?? '', new RegExp(`#follow=${token}$`));

    const erased = await call('POST', `/api/v1/personal-data/requests/${request}/erase`, undefined, admin);
    assert.equal(erased.status, 200, erased.body);
    const result = erased.json<{ result: Record<string, { erased: number; anonymised: number }> }>().result;
    assert.deepEqual(
      [result['reports-messages'], result['reports-push'], result['reports-contacts']],
      [
        { erased: messagesBefore, anonymised: 0 },
        { erased: 2, anonymised: 0 },
        { erased: 0, anonymised: 1 },
      ],
    );
    assert.equal(await rowsOf('reports_push_subscription', id), 0, "the reporter's browsers are forgotten");
    assert.equal(await rowsOf('reports_outbox', id), 0, 'the messages to them (with the link) are gone');
    assert.equal(await rowsOf('reports_push_subscription', other.id), 1, "another reporter's browser stays");
    const { rows: audit } = await ctx.db.query<{ detail: Record<string, unknown> }>(
      `SELECT detail FROM audit_record WHERE action = 'personal-data.erase' AND target = $1`,
      [`request:${request}`],
    );
    assert.deepEqual(audit[0]?.detail['reports-push'], { erased: 2, anonymised: 0 }, 'the erasure is audited');

    // A step after the erasure queues no message: there is no one to send it to.
    await step(id, 'resolve', { answer: 'Đã thông cống.' });
    assert.equal(await rowsOf('reports_outbox', id), 0);
    await step(other.id, 'reject', { reason: 'x' });
  });

  it("keeps officers' words sealed: a note in clear only for handlers (audited), public texts masked for the public", async () => {
    const { id, token } = await report({ contact: { phone: '0955 123 456' } });
    await step(id, 'note', { text: 'Người dân báo thêm, phone 0901234567' });
    await step(id, 'ask', { text: 'Xin anh chị gọi 0911222333 để hẹn' });
    await step(id, 'supplement', { text: 'Tôi đã gọi.' });
    await step(id, 'level', { level: 'urgent', reason: 'Ông Bình 0933444555 báo nguy hiểm' });
    await step(id, 'resolve', { answer: 'Đã xử lý, liên hệ 0922333444 nếu còn' });

    const { rows } = await ctx.db.query<{ kind: string; text: string | null; text_sealed: string | null }>(
      `SELECT kind, text, text_sealed FROM reports_event WHERE report_id = $1 ORDER BY id`,
      [id],
    );
    assert.doesNotMatch(JSON.stringify(rows), /0901234567|0911222333|0933444555|0922333444/, 'no phone kept in clear');
    const note = rows.find((r) => r.kind === 'note');
    assert.equal(note?.text, null, 'an internal note has no public text');
    assert.match(note?.text_sealed ?? '', /^pd1:/, 'sealed');
    const stored = await ctx.db.query<{ status_notes: string }>(
      `SELECT status_notes FROM reports_report WHERE id = $1`,
      [id],
    );
    assert.equal(stored.rows[0]?.status_notes, 'Đã xử lý, liên hệ [số điện thoại] nếu còn');

    // The public: the follow page, Open311's request with its notes, and its updates.
    for (const url of [
      `${BASE}/follow/${token}`,
      `/open311/v2/requests/${id}.json?extensions=true`,
      `/open311/v2/servicerequestupdates.json?service_request_id=${id}`,
    ]) {
      const res = await call('GET', url, undefined, null);
      assert.equal(res.status, 200, res.body);
      assert.doesNotMatch(res.body, /0911222333|0922333444|0901234567|0933444555|Người dân báo thêm/, url);
      assert.match(res.body, /\[số điện thoại\]/, url);
    }

    const auditedBefore = await audited('reports-notes');
    const asOfficer = await detail(id);
    const said = (d: Detail, kind: string) => d.events.find((e) => e.kind === kind)?.text;
    assert.equal(said(asOfficer, 'note'), 'Người dân báo thêm, phone 0901234567', 'as written, for officers');
    assert.equal(said(asOfficer, 'asked'), 'Xin anh chị gọi 0911222333 để hẹn');
    assert.match(said(asOfficer, 'level') ?? '', /0933444555/);
    assert.equal(said(asOfficer, 'resolved'), 'Đã xử lý, liên hệ 0922333444 nếu còn');
    assert.equal(await audited('reports-notes'), auditedBefore + 1, "the officer's read is audited");
    const asViewer = await detail(id, viewer);
    assert.equal(said(asViewer, 'note'), '[hidden]', 'a viewer reads no note');
    assert.equal(
      said(asViewer, 'asked'),
      'Xin anh chị gọi [số điện thoại] để hẹn',
      'a viewer reads what the public reads',
    );
    assert.equal(await audited('reports-notes'), auditedBefore + 1, 'a masked read is no read of personal data');
  });

  it("seals officers' words kept in clear from before, masked meanwhile for the public and for viewers", async () => {
    const { id, token } = await report();
    await step(id, 'note', { text: 'x' });
    await step(id, 'reject', { reason: 'x' });
    // As the migration found them: written in clear, before the words were sealed.
    await ctx.db.query(
      `UPDATE reports_event SET in_clear = true, text_sealed = NULL,
              text = CASE kind WHEN 'note' THEN 'Ghi chú cũ 0901234567' ELSE 'Lý do cũ, gọi 0911222333' END
        WHERE report_id = $1 AND kind IN ('note', 'rejected')`,
      [id],
    );
    await ctx.db.query(`UPDATE reports_report SET status_notes = 'Lý do cũ, gọi 0911222333' WHERE id = $1`, [id]);
    const followed = await call('GET', `${BASE}/follow/${token}`, undefined, null);
    const events = followed.json<{ events: ReportEvent[] }>().events;
    assert.equal(events.find((e) => e.kind === 'rejected')?.text, 'Lý do cũ, gọi [số điện thoại]', 'masked on the way');
    const updates = await call(
      'GET',
      `/open311/v2/servicerequestupdates.json?service_request_id=${id}`,
      undefined,
      null,
    );
    assert.doesNotMatch(updates.body, /0911222333/);
    const asViewer = await detail(id, viewer);
    assert.equal(asViewer.events.find((e) => e.kind === 'note')?.text, '[hidden]');
    assert.equal((await detail(id)).events.find((e) => e.kind === 'note')?.text, 'Ghi chú cũ 0901234567');

    const reports = app.modules.get(reportsModule);
    let pass = await reports.sealWordsInClear({ batch: 100_000 });
    if (pass.sealed === 0) pass = await reports.sealWordsInClear({ batch: 100_000 });
    assert.ok(pass.sealed >= 2, `sealed ${pass.sealed}`);
    const { rows } = await ctx.db.query<{ kind: string; text: string | null; in_clear: boolean }>(
      `SELECT kind, text, in_clear FROM reports_event WHERE report_id = $1 AND kind IN ('note', 'rejected') ORDER BY id`,
      [id],
    );
    assert.deepEqual(rows, [
      { kind: 'note', text: null, in_clear: false },
      { kind: 'rejected', text: 'Lý do cũ, gọi [số điện thoại]', in_clear: false },
    ]);
    const status = await ctx.db.query<{ status_notes: string }>(
      `SELECT status_notes FROM reports_report WHERE id = $1`,
      [id],
    );
    assert.equal(status.rows[0]?.status_notes, 'Lý do cũ, gọi [số điện thoại]');
    const d = await detail(id);
    assert.equal(
      d.events.find((e) => e.kind === 'note')?.text,
      'Ghi chú cũ 0901234567',
      'still as written for officers',
    );
    assert.equal(d.events.find((e) => e.kind === 'rejected')?.text, 'Lý do cũ, gọi 0911222333');
  });

  it("audits a read of the outbox, and erasure ends the follow token and takes the officers' words", async () => {
    const { id, token } = await report({ contact: { phone: '0988 707 808' } });
    await step(id, 'receive');
    await step(id, 'note', { text: 'Chị ấy nhờ gọi 0988707808 buổi tối' });
    const before = await audited('reports-messages');
    const messages = await call('GET', `${BASE}/messages?reportId=${id}`, undefined, admin);
    assert.equal(messages.status, 200, messages.body);
    assert.match(messages.body, new RegExp(`#follow=${token}`));
    assert.equal(
      await audited('reports-messages'),
      before + 1,
      "the outbox's words and links are read as personal data",
    );

    const created = await call(
      'POST',
      '/api/v1/personal-data/requests',
      { kind: 'erasure', subject: { phone: '0988707808' } },
      admin,
    );
    const request = created.json<{ id: string }>().id;
    const exported = await call('GET', `/api/v1/personal-data/requests/${request}/export`, undefined, admin);
    const sources = exported.json<{ sources: Record<string, Record<string, string | null>[]> }>().sources;
    assert.deepEqual(
      sources['reports-notes']?.map((r) => r['text']),
      ['Chị ấy nhờ gọi 0988707808 buổi tối'],
    );
    const erased = await call('POST', `/api/v1/personal-data/requests/${request}/erase`, undefined, admin);
    assert.equal(erased.status, 200, erased.body);
    const result = erased.json<{ result: Record<string, { erased: number; anonymised: number }> }>().result;
    assert.deepEqual(result['reports-notes'], { erased: 0, anonymised: 1 });
    const note = await ctx.db.query<{ text: string | null; text_sealed: string | null }>(
      `SELECT text, text_sealed FROM reports_event WHERE report_id = $1 AND kind = 'note'`,
      [id],
    );
    assert.deepEqual(note.rows, [{ text: null, text_sealed: null }]);

    // The token goes with the contact: nothing more is added under it.
    const followed = await call('GET', `${BASE}/follow/${token}`, undefined, null);
    assert.equal(followed.status, 404, followed.body);
    const keys = {
      p256dh: createECDH('prime256v1').generateKeys().toString('base64url'),
      auth: randomBytes(16).toString('base64url'),
    };
    const push = await call('POST', `${BASE}/follow/${token}/push`, { endpoint: 'https://push.example/x', keys }, null);
    assert.equal(push.status, 404, push.body);
    await step(id, 'ask', { text: 'Xin thêm ảnh' });
    const supplement = await call('POST', `${BASE}/follow/${token}/supplement`, { text: '0988707808' }, null);
    assert.equal(supplement.status, 404, supplement.body);
    const token_ = await ctx.db.query<{ token_hash: string | null; token_sealed: string | null }>(
      `SELECT token_hash, token_sealed FROM reports_report WHERE id = $1`,
      [id],
    );
    assert.deepEqual(token_.rows, [{ token_hash: null, token_sealed: null }]);
    await step(id, 'reject', { reason: 'x' });
  });

  it('sends each message at least once: a failed sending is tried again later', async () => {
    let now = new Date('2026-12-09T02:00:00Z');
    let down = true;
    const got: string[] = [];
    const reports = serviceAt({
      now: () => now,
      sender: {
        name: 'gateway-down-then-up',
        send: async (m) => {
          if (down) throw new Error('gateway down');
          got.push(`${m.reportId} ${m.to.email ?? ''}`);
        },
      },
    });
    const tenant = 'outbox';
    const { id } = await reports.create(
      tenant,
      {
        serviceCode: 'waste',
        location: HOAN_KIEM,
        attributes: DUMPING,
        contact: { email: 'chi@example.com' },
        mediaUrls: [],
        mediaIds: [],
        channel: 'web',
        language: 'en',
      },
      { clientIp: 'b' },
    );
    // Other tests' messages are due too: this one is followed by its own row.
    const reader = {
      actor: { kind: 'system', id: null, name: 'test', roles: [] },
      roles: ['admin'],
      tenant,
      requestId: null,
    } as const;
    const mine = async () => (await reports.messages(tenant, { reportId: id, limit: 10 }, reader))[0];
    await reports.deliverMessages(500);
    assert.equal((await mine())?.attempts, 1);
    assert.equal((await mine())?.deliveredAt, undefined);
    assert.equal((await mine())?.lastError, 'gateway down');
    down = false;
    await reports.deliverMessages(500);
    assert.equal((await mine())?.deliveredAt, undefined, 'not tried again before its time');
    now = new Date(now.getTime() + 10 * 60_000);
    await reports.deliverMessages(500);
    assert.ok(got.includes(`${id} chi@example.com`), 'sent to the address the report holds');
    const message = await mine();
    assert.equal(message?.attempts, 2);
    assert.ok(message?.deliveredAt, 'message?.deliveredAt');
    assert.equal(message?.sender, 'gateway-down-then-up');
  });

  it('rejects with a reason, and nothing moves a closed report', async () => {
    const { id } = await report();
    const rejected = await step(id, 'reject', { reason: 'Không thuộc thẩm quyền.' });
    assert.equal(rejected.json<{ report: StaffReport }>().report.state, 'rejected');
    for (const [path, body] of [
      ['receive', {}],
      ['resolve', { answer: 'x' }],
      ['ask', { text: 'x' }],
      ['merge', { into: id }],
      ['transfer', { departmentId: 'csgt', reason: 'x' }],
    ] as const) {
      const res = await call('POST', `${BASE}/${id}/${path}`, body);
      assert.ok(res.status === 409 || res.status === 400, `${path}: ${res.body}`);
    }
    const res = await step(id, 'resolve', { answer: 'late' }, 409);
    assert.equal(problemOf(res.res).code, 'REPORTS_STATE');
    // A note is still taken on a closed report.
    await step(id, 'note', { text: 'Đã báo người phản ánh qua điện thoại.' });
  });

  it('merges a duplicate into an open report, and refuses a merge into a closed one', async () => {
    const first = await report();
    const second = await report({ location: NEAR_HOAN_KIEM });
    const d = await detail(second.id);
    assert.ok(
      d.duplicates.some((r) => r.id === first.id),
      'the open report nearby of the same service is proposed',
    );
    const merged = await step(second.id, 'merge', { into: first.id });
    const m = merged.json<{ report: StaffReport }>().report;
    assert.equal(m.state, 'duplicate');
    assert.equal(m.mergedInto, first.id);
    const target = await detail(first.id);
    assert.ok(
      target.events.some((e) => e.kind === 'note' && e.text?.includes(second.id)),
      "target.events.some((e) => e.kind === 'note' && e.text?.includes(second.id))",
    );

    const third = await report();
    await step(first.id, 'resolve', { answer: 'Đã xử lý.' });
    const refused = await step(third.id, 'merge', { into: first.id }, 409);
    assert.equal(problemOf(refused.res).code, 'REPORTS_MERGE_INVALID');
    const unknown = await step(third.id, 'merge', { into: '2000-999999' }, 404);
    assert.equal(problemOf(unknown.res).code, 'REPORTS_NOT_FOUND');
    await step(third.id, 'reject', { reason: 'x' });
  });

  it("routes a ward's matter to the ward's committee, and transfers to another department", async () => {
    const { id } = await report({
      serviceCode: 'noise',
      attributes: { source: 'karaoke', 'time-of-day': 'night' },
      description: 'Karaoke đến 1 giờ sáng',
    });
    const d = await detail(id);
    assert.match(d.report.departmentId, /^ward-\d{5}$/);
    assert.ok(d.report.wardName, 'd.report.wardName');
    assert.equal(d.report.level, 'normal');
    await step(id, 'receive');
    const unknown = await step(id, 'transfer', { departmentId: 'nowhere', reason: 'x' }, 400);
    assert.equal(problemOf(unknown.res).code, 'REPORTS_DEPARTMENT_UNKNOWN');
    const moved = await step(id, 'transfer', { departmentId: 'csgt', reason: 'Loa kéo trên đường.' });
    const t = moved.json<{ report: StaffReport }>().report;
    assert.equal(t.departmentId, 'csgt');
    assert.equal(t.state, 'submitted', 'the new department receives it');
    const queue = await call('GET', `${BASE}/queue?department=csgt`);
    assert.ok(
      queue.json<{ reports: StaffReport[] }>().reports.some((r) => r.id === id),
      'queue.json<{ reports: StaffReport[] }>().reports.some((r) => r.id === id)',
    );
    await step(id, 'reject', { reason: 'x' });
  });

  it('keeps a chain of duplicates pointing at the report that is answered', async () => {
    const a = await report();
    const b = await report();
    const c = await report();
    await step(a.id, 'merge', { into: b.id });
    await step(b.id, 'merge', { into: c.id });
    const followed = await call('GET', `${BASE}/follow/${a.token}`, undefined, null);
    assert.equal(followed.json<{ report: PublicReport }>().report.mergedInto, c.id, 'a follows c, which is open');
    await step(c.id, 'reject', { reason: 'x' });
  });

  it("tells a duplicate's reporter the outcome of the report it joined, and shows it where they follow theirs", async () => {
    const target = await report();
    const dup = await report({ location: NEAR_HOAN_KIEM, language: 'vi' });
    await step(dup.id, 'merge', { into: target.id });
    await step(target.id, 'resolve', { answer: 'Đã thu gom toàn bộ rác.' });
    await app.modules.get(reportsModule).deliverMessages();
    const messages = await call('GET', `${BASE}/messages?reportId=${dup.id}`, undefined, admin);
    const sent = messages.json<{ messages: { eventKind: string; text: string; link: string }[] }>().messages;
    assert.deepEqual(sent.map((m) => m.eventKind).sort(), ['merged', 'resolved', 'submitted']);
    const told = sent.find((m) => m.eventKind === 'resolved');
    assert.match(told?.text ?? '', new RegExp(`Phản ánh ${target.id}, nơi phản ánh ${dup.id} .* đã được giải quyết`));
    assert.match(told?.text ?? '', /Kết quả: Đã thu gom toàn bộ rác\./);
    assert.ok(told?.link.endsWith(dup.token), "the link is the duplicate reporter's own");

    const followed = await call('GET', `${BASE}/follow/${dup.token}`, undefined, null);
    const f = followed.json<{ report: PublicReport; outcome?: { report: PublicReport; events: ReportEvent[] } }>();
    assert.equal(f.report.state, 'duplicate');
    assert.equal(f.outcome?.report.id, target.id);
    assert.equal(f.outcome?.report.state, 'resolved');
    assert.equal(f.outcome?.report.statusNotes, 'Đã thu gom toàn bộ rác.');
    assert.ok(
      f.outcome?.events.some((e) => e.kind === 'resolved'),
      'the outcome among its public steps',
    );
    assert.ok(!followed.body.includes('0912'), "the target's reporter stays unseen");
  });

  it('gives one deadline everywhere after the calendar changes: the staff view, its clock, Open311 and the reporter', async () => {
    const { id, token } = await report();
    await step(id, 'receive');
    const before = (await detail(id)).report;
    // The deadline's own day (in Hanoi) becomes a holiday: the deadline moves a working day on.
    const day = new Date(Date.parse(before.clock.resolveBy ?? '') + 7 * 3600_000).toISOString().slice(0, 10);
    const restarted = await buildTestApp(ctx.db, { REPORTS_EXTRA_HOLIDAYS: day });
    try {
      const get = (url: string, who: Account | null = officer) =>
        restarted.http.inject({ method: 'GET', url, ...(who ? { headers: who.auth } : {}) });
      const staff = (await get(`${BASE}/${id}`)).json<Detail>().report;
      const due = staff.clock.resolveBy;
      assert.ok(due && Date.parse(due) > Date.parse(before.clock.resolveBy ?? ''), 'the holiday moves the deadline');
      assert.equal(staff.expectedAt, due, "the staff view's deadline is its clock's");
      const open311 = (await get(`/open311/v2/requests/${id}.json`, null)).json<{ expected_datetime: string }[]>();
      assert.equal(Date.parse(open311[0]?.expected_datetime ?? ''), Date.parse(due));
      const followed = (await get(`${BASE}/follow/${token}`, null)).json<{ report: PublicReport }>();
      assert.equal(followed.report.expectedAt, due, "the reporter's page");
    } finally {
      await restarted.http.close();
    }
    await step(id, 'reject', { reason: 'x' });
  });

  it('raises a traffic hazard of an accident to urgent; an officer may change the level', async () => {
    const { id } = await report({ serviceCode: 'traffic-hazard', attributes: { kind: 'accident' } });
    const d = await detail(id);
    assert.equal(d.report.level, 'urgent');
    assert.equal(d.report.departmentId, 'csgt');
    const lowered = await step(id, 'level', { level: 'normal', reason: 'Đã giải tỏa.' });
    assert.equal(lowered.json<{ report: StaffReport }>().report.level, 'normal');
    await step(id, 'level', { level: 'normal', reason: 'again' }, 409);
    await step(id, 'reject', { reason: 'x' });
  });

  it('refuses bad input and stores nothing: unknown service, missing answers, outside the city, unknown ids', async () => {
    const count = async () =>
      Number((await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM reports_report`)).rows[0]?.n);
    const before = await count();
    const post = (body: Record<string, unknown>) => call('POST', BASE, body, null, nextAddress());
    const unknown = await post({ serviceCode: 'dragons', location: HOAN_KIEM });
    assert.equal(unknown.status, 400);
    assert.equal(problemOf(unknown.res).code, 'REPORTS_SERVICE_UNKNOWN');
    const missing = await post({ serviceCode: 'noise', location: HOAN_KIEM });
    assert.equal(problemOf(missing.res).code, 'REPORTS_ATTRIBUTE_REQUIRED');
    const outside = await post({ serviceCode: 'waste', location: SAI_GON, attributes: DUMPING });
    assert.equal(outside.status, 400);
    assert.equal(problemOf(outside.res).code, 'REPORTS_LOCATION_OUTSIDE_CITY');
    const nowhere = await post({ serviceCode: 'waste', attributes: DUMPING });
    assert.equal(problemOf(nowhere.res).code, 'REPORTS_LOCATION_REQUIRED');
    const photo = await post({
      serviceCode: 'waste',
      location: HOAN_KIEM,
      attributes: DUMPING,
      mediaIds: ['00000000-0000-4000-8000-000000000000'],
    });
    assert.equal(problemOf(photo.res).code, 'REPORTS_MEDIA_UNKNOWN');
    assert.equal(await count(), before);

    const notFound = await call('GET', `${BASE}/2000-999999`);
    assert.equal(notFound.status, 404);
    assert.equal(problemOf(notFound.res).code, 'REPORTS_NOT_FOUND');
    assert.equal((await call('POST', `${BASE}/2000-999999/receive`)).status, 404);
    assert.equal((await call('GET', `${BASE}/follow/${'x'.repeat(32)}`, undefined, null)).status, 404);
    // A question to the city needs no place.
    await report({
      serviceCode: 'question',
      location: undefined,
      attributes: {},
      description: 'Khi nào sửa đường Láng?',
    });
    // A question without words, or an answer to a question the service does not ask: refused.
    const empty = await call(
      'POST',
      BASE,
      { serviceCode: 'question', attributes: {}, description: '  ' },
      null,
      nextAddress(),
    );
    assert.equal(problemOf(empty.res).code, 'REPORTS_TEXT_REQUIRED');
    const unasked = await call(
      'POST',
      BASE,
      { serviceCode: 'waste', location: HOAN_KIEM, attributes: { ...DUMPING, 'evil<b>': 'x' } },
      null,
      nextAddress(),
    );
    assert.equal(problemOf(unasked.res).code, 'REPORTS_ATTRIBUTE_INVALID');
  });

  it('takes a photo by its content, and refuses what is not one', async () => {
    const png = PNG;
    const up = await app.http.inject({
      method: 'POST',
      url: `${BASE}/media`,
      headers: { 'content-type': 'image/png' },
      payload: png,
    });
    assert.equal(up.statusCode, 201, up.body);
    const media = up.json<{ id: string; url: string }>();
    assert.match(media.url, /\/open311\/v2\/media\//);
    const fake = await app.http.inject({
      method: 'POST',
      url: `${BASE}/media`,
      headers: { 'content-type': 'image/jpeg' },
      payload: Buffer.from('<script>alert(1)</script>'),
    });
    assert.equal(fake.statusCode, 400);
    assert.equal(problemOf(fake).code, 'REPORTS_BAD_MEDIA');
    const { id } = await report({ mediaIds: [media.id] });
    const d = await detail(id);
    assert.deepEqual(
      d.report.media.map((m) => m.id),
      [media.id],
    );
    await step(id, 'reject', { reason: 'x' });
  });

  it('refuses photo budgets that do nothing: under one photo, or at what the count bounds already', () => {
    for (const [env, ok] of [
      [{ REPORTS_PHOTO_MB_PER_HOUR: '4' }, false],
      [{ REPORTS_PHOTOS_PER_HOUR: '4', REPORTS_PHOTO_MB_PER_HOUR: '20' }, false],
      [{ REPORTS_PHOTOS_PER_HOUR: '4', REPORTS_PHOTO_MB_PER_HOUR: '19' }, true],
      [{}, true],
    ] as const) {
      const made = (() => {
        try {
          return testConfig(env);
        } catch (err) {
          return err as ConfigError;
        }
      })();
      const refused =
        made instanceof ConfigError && made.problems.some((p) => p.variable === 'REPORTS_PHOTO_MB_PER_HOUR');
      assert.equal(refused, !ok, JSON.stringify(env));
    }
  });

  it('limits photo uploads per source, and deletes after a day the photos no report took', async () => {
    const png = PNG;
    const upload = (from: string) =>
      app.http.inject({
        method: 'POST',
        url: `${BASE}/media`,
        headers: { 'content-type': 'image/png' },
        payload: png,
        remoteAddress: from,
      });
    // REPORTS_PHOTOS_PER_HOUR is 9 here.
    const ids: string[] = [];
    for (let k = 0; k < 9; k++) {
      const up = await upload('10.98.0.1');
      assert.equal(up.statusCode, 201, up.body);
      ids.push(up.json<{ id: string }>().id);
    }
    const tenth = await upload('10.98.0.1');
    assert.equal(tenth.statusCode, 429, tenth.body);
    assert.equal(problemOf(tenth).code, 'REPORTS_PHOTO_BUDGET');
    assert.ok(Number(tenth.headers['retry-after']) > 0, 'says when');
    assert.equal((await upload('10.98.0.2')).statusCode, 201, 'another source is not held back');

    // The bytes an hour too, refused or kept: here three photos' worth.
    const byBytes = serviceAt({ now: () => new Date(), photoBytesPerHour: 3 * png.length });
    for (let k = 0; k < 3; k++) await byBytes.storeMedia('', png, { clientIp: '10.98.0.3' });
    await assert.rejects(
      byBytes.storeMedia('', png, { clientIp: '10.98.0.3' }),
      (e: AppError) => e.code === 'REPORTS_PHOTO_BUDGET' && /MB of photos/.test(e.message) && e.status === 429,
    );
    await byBytes.storeMedia('', png, { clientIp: '10.98.0.4' });
    const { id } = await report({ mediaIds: [ids[0]] });

    let now = new Date();
    const reports = serviceAt({ now: () => now });
    assert.equal(await reports.dropUnusedPhotos(), 0, 'a fresh upload may still be sent with its report');
    now = new Date(Date.now() + 25 * 3600_000);
    assert.ok((await reports.dropUnusedPhotos()) >= 8, '(await reports.dropUnusedPhotos()) >= 8');
    const photo = (m: string) => app.http.inject({ method: 'GET', url: `/open311/v2/media/${m}` });
    assert.equal((await photo(ids[0] as string)).statusCode, 200, 'the photo of a report stays');
    assert.equal((await photo(ids[1] as string)).statusCode, 404, 'an unused one is gone');
    await step(id, 'reject', { reason: 'x' });
  });

  it("imports another city's requests once, and shows public reports and updates as Open311 needs them", async () => {
    const rows = [
      {
        externalId: 'chicago-26-00012345',
        serviceCode: 'road-damage',
        status: 'closed',
        description: 'Pothole in the curb lane',
        requestedAt: '2026-11-02T14:00:00Z',
        updatedAt: '2026-11-04T10:00:00Z',
        lat: 41.8781,
        lon: -87.6298,
        statusNotes: 'Completed',
      },
      {
        externalId: 'chicago-26-00012346',
        serviceCode: '4fd3b656e750846c53000004',
        status: 'open',
        description: 'Street light out',
        requestedAt: '2026-11-03T09:00:00Z',
      },
    ];
    const first = await call('POST', `${BASE}/import`, { requests: rows }, admin);
    assert.equal(first.status, 200, first.body);
    assert.deepEqual(first.json(), { imported: 2, skipped: 0 });
    const again = await call('POST', `${BASE}/import`, { requests: rows }, admin);
    assert.deepEqual(again.json(), { imported: 0, skipped: 2 });
    assert.equal((await call('POST', `${BASE}/import`, { requests: rows })).status, 403, 'admins only');

    const reports = app.modules.get(reportsModule);
    const { id } = await report();
    await step(id, 'receive');
    const near = await reports.listPublic('', {
      near: { lon: HOAN_KIEM[0], lat: HOAN_KIEM[1], radiusM: 100 },
      status: 'open',
      limit: 500,
      offset: 0,
    });
    assert.ok(
      near.some((r) => r.id === id),
      'near.some((r) => r.id === id)',
    );
    assert.ok(
      near.every((r) => r.status === 'open'),
      "near.every((r) => r.status === 'open')",
    );
    const one = await reports.getPublic('', id);
    assert.ok(one.agencyResponsible.length > 0, 'one.agencyResponsible.length > 0');
    assert.doesNotMatch(JSON.stringify(one), /0912|an\.nguyen/);
    const updates = await reports.publicUpdates('', { ids: [id], limit: 10, offset: 0 });
    assert.deepEqual(
      updates.map((u) => [u.status, u.extendedStatus]),
      [
        ['open', 'OPEN'],
        ['open', 'IN_PROGRESS'],
      ],
    );
    await step(id, 'reject', { reason: 'x' });
  });

  it('refuses a flood of reports from one source with 429 and Retry-After', async () => {
    const from = '10.99.0.1';
    for (let k = 0; k < 3; k++) await report({}, from);
    const res = await call(
      'POST',
      BASE,
      { serviceCode: 'waste', location: HOAN_KIEM, attributes: DUMPING },
      null,
      from,
    );
    assert.equal(res.status, 429, res.body);
    assert.equal(problemOf(res.res).code, 'REPORTS_RATE_LIMITED');
    assert.ok(Number(res.res.headers['retry-after']) > 0, "Number(res.res.headers['retry-after']) > 0");
    // The wait in words a person reads: minutes (Retry-After stays in seconds for machines).
    assert.match(problemOf(res.res).detail ?? '', /\d+ (phút|minutes?)\b/);
    assert.doesNotMatch(problemOf(res.res).detail ?? '', /giây|\d+ s\b/);
    // Another source is not held back.
    await report({}, '10.99.0.2');
  });

  it('marks an overdue report (an event, the entity, an alarm), clears the alarm once received, and counts on-time rates across a weekend', async () => {
    // Friday 4 December 2026, 16:00 in Hà Nội (09:00 UTC): one working hour left that day.
    let now = new Date('2026-12-04T09:00:00Z');
    const reports = serviceAt({ now: () => now, rateLimit: 1000 });
    const tenant = 'weekend';
    const input = {
      serviceCode: 'waste',
      location: HOAN_KIEM,
      attributes: DUMPING,
      contact: {},
      mediaUrls: [],
      mediaIds: [],
      channel: 'web' as const,
      language: 'vi' as const,
    };
    const early = await reports.create(tenant, input, { clientIp: 'a' });
    const late = await reports.create(tenant, input, { clientIp: 'a' });

    // Monday 7 December, 09:00: two working hours since Friday 16:00 (the weekend does not count).
    now = new Date('2026-12-07T02:00:00Z');
    await reports.markOverdue();
    const received = await reports.receive(tenant, 'officer', early.id);
    assert.equal(received.clock.overdue, false);

    // Tuesday 8 December, 10:00: the other one is 1 + 8 + 2 = 11 working hours old, past its 8.
    now = new Date('2026-12-08T03:00:00Z');
    const marked = await reports.markOverdue();
    assert.ok(marked >= 1, 'marked >= 1');
    assert.equal(await reports.markOverdue(), 0, 'marked once');
    const source = encodeURIComponent(`urn:ngsi-ld:ServiceRequest:${late.id}`);
    const alarms = await call('GET', `/api/v1/alarms?source=${source}`, undefined, {
      ...admin,
      auth: { ...admin.auth, 'ngsild-tenant': tenant } as never,
    });
    assert.equal(alarms.status, 200, alarms.body);
    assert.equal(alarms.json<{ count: number }>().count, 1, alarms.body);
    // Which deadline it missed, for the operations centre to say in its reader's language.
    const [alarm] = alarms.json<{ alarms: { params: Record<string, unknown> | null }[] }>().alarms;
    assert.equal(alarm?.params?.['report'], late.id);
    assert.equal(alarm?.params?.['due'], 'receipt');
    const events = (
      await reports.detail(tenant, late.id, {
        actor: { kind: 'system', id: null, name: 't', roles: [] },
        roles: [],
        tenant,
        requestId: null,
      })
    ).events;
    assert.ok(
      events.some((e) => e.kind === 'overdue' && !e.public),
      "events.some((e) => e.kind === 'overdue' && !e.public)",
    );

    await reports.receive(tenant, 'officer', late.id);
    const cleared = await call('GET', `/api/v1/alarms?source=${source}&state=active`, undefined, {
      ...admin,
      auth: { ...admin.auth, 'ngsild-tenant': tenant } as never,
    });
    assert.equal(cleared.json<{ count: number }>().count, 0, 'cleared once received');

    // Both resolved on Tuesday at 11:00, within waste's two working days: only the receipt differs.
    now = new Date('2026-12-08T04:00:00Z');
    const first = await reports.resolve(tenant, 'officer', early.id, { answer: 'Đã thu gom.' });
    const second = await reports.resolve(tenant, 'officer', late.id, { answer: 'Đã thu gom.' });
    assert.equal(first.clock.onTime, true);
    assert.equal(second.clock.onTime, false, 'received late');
    const insight = await reports.insight(tenant, { from: '2026-12-01T00:00:00Z', to: '2026-12-09T00:00:00Z' });
    const row = insight.onTime.find((r) => r.department === 'urenco');
    assert.ok(row, JSON.stringify(insight));
    assert.equal(row.total, 2);
    assert.equal(row.closed, 2);
    assert.equal(row.onTime, 1);
    assert.equal(row.rate, 0.5);
    // Leaders read names beside the ids and codes, in both languages.
    assert.equal(row.departmentName.en, 'Hanoi Urban Environment Company (URENCO)');
    assert.ok(row.ward, 'a ward code');
    assert.match(row.wardName.vi, /^(Phường|Xã) /u);
    assert.ok(row.wardName.en && row.wardName.en !== row.ward, JSON.stringify(row));
    const backlogRow = insight.backlog[0];
    if (backlogRow) assert.notEqual(backlogRow.departmentName.en, backlogRow.department);
    for (const spot of insight.hotSpots) assert.ok(spot.wardNames.vi && spot.wardNames.en, JSON.stringify(spot));
  });

  it('keeps the clocks off over a public holiday: National Day 2026 (Wednesday 2 and Thursday 3 September)', async () => {
    // Tuesday 1 September 2026, 16:00 in Hà Nội: one working hour left that day, then two days off.
    let now = new Date('2026-09-01T09:00:00Z');
    const reports = serviceAt({ now: () => now, rateLimit: 1000 });
    const tenant = 'national-day';
    const made = await reports.create(tenant, {
      serviceCode: 'waste',
      location: HOAN_KIEM,
      attributes: DUMPING,
      contact: {},
      mediaUrls: [],
      mediaIds: [],
      channel: 'web',
      language: 'vi',
    });
    // 1 hour on Tuesday, none on the holidays, 7 on Friday: received by Friday 4 September, 16:00.
    now = new Date('2026-09-03T09:00:00Z');
    assert.equal(await reports.markOverdue(), 0, 'not overdue on the holiday');
    now = new Date('2026-09-04T08:30:00Z'); // Friday 15:30
    const received = await reports.receive(tenant, 'officer', made.id);
    assert.equal(received.clock.receiveBy, '2026-09-04T09:00:00.000Z');
    assert.equal(received.clock.overdue, false);
    const resolved = await reports.resolve(tenant, 'officer', made.id, { answer: 'Đã thu gom.' });
    assert.equal(resolved.clock.onTime, true, 'on time: the holiday did not count');
  });

  it("counts the receipt across New Year's Day 2027 (a Friday) and the weekend after it, on the calendar the public services' due dates use", async () => {
    assert.equal(
      app.modules.get(servicesModule).calendar,
      app.modules.get(reportsModule).calendar,
      "the public services' due dates and the reports' time limits are counted on one calendar",
    );
    // Thursday 31 December 2026, 16:00 in Hà Nội: one working hour that day; Friday 1 January is a holiday,
    // then Saturday and Sunday; the other seven hours run on Monday 4 January, 08:00–12:00 and 13:00–16:00.
    let now = new Date('2026-12-31T09:00:00Z');
    const reports = serviceAt({ now: () => now, rateLimit: 1000 });
    const tenant = 'new-year';
    const made = await reports.create(tenant, {
      serviceCode: 'waste',
      location: HOAN_KIEM,
      attributes: DUMPING,
      contact: {},
      mediaUrls: [],
      mediaIds: [],
      channel: 'web',
      language: 'vi',
    });
    const reader = {
      actor: { kind: 'system' as const, id: null, name: 'test', roles: [] },
      roles: ['officer' as const],
      tenant,
      requestId: null,
    };
    const clock = async () => (await reports.detail(tenant, made.id, reader)).report.clock;
    assert.equal((await clock()).receiveBy, '2027-01-04T09:00:00.000Z');
    // Other tests' reports may be overdue by then: this one's own clock is read, not the count marked.
    for (const at of ['2027-01-01T03:00:00Z', '2027-01-02T03:00:00Z', '2027-01-03T03:00:00Z']) {
      now = new Date(at);
      const c = await clock();
      assert.deepEqual([c.minutesLeft, c.overdue], [420, false], `on ${at}, a day off: seven working hours left`);
    }
    now = new Date('2027-01-04T08:59:00Z'); // Monday 15:59: one working minute left
    assert.deepEqual([(await clock()).minutesLeft, (await clock()).overdue], [1, false]);
    now = new Date('2027-01-04T09:01:00Z');
    await reports.markOverdue();
    assert.equal((await clock()).overdue, true, 'overdue after Monday 16:00');
    const events = (await reports.detail(tenant, made.id, reader)).events.map((e) => e.kind);
    assert.ok(events.includes('overdue'), `marked overdue on Monday, not before: ${events.join(', ')}`);
    await reports.reject(tenant, 'officer', made.id, 'x');
  });
});
