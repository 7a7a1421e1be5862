import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sharedInput } from './shared-input.js';

describe('inputs from outside the repository', () => {
  const missing = '/nonexistent/shared/specs/CAP-v1.2.xsd';

  it('skips a test that needs a missing input on a developer machine', () => {
    const input = sharedInput(missing, 'the CAP 1.2 schema', {});
    assert.equal(input.present, false);
    assert.match(input.options.skip ?? '', /CAP 1.2 schema is not at/);
  });

  it('fails it under CI instead of skipping it', () => {
    for (const CI of ['true', '1']) {
      const input = sharedInput(missing, 'the CAP 1.2 schema', { CI });
      assert.deepEqual(input.options, {});
      assert.throws(() => input.require(), /required under CI/);
    }
  });

  it('runs it when the input is there', () => {
    const input = sharedInput(fileURLToPath(import.meta.url), 'this file', { CI: 'true' });
    assert.deepEqual(input.options, {});
    input.require();
  });
});
