import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ConfigFileError } from '../errors.js';
import { decodeAttributeValue } from './decodeAttributeValue.js';
import { decodeConfigText } from './decodeConfigText.js';
import { LineIndex } from './LineIndex.js';
import { MAX_CONFIG_BYTES, scanMarkup } from './scanMarkup.js';
import type { ScannedStartTag } from './scanStartTag.js';
import type { TextPosition, XmlAttribute, XmlElement } from './XmlElement.js';

// Exactly the options of docs/config-editing.md §5 step 4. The parser only locates elements
// (offsets in the ORIGINAL text since 5.12.0); values and attribute offsets come from the text.
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  commentPropName: '#comment',
  cdataPropName: '#cdata',
  captureMetaData: true,
  maxNestedTags: 64,
  // defaults kept on purpose: htmlEntities: false, strictReservedNames: true
});
// Typed as the `Symbol` wrapper by fast-xml-parser; it is a plain symbol.
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

type ParsedNode = Record<string, unknown> & {
  [key: symbol]: { startIndex: number; endIndex: number } | undefined;
};

export interface ParseOptions {
  /**
   * The whole text was validated before and only spliced since, each inserted fragment validated on
   * its own (verifyEdit): XMLValidator need not read the whole text again. Everything else runs.
   */
  validatedElsewhere?: boolean;
}

/**
 * A config file parsed to locate, never to rebuild ("parse to locate, splice to edit"). Holds the
 * original text and an element tree whose offsets point into it. Immutable: an edit produces a
 * new text, which is parsed again.
 */
export class ConfigDocument {
  readonly root: XmlElement;
  private readonly lines: LineIndex;

  private constructor(
    readonly text: string,
    readonly file: string,
    options: ParseOptions = {},
  ) {
    this.lines = new LineIndex(text);
    const tags = scanMarkup(text, file, this.lines);
    if (!options.validatedElsewhere) {
      const valid = XMLValidator.validate(text);
      if (valid !== true) {
        throw new ConfigFileError(file, valid.err.line, valid.err.col ?? 1, valid.err.msg);
      }
    }
    let tree: ParsedNode[];
    try {
      tree = parser.parse(text) as ParsedNode[];
    } catch (e) {
      throw new ConfigFileError(file, 1, 1, e instanceof Error ? e.message : String(e));
    }
    this.root = new TreeBuilder(this, tags).build(tree);
  }

  /** Parses config text (already decoded); throws ConfigFileError with line and column. */
  static parse(text: string, file: string, options: ParseOptions = {}): ConfigDocument {
    return new ConfigDocument(text, file, options);
  }

  static fromBytes(bytes: Uint8Array, file: string): ConfigDocument {
    if (bytes.length > MAX_CONFIG_BYTES) {
      throw new ConfigFileError(file, 1, 1, `The file is larger than ${MAX_CONFIG_BYTES / 1024 / 1024} MiB.`);
    }
    return new ConfigDocument(decodeConfigText(bytes, file), file);
  }

  get hasBom(): boolean {
    return this.text.charCodeAt(0) === 0xfeff;
  }

  /** 1-based line and column of an offset (the BOM is not counted). */
  position(offset: number): TextPosition {
    return this.lines.position(offset);
  }

  /** A ConfigFileError pointing at `offset` of this file. */
  error(offset: number, reason: string): ConfigFileError {
    const { line, column } = this.position(offset);
    return new ConfigFileError(this.file, line, column, reason);
  }

  attr(el: XmlElement, name: string): XmlAttribute | undefined {
    return el.attributes.find((a) => a.name === name);
  }

  child(el: XmlElement, name: string): XmlElement | undefined {
    return el.children.find((c) => c.name === name);
  }

  children(el: XmlElement, name: string): XmlElement[] {
    return el.children.filter((c) => c.name === name);
  }

  /** The element whose start tag begins exactly at `offset`, if any. */
  elementAt(offset: number): XmlElement | undefined {
    let el: XmlElement | undefined = this.root;
    while (el) {
      if (el.start === offset) return el;
      const kids: XmlElement[] = el.children;
      let lo = 0;
      let hi = kids.length - 1;
      el = undefined;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const k = kids[mid] as XmlElement;
        if (offset < k.start) hi = mid - 1;
        else if (offset >= k.end) lo = mid + 1;
        else {
          el = k;
          break;
        }
      }
    }
    return undefined;
  }
}

/** Turns the parser's preserveOrder tree into XmlElements, pairing each element with its scanned start tag. */
class TreeBuilder {
  private next = 0;

  constructor(
    private readonly doc: ConfigDocument,
    private readonly tags: ScannedStartTag[],
  ) {}

  build(nodes: ParsedNode[]): XmlElement {
    let root: XmlElement | undefined;
    for (const node of nodes) {
      const key = nodeName(node);
      if (key === undefined || key.startsWith('#') || key.startsWith('?')) continue;
      root = this.element(node, key, null);
    }
    if (!root || this.next !== this.tags.length) throw this.mismatch(this.tags[this.next]?.start ?? 0);
    return root;
  }

  private element(node: ParsedNode, key: string, parent: XmlElement | null): XmlElement {
    const tag = this.tags[this.next++];
    const meta = node[META];
    // Guards the offsets themselves: before fast-xml-parser 5.12.0 they were wrong for CRLF input.
    if (!tag || !meta || meta.startIndex !== tag.start || (key !== tag.name && key !== `__${tag.name}`)) {
      throw this.mismatch(tag?.start ?? meta?.startIndex ?? 0);
    }
    const text = this.doc.text;
    const attributes: XmlAttribute[] = tag.attributes.map((a) => {
      const raw = text.slice(a.valueStart, a.valueEnd);
      // Built field by field: an object spread here costs more than the rest of the walk.
      return {
        name: a.name,
        raw,
        value: decodeAttributeValue(raw),
        quote: a.quote,
        start: a.start,
        nameStart: a.nameStart,
        valueStart: a.valueStart,
        valueEnd: a.valueEnd,
      };
    });
    const parsedAttrs = node[':@'] as Record<string, unknown> | undefined;
    if (Object.keys(parsedAttrs ?? {}).length !== attributes.length) throw this.mismatch(tag.start);
    const { line, column } = this.doc.position(tag.start);
    const el: XmlElement = {
      name: tag.name,
      start: tag.start,
      end: meta.endIndex,
      startTagEnd: tag.end,
      selfClosing: tag.selfClosing,
      attributes,
      children: [],
      hasContent: false,
      parent,
      line,
      column,
    };
    for (const child of (node[key] as ParsedNode[] | undefined) ?? []) {
      const name = nodeName(child);
      if (name === undefined) continue;
      if (name === '#text') {
        if (/[^ \t\r\n]/.test(String(child[name]))) el.hasContent = true;
      } else if (name.startsWith('#') || name.startsWith('?')) el.hasContent = true;
      else el.children.push(this.element(child, name, el));
    }
    return el;
  }

  private mismatch(offset: number): ConfigFileError {
    return this.doc.error(
      offset,
      'The XML parser reported element positions that do not match the text (fast-xml-parser >= 5.12.0 is required).',
    );
  }
}

function nodeName(node: ParsedNode): string | undefined {
  for (const key in node) if (key !== ':@') return key;
  return undefined;
}
