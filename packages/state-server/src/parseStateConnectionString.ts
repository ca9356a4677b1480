export interface StateServerAddress {
  host: string;
  port: number;
}

/**
 * Reads `stateConnectionString` the way ASP.NET's StateServer provider does (spec §2):
 * `tcpip=<server>:<port>` or `tcpip=[<IPv6>]:<port>`; the port is mandatory, the server name ASCII.
 * The `tcpip=` prefix may be left out. Returns undefined when the string is not of that form.
 */
export function parseStateConnectionString(text: string): StateServerAddress | undefined {
  let rest = text.trim();
  if (/^tcpip\s*=/i.test(rest)) rest = rest.slice(rest.indexOf('=') + 1).trim();
  let host: string;
  let portText: string;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0 || rest[close + 1] !== ':') return undefined;
    host = rest.slice(1, close);
    portText = rest.slice(close + 2);
  } else {
    const colon = rest.lastIndexOf(':');
    if (colon <= 0 || rest.indexOf(':') !== colon) return undefined;
    host = rest.slice(0, colon);
    portText = rest.slice(colon + 1);
  }
  if (host === '' || !/^[\x21-\x7e]+$/.test(host) || !/^\d{1,5}$/.test(portText)) return undefined;
  const port = Number(portText);
  if (port < 1 || port > 65535) return undefined;
  return { host, port };
}
