import type { PayloadFormat } from './pipeline.js';

/**
 * The IoT Agent's MQTT topics: `/{apikey}/{deviceId}/attrs`, `/{apikey}/{deviceId}/attrs/{objectId}`,
 * `/{apikey}/{deviceId}/cmdexe` from the device; `/{apikey}/{deviceId}/cmd` and
 * `/{apikey}/{deviceId}/errors` to it. The leading slash is optional, and a `json/` or `ul/` prefix
 * names the payload format (JSON without one).
 */

export type TopicKind = 'attrs' | 'cmdexe' | 'cmd' | 'errors';

export interface DeviceTopic {
  readonly apikey: string;
  readonly deviceId: string;
  readonly kind: TopicKind;
  readonly objectId: string | undefined;
  readonly format: PayloadFormat;
}

const KINDS = new Set<string>(['attrs', 'cmdexe', 'cmd', 'errors']);
// Topic levels: no separators, wildcards or control characters.
const SEGMENT = /^[^/+#\p{Cc}]{1,256}$/u;

export function parseTopic(topic: string): DeviceTopic | undefined {
  const parts = (topic.startsWith('/') ? topic.slice(1) : topic).split('/');
  let format: PayloadFormat = 'json';
  if (parts[0] === 'json' || parts[0] === 'ul') {
    format = parts[0] === 'ul' ? 'ultralight' : 'json';
    parts.shift();
  }
  const [apikey, deviceId, kind, objectId, ...rest] = parts;
  if (apikey === undefined || deviceId === undefined || kind === undefined || !KINDS.has(kind)) return undefined;
  if (rest.length > 0 || !SEGMENT.test(apikey) || !SEGMENT.test(deviceId)) return undefined;
  if (objectId !== undefined && (kind !== 'attrs' || !SEGMENT.test(objectId))) return undefined;
  return { apikey, deviceId, kind: kind as TopicKind, objectId, format };
}

/** The topic a device reads its commands (or its errors) from. */
export const downlinkTopic = (apikey: string, deviceId: string, kind: 'cmd' | 'errors'): string =>
  `/${apikey}/${deviceId}/${kind}`;
