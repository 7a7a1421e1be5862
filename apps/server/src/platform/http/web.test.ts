import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { webRoutes } from './web.js';

describe('serving the operations centre', () => {
  let dist: string;
  let app: FastifyInstance;
  before(async () => {
    dist = mkdtempSync(join(tmpdir(), 'thanglong-web-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Thang Long</title>');
    writeFileSync(join(dist, 'assets', 'app-1a2b.js'), 'console.log(1)');
    writeFileSync(join(dist, 'assets', 'app-1a2b.js.map'), '{"sources":["src/App.tsx"]}');
    app = Fastify();
    await app.register(webRoutes, { mapStyleUrl: undefined, dist: `${dist}/` });
    await app.ready();
  });
  after(async () => {
    await app.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves hashed assets for a year, and never a source map', async () => {
    const js = await app.inject({ method: 'GET', url: '/assets/app-1a2b.js' });
    assert.equal(js.statusCode, 200);
    assert.match(String(js.headers['cache-control']), /immutable/);
    const map = await app.inject({ method: 'GET', url: '/assets/app-1a2b.js.map' });
    assert.equal(map.statusCode, 404);
  });

  it('remembers no missing asset: one that appears later (a new build) is served', async () => {
    const before = await app.inject({ method: 'GET', url: '/assets/late-9z.js' });
    assert.equal(before.statusCode, 404);
    writeFileSync(join(dist, 'assets', 'late-9z.js'), 'console.log(2)');
    const later = await app.inject({ method: 'GET', url: '/assets/late-9z.js' });
    assert.equal(later.statusCode, 200);
  });
});
