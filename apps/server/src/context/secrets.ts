/**
 * Secrets that subscriptions and context source registrations carry (credentials and query values of
 * an endpoint URI, receiverInfo or contextSourceInfo values): who may read them, and how they read to
 * everyone else.
 */

/** What a reader without the right to the secrets sees in their place. */
export const HIDDEN = '***';

/** How the owner of a subscription or registration is recorded: the creating account or API key. */
export const ownerOf = (principal: { kind: string; id: string } | null): string | null =>
  principal ? `${principal.kind}:${principal.id}` : null;

/** Whether a reader sees the secrets of what `owner` made: its owner and administrators do. */
export function readsSecrets(
  principal: { kind: string; id: string; roles: readonly string[] } | null,
  stored: { readonly owner: string | null },
): boolean {
  if (!principal) return false;
  return principal.roles.includes('admin') || (stored.owner !== null && stored.owner === ownerOf(principal));
}

/** A URI without its secrets: the password of its user part and the values of its query. */
export function maskUri(uri: string): string {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return uri;
  }
  if (!url.password && !url.search) return uri;
  if (url.password) url.password = HIDDEN;
  if (url.search) {
    const masked = [...url.searchParams.keys()].map((k) => `${encodeURIComponent(k)}=${HIDDEN}`).join('&');
    url.search = masked;
  }
  return url.toString();
}

type KeyValuePair = { readonly key: string; readonly value: string };

/** Key-value pairs (receiverInfo, contextSourceInfo) with their values hidden. */
export const maskPairs = (pairs: readonly KeyValuePair[]): KeyValuePair[] =>
  pairs.map((p) => ({ key: p.key, value: HIDDEN }));

/**
 * Pairs sent back by a reader who saw them masked: a value `***` keeps the stored value of its key
 * rather than storing the mask.
 */
export function unmaskPairs(given: unknown, stored: readonly KeyValuePair[] | undefined): unknown {
  if (!Array.isArray(given) || !stored) return given;
  return given.map((p: unknown) => {
    if (typeof p !== 'object' || p === null || (p as Record<string, unknown>)['value'] !== HIDDEN) return p;
    const kept = stored.find((q) => q.key === (p as Record<string, unknown>)['key']);
    return kept ? { ...p, value: kept.value } : p;
  });
}
