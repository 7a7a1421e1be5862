import type { AuditEvent } from '../platform/audit/index.js';

/**
 * Refused device credentials in the audit trail, beside the refused logins and keys the HTTP hook
 * records: device telemetry is not audited (its record is the entity's history), a device that fails
 * to prove who it is is.
 */

export interface AuditSink {
  note(event: AuditEvent): void;
}

export interface RefusedDevice {
  readonly deviceId: string;
  /** The tenant of the device named, when it is known (else the default). */
  readonly tenant?: string | undefined;
  readonly transport: 'mqtt' | 'http';
  readonly address?: string | undefined;
  /**
   * What was wrong: no secret, a wrong (or revoked, or replaced) one, only the group's API key, an
   * MQTT password that is neither a secret nor an API key of that device, or an MQTT connection of
   * another device (`connectedAs`) publishing on this one's topics, or an account without the
   * permission of the module keeping the device's type, or anyone publishing on a topic only the centre
   * publishes on (a device's commands or errors: a forged assignment would reach a terminal as the centre's).
   */
  readonly why:
    | 'secret_missing'
    | 'secret_wrong'
    | 'apikey_only'
    | 'unknown_credentials'
    | 'other_device'
    | 'account_not_permitted'
    | 'centre_topic';
  /** The device the connection proved to be, when it spoke for another. */
  readonly connectedAs?: string | undefined;
  /** The platform account (an API key) that spoke for the device. */
  readonly account?:
    | {
        readonly kind: 'user' | 'api-key';
        readonly id: string;
        readonly name: string;
        readonly roles: readonly string[];
      }
    | undefined;
}

export const DEVICE_CREDENTIAL_REFUSED = 'iot.device-credential-refused';

export function auditRefusedDevice(audit: AuditSink | undefined, e: RefusedDevice): void {
  audit?.note({
    // The device that tried: the one named, unless the connection proved to be another.
    actor: e.account
      ? { kind: e.account.kind, id: e.account.id, name: e.account.name, roles: [...e.account.roles] }
      : { kind: 'device', id: e.connectedAs ?? e.deviceId, name: e.connectedAs ?? e.deviceId, roles: [] },
    tenant: e.tenant ?? '',
    action: DEVICE_CREDENTIAL_REFUSED,
    target: e.deviceId,
    outcome: e.why === 'account_not_permitted' || e.why === 'centre_topic' ? 403 : 401,
    detail: { transport: e.transport, why: e.why, ...(e.address !== undefined ? { address: e.address } : {}) },
  });
}
