import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { configSchema } from '../platform/config.js';
import { listMigrations } from '../platform/db/migrations.js';
import { checkModuleList, defineModule } from '../platform/modules.js';
import { alarmsModule } from './alarms/index.js';
import { environmentModule } from './environment/index.js';
import { cityModules } from './index.js';

/** The module list as a whole: what each module declares agrees with the rest of the city. */
describe('the city modules', () => {
  const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');
  const documented = new Set([...readme.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((m) => m[1] ?? ''));

  it('is a list the platform can load: unique names, every need listed', () => {
    checkModuleList(cityModules);
  });

  it('documents every module variable in the README, and only variables the code reads', () => {
    const read = new Set<string>(Object.keys(configSchema));
    for (const m of cityModules) {
      for (const name of Object.keys(m.config?.variables ?? {})) {
        read.add(name);
        assert.ok(documented.has(name), `${m.name}: ${name} has no row in the README's configuration table`);
      }
    }
    for (const name of documented) assert.ok(read.has(name), `the README documents ${name}, which nothing reads`);
  });

  it('owns migrations by name: every migration belongs to the core or to a listed module', () => {
    const owners = new Set(['platform', 'context', 'ingest', ...cityModules.map((m) => m.name)]);
    for (const m of listMigrations()) {
      const owner = m.name.split('_')[1] ?? '';
      assert.ok(owners.has(owner), `${m.name} belongs to "${owner}", neither the core nor a listed module`);
    }
  });

  it('refuses a list where a module misses one it needs', () => {
    assert.throws(() => checkModuleList([environmentModule, alarmsModule]), /needs the module warnings/);
    const twice = defineModule({ name: 'alarms', permissions: {}, create: () => ({ provides: null }) });
    assert.throws(() => checkModuleList([alarmsModule, twice]), /listed twice/);
  });
});
