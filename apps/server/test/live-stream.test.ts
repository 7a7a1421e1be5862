import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { App } from '../src/app.js';
import { REPLAY_MAX_CHANGES } from '../src/context/notify/feed.js';
import { ConfigError } from '../src/platform/config.js';
import { accountWith, buildTestApp, problemOf, testConfig, type Account } from './support/app.js';
import { describeEachDriver } from './support/databases.js';

// The operations centre's one live stream: KPIs, alarms and warnings pushed on GET /api/v1/events
// beside the entity changes, each for the caller's tenant and only when the caller's role reads it.
// A client that reconnects gets its tenant's missed changes within the replay window only, and one
// caller holds a bounded number of streams.

interface Event {
  readonly id?: string | undefined;
  readonly event: string;
  readonly data: Record<string, unknown>;
}

/** Who opens a stream: an account's or an API key's headers. */
interface Caller {
  readonly auth: Record<string, string>;
}

const PROBE = 'https://uri.etsi.org/ngsi-ld/default-context/StreamProbe';

interface Stream {
  readonly events: Event[];
  until(what: string, found: (e: Event) => boolean): Promise<Event>;
  close(): Promise<void>;
}

interface Kpis {
  alarms: { open: Record<string, number>; unacknowledged: number };
}
interface AlarmBody {
  id: string;
  state: string;
  title: string;
}

describeEachDriver('the live stream of the operations centre', (ctx) => {
  let app: App;
  let anonymous: App;
  let operator: Account;
  let elsewhere: Account;
  let base: string;

  before(async () => {
    app = await buildTestApp(ctx.db);
    operator = await accountWith(app, ['operator'], '');
    elsewhere = await accountWith(app, ['operator'], 'hai-phong');
    await app.http.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.http.server.address() as { port: number }).port}`;
    anonymous = await buildTestApp(ctx.db, { AUTH_ANONYMOUS_READ: 'context' });
  });
  after(async () => {
    await app.http.close();
    await anonymous.http.close();
  });

  const open = async (query: string, who: Caller, lastEventId?: string): Promise<Stream> => {
    const controller = new AbortController();
    const res = await fetch(`${base}/api/v1/events?${query}`, {
      headers: { ...who.auth, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
      signal: controller.signal,
    });
    assert.equal(res.status, 200, await (res.ok ? Promise.resolve('') : res.text()));
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    const events: Event[] = [];
    let buffer = '';
    const pump = (async () => {
      for (;;) {
        const chunk: { value?: Uint8Array | undefined; done: boolean } = await reader
          .read()
          .catch(() => ({ value: undefined, done: true }));
        const { value, done } = chunk;
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let cut;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const id = /^id: (.+)$/m.exec(block)?.[1];
          const event = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (event && data) events.push({ id, event, data: JSON.parse(data) as Record<string, unknown> });
        }
      }
    })();
    const stream: Stream = {
      events,
      until: async (what, found) => {
        for (let waited = 0; ; waited += 20) {
          const hit = events.find(found);
          if (hit) return hit;
          if (waited > 20_000) throw new Error(`${what}: not on the stream (${JSON.stringify(events)})`);
          await new Promise((r) => setTimeout(r, 20));
        }
      },
      close: async () => {
        controller.abort();
        await pump;
      },
    };
    // Only once the stream says it is in place does a change written next come on it.
    await stream.until('the stream in place', (e) => e.event === 'open');
    return stream;
  };

  const raise = async (who: Account, title: string) => {
    const res = await app.http.inject({
      method: 'POST',
      url: '/api/v1/alarms',
      headers: who.auth,
      payload: { source: 'Chợ Đồng Xuân', severity: 'critical', title },
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json<AlarmBody>();
  };

  it('sends the KPIs, open alarms and warnings at once, then each alarm as it changes and the KPIs that moved', async () => {
    const stream = await open('feeds=kpis,alarms,warnings', operator);
    try {
      const first = await stream.until('the KPIs', (e) => e.event === 'kpis');
      const critical = (first.data as unknown as Kpis).alarms.open['critical'] ?? 0;
      await stream.until('the open alarms', (e) => e.event === 'alarms' && Array.isArray(e.data['alarms']));
      await stream.until('the warnings', (e) => e.event === 'warnings' && Array.isArray(e.data['warnings']));

      const raised = await raise(operator, 'Cháy tại chợ Đồng Xuân (diễn tập)');
      const event = await stream.until('the raised alarm', (e) => e.event === 'alarm' && e.data['id'] === raised.id);
      assert.equal(event.data['state'], 'active-unacknowledged');
      assert.equal(event.data['title'], 'Cháy tại chợ Đồng Xuân (diễn tập)');
      await stream.until(
        'the KPIs counting it',
        (e) => e.event === 'kpis' && (e.data as unknown as Kpis).alarms.open['critical'] === critical + 1,
      );

      const acknowledged = await app.http.inject({
        method: 'POST',
        url: `/api/v1/alarms/${raised.id}/acknowledge`,
        headers: operator.auth,
        payload: {},
      });
      assert.equal(acknowledged.statusCode, 200, acknowledged.body);
      await stream.until(
        'the acknowledged alarm',
        (e) => e.event === 'alarm' && e.data['id'] === raised.id && e.data['state'] === 'active-acknowledged',
      );
      // Feeds alone: no entity changes (the alarm's own entity among them) on this stream.
      assert.equal(stream.events.filter((e) => e.event === 'change').length, 0);
    } finally {
      await stream.close();
    }
  });

  it("never sends another tenant's alarms or figures", async () => {
    const ours = await open('feeds=kpis,alarms', operator);
    const theirs = await open('feeds=kpis,alarms', elsewhere);
    try {
      const before = await theirs.until('their KPIs', (e) => e.event === 'kpis');
      await theirs.until('their open alarms', (e) => e.event === 'alarms');
      assert.equal(((before.data as unknown as Kpis).alarms.open['critical'] ?? 0) >= 0, true);
      const raised = await raise(operator, 'Ngập tại phố Nguyễn Khuyến');
      await ours.until('our alarm', (e) => e.event === 'alarm' && e.data['id'] === raised.id);
      await ours.until('our KPIs', (e) => e.event === 'kpis' && ours.events.indexOf(e) > 0);
      const mine = await raise(elsewhere, 'Ngập tại cảng Hải Phòng');
      await theirs.until('their own alarm', (e) => e.event === 'alarm' && e.data['id'] === mine.id);
      assert.ok(
        !theirs.events.some((e) => JSON.stringify(e.data).includes(raised.id)),
        '!theirs.events.some((e) => JSON.stringify(e.data).includes(raised.id))',
      );
      assert.ok(
        !ours.events.some((e) => JSON.stringify(e.data).includes(mine.id)),
        '!ours.events.some((e) => JSON.stringify(e.data).includes(mine.id))',
      );
      const snapshot = theirs.events.find((e) => e.event === 'alarms')?.data['alarms'] as AlarmBody[];
      assert.ok(
        snapshot.every((a) => !a.title.startsWith('Cháy') && !a.title.startsWith('Ngập tại phố')),
        "snapshot.every((a) => !a.title.startsWith('Cháy') && !a.title.startsWith('Ngập tại phố'))",
      );
    } finally {
      await ours.close();
      await theirs.close();
    }
  });

  it('refuses a feed the role may not read, and names the feeds there are', async () => {
    // AUTH_ANONYMOUS_READ=context opens the stream of entity changes to anyone, not the alarms or KPIs.
    for (const feed of ['alarms', 'kpis']) {
      const res = await anonymous.http.inject({ method: 'GET', url: `/api/v1/events?feeds=${feed}` });
      assert.equal(res.statusCode, 403, res.body);
      assert.equal(problemOf(res).code, 'FORBIDDEN');
    }
    const unknown = await app.http.inject({
      method: 'GET',
      url: '/api/v1/events?feeds=gossip',
      headers: operator.auth,
    });
    assert.equal(unknown.statusCode, 400);
    assert.match(problemOf(unknown).detail, /"gossip" is not a feed: use .*alarms/);
  });

  /** Writes changes of StreamProbe entities straight into the change log, as the broker's trigger does. */
  const logChanges = async (tenant: string, ids: string[], at = 'now()') => {
    await ctx.db.query(
      `INSERT INTO ngsi_change (tenant, entity_id, kind, types, attrs, previous, at)
       SELECT $1, id, 'updated', ARRAY['${PROBE}'], '{}', '{}', ${at} FROM unnest($2::text[]) AS id`,
      [tenant, ids],
    );
  };
  let probes = 0;
  const probeIds = (n: number) => Array.from({ length: n }, () => `urn:ngsi-ld:StreamProbe:${process.pid}-${++probes}`);
  const changeOf = (id: string) => (e: Event) => e.event === 'change' && e.data['id'] === id;
  /** The position (event id) of a new change of `id`, as a client that saw it sends it back. */
  const positionOf = async (tenant: string, id: string): Promise<string> => {
    const stream = await open('type=StreamProbe', tenant === '' ? operator : elsewhere);
    try {
      // The stream starts at the newest change: one written after it opened comes live, with its id.
      await logChanges(tenant, [id]);
      const seen = await stream.until('the probe', changeOf(id));
      assert.ok(seen.id, 'a change carries its position');
      return seen.id;
    } finally {
      await stream.close();
    }
  };

  it("replays a reconnecting client's missed changes of its own tenant only", async () => {
    const [seen, ours, theirs] = probeIds(3) as [string, string, string];
    const last = await positionOf('', seen);
    await logChanges('hai-phong', [theirs]);
    await logChanges('', [ours]);
    const stream = await open('type=StreamProbe', operator, last);
    try {
      await stream.until('our missed change', changeOf(ours));
      const later = probeIds(1)[0] as string;
      await logChanges('', [later]);
      await stream.until('a live change after it', changeOf(later));
      assert.ok(!stream.events.some(changeOf(theirs)), "another tenant's change is never replayed");
      assert.ok(!stream.events.some(changeOf(seen)), 'what the client saw is not sent again');
      assert.ok(!stream.events.some((e) => e.event === 'missed'), "!stream.events.some((e) => e.event === 'missed')");
    } finally {
      await stream.close();
    }
  });

  it('starts a client from now, telling it it missed changes, when it is further behind than the replay window', async () => {
    const [recent, old] = probeIds(2) as [string, string];
    const oldPosition = await positionOf('', old);
    await ctx.db.query(
      `UPDATE ngsi_change SET at = now() - interval '20 minutes' WHERE tenant = '' AND entity_id = $1`,
      [old],
    );
    const recentPosition = await positionOf('', recent);
    // More of the tenant's changes after the position than one replay gives. A stream open meanwhile
    // sees them pass: the streams below start after them, so only a replay could send them.
    const observer = await open('type=StreamProbe', operator);
    const flood = probeIds(REPLAY_MAX_CHANGES + 1);
    await logChanges('', flood);
    await observer.until('the end of the flood', changeOf(flood.at(-1) as string));
    const cases: [string, string][] = [
      ['the start of the log', '0:0'],
      ['a change older than the window', oldPosition],
      [`more than ${REPLAY_MAX_CHANGES} changes behind`, recentPosition],
    ];
    for (const [what, lastEventId] of cases) {
      const stream = await open('type=StreamProbe', operator, lastEventId);
      try {
        const missed = await stream.until(`${what}: missed`, (e) => e.event === 'missed');
        assert.equal(missed.data['lastEventId'], lastEventId);
        assert.equal(missed.data['replayWindowSeconds'], 900);
        assert.equal(missed.data['replayMaxChanges'], REPLAY_MAX_CHANGES);
        assert.ok(missed.id, `${what}: the missed event carries where the stream starts`);
        const live = probeIds(1)[0] as string;
        await logChanges('', [live]);
        await stream.until(`${what}: a live change`, changeOf(live));
        const replayed = stream.events.filter((e) => e.event === 'change' && e.data['id'] !== live);
        assert.deepEqual(replayed, [], `${what}: nothing from before is replayed`);
      } finally {
        await stream.close();
      }
    }
    await observer.close();
  });

  it('sends a change too large for the stream abridged to its small attributes, to every page at once', async () => {
    const stream = await open('type=StreamProbe', operator);
    try {
      const [big] = probeIds(1) as [string];
      const at = (name: string) => `https://uri.etsi.org/ngsi-ld/default-context/${name}`;
      // A 1 MB array, as one write of the trial sent again and again.
      const samples = Array.from({ length: 100_000 }, (_, i) => `sample-${i}`);
      const attrs = {
        [at('status')]: [{ type: 'Property', value: 'open' }],
        [at('samples')]: [{ type: 'Property', value: samples }],
      };
      await ctx.db.query(
        `INSERT INTO ngsi_change (tenant, entity_id, kind, types, attrs, previous, at)
         VALUES ('', $1, 'updated', ARRAY['${PROBE}'], $2::jsonb, $2::jsonb, now())`,
        [big, JSON.stringify(attrs)],
      );
      const change = await stream.until('the large change', changeOf(big));
      assert.equal(change.data['abridged'], true);
      // Names outside the default context come compacted to a prefix: matched by their end.
      const named = (name: string) => Object.entries(change.data).find(([k]) => k.endsWith(name))?.[1];
      assert.equal(named('status'), 'open', 'its small attributes come');
      assert.equal(named('samples'), undefined, 'its large one does not');
    } finally {
      await stream.close();
    }
  });

  it('holds at most EVENT_STREAMS_PER_CALLER (8) streams of one API key; one more is 429 until one closes', async () => {
    assert.throws(() => testConfig({ EVENT_STREAMS_PER_CALLER: '0' }), ConfigError);
    const root = { kind: 'user' as const, id: 'test', name: 'test', roles: ['admin' as const], tenant: '*' };
    const keyOf = async (name: string): Promise<Caller> => {
      const { key } = await app.auth.createApiKey(root, { name, roles: ['viewer'], tenant: '' });
      return { auth: { 'x-api-key': key } };
    };
    const wall = await keyOf('Video wall');
    const other = await keyOf('Another integrator');
    const held: Stream[] = [];
    try {
      for (let i = 0; i < 8; i++) held.push(await open('type=StreamProbe', wall));
      const refused = await fetch(`${base}/api/v1/events?type=StreamProbe`, { headers: wall.auth });
      assert.equal(refused.status, 429);
      assert.match(String(refused.headers.get('content-type')), /^application\/problem\+json/);
      assert.ok(Number(refused.headers.get('retry-after')) > 0, 'Retry-After says when to try again');
      const problem = (await refused.json()) as { code: string; detail: string };
      assert.equal(problem.code, 'TOO_MANY_STREAMS');
      assert.match(problem.detail, /At most 8 event streams/);

      // Another key has streams of its own.
      held.push(await open('type=StreamProbe', other));

      // A stream the client closes gives its place back.
      await held.shift()?.close();
      for (let waited = 0; ; waited += 50) {
        const again = await fetch(`${base}/api/v1/events?type=StreamProbe`, { headers: wall.auth });
        if (again.status === 200) {
          await again.body?.cancel();
          break;
        }
        await again.body?.cancel();
        assert.equal(again.status, 429);
        if (waited > 5000) assert.fail('the closed stream never gave its place back');
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      for (const stream of held) await stream.close();
    }
  });
});
