/**
 * Which readings of a station's history its means take: negative values (-999 is the usual "no data"
 * of station loggers) and readings flagged invalid (a `qualityFlag` sub-property other than "valid")
 * are left out, not averaged in.
 */
export const VALID_READINGS = { atLeast: 0, flag: { property: 'qualityFlag', valid: 'valid' } } as const;
