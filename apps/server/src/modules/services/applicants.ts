import type { Logger } from 'pino';
import type { Database } from '../../platform/db/index.js';
import type { Messages } from '../../platform/messages/index.js';
import type { PersonalData, PersonalDataSource } from '../../platform/personal-data/index.js';
import type { IdpFetch } from '../../platform/auth/oidc.js';
import type { OidcConfig } from '../../platform/config.js';

/**
 * Applicants: how a citizen or a business proves who they are to follow their dossiers — signed in
 * with the city's identity provider, or by a dossier's code and a one-time code sent to the contact
 * the dossier gave. (Interface first; the implementation follows.)
 */

/** One who applies, as a request proves them. */
export type Applicant =
  /** Signed in with the city's OpenID Connect provider. */
  | { readonly kind: 'identity'; readonly subject: string; readonly name: string; readonly idNumber?: string }
  /** Proved by a dossier's code and a one-time code sent to the dossier's contact. */
  | { readonly kind: 'dossier'; readonly code: string };

/** How a dossier's applicant is reached, as the dossiers say (the applicants never read their tables). */
export interface DossierContact {
  readonly phone?: string | undefined;
  readonly email?: string | undefined;
  readonly language: 'vi' | 'en';
}

export type ContactOf = (tenant: string, code: string) => Promise<DossierContact | undefined>;

/** Sign-on of applicants with the city's identity provider (the staff's OIDC client, another redirect). */
export interface ApplicantSignOnSettings {
  readonly oidc: OidcConfig;
  /** Where the provider sends the browser back: .../api/v1/services/applicant/callback. */
  readonly redirectUrl: string;
  /** Every request to the provider goes through the outbound guard. */
  readonly fetch?: IdpFetch;
}

export interface ApplicantsDeps {
  readonly db: Database;
  readonly personal: PersonalData;
  readonly messages: Messages;
  readonly log: Logger;
  readonly contactOf: ContactOf;
  /** Undefined: no single sign-on (OIDC_ISSUER unset); the login route answers 404. */
  readonly signOn?: ApplicantSignOnSettings | undefined;
  /** The time: tests move it. */
  readonly now?: () => Date;
}

export class Applicants {
  constructor(readonly deps: ApplicantsDeps) {}

  /** The applicants' personal data (sign-on names and ID numbers), for data-subject requests: declare it. */
  personalDataSource(): PersonalDataSource {
    throw new Error('not yet');
  }

  /** The applicant a request carries (header `X-Applicant-Token`), or undefined. */
  async of(_tenant: string, _token: string | undefined): Promise<Applicant | undefined> {
    return undefined;
  }

  /** A token for the one who just filed a dossier (so they can follow it at once). */
  async issueForDossier(_tenant: string, _code: string): Promise<{ token: string; expiresAt: string }> {
    throw new Error('not yet');
  }

  /** Sends a one-time code to the dossier's contact (looked up by `contactOf`), 202 whatever the result. */
  async requestCode(_tenant: string, _code: string, _contact: string, _ip: string): Promise<void> {}

  async verifyCode(
    _tenant: string,
    _code: string,
    _otp: string,
    _ip: string,
  ): Promise<{ token: string; expiresAt: string }> {
    throw new Error('not yet');
  }
}
