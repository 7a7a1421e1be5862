import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Database } from '../../platform/db/index.js';
import { OutboundRefused, type OutboundGuard } from '../../platform/outbound.js';
import { problems } from '../../platform/errors.js';
import { ngsiErrors } from '../errors.js';
import type { TermMap } from '../jsonld/contexts.js';
import { isUri } from '../model.js';
import { readsSecrets } from '../secrets.js';
import { ensureTenant, tenantExists } from '../store.js';
import { applyFragment, hasSecrets, parseRegistration, REGISTRATION_LIMIT, type Registration } from './model.js';
import * as store from './store.js';

export type { StoredRegistration, RegistrationSelection } from './store.js';
export { REGISTRATION_GEOMETRIES } from './store.js';

export interface RegistrationPage {
  readonly registrations: store.StoredRegistration[];
  readonly count: number | undefined;
  /** Whether registrations follow this page. */
  readonly more: boolean;
}

const checkId = (id: string): void => {
  if (!isUri(id)) throw ngsiErrors.badRequestData(`The registration id must be a URI (got ${JSON.stringify(id)}).`);
};
const notFound = (id: string) => ngsiErrors.resourceNotFound(`The context source registration ${id} does not exist.`);

interface RegistrationDeps {
  readonly db: Database;
  readonly log: Logger;
  /** Where the broker may send requests: a registered endpoint is one it will call. */
  readonly outbound: OutboundGuard;
}

/**
 * Context source registrations (§5.9) and their discovery (§5.10). The registry is for discovery:
 * the broker does not yet forward queries or updates to the sources registered.
 */
export class RegistrationService {
  readonly #deps: RegistrationDeps;

  constructor(deps: RegistrationDeps) {
    this.#deps = deps;
  }

  /**
   * §5.9.2: registers a context source from a request body; returns the registration's id. `owner` is
   * who registers it (ownerOf).
   */
  async create(
    tenant: string,
    body: unknown,
    terms: TermMap,
    now = new Date(),
    owner: string | null = null,
  ): Promise<string> {
    const registration = parseRegistration(body, terms, {
      fallbackId: `urn:ngsi-ld:ContextSourceRegistration:${randomUUID()}`,
      now,
    });
    await this.#checkEndpoint(registration);
    const created = await this.#deps.db.transaction(async (tx) => {
      await ensureTenant(tx, tenant);
      return store.insertRegistration(tx, tenant, registration, now, owner, REGISTRATION_LIMIT);
    });
    if (created === 'full') {
      throw ngsiErrors.badRequestData(
        `This tenant already holds ${REGISTRATION_LIMIT} context source registrations: delete some before registering more.`,
      );
    }
    if (created === 'exists')
      throw ngsiErrors.alreadyExists(`The context source registration ${registration.id} already exists.`);
    return registration.id;
  }

  /** §5.10.1 */
  async retrieve(tenant: string, id: string): Promise<store.StoredRegistration> {
    checkId(id);
    await this.#requireTenant(tenant);
    const found = await store.findRegistration(this.#deps.db, tenant, id);
    if (!found) throw notFound(id);
    return found;
  }

  /** §5.10.2: the registrations (not expired) whose information matches, a page at a time. */
  async query(
    tenant: string,
    selection: store.RegistrationSelection,
    page: { limit: number; offset: number; count: boolean },
    now = new Date(),
  ): Promise<RegistrationPage> {
    await this.#requireTenant(tenant);
    return store.queryRegistrations(this.#deps.db, tenant, selection, page, now);
  }

  /** §5.9.3: merges a fragment into a registration; names in it are expanded with the request's @context. */
  async update(
    tenant: string,
    id: string,
    fragment: unknown,
    terms: TermMap,
    now = new Date(),
    caller: Parameters<typeof readsSecrets>[0] = null,
  ): Promise<void> {
    checkId(id);
    await this.#requireTenant(tenant);
    await this.#deps.db.transaction(async (tx) => {
      const found = await store.findRegistration(tx, tenant, id, true);
      if (!found) throw notFound(id);
      const updated = applyFragment(found.registration, fragment, terms, now);
      // Moving an endpoint moves its secrets with it: only those who may read them may send them elsewhere.
      if (
        updated.endpoint !== found.registration.endpoint &&
        hasSecrets(found.registration) &&
        !readsSecrets(caller, found) &&
        // With the API open to anyone (NGSI_LD_ANONYMOUS=write), the anonymous are one caller.
        !(caller === null && found.owner === null)
      ) {
        throw problems.forbidden(
          "Only the registration's owner or an administrator may move an endpoint that carries secrets.",
        );
      }
      if (updated.endpoint !== found.registration.endpoint) await this.#checkEndpoint(updated);
      await store.updateRegistration(tx, tenant, updated, now);
    });
  }

  /** §5.9.4 */
  async delete(tenant: string, id: string): Promise<void> {
    checkId(id);
    await this.#requireTenant(tenant);
    if (!(await store.deleteRegistration(this.#deps.db, tenant, id))) throw notFound(id);
  }

  /**
   * The endpoint must be one the broker may call (OUTBOUND_ALLOW): an internal address is refused now.
   * A name that does not resolve yet is accepted; it is checked again whenever it is called.
   */
  async #checkEndpoint(registration: Registration): Promise<void> {
    try {
      await this.#deps.outbound.admit(registration.endpoint, { unresolvedLater: true });
    } catch (err) {
      if (!(err instanceof OutboundRefused)) throw err;
      this.#deps.log.warn({ registration: registration.id, reason: err.message }, 'context source endpoint refused');
      throw ngsiErrors.badRequestData(
        'endpoint is not a context source this broker may call: internal addresses are refused unless the operator allows them (OUTBOUND_ALLOW).',
      );
    }
  }

  async #requireTenant(tenant: string): Promise<void> {
    if (!(await tenantExists(this.#deps.db, tenant))) {
      throw ngsiErrors.nonexistentTenant(`The tenant "${tenant}" does not exist.`);
    }
  }
}
