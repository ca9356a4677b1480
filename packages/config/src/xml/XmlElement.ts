// The element tree of a parsed config file. Every offset is a UTF-16 index into the ORIGINAL text
// (BOM and CRLF included), so edits can splice the text directly (docs/config-editing.md §0).

export interface XmlAttribute {
  name: string;
  /** Verbatim text between the quotes (entity references and raw line breaks kept). */
  raw: string;
  /** The value ASP.NET sees: TAB/CR/LF normalised to spaces, then the 5 entities and numeric references decoded. */
  value: string;
  quote: '"' | "'";
  /** Start of the whitespace before the name. */
  start: number;
  nameStart: number;
  valueStart: number;
  /** Index of the closing quote. */
  valueEnd: number;
}

export interface XmlElement {
  name: string;
  start: number;
  /** Exclusive: just after `/>` or after the closing tag. */
  end: number;
  /** Just after the start tag's `>`. */
  startTagEnd: number;
  selfClosing: boolean;
  attributes: XmlAttribute[];
  /** Element children only, in document order. */
  children: XmlElement[];
  /** Any comment, CDATA, processing instruction or non-whitespace text among its nodes. */
  hasContent: boolean;
  parent: XmlElement | null;
  /** 1-based line and column of `start`. */
  line: number;
  column: number;
}

export interface TextPosition {
  line: number;
  column: number;
}
