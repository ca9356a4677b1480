import { ConfigError } from '../errors.js';
import { escapeAttributeValue } from './escapeAttributeValue.js';
import { isXmlName } from './xmlChars.js';

/** An element to create: names come from the schema; values are plain text (escaped on output). */
export interface NewElement {
  name: string;
  attributes?: ReadonlyArray<readonly [name: string, value: string]>;
  children?: readonly NewElement[];
}

export interface RenderLayout {
  /** Indentation of the line the element starts on (the caller writes it). */
  indent: string;
  /** One indentation step for nested lines. */
  unit: string;
  /** Line ending between lines; '' renders everything on one line (inline files). */
  eol: string;
}

/**
 * Markup for a new element: `<name a="1" />` when it has no children (space before `/>`, as IIS
 * writes), otherwise one child per line, indented one unit deeper. Values use double quotes.
 */
export function renderElement(el: NewElement, layout: RenderLayout): string {
  assertXmlName(el.name);
  let attrs = '';
  for (const [name, value] of el.attributes ?? []) {
    assertXmlName(name);
    attrs += ` ${name}="${escapeAttributeValue(value, '"', name)}"`;
  }
  const children = el.children ?? [];
  if (children.length === 0) return `<${el.name}${attrs} />`;
  const { indent, unit, eol } = layout;
  const inner = eol === '' ? '' : indent + unit;
  let out = `<${el.name}${attrs}>`;
  for (const child of children) out += eol + inner + renderElement(child, { indent: inner, unit, eol });
  return out + eol + (eol === '' ? '' : indent) + `</${el.name}>`;
}

export function assertXmlName(name: string): void {
  if (!isXmlName(name)) throw new ConfigError('VALIDATION', `'${name}' is not a valid XML name.`);
}
