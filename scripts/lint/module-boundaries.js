// The module boundaries of Thang Long, as an ESLint rule and the configuration that applies it.
//
// A unit is a city module (apps/server/src/modules/<name>/) or a part of the core with a public
// surface (apps/server/src/context/, apps/server/src/ingest/). Import paths are resolved against the
// importing file, so every spelling of a path is judged the same way:
//   - from outside a unit, only its index.ts may be imported (tests may import more, for set-ups);
//   - a unit's store.ts (its SQL) is imported from inside the unit only, tests included;
//   - a unit's store names no table another unit owns (the owner is in the migration's file name);
//   - platform/ names no module;
//   - the web app (apps/web/src) imports no server file, not even as types: its types of the API are
//     generated from the OpenAPI document (scripts/web/api-types.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SERVER_SRC = ['apps', 'server', 'src'].join('/');

const posix = (path) => path.split(sep).join('/');

/** The unit a path (relative to the repository root, posix) belongs to: "modules/x", "context", "ingest". */
function unitOf(path) {
  if (!path.startsWith(`${SERVER_SRC}/`)) return undefined;
  const inside = path.slice(SERVER_SRC.length + 1).split('/');
  if (inside[0] === 'modules' && inside.length > 2) return `modules/${inside[1]}`;
  if ((inside[0] === 'context' || inside[0] === 'ingest') && inside.length > 1) return inside[0];
  return undefined;
}

const isIndex = (path, unit) => /^index\.(js|ts)$/.test(path.slice(`${SERVER_SRC}/${unit}/`.length));
const isStore = (path) => /(^|\/)([a-z0-9-]+-)?store\.(js|ts)$/.test(path);
const isTest = (path) =>
  /\.test\.tsx?$/.test(path) || path.startsWith('apps/server/test/') || path.startsWith('apps/web/test/');

let owners;
/** Table → the area owning it ("context", "ingest", "platform" or a module's name), from the migrations. */
function tableOwners() {
  if (owners) return owners;
  owners = new Map();
  const dir = join(root, SERVER_SRC, 'migrations');
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.sql'))
    .sort()) {
    const area = name.split('_')[1];
    const sql = readFileSync(join(dir, name), 'utf8');
    for (const m of sql.matchAll(/create\s+(?:unlogged\s+)?table\s+(?:if\s+not\s+exists\s+)?([a-z_][a-z0-9_]*)/gi)) {
      if (!owners.has(m[1].toLowerCase())) owners.set(m[1].toLowerCase(), area);
    }
  }
  return owners;
}

/** The tables of other areas that SQL text in a store of `unit` names. */
export function foreignTables(unit, text) {
  const own = unit.split('/').pop();
  const found = [];
  for (const [table, area] of tableOwners()) {
    if (area !== own && new RegExp(`\\b${table}\\b`, 'i').test(text)) found.push(`${table} (${area})`);
  }
  return found;
}

const WEB_IMPORTS_SERVER =
  'The web app imports nothing of the server: its API types are in api-types.ts, made from the OpenAPI document.';

/** Why importing `target` from `file` (both relative to the root) breaks a boundary, or undefined. */
export function boundaryProblem(file, target) {
  // The web app itself; its end-to-end tests start the server with the server's test support.
  if (file.startsWith('apps/web/src/')) {
    if (!target.startsWith('apps/server/') && target !== 'apps/server') return undefined;
    return WEB_IMPORTS_SERVER;
  }
  const from = unitOf(file);
  const to = unitOf(target);
  if (file.startsWith(`${SERVER_SRC}/platform/`) && target.startsWith(`${SERVER_SRC}/modules/`)) {
    return 'platform/ names no module: modules come to the platform through the list in modules/index.ts.';
  }
  if (!to || from === to) return undefined;
  if (isStore(target)) return `Only ${to}/ itself uses its store (its SQL); call what its index.ts offers.`;
  if (isIndex(target, to) || isTest(file)) return undefined;
  return `Import ${to}/ only through its index.ts (its public surface).`;
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Modules and the core are imported only through their index.ts' },
    schema: [],
    messages: {
      boundary: '{{why}} ({{source}})',
      table: 'SQL lives in the store of the unit owning the table: {{tables}}. Call what its index.ts offers.',
    },
  },
  create(context) {
    const file = posix(relative(root, context.filename));
    const check = (node, source) => {
      if (typeof source !== 'string') return;
      // The server's package by name is the server all the same.
      if (file.startsWith('apps/web/src/') && /^@thanglong\/server(\/|$)/.test(source)) {
        context.report({ node, messageId: 'boundary', data: { why: WEB_IMPORTS_SERVER, source } });
        return;
      }
      if (!source.startsWith('.')) return;
      const target = posix(relative(root, resolve(dirname(context.filename), source)));
      const why = boundaryProblem(file, target);
      if (why) context.report({ node, messageId: 'boundary', data: { why, source } });
    };
    const unit = unitOf(file);
    const checkSql = (node, text) => {
      const tables = foreignTables(unit, text);
      if (tables.length > 0) context.report({ node, messageId: 'table', data: { tables: tables.join(', ') } });
    };
    const sqlVisitors =
      unit && isStore(file) && !isTest(file)
        ? {
            Literal: (node) => typeof node.value === 'string' && checkSql(node, node.value),
            TemplateLiteral: (node) => checkSql(node, node.quasis.map((q) => q.value.cooked ?? q.value.raw).join(' ')),
          }
        : {};
    return {
      ...sqlVisitors,
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

export const moduleBoundaries = { rules: { 'module-boundaries': rule } };

/** The configuration blocks that apply the rule (eslint.config.js spreads them). */
export const moduleBoundaryConfig = [
  {
    files: ['apps/**/*.ts', 'apps/**/*.tsx', 'bench/**/*.ts', 'scripts/**/*.ts'],
    plugins: { thanglong: moduleBoundaries },
    rules: { 'thanglong/module-boundaries': 'error' },
  },
];
