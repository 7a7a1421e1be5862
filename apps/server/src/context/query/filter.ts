import { checkEntityId } from '../model.js';
import type { TermMap } from '../jsonld/contexts.js';
import type { EntityQuery } from '../service.js';
import { geoDistanceOrderSql, geoToSql, parseGeoQuery } from './geo.js';
import { parseOrderBy, type SortKey } from './order.js';
import { checkRegularExpression, parseQ, qToSql } from './q.js';
import { SqlParams } from './sql.js';
import { parseSelection, parseTypeExpression, typeExpressionToSql, type SelectionExpression } from './types.js';

/** The SQL of an entity query's filters, built for the broker's store (which alone runs it). */

/** The SQL conditions (over alias `e`) of a query: ids, types, selectors, attrs, q, geo, scopeQ. */
export function filterOf(
  query: Omit<EntityQuery, 'limit' | 'offset' | 'count'>,
  terms: TermMap,
): {
  conditions: string[];
  params: SqlParams;
  orderBy: string | undefined;
  drivingType: string | undefined;
  sort: readonly SortKey[] | undefined;
} {
  const params = new SqlParams();
  const conditions: string[] = [];
  if (query.ids && query.ids.length > 0) {
    for (const id of query.ids) checkEntityId(id, 'Each id');
    conditions.push(`e.id = ANY(${params.add(query.ids)}::text[])`);
  }
  if (query.idPattern !== undefined) {
    checkRegex(query.idPattern, 'idPattern');
    conditions.push(`e.id ~ ${params.add(query.idPattern)}`);
  }
  let drivingType: string | undefined;
  if (query.type !== undefined) {
    const expression = parseTypeExpression(query.type);
    conditions.push(typeExpressionToSql(expression, 'e.types', params, (t) => terms.expand(t)));
    if (expression.kind === 'type') drivingType = terms.expand(expression.name);
  }
  if (query.selectors && query.selectors.length > 0) {
    const alternatives = query.selectors.map((sel) => {
      const parts: string[] = [];
      if (sel.id !== undefined) parts.push(`e.id = ${params.add(checkEntityId(sel.id, 'entities[].id'))}`);
      if (sel.idPattern !== undefined) {
        checkRegex(sel.idPattern, 'entities[].idPattern');
        parts.push(`e.id ~ ${params.add(sel.idPattern)}`);
      }
      if (sel.type !== undefined) {
        parts.push(typeExpressionToSql(parseTypeExpression(sel.type), 'e.types', params, (t) => terms.expand(t)));
      }
      return parts.length > 0 ? `(${parts.join(' AND ')})` : 'TRUE';
    });
    conditions.push(`(${alternatives.join(' OR ')})`);
  }
  if (query.attrs && query.attrs.length > 0) conditions.push(`e.attrs ?| ${params.add(query.attrs)}::text[]`);
  if (query.q !== undefined) {
    conditions.push(qToSql(parseQ(query.q), { params, attrs: 'e.attrs', expand: (t) => terms.expand(t) }));
  }
  let orderBy: string | undefined;
  const geo = query.geo ? parseGeoQuery(query.geo) : undefined;
  if (geo) {
    const ctx = { params, alias: 'e', expand: (t: string) => terms.expand(t) };
    conditions.push(geoToSql(geo, ctx));
    if (geo.georel.kind === 'near') orderBy = geoDistanceOrderSql(geo, ctx);
  }
  if (query.scopeQ !== undefined) conditions.push(scopeQToSql(query.scopeQ, params));
  const sort = query.orderBy === undefined ? undefined : parseOrderBy(query.orderBy, (n) => terms.expand(n));
  return { conditions, params, orderBy, drivingType, sort };
}

/** PostgreSQL runs these patterns: only the syntax it handles safely gets through (a hostile one can exhaust it). */
const checkRegex = (pattern: string, where: string): void => checkRegularExpression(pattern, where);

/** One level of a scope in a scopeQ: a name, or `+` for any single level (§4.19 ScopeQLevel). */
const SCOPE_QUERY_LEVEL = String.raw`(?:[^\s/#+]+|\+)`;
/** `/a/b`, `/a/+/c`, each optionally ending in `/#`; or `/#` alone (§4.19 OrScopeQ, ScopesQ). */
const SCOPE_QUERY = new RegExp(`^(?:/${SCOPE_QUERY_LEVEL})+(?:/#)?$`);
const isScopeQuery = (s: string): boolean => s === '/#' || SCOPE_QUERY.test(s);

/** Checks a scopeQ (for a query or a subscription); BadRequestData says where it goes wrong. */
export function parseScopeQ(text: string): SelectionExpression {
  return parseSelection(text, 'scopeQ', 'a scope such as /Hanoi/HoanKiem, /Hanoi/+/Parks or /Hanoi/#', isScopeQuery);
}

/**
 * scopeQ (§4.19): `/a/b` is that scope, `/a/#` it and every scope under it, `+` any one level
 * (`/a/+` its direct children, `/a/+/c` every `c` two levels down), `/#` any scope; combined with
 * `;` (and), `|` or `,` (or) and parentheses.
 */
export function scopeQToSql(text: string, params: SqlParams): string {
  const toSql = (expr: SelectionExpression): string => {
    if (expr.kind !== 'type') {
      return `(${expr.parts.map(toSql).join(expr.kind === 'and' ? ' AND ' : ' OR ')})`;
    }
    const scope = expr.name;
    if (scope === '/#') return 'cardinality(e.scopes) > 0';
    const subtree = scope.endsWith('/#');
    const base = subtree ? scope.slice(0, -2) : scope;
    const levels = base.split('/').slice(1);
    if (levels.includes('+')) {
      const pattern = levels.map((l) => (l === '+' ? '/[^/]+' : `/${escapeRegex(l)}`)).join('');
      return `EXISTS (SELECT 1 FROM unnest(e.scopes) s WHERE s ~ ${params.add(`^${pattern}${subtree ? '(/.*)?' : ''}$`)})`;
    }
    if (subtree) {
      return `EXISTS (SELECT 1 FROM unnest(e.scopes) s WHERE s = ${params.add(base)} OR starts_with(s, ${params.add(`${base}/`)}))`;
    }
    return `e.scopes @> ARRAY[${params.add(scope)}]::text[]`;
  };
  return toSql(parseScopeQ(text));
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
