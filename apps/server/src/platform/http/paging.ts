import { Type } from 'typebox';

/**
 * `limit` and `offset` of a list's query string, with the list's own default and ceiling, and the page
 * a request asks for (the defaults filled in).
 */
export function paging(options: { defaultLimit: number; maxLimit: number; minLimit?: number }) {
  const { defaultLimit, maxLimit, minLimit = 1 } = options;
  return {
    query: {
      limit: Type.Optional(Type.Integer({ minimum: minLimit, maximum: maxLimit, default: defaultLimit })),
      offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
    },
    pageOf: (q: { readonly limit?: number | undefined; readonly offset?: number | undefined }) => ({
      limit: q.limit ?? defaultLimit,
      offset: q.offset ?? 0,
    }),
  };
}
