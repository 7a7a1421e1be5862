/**
 * CAP 1.2 (OASIS Common Alerting Protocol) messages and the Atom index of active ones, written as XML
 * by hand: the format is small and fixed, and the tests validate every message against the official
 * XSD. Times carry the +07:00 offset the schema requires ("Z" is not allowed).
 */

export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';

export type CapMsgType = 'Alert' | 'Update' | 'Cancel';
export type CapSeverity = 'Extreme' | 'Severe' | 'Moderate' | 'Minor' | 'Unknown';
export type CapCategory = 'Geo' | 'Met' | 'Safety' | 'Health' | 'Env' | 'Infra' | 'Other';

export interface CapInfo {
  readonly language: 'vi-VN' | 'en';
  readonly categories: readonly CapCategory[];
  readonly event: string;
  readonly responseType?: 'Shelter' | 'Evacuate' | 'Prepare' | 'Avoid' | 'Monitor' | 'AllClear' | 'None';
  readonly urgency: 'Immediate' | 'Expected' | 'Future' | 'Past' | 'Unknown';
  readonly severity: CapSeverity;
  readonly certainty: 'Observed' | 'Likely' | 'Possible' | 'Unlikely' | 'Unknown';
  readonly effective: Date;
  readonly expires: Date;
  readonly senderName: string;
  readonly headline: string;
  readonly description: string;
  readonly instruction?: string;
  readonly web?: string | undefined;
  readonly parameters: readonly { readonly valueName: string; readonly value: string }[];
  readonly area: CapArea;
}

export interface CapArea {
  readonly areaDesc: string;
  /** Centre and radius in km. */
  readonly circle?: { readonly lat: number; readonly lon: number; readonly radiusKm: number } | undefined;
  /** A closed ring of [lon, lat] (GeoJSON order); written as "lat,lon" pairs. */
  readonly polygon?: readonly (readonly [number, number])[] | undefined;
  readonly geocode?: { readonly valueName: string; readonly value: string } | undefined;
}

export interface CapMessage {
  readonly identifier: string;
  readonly sender: string;
  readonly sent: Date;
  readonly status: 'Actual' | 'Exercise' | 'System' | 'Test' | 'Draft';
  readonly msgType: CapMsgType;
  /** Earlier messages this one updates or cancels. */
  readonly references: readonly { readonly sender: string; readonly identifier: string; readonly sent: Date }[];
  readonly info: readonly CapInfo[];
}

/** A character XML 1.0 does not allow anywhere (§2.2): C0 controls but tab and line breaks, U+FFFE, U+FFFF, lone surrogates. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const NOT_XML_ALL = new RegExp(NOT_XML.source, 'gu');

/** The first character of the text that XML 1.0 does not allow, as "U+0001"; undefined when there is none. */
export function notXmlCharacter(text: string): string | undefined {
  const found = NOT_XML.exec(text)?.[0];
  return found === undefined
    ? undefined
    : `U+${(found.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The text without the characters XML 1.0 does not allow: one of them makes the whole document unreadable. */
export const xmlCharactersOnly = (text: string): string => text.replace(NOT_XML_ALL, '');

const escape = (text: string): string =>
  xmlCharactersOnly(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** "2026-01-10T08:00:00+07:00": Hanoi time, whole seconds, the offset spelt out. */
export function capTime(at: Date): string {
  const local = new Date(Math.floor(at.getTime() / 1000) * 1000 + 7 * 3600_000);
  return `${local.toISOString().slice(0, 19)}+07:00`;
}

const el = (name: string, value: string | number): string => `<${name}>${escape(String(value))}</${name}>`;

function areaXml(a: CapArea): string {
  const parts = [el('areaDesc', a.areaDesc)];
  if (a.polygon && a.polygon.length >= 4) {
    parts.push(el('polygon', a.polygon.map(([lon, lat]) => `${lat},${lon}`).join(' ')));
  }
  if (a.circle) parts.push(el('circle', `${a.circle.lat},${a.circle.lon} ${a.circle.radiusKm}`));
  if (a.geocode)
    parts.push(`<geocode>${el('valueName', a.geocode.valueName)}${el('value', a.geocode.value)}</geocode>`);
  return `<area>${parts.join('')}</area>`;
}

function infoXml(i: CapInfo): string {
  return [
    '<info>',
    el('language', i.language),
    ...i.categories.map((c) => el('category', c)),
    el('event', i.event),
    ...(i.responseType ? [el('responseType', i.responseType)] : []),
    el('urgency', i.urgency),
    el('severity', i.severity),
    el('certainty', i.certainty),
    el('effective', capTime(i.effective)),
    el('expires', capTime(i.expires)),
    el('senderName', i.senderName),
    el('headline', i.headline),
    el('description', i.description),
    ...(i.instruction ? [el('instruction', i.instruction)] : []),
    ...(i.web ? [el('web', i.web)] : []),
    ...i.parameters.map((p) => `<parameter>${el('valueName', p.valueName)}${el('value', p.value)}</parameter>`),
    areaXml(i.area),
    '</info>',
  ].join('');
}

export function capXml(m: CapMessage): string {
  const references = m.references.map((r) => `${r.sender},${r.identifier},${capTime(r.sent)}`).join(' ');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    `<alert xmlns="${CAP_NAMESPACE}">`,
    el('identifier', m.identifier),
    el('sender', m.sender),
    el('sent', capTime(m.sent)),
    el('status', m.status),
    el('msgType', m.msgType),
    el('scope', 'Public'),
    ...(references ? [el('references', references)] : []),
    ...m.info.map(infoXml),
    '</alert>\n',
  ].join('');
}

export interface AtomEntry {
  readonly message: CapMessage;
  readonly url: string;
}

/** The Atom index of active messages, each entry with the cap: summary elements of its first info. */
export function atomFeed(
  feed: { id: string; title: string; self: string; updated: Date },
  entries: readonly AtomEntry[],
): string {
  const items = entries.map(({ message, url }) => {
    const i = message.info[0];
    const summary = i
      ? [
          el('cap:event', i.event),
          el('cap:effective', capTime(i.effective)),
          el('cap:expires', capTime(i.expires)),
          el('cap:status', message.status),
          el('cap:msgType', message.msgType),
          ...i.categories.map((c) => el('cap:category', c)),
          el('cap:urgency', i.urgency),
          el('cap:severity', i.severity),
          el('cap:certainty', i.certainty),
          el('cap:areaDesc', i.area.areaDesc),
          ...(i.area.circle
            ? [el('cap:circle', `${i.area.circle.lat},${i.area.circle.lon} ${i.area.circle.radiusKm}`)]
            : []),
        ].join('')
      : '';
    return [
      '<entry>',
      el('id', url),
      el('title', i?.headline ?? message.identifier),
      el('updated', message.sent.toISOString()),
      `<link rel="alternate" type="application/cap+xml" href="${escape(url)}"/>`,
      el('summary', i?.description ?? ''),
      summary,
      '</entry>',
    ].join('');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:cap="${CAP_NAMESPACE}">`,
    el('id', feed.id),
    el('title', feed.title),
    el('updated', feed.updated.toISOString()),
    `<link rel="self" href="${escape(feed.self)}"/>`,
    '<author><name>Thang Long</name></author>',
    ...items,
    '</feed>\n',
  ].join('');
}
