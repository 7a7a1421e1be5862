import { AppError, defineErrors, type ErrorEntry } from '../platform/errors.js';

/** Why a payload was rejected: a stable reason, used as the error code suffix and the metric label. */
export const REJECT_REASONS = {
  invalid_json: 'the message is not JSON',
  invalid_payload: 'the message is not a measure of the convention (JSON object, UltraLight 2.0)',
  invalid_text: 'a text holds a NUL character or half a surrogate pair, or the message is not UTF-8',
  too_deep: 'the JSON is nested deeper than 32 levels',
  not_storable: 'the database refused this one reading (the rest of its batch was stored)',
  wrong_type: "a value is not of its attribute's type (a number in decimal, a date-time, a point)",
  not_finite: 'a number is not finite',
  future_timestamp: "the reading's time is further ahead of the server clock than `IOT_MAX_FUTURE`",
  invalid_timestamp:
    "the reading's time is not an ISO 8601 date-time with a time zone, on a real date from 1970 to 9999",
  too_many_attributes: 'the message has more attributes than a device may send at once',
  too_many_readings: 'the message has more readings than a device may send at once',
  too_large: 'the message is larger than `IOT_MAX_PAYLOAD`',
  unknown_apikey: 'the API key is not the key of any service group',
  unknown_device: 'the device is not provisioned under this API key, and its group does not autoprovision',
  autoprovision_limit:
    'the device is not provisioned, and its group has registered `IOT_AUTOPROVISION_PER_HOUR` new devices in the last hour (audited once an hour per group)',
  too_fast:
    'the device sends faster than `IOT_DEVICE_RATE` (with `IOT_DEVICE_BURST` at once): over HTTP answered 429 with Retry-After, over MQTT dropped unanswered',
  device_secret:
    "the device's group takes readings only with the device's own secret (deviceAuth `secret`): it was missing or wrong (counted as a failed attempt of the address, and audited)",
  account_not_permitted:
    "a platform account (a gateway's API key) spoke for a device of an entity type a module keeps without that module's permission (emergency:write for units); audited",
  entity_kept:
    'the entity the device writes is now of a type a module keeps (an emergency unit), and the device is not bound as one: only a device bound to that type by someone with the permission the module names writes it',
} as const;

/** Why a payload was rejected: a stable reason, used as the error code suffix and the metric label. */
export type RejectReason = keyof typeof REJECT_REASONS;

const REJECT_STATUS: Partial<Record<RejectReason, number>> = {
  too_large: 413,
  unknown_apikey: 401,
  unknown_device: 404,
  autoprovision_limit: 429,
  too_fast: 429,
  device_secret: 401,
  account_not_permitted: 403,
  entity_kept: 403,
};

/** A payload the decoder refuses, with a reason a device owner can act on. */
export class PayloadRejected extends AppError {
  constructor(
    readonly reason: RejectReason,
    detail: string,
    status = 400,
    /** The tenant of the device refused, when known (for the audit trail; never sent). */
    readonly deviceTenant?: string,
    headers?: Readonly<Record<string, string>>,
  ) {
    super(`IOT_${reason.toUpperCase()}`, status, detail, { extra: { reason }, ...(headers ? { headers } : {}) });
  }
}

export const ingestErrors = {
  unknownApiKey: () =>
    new PayloadRejected('unknown_apikey', 'The API key (k) is not the key of any service group.', 401),
  unknownDevice: (deviceId: string) =>
    new PayloadRejected(
      'unknown_device',
      `The device "${deviceId}" is not provisioned under this API key, and its group does not autoprovision.`,
      404,
    ),
  autoprovisionLimit: (deviceId: string, perHour: number, tenant: string) =>
    new PayloadRejected(
      'autoprovision_limit',
      `The device "${deviceId}" is not provisioned, and its group has registered ${perHour} new devices in the ` +
        'last hour, the most it may: provision it, or send again later.',
      429,
      tenant,
    ),
  tooFast: (deviceId: string, retryAfterMs: number) =>
    new PayloadRejected(
      'too_fast',
      `Device "${deviceId}" sends faster than it may: wait ${Math.ceil(retryAfterMs / 1000)} s before sending again.`,
      429,
      undefined,
      { 'retry-after': String(Math.ceil(retryAfterMs / 1000)) },
    ),
  accountNotPermitted: (deviceId: string, owner: string, permission: string | undefined, tenant: string) =>
    new PayloadRejected(
      'account_not_permitted',
      `Device "${deviceId}" writes records the ${owner} module keeps: an account speaks for it only with ` +
        `${permission ?? "the module's own"} permission.`,
      403,
      tenant,
    ),
  entityKept: (deviceId: string, entityId: string) =>
    new PayloadRejected(
      'entity_kept',
      `${entityId} is of a type a module keeps, and device "${deviceId}" is not bound as one: it may not write there.`,
      403,
    ),
  // The same words for a missing, a wrong and a revoked secret: nothing to learn by trying.
  deviceSecret: (deviceId: string, tenant: string) =>
    new PayloadRejected(
      'device_secret',
      `The group of device "${deviceId}" takes its readings only with the device's own secret, and none or another was given.`,
      401,
      tenant,
    ),
  /** A group of this tenant has the apikey already (its own groups it may list anyway). */
  groupExists: (apikey: string) =>
    new AppError(
      'IOT_GROUP_EXISTS',
      409,
      `The apikey "${apikey}" is already the key of a service group of this service. Devices name themselves ` +
        'by apikey and device id alone, so one apikey names one group, whatever its resource.',
    ),
  // Said the same whoever holds the key, naming neither the key nor the item: it must not confirm another tenant's secret.
  apikeyUnavailable: () =>
    new AppError(
      'IOT_APIKEY_UNAVAILABLE',
      409,
      'An apikey of this request cannot be used here: devices name themselves by apikey alone, so an apikey ' +
        'serves one service of the whole platform. Leave apikey out of a service group and one is chosen for ' +
        'you, or choose a long random one.',
    ),
  deviceExists: (deviceId: string) =>
    new AppError('IOT_DEVICE_EXISTS', 409, `The device "${deviceId}" is already provisioned in this service.`),
  typeKept: (entity: string, owner: string, permission: string | undefined) =>
    new AppError(
      'IOT_ENTITY_TYPE_KEPT',
      403,
      `${entity} is of a type the ${owner} module keeps: what a device writes there changes its records, so ` +
        (permission
          ? `binding a device to it needs ${permission}.`
          : 'no device may be bound to it through this API.') +
        ' Nothing was provisioned.',
    ),
  invalidProvisioning: (detail: string) => new AppError('IOT_INVALID_PROVISIONING', 400, detail),
  stopping: () =>
    new AppError('IOT_STOPPING', 503, 'This instance is shutting down: send the measures again.', {
      headers: { 'retry-after': '1' },
    }),
  busy: () =>
    new AppError('IOT_BUSY', 503, 'Measures are arriving faster than they can be stored: retry shortly.', {
      headers: { 'retry-after': '1' },
    }),
} as const;

/** Ingestion's errors, as the error catalogue lists them: a code per refusal reason, and the rest. */
export const INGEST_ERRORS = defineErrors({
  ...Object.fromEntries(
    Object.entries(REJECT_REASONS).map(([reason, when]): [string, ErrorEntry] => [
      `IOT_${reason.toUpperCase()}`,
      { status: REJECT_STATUS[reason as RejectReason] ?? 400, when: `a device message refused: ${when}` },
    ]),
  ),
  IOT_GROUP_EXISTS: { status: 409, when: 'the apikey is already the key of a service group of this service' },
  IOT_APIKEY_UNAVAILABLE: {
    status: 409,
    when: 'an apikey given cannot serve this service (it is taken; counted as a failed attempt of the address)',
  },
  IOT_DEVICE_EXISTS: { status: 409, when: 'the device is already provisioned in this service' },
  IOT_INVALID_PROVISIONING: { status: 400, when: 'a service group or device the IoT Agent API cannot take' },
  IOT_ENTITY_NOT_WRITTEN: {
    status: 400,
    when: "provisioning: the device's entity could not be written (with the broker's status and reason)",
  },
  IOT_ENTITY_TYPE_KEPT: {
    status: 403,
    when: "provisioning: a device or group bound to an entity of a type a module keeps, by a caller without that module's write permission",
  },
  IOT_STOPPING: { status: 503, when: 'this instance is shutting down: send the measures again' },
  IOT_BUSY: { status: 503, when: 'measures arrive faster than they can be stored (`IOT_MAX_PENDING`): retry shortly' },
});
