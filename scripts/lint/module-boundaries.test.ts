import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { moduleBoundaryConfig } from './module-boundaries.js';

/** The module boundaries, checked by ESLint itself on code as a newcomer might write it. */

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  // The project's boundary blocks, with the TypeScript parser but without type information (fast).
  overrideConfig: [
    { files: ['**/*.ts', '**/*.tsx'], languageOptions: { parser: tseslint.parser } },
    ...moduleBoundaryConfig,
  ],
});

async function problemsOf(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('module boundaries (lint)', () => {
  it('is part of the project configuration', async () => {
    const file = new URL('../../eslint.config.js', import.meta.url).href;
    const config = (await import(file)) as { default: unknown[] };
    for (const block of moduleBoundaryConfig)
      assert.ok(config.default.includes(block), 'config.default.includes(block)');
  });

  it("fails on a module importing another module's store", async () => {
    const problems = await problemsOf(
      'apps/server/src/modules/environment/fixture.ts',
      "import { openConditions } from '../alarms/store.js';\nexport const x = openConditions;\n",
    );
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0] ?? '', /thanglong\/module-boundaries: Only modules\/alarms\/ itself uses its store/);
  });

  it("fails on a test reaching into another module's store, and on the platform naming a module", async () => {
    assert.equal(
      (
        await problemsOf(
          'apps/server/test/fixture.test.ts',
          "import * as s from '../src/modules/alarms/store.js';\nvoid s;\n",
        )
      ).length,
      1,
    );
    assert.equal(
      (
        await problemsOf(
          'apps/server/src/platform/fixture.ts',
          "import { alarmsModule } from '../modules/alarms/index.js';\nvoid alarmsModule;\n",
        )
      ).length,
      1,
    );
  });

  it('fails on any file but index.ts of a module or of the core, from outside', async () => {
    for (const [file, source] of [
      ['apps/server/src/modules/kpis/fixture.ts', '../alarms/service.js'],
      ['apps/server/src/modules/kpis/fixture.ts', '../../context/service.js'],
      ['apps/server/src/app.ts', './ingest/pipeline.js'],
      ['apps/server/src/context/notify/fixture.ts', '../../ingest/registry.js'],
    ] as const) {
      const problems = await problemsOf(file, `import { x } from '${source}';\nvoid x;\n`);
      assert.equal(problems.length, 1, `${file} → ${source}`);
    }
  });

  it('lets a module use its own files, and others only through their index.ts', async () => {
    const ok = await problemsOf(
      'apps/server/src/modules/environment/fixture.ts',
      [
        "import * as store from './store.js';",
        "import { alarmsModule } from '../alarms/index.js';",
        "import { Notifier } from '../../context/index.js';",
        "import { AppError } from '../../platform/errors.js';",
        'void [store, alarmsModule, Notifier, AppError];',
      ].join('\n'),
    );
    assert.deepEqual(ok, []);
  });

  it("fails on a store naming another unit's table; its own tables are its to name", async () => {
    const kpis = await problemsOf(
      'apps/server/src/modules/kpis/store.ts',
      [
        'export const q = `SELECT count(*) FROM ngsi_entity e JOIN iot_device d ON d.entity_id = e.id`;',
        "export const r = 'SELECT 1 FROM alarm';",
      ].join('\n'),
    );
    assert.equal(kpis.length, 2, kpis.join('\n'));
    assert.match(kpis[0] ?? '', /ngsi_entity \(context\), iot_device \(ingest\)/);
    assert.match(kpis[1] ?? '', /alarm \(alarms\)/);
    const own = 'export const q = `SELECT 1 FROM ngsi_entity JOIN ngsi_attr_instance USING (tenant)`;';
    assert.deepEqual(await problemsOf('apps/server/src/context/measure-store.ts', own), []);
    // Outside a store (a service's text, a test's fixture) the import rules are the guard.
    assert.deepEqual(await problemsOf('apps/server/src/modules/kpis/service.ts', own), []);
  });

  it('lets the web app import nothing of the server, not even types', async () => {
    const web = 'apps/web/src/fixture.ts';
    for (const code of [
      "import type { Alarm } from '../../server/src/modules/alarms/index.js';\n",
      "import { alarmsModule } from '../../server/src/modules/alarms/index.js';\n",
      "import type { Alarm } from '../../server/src/modules/alarms/model.js';\n",
      "import type { Config } from '../../server/src/platform/config.js';\n",
      "export type { Kpis } from '../../server/src/modules/kpis/index.js';\n",
      "import type { App } from '@thanglong/server/src/app.js';\n",
    ]) {
      const problems = await problemsOf(web, code);
      assert.equal(problems.length, 1, code);
      assert.match(problems[0] ?? '', /api-types\.ts/);
    }
    assert.deepEqual(await problemsOf(web, "import type { paths } from './api-types.js';\n"), []);
  });
});
