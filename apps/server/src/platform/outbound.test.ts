import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from './config.js';
import {
  addressRange,
  OutboundGuard,
  OutboundRefused,
  OutboundUnresolved,
  parseAllowList,
  parseAllowRule,
  type Resolve,
} from './outbound.js';

describe('outbound requests: which addresses are internal', () => {
  const internal: [string, string][] = [
    ['127.0.0.1', 'loopback'],
    ['127.1.2.3', 'loopback'],
    ['2130706433', 'loopback'],
    ['0177.0.0.1', 'loopback'],
    ['0x7f.1', 'loopback'],
    ['0x7f000001', 'loopback'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['0', 'unspecified'],
    ['::', 'unspecified'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.10', 'private'],
    ['::ffff:192.168.1.10', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['fe80::1', 'linkLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['64:ff9b::7f00:1', 'rfc6052'],
    ['2002:7f00:1::', '6to4'],
    ['fec0::1', 'deprecatedSiteLocal'],
  ];
  for (const [text, range] of internal) {
    it(`${text} is ${range}`, () => assert.equal(addressRange(text), range));
  }

  it('public unicast addresses are public', () => {
    for (const text of [
      '8.8.8.8',
      '203.113.131.1',
      '14.160.0.1',
      '2001:4860:4860::8888',
      '172.32.0.1',
      '100.128.0.1',
    ]) {
      assert.equal(addressRange(text), 'public', text);
    }
  });

  it('a host name is no address', () => assert.equal(addressRange('receiver.example'), 'invalid'));
});

describe('outbound requests: OUTBOUND_ALLOW', () => {
  it('reads host names, host:port, addresses and networks', () => {
    assert.deepEqual(parseAllowRule('Receiver.Internal'), { kind: 'host', host: 'receiver.internal' });
    assert.deepEqual(parseAllowRule('receiver.internal:8443'), { kind: 'host', host: 'receiver.internal', port: 8443 });
    assert.deepEqual(parseAllowRule('10.20.0.0/16'), { kind: 'network', network: '10.20.0.0', prefix: 16 });
    assert.deepEqual(parseAllowRule('127.0.0.1'), { kind: 'network', network: '127.0.0.1', prefix: 32 });
    assert.deepEqual(parseAllowRule('[fd00::5]:1883'), {
      kind: 'network',
      network: 'fd00::5',
      prefix: 128,
      port: 1883,
    });
    assert.equal(parseAllowList(' a.example , ,10.0.0.0/8').length, 2);
  });

  it('refuses what is not a host, address or network', () => {
    for (const bad of ['http://x', 'a b', '10.0.0.0/99', 'host:0', 'host:70000']) {
      assert.throws(() => parseAllowRule(bad), Error, bad);
    }
  });
});

describe('outbound requests: configuration', () => {
  it('reads OUTBOUND_ALLOW at start and refuses a list it cannot read', () => {
    const config = loadConfig({ OUTBOUND_ALLOW: 'receiver.internal:8443, 10.20.0.0/16' });
    assert.equal(config.outbound.allow.length, 2);
    assert.deepEqual(loadConfig({}).outbound.allow, [], 'nothing internal by default');
    assert.throws(() => loadConfig({ OUTBOUND_ALLOW: 'http://receiver.internal/' }), /OUTBOUND_ALLOW/);
  });
});

describe('outbound requests: the guard', () => {
  // Names resolve through a stub: nothing leaves this machine.
  const names: Record<string, string[]> = {
    'public.example': ['203.0.114.7'],
    'metadata.example': ['169.254.169.254'],
    'mixed.example': ['203.0.114.7', '10.0.0.8'],
    'internal.example': ['10.1.2.3'],
    'loop.example': ['127.0.0.1'],
  };
  const resolve: Resolve = (hostname) => {
    const found = names[hostname];
    return found
      ? Promise.resolve(found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })))
      : Promise.reject(new Error('ENOTFOUND'));
  };
  const guard = (allow = '') => new OutboundGuard({ allow: parseAllowList(allow), resolve });
  const refused = (p: Promise<unknown>) => assert.rejects(p, OutboundRefused);

  it('refuses loopback, private, link-local and unspecified destinations in every spelling', async () => {
    for (const url of [
      'http://127.0.0.1:8080/health/ready',
      'http://2130706433/',
      'http://0177.0.0.1/',
      'http://0x7f.1/',
      'http://[::1]:8080/',
      'http://[::ffff:127.0.0.1]/',
      'http://0.0.0.0:8080/',
      'http://169.254.169.254/latest/meta-data/',
      'http://[fd00::1]/',
      'http://100.64.1.1/',
      'mqtt://2130706433/topic',
      'mqtt://0x7f.1:1883/topic',
      'mqtts://[::1]/topic',
      'http://metadata.example/',
      'http://internal.example/',
      'http://loop.example/',
      'http://mixed.example/',
      'http://unknown.example/',
      'ftp://public.example/',
      'file:///etc/passwd',
    ]) {
      await refused(guard().check(url));
    }
  });

  it('allows public destinations and pins the address it checked', async () => {
    const d = await guard().check('https://public.example/notify');
    assert.deepEqual([d.address, d.port, d.hostname], ['203.0.114.7', 443, 'public.example']);
    assert.equal((await guard().check('mqtt://public.example/t')).port, 1883);
  });

  it('lets the operator allow internal receivers by name, address, network and port', async () => {
    assert.equal((await guard('internal.example').check('http://internal.example/x')).address, '10.1.2.3');
    await guard('10.0.0.0/8').check('http://internal.example/x');
    await guard('10.1.2.3:8080').check('http://internal.example:8080/x');
    await refused(guard('10.1.2.3:8080').check('http://internal.example:9090/x'));
    await refused(guard('internal.example:8080').check('http://internal.example/x'));
    await guard('127.0.0.1').check('http://2130706433/');
    await guard('::1').check('http://[::1]:1883/');
    await refused(guard('10.0.0.0/8').check('http://127.0.0.1/'));
  });

  it('admits a destination called only later whose name does not resolve yet, never an internal one', async () => {
    // A context source: checked again (resolved) before every request made to it.
    await guard().admit('http://unknown.example:1026', { unresolvedLater: true });
    await refused(guard().admit('http://unknown.example:1026'));
    await refused(guard().admit('http://internal.example:1026', { unresolvedLater: true }));
    await refused(guard().admit('http://10.0.0.5:1026', { unresolvedLater: true }));
    await refused(guard().admit('ftp://unknown.example/', { unresolvedLater: true }));
    await refused(guard().check('http://unknown.example:1026'));
  });

  it("refuses this instance's own public address, unless allowed by name", async () => {
    const own = (allow = '') =>
      new OutboundGuard({ allow: parseAllowList(allow), resolve, self: 'https://public.example' });
    await refused(own().check('https://public.example/api/v1/users'));
    await refused(own().check('https://PUBLIC.example:443/iot/json'));
    await own().check('http://public.example:8443/elsewhere');
    await own('public.example').check('https://public.example/ngsi-ld/v1/notify');
  });

  it('admits a receiver whose name resolves to nothing yet, never one that resolves or is written internal', async () => {
    // Not registered yet or DNS down: accepted now; every request to it is checked again (below).
    const later = { unresolvedLater: true };
    await guard().admit('http://unknown.example/notify', later);
    await guard().admit('mqtt://unknown.example/hanoi/air', later);
    const nowhere = new OutboundGuard({ allow: [], resolve: () => Promise.resolve([]) });
    await nowhere.admit('https://empty.example/notify', later);
    await refused(nowhere.check('https://empty.example/notify'));
    for (const url of [
      'http://internal.example/',
      'http://loop.example/',
      'http://mixed.example/',
      'http://metadata.example/',
      'http://127.0.0.1/',
      'http://0x7f.1/',
      'http://[::1]/',
      'http://10.0.0.5/',
    ]) {
      await refused(guard().admit(url, later));
    }
    // A host that is no DNS name (escapes, a NUL) and the localhost names are never taken for names
    // that resolve later: refused now, without asking a resolver.
    for (const url of [
      'mqtt://%31%32%37.0.0.1/hanoi',
      'mqtt://127.0.0.1%00/hanoi',
      'mqtt://loc%61lhost/hanoi',
      'http://LocalHost./notify',
      'http://api.localhost/notify',
      'mqtt://localhost./hanoi',
    ]) {
      await refused(guard().admit(url, later));
    }
    // The check before each request still refuses the name while it does not resolve.
    await assert.rejects(guard().check('http://unknown.example/notify'), OutboundUnresolved);
    const own = new OutboundGuard({ allow: [], resolve, self: 'https://unknown.example' });
    await refused(own.admit('https://unknown.example/api/v1/users', later));
  });

  describe('requests', () => {
    let server: Server;
    let port: number;
    const hits: string[] = [];
    before(async () => {
      server = createServer((req, res) => {
        hits.push(`${req.method} ${req.url} ${req.headers.host}`);
        if (req.url === '/hop') {
          res.writeHead(302, { location: `http://127.0.0.1:${port}/health/ready` }).end();
        } else if (req.url === '/away') {
          res.writeHead(302, { location: 'http://internal.example/admin' }).end();
        } else if (req.url === '/loop') {
          res.writeHead(302, { location: '/loop' }).end();
        } else res.end('{"ok":true}');
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      port = (server.address() as AddressInfo).port;
    });
    after(() => server.close());

    const opts = { timeoutMs: 2000, maxBytes: 1024, maxRedirects: 3 };

    it('never connects to a refused destination', async () => {
      const before = hits.length;
      await refused(guard().request(`http://127.0.0.1:${port}/secret.json`, opts));
      await refused(guard().request(`http://loop.example:${port}/secret.json`, opts));
      assert.equal(hits.length, before);
    });

    it('connects to the checked address with the name in the Host header', async () => {
      const names2 = { ...names, 'receiver.test': ['127.0.0.1'] };
      const pinned = new OutboundGuard({
        allow: parseAllowList('receiver.test'),
        resolve: (h) =>
          Promise.resolve((names2[h as keyof typeof names2] ?? []).map((address) => ({ address, family: 4 }))),
      });
      const res = await pinned.request(`http://receiver.test:${port}/ok`, opts);
      assert.equal(res.status, 200);
      assert.equal(hits.at(-1), `GET /ok receiver.test:${port}`);
      pinned.close();
    });

    it('checks every redirect again and limits them', async () => {
      const allowed = guard('127.0.0.1');
      assert.equal((await allowed.request(`http://127.0.0.1:${port}/hop`, opts)).status, 200);
      await refused(allowed.request(`http://127.0.0.1:${port}/away`, opts));
      await assert.rejects(allowed.request(`http://127.0.0.1:${port}/loop`, opts), /too many redirects/);
      const noFollow = await allowed.request(`http://127.0.0.1:${port}/hop`, { ...opts, maxRedirects: 0 });
      assert.equal(noFollow.status, 302);
      allowed.close();
    });
  });
});
