import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { moduleBoundaryConfig } from './scripts/lint/module-boundaries.js';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/dist-test/**', 'data/**'] },
  js.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite', 'before', 'after'] },
          ],
        },
      ],
      '@typescript-eslint/require-await': 'off', // Fastify plugins and handlers are async by convention
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Without a message, a failing assert.ok makes Node 20 re-read and re-parse the test's source to word one;
      // in a file full of Vietnamese text that takes minutes, holding the runner past its limit with no report.
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[arguments.length<2]:matches([callee.object.name='assert'][callee.property.name='ok'], [callee.name='assert'])",
          message:
            'Give assert.ok a message (the second argument): Node 20 words a missing one by re-parsing the file.',
        },
      ],
    },
  },
  // Modules and the core talk to each other through their index.ts only (scripts/lint/module-boundaries.js).
  ...moduleBoundaryConfig,
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
  },
);
