/** A value as text for messages and comparisons (objects as JSON, absent as empty). */
export const str = (v: unknown): string =>
  typeof v === 'string'
    ? v
    : typeof v === 'number' || typeof v === 'boolean'
      ? `${v}`
      : v === null || v === undefined
        ? ''
        : (JSON.stringify(v) ?? '');
