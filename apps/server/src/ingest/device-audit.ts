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
   * What was wrong: no secret, a wrong (or revoked, or replaced) one, only the group's API key, or an
   * MQTT password that is neither a secret nor an API key of that device.
   */
  readonly why: 'secret_missing' | 'secret_wrong' | 'apikey_only' | 'unknown_credentials';
}

export const DEVICE_CREDENTIAL_REFUSED = 'iot.device-credential-refused';

export function auditRefusedDevice(audit: AuditSink | undefined, e: RefusedDevice): void {
  audit?.note({
    actor: { kind: 'device', id: e.deviceId, name: e.deviceId, roles: [] },
    tenant: e.tenant ?? '',
    action: DEVICE_CREDENTIAL_REFUSED,
    target: e.deviceId,
    outcome: 401,
    detail: { transport: e.transport, why: e.why, ...(e.address !== undefined ? { address: e.address } : {}) },
  });
}
