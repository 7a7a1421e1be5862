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

const WILDCARD = new Set(['+', '#']);

/**
 * The API key and device id a topic or subscription filter names literally, in the IoT Agent
 * layout (`[/][json/|ul/]{apikey}/{deviceId}/…`); a level that is a wildcard is left undefined.
 */
export function topicLevels(topic: string): { apikey: string | undefined; deviceId: string | undefined } {
  const parts = topic.split('/');
  let i = parts[0] === '' ? 1 : 0;
  if (parts[i] === 'json' || parts[i] === 'ul') i++;
  const literal = (level: string | undefined) => (level === undefined || WILDCARD.has(level) ? undefined : level);
  const apikey = parts.length > i + 1 ? literal(parts[i]) : undefined;
  return { apikey, deviceId: apikey === undefined ? undefined : literal(parts[i + 1]) };
}

/** A topic (or filter) as it may be written to a log: the API key in it is a device's secret. */
export function topicForLog(topic: string): string {
  const parts = topic.split('/');
  let i = parts[0] === '' ? 1 : 0;
  if (parts[i] === 'json' || parts[i] === 'ul') i++;
  if (parts.length > i + 1 && !WILDCARD.has(parts[i] as string)) parts[i] = '[redacted]';
  return parts.join('/');
}
