import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { App } from '../src/app.js';
import { accountWith, buildTestApp, problemOf, type Account } from './support/app.js';
import { describeEachDriver } from './support/databases.js';

// The operations centre's one live stream: KPIs, alarms and warnings pushed on GET /api/v1/events
// beside the entity changes, each for the caller's tenant and only when the caller's role reads it.

interface Event {
  readonly event: string;
  readonly data: Record<string, unknown>;
}

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

  const open = async (query: string, who: Account): Promise<Stream> => {
    const controller = new AbortController();
    const res = await fetch(`${base}/api/v1/events?${query}`, { headers: who.auth, signal: controller.signal });
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
          const event = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) as Record<string, unknown> });
        }
      }
    })();
    return {
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
      assert.ok(!theirs.events.some((e) => JSON.stringify(e.data).includes(raised.id)));
      assert.ok(!ours.events.some((e) => JSON.stringify(e.data).includes(mine.id)));
      const snapshot = theirs.events.find((e) => e.event === 'alarms')?.data['alarms'] as AlarmBody[];
      assert.ok(snapshot.every((a) => !a.title.startsWith('Cháy') && !a.title.startsWith('Ngập tại phố')));
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
});
