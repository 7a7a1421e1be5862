import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { urlForLog } from './logging.js';

describe('request URLs in the log', () => {
  it("keeps devices' keys and reporters' follow tokens out", () => {
    assert.equal(urlForLog('/iot/json?k=secret&i=dev1'), '/iot/json?k=[redacted]&i=dev1');
    assert.equal(
      urlForLog('/api/v1/reports/follow/WeFSLIKJhvsPTKN1oZbf7yCuTgUf90tq/supplement'),
      '/api/v1/reports/follow/[redacted]/supplement',
    );
    assert.equal(
      urlForLog('/open311/v2/tokens/abc123.xml?jurisdiction_id=hanoi'),
      '/open311/v2/tokens/[redacted]?jurisdiction_id=hanoi',
    );
    assert.equal(urlForLog('/open311/v2/requests/2026-000001.json'), '/open311/v2/requests/2026-000001.json');
  });
});
