// Element paths inside a section, in appcmd's notation: child elements separated by dots, collection
// items selected by their key in brackets — `requestLimits`, `files`, `[name='DefaultAppPool'].processModel`,
// `[name='Site'].bindings`. Pure (no Node imports); shared by the engine, the API and appcmd.

export type PathSegment = { kind: 'element'; name: string } | { kind: 'item'; key: Record<string, string> };

/** Reads `[a='1',b="2"]` starting at `text[start] === '['`; returns the key and the index after `]`. */
export function parseItemSelector(text: string, start: number): { key: Record<string, string>; end: number } {
  const key: Record<string, string> = {};
  let i = start + 1;
  const fail = (why: string): never => {
    throw new Error(`Invalid collection element selector '${text.slice(start)}': ${why}.`);
  };
  for (;;) {
    while (text[i] === ' ') i++;
    if (text[i] === ']') return { key, end: i + 1 };
    const nameStart = i;
    while (i < text.length && /[A-Za-z0-9_.:-]/.test(text[i]!)) i++;
    const name = text.slice(nameStart, i);
    if (!name) fail('an attribute name is expected');
    while (text[i] === ' ') i++;
    if (text[i] !== '=') fail(`'=' is expected after '${name}'`);
    i++;
    while (text[i] === ' ') i++;
    const quote = text[i];
    let value: string;
    if (quote === "'" || quote === '"') {
      const close = text.indexOf(quote, i + 1);
      if (close < 0) fail('a closing quote is missing');
      value = text.slice(i + 1, close);
      i = close + 1;
    } else {
      const valueStart = i;
      while (i < text.length && text[i] !== ',' && text[i] !== ']') i++;
      value = text.slice(valueStart, i).trim();
    }
    key[name] = value;
    while (text[i] === ' ') i++;
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text[i] === ']') return { key, end: i + 1 };
    fail("',' or ']' is expected");
  }
}

/** Splits an element path into element names and item selectors. `''` is the section itself. */
export function parseElementPath(path: string): PathSegment[] {
  const out: PathSegment[] = [];
  let i = 0;
  while (i < path.length) {
    if (path[i] === '.') {
      i++;
      continue;
    }
    if (path[i] === '[') {
      const { key, end } = parseItemSelector(path, i);
      if (Object.keys(key).length === 0)
        throw new Error(`Invalid collection element selector in '${path}': no key.`);
      out.push({ kind: 'item', key });
      i = end;
      continue;
    }
    const start = i;
    while (i < path.length && path[i] !== '.' && path[i] !== '[') i++;
    const name = path.slice(start, i);
    if (!/^[A-Za-z_][A-Za-z0-9_.:-]*$/.test(name))
      throw new Error(`Invalid element name '${name}' in '${path}'.`);
    out.push({ kind: 'element', name });
  }
  return out;
}
