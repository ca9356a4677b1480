// appcmd's CONFIG object for any section, through the configuration engine: section names (full or
// short, as IIS's appcmd resolves them), property syntax (`/attr:v`, `/child.attr:v`,
// `/+"coll.[key='v',a='b']"`, `/-"coll.[key='v']"`, `/"coll.[key='v'].attr:v"`), and the list output in
// IIS's shapes (XML of the section, `/xml`, `/text:*`, `/text:<attr>`). docs/appcmd.md.

import type {
  AttributeView,
  CollectionChange,
  ElementView,
  SectionChange,
  SectionView,
} from '@iis-console/config';
import { parseItemSelector } from '@iis-console/config';

/** A parameter as written after its `/` or `-` (an escaping `!` removed). */
export interface RawParam {
  raw: string;
}

export class PropertySyntaxError extends Error {}

/**
 * Resolves `/section:` as IIS's appcmd does: the full name (any case), or a short name that is the
 * last part of exactly one section's name (`defaultDocument`, `anonymousAuthentication`).
 */
export function resolveSectionName(names: readonly string[], given: string): string | undefined {
  const lower = given.toLowerCase();
  const full = names.find((n) => n.toLowerCase() === lower);
  if (full) return full;
  const short = names.filter((n) => n.toLowerCase().split('/').at(-1) === lower);
  return short.length === 1 ? short[0] : undefined;
}

/** Index of the first (or last) `ch` outside brackets and quotes, or -1. */
function topLevel(text: string, ch: string, which: 'first' | 'last'): number {
  let depth = 0;
  let quote: string | undefined;
  let found = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') {
      if (depth > 0) quote = c;
    } else if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === ch && depth === 0) {
      found = i;
      if (which === 'first') return found;
    }
  }
  return found;
}

/** `files.[value='a']` → the collection path `files` and the selector's key/attributes. */
function splitSelector(text: string): { path: string; key: Record<string, string> } {
  if (!text.endsWith(']')) {
    throw new PropertySyntaxError(
      `The collection element '${text}' needs a selector in brackets, e.g. [name='value'].`,
    );
  }
  let bracket = -1;
  let depth = 0;
  let quote: string | undefined;
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === ']') depth++;
    else if (c === '[') {
      depth--;
      if (depth === 0) {
        bracket = i;
        break;
      }
    }
  }
  if (bracket < 0) throw new PropertySyntaxError(`The selector in '${text}' has no opening bracket.`);
  let parsed: { key: Record<string, string>; end: number };
  try {
    parsed = parseItemSelector(text, bracket);
  } catch (e) {
    throw new PropertySyntaxError((e as Error).message);
  }
  return { path: text.slice(0, bracket).replace(/\.$/, ''), key: parsed.key };
}

/**
 * The change of `set <object> <id> /prop:v /+"coll.[…]"`: the same properties as `set config`, each
 * below the object's collection item (`[name='Shop'].processModel.idleTimeout`).
 */
export function itemChange(itemPath: string, params: readonly RawParam[]): SectionChange {
  return parseSectionChange(
    params.map(({ raw }) =>
      raw.startsWith('+') || raw.startsWith('-') || raw.startsWith('~')
        ? { raw: `${raw[0]}${itemPath}${raw.length > 1 ? '.' : ''}${raw.slice(1)}` }
        : { raw: `${itemPath}.${raw}` },
    ),
    'set',
  );
}

/** Builds the engine's change from appcmd's property parameters (`set config`, `clear config`). */
export function parseSectionChange(params: readonly RawParam[], verb: 'set' | 'clear'): SectionChange {
  const change: Required<Pick<SectionChange, 'attributes' | 'elements' | 'collections'>> = {
    attributes: {},
    elements: {},
    collections: {},
  };
  const collection = (path: string): CollectionChange[] => (change.collections[path] ??= []);
  for (const { raw } of params) {
    if (raw.startsWith('~')) {
      // `/~"files"` clears a collection (`/~` alone: the section's own collection), as the scripts of
      // IIS Manager's Configuration Editor write it.
      collection(raw.slice(1).replace(/\.$/, '')).push({ op: 'clear' });
      continue;
    }
    if (raw.startsWith('+') || (raw.startsWith('-') && raw.includes('['))) {
      const { path, key } = splitSelector(raw.slice(1));
      collection(path).push(raw.startsWith('+') ? { op: 'add', attributes: key } : { op: 'remove', key });
      continue;
    }
    const colon = topLevel(raw, ':', 'first');
    const left = colon < 0 ? raw : raw.slice(0, colon);
    const value = verb === 'clear' ? null : colon < 0 ? '' : raw.slice(colon + 1);
    const dot = topLevel(left, '.', 'last');
    const attr = dot < 0 ? left : left.slice(dot + 1);
    const prefix = dot < 0 ? '' : left.slice(0, dot);
    if (!attr) throw new PropertySyntaxError(`The property '${raw}' names no attribute.`);
    if (prefix === '') change.attributes[attr] = value;
    else if (prefix.endsWith(']')) {
      const { path, key } = splitSelector(prefix);
      const ops = collection(path);
      const same = ops.find(
        (o): o is Extract<CollectionChange, { op: 'set' }> =>
          o.op === 'set' && JSON.stringify(o.key) === JSON.stringify(key),
      );
      if (same) same.attributes[attr] = value;
      else ops.push({ op: 'set', key, attributes: { [attr]: value } });
    } else (change.elements[prefix] ??= { attributes: {} }).attributes[attr] = value;
  }
  return change;
}

function escapeXml(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

/** The attributes appcmd shows: those set in a file, or every one with `/config:*`. */
function shownAttributes(attributes: Record<string, AttributeView>, all: boolean): Array<[string, string]> {
  return Object.values(attributes)
    .filter((a) => all || a.origin !== 'default')
    .map((a) => [a.name, a.stored ?? a.value]);
}

interface Renderable {
  attributes: Record<string, AttributeView>;
  elements: Record<string, ElementView>;
  collection?: ElementView['collection'];
}

/** The element and what it holds as XML lines, or nothing when there is nothing to show. */
function renderElement(name: string, el: Renderable, all: boolean, indent: string): string[] {
  const attrs = shownAttributes(el.attributes, all)
    .map(([n, v]) => ` ${n}="${escapeXml(v)}"`)
    .join('');
  const inner: string[] = [];
  for (const [childName, child] of Object.entries(el.elements)) {
    // Defaults elements (`applicationPoolDefaults`) are listed after the items, as IIS's files hold them.
    if (el.collection && childName.endsWith('Defaults')) continue;
    inner.push(...renderElement(childName, child, all, indent + '  '));
  }
  for (const item of el.collection?.items ?? []) {
    inner.push(...renderElement(item.elementName, item, all, indent + '  '));
    if (inner.length === 0) inner.push(`${indent}  <${item.elementName} />`);
  }
  for (const [childName, child] of Object.entries(el.elements)) {
    if (el.collection && childName.endsWith('Defaults'))
      inner.push(...renderElement(childName, child, all, indent + '  '));
  }
  const isItem = 'key' in el;
  if (inner.length === 0 && attrs === '' && !all && !isItem) return [];
  if (inner.length === 0) return [`${indent}<${name}${attrs} />`];
  return [`${indent}<${name}${attrs}>`, ...inner, `${indent}</${name}>`];
}

/** `appcmd list config /section:X`: the section as XML inside its section groups. */
export function renderSectionXml(view: SectionView, all: boolean): string {
  const groups = view.section.split('/');
  const name = groups.pop()!;
  const lines: string[] = [];
  groups.forEach((g, i) => lines.push(`${'  '.repeat(i)}<${g}>`));
  const body = renderElement(name, view, all, '  '.repeat(groups.length));
  lines.push(...(body.length > 0 ? body : [`${'  '.repeat(groups.length)}<${name} />`]));
  for (let i = groups.length - 1; i >= 0; i--) lines.push(`${'  '.repeat(i)}</${groups[i]}>`);
  return lines.join('\n') + '\n';
}

/** `/xml`: IIS's `<appcmd><CONFIG …>` wrapper around the section element. */
export function renderSectionAppcmdXml(view: SectionView, all: boolean): string {
  const tag = view.section.replace(/\//g, '-');
  const body = renderElement(tag, view, all, '        ');
  let out = '<?xml version="1.0" encoding="UTF-8"?>\n<appcmd>\n';
  out += `    <CONFIG CONFIG.SECTION="${view.section}" path="${view.configPath}" overrideMode="Inherit" locked="${view.sectionLocked}">\n`;
  out += (body.length > 0 ? body : [`        <${tag} />`]).join('\n') + '\n';
  return out + '    </CONFIG>\n</appcmd>\n';
}

function textBlock(name: string, el: Renderable, indent: string): string {
  let out = `${indent}[${name}]\n`;
  for (const [n, v] of shownAttributes(el.attributes, true)) out += `${indent}  ${n}:"${v}"\n`;
  for (const [childName, child] of Object.entries(el.elements))
    out += textBlock(childName, child, indent + '  ');
  for (const item of el.collection?.items ?? []) out += textBlock(item.elementName, item, indent + '  ');
  return out;
}

/** `/text:*`: the detail view, every attribute with its effective value. */
export function renderSectionText(view: SectionView): string {
  return (
    `CONFIG\n  CONFIG.SECTION:"${view.section}"\n  path:"${view.configPath}"\n  overrideMode:"Inherit"\n  locked:"${view.sectionLocked}"\n` +
    textBlock(view.section, view, '  ')
  );
}
