import { ngsiErrors } from '../errors.js';
import type { SqlParams } from './sql.js';

/**
 * Selections by name: entity types in `type` (GS CIM 009 §4.17) and scopes in `scopeQ` (§4.19). Names
 * joined by `;` (and) bind tighter than names joined by `|` or `,` (or); parentheses group, e.g.
 * `(Vehicle;Bus)|TrafficCamera`. Translated to array operators on the indexed columns.
 */

type TypeExpression = { kind: 'type'; name: string } | { kind: 'and' | 'or'; parts: TypeExpression[] };
export type SelectionExpression = TypeExpression;

const MAX_LENGTH = 2048;
const isTypeName = (name: string) => name !== '' && !/[\s<>"'=]/.test(name);

export function parseTypeExpression(text: string): TypeExpression {
  return parseSelection(text, 'type', 'an entity type name', isTypeName);
}

/** Parses a selection; `isName` says which names the parameter takes. */
export function parseSelection(
  text: string,
  parameter: string,
  expected: string,
  isName: (name: string) => boolean,
): SelectionExpression {
  if (text.length === 0 || text.length > MAX_LENGTH) {
    throw ngsiErrors.badRequestData(`${parameter} must not be empty (nor longer than ${MAX_LENGTH} characters).`);
  }
  let pos = 0;
  const fail = (what: string): never => {
    throw ngsiErrors.badRequestData(`${parameter}: ${what} at character ${pos + 1} of ${JSON.stringify(text)}.`);
  };
  const orExpr = (depth: number): TypeExpression => {
    const parts = [andExpr(depth)];
    while (text[pos] === '|' || text[pos] === ',') {
      pos++;
      parts.push(andExpr(depth));
    }
    return parts.length === 1 ? (parts[0] as TypeExpression) : { kind: 'or', parts };
  };
  const andExpr = (depth: number): TypeExpression => {
    const parts = [term(depth)];
    while (text[pos] === ';') {
      pos++;
      parts.push(term(depth));
    }
    return parts.length === 1 ? (parts[0] as TypeExpression) : { kind: 'and', parts };
  };
  const term = (depth: number): TypeExpression => {
    if (depth > 16) fail('too deeply nested');
    if (text[pos] === '(') {
      pos++;
      const inner = orExpr(depth + 1);
      if (text[pos] !== ')') fail('a closing parenthesis is missing');
      pos++;
      return inner;
    }
    const start = pos;
    while (pos < text.length && !'|,;()'.includes(text[pos] as string)) pos++;
    const name = text.slice(start, pos).trim();
    if (!isName(name)) fail(`${expected} is expected`);
    return { kind: 'type', name };
  };
  const expr = orExpr(0);
  if (pos !== text.length) fail('unexpected character');
  return expr;
}

/** Every type name mentioned, for discovery and validation. */
export function typeNames(expr: TypeExpression): string[] {
  return expr.kind === 'type' ? [expr.name] : expr.parts.flatMap(typeNames);
}

export function typeExpressionToSql(
  expr: TypeExpression,
  column: string,
  params: SqlParams,
  expand: (name: string) => string,
): string {
  if (expr.kind === 'type') return `${column} @> ARRAY[${params.add(expand(expr.name))}]::text[]`;
  // A plain list of alternatives becomes one indexable overlap test.
  if (expr.kind === 'or' && expr.parts.every((p) => p.kind === 'type')) {
    const names = expr.parts.map((p) => expand((p as { name: string }).name));
    return `${column} && ${params.add(names)}::text[]`;
  }
  const joined = expr.parts.map((p) => typeExpressionToSql(p, column, params, expand));
  return `(${joined.join(expr.kind === 'and' ? ' AND ' : ' OR ')})`;
}
