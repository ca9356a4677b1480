// The two connection-string parsers of the ASP.NET session state runtime, ported so that the product
// refuses exactly what the runtime would refuse. Pure (no Node imports).
//
// * State server: ./state-connection-string.ts (re-exported here), shared with the state service.
// * SQL server: the ADO.NET connection-string syntax of DbConnectionOptions.GetKeyValuePair /
//   ParseInternal with SqlClient's keywords and synonyms (SqlConnectionString.GetParseSynonyms).

// ---- .NET character classes ----

/** .NET `char.IsWhiteSpace` (Unicode White_Space minus U+FEFF, unlike JavaScript's `\s`). */
export function isDotNetWhiteSpace(ch: string): boolean {
  const c = ch.charCodeAt(0);
  return (
    (c >= 0x09 && c <= 0x0d) ||
    c === 0x20 ||
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

function isControl(ch: string): boolean {
  const c = ch.charCodeAt(0);
  return c <= 0x1f || (c >= 0x7f && c <= 0x9f);
}

// ---- State server (V9) ----

// One rule for the validator and the state service's Test connection: ./state-connection-string.ts.
export {
  isIPv6Address,
  parseStateConnectionString,
  type StateServerAddress,
} from './state-connection-string.js';

// ---- SQL Server (V10a, V10b) ----

/** SqlClient keywords (lowercase) and synonyms → the keyword they stand for (.NET Framework 4.8). */
const SQL_KEYWORDS: ReadonlyMap<string, string> = (() => {
  const keys = [
    'applicationintent',
    'application name',
    'asynchronous processing',
    'attachdbfilename',
    'poolblockingperiod',
    'connect timeout',
    'connection reset',
    'context connection',
    'current language',
    'data source',
    'encrypt',
    'enlist',
    'failover partner',
    'initial catalog',
    'integrated security',
    'load balance timeout',
    'multipleactiveresultsets',
    'max pool size',
    'min pool size',
    'multisubnetfailover',
    'transparentnetworkipresolution',
    'network library',
    'packet size',
    'password',
    'persist security info',
    'pooling',
    'replication',
    'trustservercertificate',
    'transaction binding',
    'type system version',
    'column encryption setting',
    'enclave attestation url',
    'user id',
    'user instance',
    'workstation id',
    'connectretrycount',
    'connectretryinterval',
    'authentication',
  ];
  const synonyms: [string, string][] = [
    ['app', 'application name'],
    ['async', 'asynchronous processing'],
    ['extended properties', 'attachdbfilename'],
    ['initial file name', 'attachdbfilename'],
    ['connection timeout', 'connect timeout'],
    ['timeout', 'connect timeout'],
    ['language', 'current language'],
    ['addr', 'data source'],
    ['address', 'data source'],
    ['network address', 'data source'],
    ['server', 'data source'],
    ['database', 'initial catalog'],
    ['trusted_connection', 'integrated security'],
    ['connection lifetime', 'load balance timeout'],
    ['net', 'network library'],
    ['network', 'network library'],
    ['pwd', 'password'],
    ['persistsecurityinfo', 'persist security info'],
    ['uid', 'user id'],
    ['user', 'user id'],
    ['wsid', 'workstation id'],
  ];
  return new Map<string, string>([...keys.map((k): [string, string] => [k, k]), ...synonyms]);
})();

class ConnectionStringError extends Error {}

function syntaxError(index: number): ConnectionStringError {
  return new ConnectionStringError(
    `Format of the initialization string does not conform to specification starting at index ${index}.`,
  );
}

enum State {
  NothingYet,
  Key,
  KeyEqual,
  KeyEnd,
  UnquotedValue,
  DoubleQuoteValue,
  DoubleQuoteValueQuote,
  SingleQuoteValue,
  SingleQuoteValueQuote,
  QuotedValueEnd,
  NullTermination,
}

function keyName(buffer: string): string {
  let end = buffer.length;
  while (end > 0 && isDotNetWhiteSpace(buffer[end - 1] ?? '')) end--;
  return buffer.slice(0, end).toLowerCase();
}

function trimmedValue(buffer: string): string {
  let start = 0;
  let end = buffer.length;
  while (start < end && isDotNetWhiteSpace(buffer[start] ?? '')) start++;
  while (end > start && isDotNetWhiteSpace(buffer[end - 1] ?? '')) end--;
  return buffer.slice(start, end);
}

/** One `key=value` pair from `position` (port of DbConnectionOptions.GetKeyValuePair, non-ODBC rules). */
function keyValuePair(text: string, position: number): { next: number; key?: string; value?: string } {
  let start = position;
  let buffer = '';
  let key: string | undefined;
  let value: string | undefined;
  let ch = '\0';
  let state = State.NothingYet;
  let i = position;
  scan: for (; i < text.length; i++) {
    ch = text[i] ?? '\0';
    switch (state) {
      case State.NothingYet:
        if (ch === ';' || isDotNetWhiteSpace(ch)) continue;
        if (ch === '\0') {
          state = State.NullTermination;
          continue;
        }
        if (isControl(ch)) throw syntaxError(start);
        start = i;
        if (ch !== '=') {
          state = State.Key;
          break;
        }
        state = State.KeyEqual;
        continue;
      case State.Key:
        if (ch === '=') {
          state = State.KeyEqual;
          continue;
        }
        if (isDotNetWhiteSpace(ch)) break;
        if (isControl(ch)) throw syntaxError(start);
        break;
      case State.KeyEqual:
        if (ch === '=') {
          // `==` in a key stands for a literal `=`.
          state = State.Key;
          break;
        }
        key = keyName(buffer);
        if (!key) throw syntaxError(start);
        buffer = '';
        // Read this character again as the start of the value (.NET: goto case KeyEnd).
        state = State.KeyEnd;
        i--;
        continue;
      case State.KeyEnd:
        if (isDotNetWhiteSpace(ch)) continue;
        if (ch === "'") {
          state = State.SingleQuoteValue;
          continue;
        }
        if (ch === '"') {
          state = State.DoubleQuoteValue;
          continue;
        }
        if (ch === ';' || ch === '\0') break scan;
        if (isControl(ch)) throw syntaxError(start);
        state = State.UnquotedValue;
        break;
      case State.UnquotedValue:
        if (isDotNetWhiteSpace(ch)) break;
        if (isControl(ch) || ch === ';') break scan;
        break;
      case State.DoubleQuoteValue:
        if (ch === '"') {
          state = State.DoubleQuoteValueQuote;
          continue;
        }
        if (ch === '\0') throw syntaxError(start);
        break;
      case State.DoubleQuoteValueQuote:
        if (ch === '"') {
          state = State.DoubleQuoteValue;
          break;
        }
        value = buffer;
        state = State.QuotedValueEnd;
        if (isDotNetWhiteSpace(ch)) continue;
        if (ch === ';') break scan;
        if (ch === '\0') {
          state = State.NullTermination;
          continue;
        }
        throw syntaxError(start);
      case State.SingleQuoteValue:
        if (ch === "'") {
          state = State.SingleQuoteValueQuote;
          continue;
        }
        if (ch === '\0') throw syntaxError(start);
        break;
      case State.SingleQuoteValueQuote:
        if (ch === "'") {
          state = State.SingleQuoteValue;
          break;
        }
        value = buffer;
        state = State.QuotedValueEnd;
        if (isDotNetWhiteSpace(ch)) continue;
        if (ch === ';') break scan;
        if (ch === '\0') {
          state = State.NullTermination;
          continue;
        }
        throw syntaxError(start);
      case State.QuotedValueEnd:
        if (isDotNetWhiteSpace(ch)) continue;
        if (ch === ';') break scan;
        if (ch === '\0') {
          state = State.NullTermination;
          continue;
        }
        throw syntaxError(start); // text after a closing quote
      case State.NullTermination:
        if (ch === '\0' || isDotNetWhiteSpace(ch)) continue;
        throw syntaxError(i);
    }
    buffer += ch;
  }
  switch (state) {
    case State.Key:
    case State.DoubleQuoteValue:
    case State.SingleQuoteValue:
      throw syntaxError(start); // no `=`, or an unbalanced quote
    case State.KeyEqual:
      key = keyName(buffer);
      if (!key) throw syntaxError(start);
      break;
    case State.UnquotedValue: {
      value = trimmedValue(buffer);
      const last = value[value.length - 1];
      if (last === "'" || last === '"') throw syntaxError(start); // an unquoted value must not end in a quote
      break;
    }
    case State.DoubleQuoteValueQuote:
    case State.SingleQuoteValueQuote:
    case State.QuotedValueEnd:
      value = buffer;
      break;
    default:
      break;
  }
  if (ch === ';' && i < text.length) i++;
  const result: { next: number; key?: string; value?: string } = { next: i };
  if (key !== undefined) result.key = key;
  if (value !== undefined) result.value = value;
  return result;
}

export type SqlConnectionStringParse =
  | {
      ok: true;
      /** keyword (canonical lowercase SqlClient name) → value; last one wins */ options: Map<string, string>;
    }
  | { ok: false; /** the .NET parser's message */ reason: string };

/**
 * Parses an ADO.NET SqlClient connection string: `key=value` pairs separated by `;` (empty pairs
 * allowed), values quoted with `'…'` or `"…"` (a doubled quote stands for one), keys case-insensitive
 * and resolved through SqlClient's synonyms (`Database` → `initial catalog`). Unknown keywords are
 * refused as SqlConnection refuses them. Values of known keywords are not checked.
 */
export function parseSqlConnectionString(text: string): SqlConnectionStringParse {
  const options = new Map<string, string>();
  try {
    let next = 0;
    while (next < text.length) {
      const pair = keyValuePair(text, next);
      next = pair.next;
      if (!pair.key) break;
      const keyword = SQL_KEYWORDS.get(pair.key);
      if (keyword === undefined) throw new ConnectionStringError(`Keyword not supported: '${pair.key}'.`);
      options.set(keyword, pair.value ?? '');
    }
  } catch (e) {
    if (e instanceof ConnectionStringError) return { ok: false, reason: e.message };
    throw e;
  }
  return { ok: true, options };
}

/** True when the options name a database (`Initial Catalog`/`Database`) or a file (`AttachDbFileName`). */
export function namesSqlDatabase(options: ReadonlyMap<string, string>): boolean {
  return (options.get('initial catalog') ?? '') !== '' || (options.get('attachdbfilename') ?? '') !== '';
}
