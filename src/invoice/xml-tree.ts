import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { InvoiceFormatError } from './errors.ts';
import { DEFAULT_SCAN_LIMITS } from './xml-scan.ts';

/**
 * A small namespace-aware element tree over fast-xml-parser's ordered output. Input must come from the scanner
 * (xml-scan.ts), which has already refused DTDs; entities are never processed by the parser: the five predefined
 * ones and character references are decoded here, any other entity reference is an error.
 */

export interface XmlElement {
  /** Name as written, with its prefix. */
  name: string;
  local: string;
  /** Namespace URI ('' when none). */
  ns: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Direct text content, decoded and trimmed. */
  text: string;
}

type Ordered = Record<string, unknown>;

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&([^;&\s]{1,32});/g, (whole, ref: string) => {
    const predefined = PREDEFINED[ref];
    if (predefined !== undefined) return predefined;
    const numeric = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(ref);
    if (!numeric) throw new InvoiceFormatError(`malformed XML: undefined entity ${whole}`);
    const code = numeric[1] !== undefined ? parseInt(numeric[1], 16) : parseInt(numeric[2] ?? '', 10);
    if (!isXmlChar(code)) throw new InvoiceFormatError(`malformed XML: invalid character reference ${whole}`);
    return String.fromCodePoint(code);
  });
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: '#cdata',
  maxNestedTags: DEFAULT_SCAN_LIMITS.maxDepth + 1,
});

function textOfNodes(nodes: unknown[], cdata: boolean): string {
  let text = '';
  for (const node of nodes as Ordered[]) {
    if (typeof node['#text'] === 'string') text += cdata ? node['#text'] : decodeEntities(node['#text']);
    else if (Array.isArray(node['#cdata'])) text += textOfNodes(node['#cdata'], true);
  }
  return text;
}

function build(node: Ordered, scope: Map<string, string>): XmlElement | undefined {
  const name = Object.keys(node).find((key) => key !== ':@' && key !== '#text' && key !== '#cdata');
  if (name === undefined) return undefined;
  const rawAttrs = (node[':@'] ?? {}) as Record<string, string>;
  const attrs: Record<string, string> = {};
  let inner = scope;
  for (const [key, value] of Object.entries(rawAttrs)) {
    attrs[key] = decodeEntities(String(value));
    if (key === 'xmlns' || key.startsWith('xmlns:')) {
      if (inner === scope) inner = new Map(scope);
      inner.set(key === 'xmlns' ? '' : key.slice(6), attrs[key]);
    }
  }
  const colon = name.indexOf(':');
  const prefix = colon < 0 ? '' : name.slice(0, colon);
  const ns = inner.get(prefix);
  if (ns === undefined && prefix !== '') throw new InvoiceFormatError(`malformed XML: undeclared prefix "${prefix}:"`);
  const content = Array.isArray(node[name]) ? (node[name] as Ordered[]) : [];
  const children: XmlElement[] = [];
  for (const item of content) {
    const element = build(item, inner);
    if (element) children.push(element);
  }
  return {
    name,
    local: name.slice(colon + 1),
    ns: ns ?? '',
    attrs,
    children,
    text: textOfNodes(content, false).trim(),
  };
}

/** Parses XML kept by the scanner; malformed input gives an InvoiceFormatError naming the line and column. */
export function parseXmlTree(xml: string): XmlElement {
  const validation = XMLValidator.validate(xml, { allowBooleanAttributes: false });
  if (validation !== true) {
    const { msg, line, col } = validation.err;
    throw new InvoiceFormatError(`malformed XML: ${msg} (line ${line}, column ${col})`);
  }
  let ordered: Ordered[];
  try {
    ordered = parser.parse(xml) as Ordered[];
  } catch (error) {
    throw new InvoiceFormatError(`malformed XML: ${(error as Error).message}`, { cause: error });
  }
  const roots = ordered.map((node) => build(node, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']])));
  const root = roots.find((element) => element !== undefined);
  if (!root) throw new InvoiceFormatError('malformed XML: no root element');
  return root;
}

/** First child with this local name (and namespace, when given). */
export function child(element: XmlElement | undefined, local: string, ns?: string): XmlElement | undefined {
  return element?.children.find((c) => c.local === local && (ns === undefined || c.ns === ns));
}

export function childrenNamed(element: XmlElement | undefined, local: string, ns?: string): XmlElement[] {
  return element?.children.filter((c) => c.local === local && (ns === undefined || c.ns === ns)) ?? [];
}

/** Follows a path of local names (any namespace). */
export function at(element: XmlElement | undefined, ...path: string[]): XmlElement | undefined {
  let current = element;
  for (const local of path) current = child(current, local);
  return current;
}

/** Trimmed text at a path, undefined when absent or empty. */
export function textAt(element: XmlElement | undefined, ...path: string[]): string | undefined {
  const text = at(element, ...path)?.text;
  return text === undefined || text === '' ? undefined : text;
}

export function attrOf(element: XmlElement | undefined, name: string): string | undefined {
  const value = element?.attrs[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}
