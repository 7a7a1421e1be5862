import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ERRORS_DOC, renderErrorsDoc } from '../../../scripts/docs/errors.js';
import { errorCatalogue } from './error-catalogue.js';
import { cityModules } from './modules/index.js';
import { configSchema } from './platform/config.js';
import { VI_PROBLEMS } from './platform/http/problem-language.js';

const SOURCES = fileURLToPath(new URL('.', import.meta.url));

/** Codes of other software that the server reads (and maps to its own), never sends. */
const FOREIGN = new Set([
  'EAI_AGAIN', // Node's DNS
  'ERR_BUFFER_TOO_LARGE', // Node's zlib, past maxOutputLength
  'Z_BUF_ERROR', // Node's zlib, a stream that ends before its data does
  'ERR_HTTP_REQUEST_TIMEOUT', // Node's HTTP server
  'HPE_HEADER_OVERFLOW', // Node's HTTP parser
  'FST_ERR_MAX_PARAM_LENGTH', // Fastify
  'FST_MP_PREMATURE_CLOSE', // @fastify/multipart
  'FST_PROTO_VIOLATION',
  'OAUTH_INVALID_RESPONSE', // openid-client
  'OAUTH_JWT_CLAIM_COMPARISON_FAILED', // openid-client
  'VN_AQI', // the name of the index, in text
  'INCOMING_AT', // GTFS-Realtime's VehicleStopStatus names
  'STOPPED_AT',
  'IN_TRANSIT_TO',
  'IN_PROGRESS', // Open311's extended statuses (FixMyStreet's names)
  'NO_FURTHER_ACTION',
  // Not codes: how the demo hands its simulator process the units' key and what the centre has them
  // doing (set by the server, not settings).
  'THANGLONG_DEMO_UNITS_KEY',
  'THANGLONG_DEMO_UNITS_DOING',
]);

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

describe('the error catalogue', () => {
  const catalogue = errorCatalogue();
  const codes = new Set(catalogue.map((e) => e.code));
  const sources = sourceFiles(SOURCES).map((path) => ({ path, text: readFileSync(path, 'utf8') }));

  it('declares every code the sources can send, each once', () => {
    const variables = new Set([
      ...Object.keys(configSchema),
      ...cityModules.flatMap((m) => Object.keys(m.config?.variables ?? {})),
    ]);
    const missing: string[] = [];
    for (const { path, text } of sources) {
      for (const [, code] of text.matchAll(/'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g)) {
        if (code && !codes.has(code) && !variables.has(code) && !FOREIGN.has(code)) {
          missing.push(`${code} (${path.slice(SOURCES.length)})`);
        }
      }
    }
    assert.deepEqual(missing, [], 'codes sent but not in the catalogue: declare them where they are sent');
  });

  it('declares no code that nothing sends', () => {
    const all = sources.map((s) => s.text).join('\n');
    const stale = catalogue
      .filter((e) => !all.includes(`'${e.code}'`))
      // Ingestion's refusals are made from their reason: IOT_TOO_DEEP from 'too_deep'.
      .filter((e) => !(e.code.startsWith('IOT_') && all.includes(`'${e.code.slice(4).toLowerCase()}'`)))
      .map((e) => e.code);
    assert.deepEqual(stale, []);
  });

  it('gives every code a status and a description, and the NGSI-LD types the specification names', () => {
    for (const e of catalogue) {
      assert.ok(e.status >= 400 && e.status <= 599, `${e.code}: status ${e.status}`);
      assert.ok(e.when.length > 10, `${e.code}: says when it is sent`);
    }
    const ngsi = new Set(catalogue.flatMap((e) => (e.ngsiLd ? [e.ngsiLd] : [])));
    for (const type of [
      'InvalidRequest',
      'BadRequestData',
      'ResourceNotFound',
      'AlreadyExists',
      'LdContextNotAvailable',
    ]) {
      assert.ok(ngsi.has(type), type);
    }
  });

  it('words every code a request can meet in Vietnamese too', () => {
    // Those sent only at start reach no reader of a request; a refused request is worded field by field.
    const unworded = catalogue
      .filter((e) => !e.when.startsWith('at start:') && e.code !== 'VALIDATION_FAILED')
      .filter((e) => !VI_PROBLEMS[e.code])
      .map((e) => `${e.code} (${e.owner})`);
    assert.deepEqual(unworded, [], 'add their Vietnamese to platform/http/problem-language.ts');
  });

  it('is what docs/errors.md lists (npm run docs:errors makes it)', () => {
    const current = readFileSync(ERRORS_DOC, 'utf8');
    assert.equal(current, renderErrorsDoc(current), 'docs/errors.md is out of date: run npm run docs:errors');
  });
});
