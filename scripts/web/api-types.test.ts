import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { OpenAPI3 } from 'openapi-typescript';
import { API_TYPES, openApiDocument, renderApiTypes, staleness } from './api-types.js';

/** The web app's types of the API: made from the OpenAPI document, which describes every response. */

// The NGSI-LD API and the broker's own routes (context/) answer in NGSI-LD's terms, described apart.
const BROKER = [/^\/ngsi-ld\//, /^\/api\/v1\/context\//, /^\/api\/v1\/events$/];

describe('web API types', () => {
  let document: OpenAPI3;
  let wanted: string;
  const dir = mkdtempSync(join(tmpdir(), 'thanglong-api-types-test-'));
  before(async () => {
    document = await openApiDocument();
    wanted = await renderApiTypes(document);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('has a response schema for every answer of every route outside the broker', () => {
    const undescribed: string[] = [];
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      if (BROKER.some((b) => b.test(path))) continue;
      for (const [method, operation] of Object.entries(item as Record<string, { responses?: object }>)) {
        const responses = Object.entries(operation.responses ?? {}) as [string, { description?: string }][];
        // A route without a response schema gets only the generator's "Default Response".
        if (
          responses.length === 0 ||
          responses.some(([, r]) => r.description === 'Default Response' && !('content' in r))
        ) {
          undescribed.push(`${method.toUpperCase()} ${path}`);
        }
      }
    }
    assert.deepEqual(undescribed, []);
  });

  it('types what the web app reads from the document', () => {
    assert.match(wanted, /'\/api\/v1\/alarms\/\{id\}': \{/);
    assert.match(wanted, /kind: 'user' \| 'api-key';/);
  });

  it('finds the committed file up to date, and a stale or missing one out of date', () => {
    assert.equal(staleness(API_TYPES, wanted), undefined, 'run npm run web:api-types');
    const stale = join(dir, 'api-types.ts');
    writeFileSync(stale, wanted.replace('content: {', 'content?: {'));
    assert.match(staleness(stale, wanted) ?? '', /npm run web:api-types/);
    assert.match(staleness(join(dir, 'absent.ts'), wanted) ?? '', /npm run web:api-types/);
  });
});
