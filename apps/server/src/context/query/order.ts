import { ngsiErrors } from '../errors.js';

/**
 * `orderBy` (GS CIM 009 V1.9.1 §4.25): comma-separated keys, each an entity member (`id`, `type`,
 * `createdAt`, `modifiedAt`), an attribute, or an attribute's sub-attribute or system member
 * (`name.createdAt`), optionally followed by `;asc` or `;desc`. Translated to SQL by the store.
 */
export type SortKey =
  | { readonly member: 'id' | 'type' | 'createdAt' | 'modifiedAt'; readonly descending: boolean }
  | { readonly attribute: string; readonly sub?: string; readonly descending: boolean };

const MEMBERS = new Set(['id', 'type', 'createdAt', 'modifiedAt']);
/** Members of an attribute instance that a key may name after the dot, as they are stored. */
export const INSTANCE_SORT_MEMBERS = new Set(['createdAt', 'modifiedAt', 'observedAt', 'unitCode', 'datasetId']);
const MAX_KEYS = 16;

export function parseOrderBy(text: string, expand: (name: string) => string): SortKey[] {
  const keys = text.split(',');
  if (keys.length > MAX_KEYS) throw ngsiErrors.badRequestData(`orderBy holds at most ${MAX_KEYS} keys.`);
  return keys.map((key) => {
    const [path = '', direction, ...rest] = key.trim().split(';');
    if (rest.length > 0 || (direction !== undefined && direction !== 'asc' && direction !== 'desc')) {
      throw ngsiErrors.badRequestData(`orderBy: "${key}" must be a name followed by nothing, ;asc or ;desc.`);
    }
    const descending = direction === 'desc';
    const parts = path.split('.');
    if (parts.length > 2 || parts.some((p) => p === '' || /[\s<>"'=()[\]{}|]/.test(p))) {
      throw ngsiErrors.badRequestData(`orderBy: "${path}" is not a member, attribute or attribute.sub-attribute.`);
    }
    const [first = '', second] = parts;
    if (second === undefined && MEMBERS.has(first)) {
      return { member: first as 'id' | 'type' | 'createdAt' | 'modifiedAt', descending };
    }
    const sub = second === undefined ? undefined : INSTANCE_SORT_MEMBERS.has(second) ? second : expand(second);
    return { attribute: expand(first), ...(sub !== undefined ? { sub } : {}), descending };
  });
}
