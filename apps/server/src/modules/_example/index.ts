import { parseEnum, variable } from '../../platform/config.js';
import { defineConfig, defineModule } from '../../platform/modules.js';
import { exampleRoutes } from './routes.js';
import { GreetingService, type Greeting } from './service.js';

/**
 * A module to copy. It is in no city until its definition is in the list in modules/index.ts; this
 * one is loaded by its own test only. To start a module: copy this folder to modules/<name>/, rename
 * `example` everywhere, add its variables to the README's table and its definition to the list.
 * Storage: SQL lives in the module's store.ts, on tables of its own made by migrations named
 * `migrations/<timestamp>_<name>_<what>.sql`. This module keeps nothing.
 */
export type { Greeting };

export interface ExampleSettings {
  readonly language: 'vi' | 'en';
}

export const exampleModule = defineModule({
  name: 'example',
  permissions: {
    // Every role may be greeted.
    'example:read': ['admin', 'operator', 'dispatcher', 'officer', 'viewer', 'monitor'],
  },
  config: defineConfig(
    {
      EXAMPLE_LANGUAGE: variable({
        doc: 'Language of the example greeting: vi or en',
        parse: parseEnum(['vi', 'en'] as const),
        fallback: 'vi',
      }),
    },
    (v): ExampleSettings => ({ language: v.EXAMPLE_LANGUAGE ?? 'vi' }),
  ),
  create({ settings }) {
    const greetings = new GreetingService(settings.language);
    return {
      // What other modules may use, through this index.ts and their `needs: { example: exampleModule }`.
      provides: greetings,
      async routes(app) {
        await app.register(exampleRoutes, { greetings });
      },
    };
  },
});
