import { existsSync } from 'node:fs';

/**
 * A test input kept outside the repository (the shared specifications and datasets). On a developer's
 * machine without it, the tests that need it are skipped, loudly; under CI (CI=true) its absence is a
 * failure, never a skip.
 */
export interface SharedInput {
  readonly present: boolean;
  /** Options for `describe`/`it`: a skip only outside CI. */
  readonly options: { skip?: string };
  /** Throws when the input is missing (under CI, where nothing is skipped). */
  require(): void;
}

export function sharedInput(path: string, what: string, env: NodeJS.ProcessEnv = process.env): SharedInput {
  const present = existsSync(path);
  const ci = env['CI'] === 'true' || env['CI'] === '1';
  const missing = `${what} is not at ${path}`;
  return {
    present,
    options: present || ci ? {} : { skip: missing },
    require() {
      if (!present) throw new Error(`${missing}; it is required under CI`);
    },
  };
}
