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

  it("keeps an identity provider's authorization code and state out of the sign-on callbacks", () => {
    assert.equal(
      urlForLog('/api/v1/services/applicant/callback?code=abc&state=xyz&iss=http%3A%2F%2Fidp'),
      '/api/v1/services/applicant/callback?[redacted]',
    );
    assert.equal(urlForLog('/api/v1/auth/oidc/callback?code=abc&state=xyz'), '/api/v1/auth/oidc/callback?[redacted]');
    assert.equal(urlForLog('/api/v1/services/procedures?code=x'), '/api/v1/services/procedures?code=x');
  });
});
