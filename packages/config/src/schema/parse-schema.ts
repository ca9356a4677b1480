// Reads one IIS schema file (`<configSchema><sectionSchema>…`) into the schema model. Schema files are
// trusted more than config files, but the same safety gate applies: size cap, no DOCTYPE, well-formed
// XML (XMLValidator first, because the parser alone repairs broken nesting).

import { ATTRIBUTE_TYPES, CollectionSchema, ElementSchema, SectionSchema } from '@iis-console/config-common';
import type { AttributeSchema, AttributeType, EnumValue, TimeSpanFormat } from '@iis-console/config-common';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ConfigFileError } from '../errors.js';

/** Largest schema file read (IIS's own IIS_schema.xml is about 200 KB). */
export const MAX_SCHEMA_FILE_BYTES = 8 * 1024 * 1024;
/** Deepest element nesting accepted (real schema files nest about 8 deep). */
const MAX_NESTED_TAGS = 64;

const ARRAY_TAGS = new Set(['sectionSchema', 'attribute', 'element', 'collection', 'enum', 'flag']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  attributesGroupName: '$',
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  captureMetaData: true,
  maxNestedTags: MAX_NESTED_TAGS,
  strictReservedNames: true,
  isArray: (tagName) => ARRAY_TAGS.has(tagName),
});
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

type XmlNode = Record<string | symbol, unknown>;

/** Decodes the bytes of a schema file: UTF-8 (with or without BOM) or UTF-16 with a BOM, as IIS accepts. */
export function decodeSchemaBytes(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = new Uint8Array(bytes.length - 2 - ((bytes.length - 2) % 2));
    for (let i = 0; i + 1 < swapped.length; i += 2) {
      swapped[i] = bytes[i + 3] ?? 0;
      swapped[i + 1] = bytes[i + 2] ?? 0;
    }
    return new TextDecoder('utf-16le').decode(swapped);
  }
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(start));
}

function position(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(index, 0), text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/** The text with every comment blanked out (same length, newlines kept), for the DOCTYPE scan. */
function withoutComments(text: string): string {
  return text.replace(/<!--[\s\S]*?(?:-->|$)/g, (c) => c.replace(/[^\n]/g, ' '));
}

const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#(\d{1,7})|#x([0-9a-fA-F]{1,6}));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Attribute values come back verbatim (`processEntities: false`); decode the XML entities here. */
function decodeEntities(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(
    ENTITY,
    (whole, named: string | undefined, dec: string | undefined, hex: string | undefined) => {
      if (named) return NAMED[named] ?? whole;
      const code = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? '', 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    },
  );
}

class SchemaReader {
  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  fail(node: XmlNode | undefined, reason: string): never {
    const meta = node?.[META] as { startIndex?: number } | undefined;
    const { line, column } = position(this.text, meta?.startIndex ?? 0);
    throw new ConfigFileError(this.file, line, column, reason);
  }

  attrs(node: XmlNode): Record<string, string> {
    const raw = node['$'];
    const out: Record<string, string> = {};
    if (raw && typeof raw === 'object') {
      for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
        if (typeof v === 'string') out[k] = decodeEntities(v);
      }
    }
    return out;
  }

  children(node: XmlNode, tag: string): XmlNode[] {
    const value = node[tag];
    if (!Array.isArray(value)) return [];
    // An empty element (`<enum/>` without attributes) comes back as "".
    return value.map((v) => (v && typeof v === 'object' ? (v as XmlNode) : ({} as XmlNode)));
  }

  bool(node: XmlNode, attrs: Record<string, string>, name: string): boolean | undefined {
    const v = attrs[name];
    if (v === undefined) return undefined;
    const lower = v.trim().toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    return this.fail(node, `The '${name}' schema attribute must be true or false, not '${v}'.`);
  }

  attribute(node: XmlNode): AttributeSchema {
    const a = this.attrs(node);
    const name = a['name'];
    if (!name) return this.fail(node, 'An <attribute> in the schema has no name.');
    const type = a['type'];
    if (!type || !(ATTRIBUTE_TYPES as readonly string[]).includes(type)) {
      return this.fail(node, `Attribute '${name}' has an unknown type '${type ?? ''}'.`);
    }
    const schema: AttributeSchema = { name, type: type as AttributeType };
    if (a['defaultValue'] !== undefined) schema.defaultValue = a['defaultValue'];
    if (type === 'enum' || type === 'flags') {
      const tag = type === 'enum' ? 'enum' : 'flag';
      schema.enumValues = this.children(node, tag).map((e) => this.enumValue(e, name));
    }
    const format = a['timeSpanFormat'];
    if (format !== undefined) {
      if (format !== 'seconds' && format !== 'minutes' && format !== 'string') {
        return this.fail(node, `Attribute '${name}' has an unknown timeSpanFormat '${format}'.`);
      }
      schema.timeSpanFormat = format as TimeSpanFormat;
    }
    for (const flag of [
      'allowInfinite',
      'required',
      'isUniqueKey',
      'isCombinedKey',
      'encrypted',
      'caseSensitive',
      'expanded',
    ] as const) {
      const v = this.bool(node, a, flag);
      if (v !== undefined) schema[flag] = v;
    }
    if (a['validationType'] !== undefined) schema.validationType = a['validationType'];
    if (a['validationParameter'] !== undefined) schema.validationParameter = a['validationParameter'];
    return schema;
  }

  enumValue(node: XmlNode, attributeName: string): EnumValue {
    const a = this.attrs(node);
    const name = a['name'];
    const raw = a['value']?.trim() ?? '';
    const value = /^0x[0-9a-f]+$/i.test(raw)
      ? Number.parseInt(raw.slice(2), 16)
      : /^-?\d+$/.test(raw)
        ? Number.parseInt(raw, 10)
        : Number.NaN;
    if (!name || !Number.isSafeInteger(value)) {
      return this.fail(
        node,
        `An enum value of attribute '${attributeName}' needs a name and an integer value.`,
      );
    }
    return { name, value };
  }

  attributes(node: XmlNode): AttributeSchema[] {
    const list: AttributeSchema[] = [];
    for (const child of this.children(node, 'attribute')) {
      const attr = this.attribute(child);
      if (list.some((x) => x.name === attr.name)) {
        this.fail(child, `Attribute '${attr.name}' is defined more than once.`);
      }
      list.push(attr);
    }
    return list;
  }

  collection(node: XmlNode): CollectionSchema | undefined {
    const collections = this.children(node, 'collection');
    const first = collections[0];
    if (!first) return undefined;
    if (collections.length > 1) this.fail(collections[1], 'An element may have only one <collection>.');
    const a = this.attrs(first);
    return new CollectionSchema({
      addElement: a['addElement'],
      removeElement: a['removeElement'],
      clearElement: a['clearElement'],
      allowUnrecognizedAttributes: this.bool(first, a, 'allowUnrecognizedAttributes') ?? false,
      allowDuplicates: this.bool(first, a, 'allowDuplicates') ?? false,
      mergeAppend: this.bool(first, a, 'mergeAppend') ?? true,
      attributes: this.attributes(first),
      elements: this.elements(first),
      collection: this.collection(first),
      defaultElement: a['defaultElement'],
    });
  }

  elements(node: XmlNode): ElementSchema[] {
    return this.children(node, 'element').map((child) => {
      const name = this.attrs(child)['name'];
      if (!name) return this.fail(child, 'An <element> in the schema has no name.');
      return new ElementSchema({
        name,
        attributes: this.attributes(child),
        elements: this.elements(child),
        collection: this.collection(child),
      });
    });
  }

  section(node: XmlNode, builtin: boolean): SectionSchema {
    const a = this.attrs(node);
    const name = a['name'];
    if (!name) return this.fail(node, 'A <sectionSchema> has no name.');
    return new SectionSchema({
      name,
      file: this.file,
      builtin,
      allowUnrecognizedAttributes: this.bool(node, a, 'allowUnrecognizedAttributes') ?? false,
      attributes: this.attributes(node),
      elements: this.elements(node),
      collection: this.collection(node),
    });
  }
}

/**
 * Parses the text of one schema file. Throws ConfigFileError (file, line, column) for a file that is
 * too large, has a DOCTYPE, is not well-formed, or is not a valid `<configSchema>`.
 */
export function parseSchemaXml(
  text: string,
  file: string,
  options: { builtin?: boolean } = {},
): SectionSchema[] {
  if (text.length > MAX_SCHEMA_FILE_BYTES) {
    throw new ConfigFileError(file, 1, 1, `The schema file is larger than ${MAX_SCHEMA_FILE_BYTES} bytes.`);
  }
  const doctype = withoutComments(text).search(/<!DOCTYPE/i);
  if (doctype >= 0) {
    const { line, column } = position(text, doctype);
    throw new ConfigFileError(file, line, column, 'A DOCTYPE is not allowed in a schema file.');
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new ConfigFileError(file, valid.err.line, valid.err.col, valid.err.msg);
  }
  let doc: unknown;
  try {
    doc = parser.parse(text);
  } catch (e) {
    throw new ConfigFileError(file, 1, 1, e instanceof Error ? e.message : String(e));
  }
  const reader = new SchemaReader(text, file);
  const rootNode = (doc as XmlNode | undefined)?.['configSchema'];
  if (rootNode === undefined)
    reader.fail(undefined, 'The root element of a schema file must be <configSchema>.');
  const root = rootNode && typeof rootNode === 'object' ? (rootNode as XmlNode) : ({} as XmlNode);
  return reader.children(root, 'sectionSchema').map((s) => reader.section(s, options.builtin ?? false));
}
