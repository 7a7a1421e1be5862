import { AppError } from '../platform/errors.js';

/** Why a payload was rejected: a stable reason, used as the error code suffix and the metric label. */
export type RejectReason =
  | 'invalid_json'
  | 'invalid_payload'
  | 'invalid_text'
  | 'too_deep'
  | 'not_storable'
  | 'wrong_type'
  | 'not_finite'
  | 'future_timestamp'
  | 'invalid_timestamp'
  | 'too_many_attributes'
  | 'too_many_readings'
  | 'too_large'
  | 'unknown_apikey'
  | 'unknown_device';

/** A payload the decoder refuses, with a reason a device owner can act on. */
export class PayloadRejected extends AppError {
  constructor(
    readonly reason: RejectReason,
    detail: string,
    status = 400,
  ) {
    super(`IOT_${reason.toUpperCase()}`, status, detail, { extra: { reason } });
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
  // The other group may be another tenant's: the message names neither its tenant nor its resource.
  groupExists: (apikey: string) =>
    new AppError(
      'IOT_GROUP_EXISTS',
      409,
      `The apikey "${apikey}" is already the key of a service group. Devices name themselves by apikey and ` +
        'device id alone, so one apikey names one group, whatever its resource and service.',
    ),
  apikeyOfOtherService: (apikey: string) =>
    new AppError(
      'IOT_APIKEY_OF_OTHER_SERVICE',
      409,
      `The apikey "${apikey}" is the key of another service's group: measures sent with it go to that service, ` +
        'never to this device.',
    ),
  deviceExists: (deviceId: string) =>
    new AppError('IOT_DEVICE_EXISTS', 409, `The device "${deviceId}" is already provisioned in this service.`),
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
