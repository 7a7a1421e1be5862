/**
 * A small XML writer for Open311 documents: elements with text or child elements, no attributes or
 * namespaces (GeoReport v2 uses none). Every text is escaped and stripped of the characters XML 1.0
 * cannot carry, so a citizen's description can never break the document or smuggle markup into it.
 */

/** What an element holds: a text (absent or empty: an empty element) or child elements. */
export type XmlContent = string | number | boolean | null | undefined | readonly XmlElement[];

export interface XmlElement {
  readonly name: string;
  readonly content: XmlContent;
}

export const el = (name: string, content: XmlContent): XmlElement => ({ name, content });

/** One element per item of a list, e.g. `<services>` holding a `<service>` for each service. */
export const list = <T>(name: string, itemName: string, items: readonly T[], item: (x: T) => readonly XmlElement[]) =>
  el(
    name,
    items.map((x) => el(itemName, item(x))),
  );

export const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';

// C0 controls but tab, newline and carriage return; the two non-characters; half surrogate pairs.
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- these are the characters to remove
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Text as XML character data: the five special characters escaped, characters XML cannot hold dropped. */
export const escapeXml = (text: string): string =>
  text.replace(NOT_XML, '').replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function write(e: XmlElement, depth: number, out: string[]): void {
  if (!NAME.test(e.name)) throw new Error(`not an XML element name: ${e.name}`);
  const pad = '  '.repeat(depth);
  const c = e.content;
  if (typeof c === 'object' && c !== null) {
    const children = c;
    if (children.length === 0) {
      out.push(`${pad}<${e.name}></${e.name}>`);
      return;
    }
    out.push(`${pad}<${e.name}>`);
    for (const child of children) write(child, depth + 1, out);
    out.push(`${pad}</${e.name}>`);
    return;
  }
  const text = c === null || c === undefined ? '' : escapeXml(String(c));
  out.push(`${pad}<${e.name}>${text}</${e.name}>`);
}

/**
 * A whole document: the declaration GeoReport v2 asks for, then the root, indented by two spaces.
 * Empty values are written as an empty pair (`<address></address>`), as the specification's examples
 * and most servers do.
 */
export function xmlDocument(root: XmlElement): string {
  const out = [XML_DECLARATION];
  write(root, 0, out);
  return `${out.join('\n')}\n`;
}
