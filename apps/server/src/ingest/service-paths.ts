import { invalid } from './provisioning-input.js';
import { ROOT_SERVICE_PATH } from './model.js';
import type { ServicePathFilter } from './store.js';

/**
 * Service paths (Fiware-ServicePath) as Orion and the IoT Agent write them: absolute, up to 10 levels
 * of letters, digits and _. Writes go to one path; reads cover one path, or a path and those below it.
 */

const PATH_SEGMENT = /^[A-Za-z0-9_]{1,50}$/;
const MAX_PATH_LEVELS = 10;

/** Where a request provisions: its tenant (Fiware-Service) and service path (Fiware-ServicePath). */
export interface Scope {
  readonly tenant: string;
  readonly servicePath: string;
}

function checkPath(raw: string, header: string): string {
  const segments = raw === ROOT_SERVICE_PATH ? [] : raw.split('/').slice(1);
  if (!raw.startsWith('/') || segments.length > MAX_PATH_LEVELS || !segments.every((s) => PATH_SEGMENT.test(s))) {
    throw invalid(
      `${header} "${raw}" is not a service path: "/" or up to ${MAX_PATH_LEVELS} levels like /hanoi/air ` +
        '(letters, digits and _).',
    );
  }
  return raw;
}

/** The service path things are provisioned in: the header's, else the root. */
export function servicePathOf(header: string | undefined): string {
  return header === undefined || header === '' ? ROOT_SERVICE_PATH : checkPath(header, 'Fiware-ServicePath');
}

/**
 * The service paths a read covers. As in Orion, a read without the header covers every path, and
 * /a/# covers /a and the paths below it; /* (the agent's) is every path.
 */
export function servicePathFilter(header: string | undefined): ServicePathFilter {
  if (header === undefined || header === '' || header === '/#' || header === '/*') return null;
  if (header.endsWith('/#')) return { path: checkPath(header.slice(0, -2), 'Fiware-ServicePath'), descendants: true };
  return { path: checkPath(header, 'Fiware-ServicePath'), descendants: false };
}

export const inScope = (filter: ServicePathFilter, path: string): boolean =>
  filter === null ||
  path === filter.path ||
  (filter.descendants && path.startsWith(`${filter.path === '/' ? '' : filter.path}/`));
