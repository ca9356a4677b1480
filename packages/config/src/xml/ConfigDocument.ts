import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ConfigFileError } from '../errors.js';
import { decodeConfigText } from './decodeConfigText.js';
import { LineIndex } from './LineIndex.js';
import { MAX_CONFIG_BYTES, scanMarkup } from './scanMarkup.js';
import type { TextPosition, XmlAttribute, XmlElement } from './XmlElement.js';

// Exactly the options of docs/config-editing.md §5 step 5. Before anything is written, the parser's
// element spans (offsets in the ORIGINAL text since 5.12.0) must equal the scanner's (`crossCheck`).
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
  /**
   * Run XMLValidator over the whole text even when the scan proves it well-formed: texts about to be
   * written (the write path checks them by every means it has).
   */
  alwaysValidate?: boolean;
}

/**
 * A config file parsed to locate, never to rebuild ("parse to locate, splice to edit"). Holds the
 * original text and an element tree whose offsets point into it. Immutable: an edit produces a
 * new text, which is parsed again.
 *
 * Reading (docs/config-editing.md §5): the safety gate's scanner locates every element (start tag,
 * attributes, end, content) in its one pass and checks, besides its own rules, everything
 * XMLValidator would reject; where it sees anything of that kind, XMLValidator judges the text and
 * names the error. fast-xml-parser's own element spans are compared with the scanner's by
 * `crossCheck`, which every text about to be written passes (verifyEdit) after XMLValidator: a read
 * costs one scan, and a write is still checked by all three.
 */
export class ConfigDocument {
  readonly root: XmlElement;
  private readonly lines: LineIndex;
  private crossChecked = false;

  private constructor(
    readonly text: string,
    readonly file: string,
    options: ParseOptions = {},
  ) {
    this.lines = new LineIndex(text);
    const { elements, wellFormed } = scanMarkup(text, file, this.lines);
    if (!options.validatedElsewhere && (options.alwaysValidate || !wellFormed)) {
      const valid = XMLValidator.validate(text);
      if (valid !== true) {
        throw new ConfigFileError(file, valid.err.line, valid.err.col ?? 1, valid.err.msg);
      }
    }
    // Balance is proven by the scan or by XMLValidator; an element left open means one was skipped.
    for (const el of elements) if (el.end === -1) throw mismatch(this, el.start);
    this.root = elements[0]!;
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

  /**
   * Parses the text with fast-xml-parser (the options of §5 step 5) and checks that it finds the
   * same elements, in the same order, at the same start and end offsets, with the same number of
   * attributes as the scanner. Throws ConfigFileError where they differ. Done once per document.
   */
  crossCheck(): void {
    if (this.crossChecked) return;
    let tree: ParsedNode[];
    try {
      tree = parser.parse(this.text) as ParsedNode[];
    } catch (e) {
      throw new ConfigFileError(this.file, 1, 1, e instanceof Error ? e.message : String(e));
    }
    new CrossCheck(this).run(tree);
    this.crossChecked = true;
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

/** Walks fast-xml-parser's preserveOrder tree beside the scanned elements (`ConfigDocument.crossCheck`). */
class CrossCheck {
  constructor(private readonly doc: ConfigDocument) {}

  run(nodes: ParsedNode[]): void {
    const roots: ParsedNode[] = [];
    for (const node of nodes) {
      const key = nodeName(node);
      if (key === undefined || key.startsWith('#') || key.startsWith('?')) continue;
      roots.push(node);
    }
    if (roots.length !== 1) throw mismatch(this.doc, 0);
    this.element(roots[0]!, nodeName(roots[0]!)!, this.doc.root);
  }

  private element(node: ParsedNode, key: string, el: XmlElement): void {
    const meta = node[META];
    // Guards the offsets themselves: before fast-xml-parser 5.12.0 they were wrong for CRLF input.
    if (
      !meta ||
      meta.startIndex !== el.start ||
      meta.endIndex !== el.end ||
      (key !== el.name && key !== `__${el.name}`)
    ) {
      throw mismatch(this.doc, el.start);
    }
    const parsedAttrs = node[':@'] as Record<string, unknown> | undefined;
    if (Object.keys(parsedAttrs ?? {}).length !== el.attributes.length) throw mismatch(this.doc, el.start);
    let next = 0;
    for (const child of (node[key] as ParsedNode[] | undefined) ?? []) {
      const name = nodeName(child);
      if (name === undefined || name.startsWith('#') || name.startsWith('?')) continue;
      const scanned = el.children[next++];
      if (!scanned) throw mismatch(this.doc, el.start);
      this.element(child, name, scanned);
    }
    if (next !== el.children.length) throw mismatch(this.doc, el.children[next]!.start);
  }
}

function mismatch(doc: ConfigDocument, offset: number): ConfigFileError {
  return doc.error(
    offset,
    'The XML parser reported element positions that do not match the text (fast-xml-parser >= 5.12.0 is required).',
  );
}

function nodeName(node: ParsedNode): string | undefined {
  for (const key in node) if (key !== ':@') return key;
  return undefined;
}
