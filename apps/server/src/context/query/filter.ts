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

const SCOPE_PATTERN = /^\/([^\s/#+]+(\/[^\s/#+]+)*)?(\/#|\/\+)?$/;

/**
 * scopeQ (§4.19): `/a/b` is that scope, `/a/#` it and every scope under it, `/a/+` its direct
 * children, `/#` any scope; combined with `;` (and), `|` or `,` (or) and parentheses.
 */
export function scopeQToSql(text: string, params: SqlParams): string {
  const isScope = (s: string) => s === '/#' || SCOPE_PATTERN.test(s);
  const toSql = (expr: SelectionExpression): string => {
    if (expr.kind !== 'type') {
      return `(${expr.parts.map(toSql).join(expr.kind === 'and' ? ' AND ' : ' OR ')})`;
    }
    const scope = expr.name;
    if (scope === '/#') return 'cardinality(e.scopes) > 0';
    if (scope.endsWith('/#')) {
      const base = scope.slice(0, -2);
      return `EXISTS (SELECT 1 FROM unnest(e.scopes) s WHERE s = ${params.add(base)} OR starts_with(s, ${params.add(`${base}/`)}))`;
    }
    if (scope.endsWith('/+')) {
      const base = scope.slice(0, -2);
      return `EXISTS (SELECT 1 FROM unnest(e.scopes) s WHERE s ~ ${params.add(`^${escapeRegex(base)}/[^/]+$`)})`;
    }
    return `e.scopes @> ARRAY[${params.add(scope)}]::text[]`;
  };
  return toSql(parseSelection(text, 'scopeQ', 'a scope such as /Hanoi/HoanKiem or /Hanoi/#', isScope));
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
