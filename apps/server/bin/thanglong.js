#!/usr/bin/env node
// The `thanglong` command runs the compiled server; `npm install` (or `npm run build`) compiles it.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('Thang Long is not built yet: run "npm install" or "npm run build" at the repository root.\n');
  process.exit(1);
}
await import(cli.href);
