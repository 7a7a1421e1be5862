import { PayloadRejected } from './errors.js';
import type { DeviceMessage, IngestPipeline } from './pipeline.js';
import { downlinkTopic, type DeviceTopic } from './topics.js';

/** What a device's MQTT message becomes, whichever broker it came through. */

/** Publishes to a device topic; resolves once the broker has taken it. */
export interface Downlink {
  publish(topic: string, payload: string, qos: 0 | 1): Promise<void>;
}

/** Sent to a device on /{apikey}/{deviceId}/errors when its message is rejected. */
export interface DeviceErrorMessage {
  readonly code: string;
  readonly reason: string;
  readonly detail: string;
  readonly topic: string;
  readonly at: string;
}

/** What the sender proved beyond the API key (see DeviceMessage). */
export type Proof = DeviceMessage['proof'];

export type CommandResultHandler = (topic: DeviceTopic, payload: Buffer, proof: Proof) => Promise<void>;

/**
 * Stores the measures (or the command result) of one message. A bad message resolves, because it is
 * to be acknowledged (sending it again would not make it good), with the refusal explained on the
 * device's errors topic. Anything else (the database is down) rejects: the message must not be acknowledged.
 */
export async function receiveFromDevice(
  topic: DeviceTopic,
  topicName: string,
  payload: Buffer,
  deps: { pipeline: IngestPipeline; onCommandResult: CommandResultHandler; downlink: Downlink },
  proof?: Proof,
): Promise<PayloadRejected | undefined> {
  try {
    if (topic.kind === 'cmdexe') await deps.onCommandResult(topic, payload, proof);
    else {
      const { apikey, deviceId, objectId, format } = topic;
      await deps.pipeline.accept(
        { apikey, deviceId, objectId, payload, format, transport: 'mqtt', receivedAt: new Date(), proof },
        'wait',
      );
    }
  } catch (err) {
    if (!(err instanceof PayloadRejected)) throw err;
    const message: DeviceErrorMessage = {
      code: err.code,
      reason: err.reason,
      detail: err.message,
      topic: topicName,
      at: new Date().toISOString(),
    };
    // Best effort: a device not listening on its errors topic is no reason to hold anything back.
    void deps.downlink
      .publish(downlinkTopic(topic.apikey, topic.deviceId, 'errors'), JSON.stringify(message), 0)
      .catch(() => undefined);
    return err;
  }
  return undefined;
}
