import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { silentLog } from '../../../test/support/databases.js';
import { OutboundGuard, parseAllowList } from '../../platform/outbound.js';
import { ContextResolver } from './contexts.js';
import { CORE_CONTEXT, CORE_CONTEXT_URLS } from './core-context.js';

const REFERENCE = new URL('../../../../../../shared/specs/ngsi-ld-core-context-v1.9.jsonld', import.meta.url);

describe('the built-in NGSI-LD core @context', () => {
  it('defines every term of the published v1.9 core context the same way', () => {
    const reference = (JSON.parse(readFileSync(REFERENCE, 'utf8')) as { '@context': Record<string, unknown> })[
      '@context'
    ];
    const ours = CORE_CONTEXT['@context'];
    assert.deepEqual(Object.keys(ours).sort(), Object.keys(reference).sort());
    for (const [term, definition] of Object.entries(reference)) {
      if (term === 'ngsildproof') continue; // kept without its remote scoped context, so no download is ever needed
      assert.deepEqual(ours[term], definition, term);
    }
  });

  it('is recognised under every published URL, without a download', () => {
    assert.ok(
      CORE_CONTEXT_URLS.has('https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld'),
      "CORE_CONTEXT_URLS.has('https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld')",
    );
    assert.ok(
      CORE_CONTEXT_URLS.has('https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld'),
      "CORE_CONTEXT_URLS.has('https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld')",
    );
    assert.ok(
      CORE_CONTEXT_URLS.has('https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.3.jsonld'),
      "CORE_CONTEXT_URLS.has('https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.3.jsonld')",
    );
  });
});

describe('@context resolution', () => {
  let server: Server;
  let base: string;
  let requests = 0;

  before(async () => {
    server = createServer((req, res) => {
      requests++;
      if (req.url === '/parking.jsonld') {
        res.setHeader('content-type', 'application/ld+json');
        res.end(
          JSON.stringify({
            '@context': {
              ParkingSpot: 'https://smartdatamodels.org/ParkingSpot',
              occupied: 'https://example.org/occupied',
            },
          }),
        );
      } else if (req.url === '/slow.jsonld') {
        setTimeout(() => res.end('{"@context":{}}'), 3000);
      } else if (req.url === '/huge.jsonld') {
        res.end(JSON.stringify({ '@context': { padding: 'x'.repeat(5000) } }));
      } else if (req.url === '/not-json.jsonld') {
        res.end('<html>');
      } else {
        res.statusCode = 404;
        res.end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.close();
    outbound.close();
  });

  // The test server listens on loopback, which only an operator's allow-list opens.
  const outbound = new OutboundGuard({ allow: parseAllowList('127.0.0.1') });
  const resolver = () =>
    new ContextResolver({ aliasesFile: undefined, fetchTimeoutMs: 500, maxBytes: 2048, log: silentLog, outbound });

  it('expands and compacts with the core context alone', async () => {
    const terms = await resolver().core();
    assert.equal(terms.expand('location'), 'https://uri.etsi.org/ngsi-ld/location');
    assert.equal(terms.expand('pm25'), 'https://uri.etsi.org/ngsi-ld/default-context/pm25');
    assert.equal(terms.expand('https://example.org/speed'), 'https://example.org/speed');
    assert.equal(terms.expand('ngsi-ld:observedAt'), 'https://uri.etsi.org/ngsi-ld/observedAt');
    assert.equal(terms.compact('https://uri.etsi.org/ngsi-ld/default-context/pm25'), 'pm25');
    assert.equal(terms.compact('https://uri.etsi.org/ngsi-ld/location'), 'location');
    assert.equal(terms.compact('https://example.org/speed'), 'https://example.org/speed');
  });

  it('downloads a remote context once and serves it from cache after', async () => {
    const r = resolver();
    const before = requests;
    const terms = await r.resolve(`${base}/parking.jsonld`);
    assert.equal(terms.expand('occupied'), 'https://example.org/occupied');
    assert.equal(terms.compact('https://smartdatamodels.org/ParkingSpot'), 'ParkingSpot');
    await r.resolve([`${base}/parking.jsonld`, 'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld']);
    assert.equal(requests - before, 1);
  });

  it('answers LdContextNotAvailable for a context that is missing, slow, too large or not JSON', async () => {
    for (const path of ['/missing.jsonld', '/slow.jsonld', '/huge.jsonld', '/not-json.jsonld']) {
      const started = Date.now();
      await assert.rejects(resolver().resolve(`${base}${path}`), (err: Error & { code?: string; status?: number }) => {
        assert.equal(err.code, 'LD_CONTEXT_NOT_AVAILABLE', `${path}: ${err.message}`);
        assert.equal(err.status, 503);
        return true;
      });
      assert.ok(Date.now() - started < 1500, `${path} failed fast`);
    }
  });

  it('rejects an inline context that is not JSON-LD, and a relative URL', async () => {
    await assert.rejects(resolver().resolve({ term: 42 }), { code: 'BAD_REQUEST_DATA' });
    await assert.rejects(resolver().resolve('contexts/mine.jsonld'), { code: 'BAD_REQUEST_DATA' });
  });
});
