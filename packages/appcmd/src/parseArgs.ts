/** appcmd's command line: `appcmd <verb> <object> [identifier] [/name:value | -name:value]...`. */
export interface ParsedCommand {
  verb?: string;
  object?: string;
  identifier?: string;
  /**
   * Parameters in order, names as given (a leading `!` escape removed), values unprocessed; `raw` is
   * the whole text after the `/` or `-` (collection syntax like `+[name='a:b']` is read from it).
   */
  params: Array<{ name: string; value: string | undefined; escaped: boolean; raw: string }>;
  help: boolean;
}

/** General parameters of appcmd itself; an attribute with one of these names is written `/!name:value`. */
export const GENERAL_PARAMETERS = new Set([
  'section',
  'commit',
  'config',
  'xml',
  'text',
  'in',
  'apphostconfig',
  'debug',
  'metadata',
]);

export function parseArgs(argv: readonly string[]): ParsedCommand {
  const cmd: ParsedCommand = { params: [], help: false };
  const positional: string[] = [];
  for (const arg of argv) {
    if (arg === '/?' || arg === '-?' || arg === '/help' || arg === '-help') {
      cmd.help = true;
      continue;
    }
    if ((arg.startsWith('/') || arg.startsWith('-')) && arg.length > 1 && !isPositionalPath(arg)) {
      let body = arg.slice(1);
      const escaped = body.startsWith('!');
      if (escaped) body = body.slice(1);
      const colon = body.indexOf(':');
      const name = colon < 0 ? body : body.slice(0, colon);
      const value = colon < 0 ? undefined : body.slice(colon + 1);
      cmd.params.push({ name, value, escaped, raw: body });
      continue;
    }
    positional.push(arg);
  }
  cmd.verb = positional[0]?.toLowerCase();
  cmd.object = positional[1]?.toLowerCase();
  cmd.identifier = positional[2];
  return cmd;
}

/** `"/"` alone or `-` alone is not a parameter; a path like `/LM/...` is never passed here. */
function isPositionalPath(arg: string): boolean {
  return arg === '-' || arg === '/';
}

/** The value of a general parameter (case-insensitive name, not escaped). */
export function generalParam(
  cmd: ParsedCommand,
  name: string,
): { present: boolean; value: string | undefined } {
  const p = cmd.params.find((x) => !x.escaped && x.name.toLowerCase() === name);
  return { present: p !== undefined, value: p?.value };
}
