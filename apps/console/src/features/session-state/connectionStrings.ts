// What the "Create..." dialogs produce (docs/session-state.md §3.7), and how the page reads a state
// server address.

import { isIPv6Address, parseStateConnectionString } from '@iis-console/config-common';

/** `tcpip=<server>:<port>`; an IPv6 literal goes in brackets (`tcpip=[::1]:42424`). */
export function stateServerConnectionString(server: string, port: string): string {
  const host = server.trim();
  const bracketed = host.startsWith('[') && host.endsWith(']');
  const literal = bracketed ? host.slice(1, -1) : host;
  const needsBrackets = bracketed || isIPv6Address(literal) || literal.includes(':');
  return `tcpip=${needsBrackets ? `[${literal}]` : literal}:${port.trim()}`;
}

/** A port the runtime accepts (UInt16). */
export function isValidPort(port: string): boolean {
  return /^\d{1,5}$/.test(port.trim()) && Number(port.trim()) <= 65535;
}

/**
 * A connection-string value as ADO.NET reads it back: plain when it can be, else in double quotes
 * (a `"` inside doubled), or single quotes when it holds a `"`.
 */
export function connectionStringValue(value: string): string {
  const plain =
    !/[;'"]/.test(value.charAt(0)) && !value.includes(';') && value === value.trim() && !/['"]$/.test(value);
  if (plain) return value;
  if (!value.includes('"')) return `"${value}"`;
  if (!value.includes("'")) return `'${value}'`;
  return `"${value.replaceAll('"', '""')}"`;
}

export interface SqlConnectionInput {
  server: string;
  /** Only offered when "Enable custom database" is checked; empty = none. */
  database: string;
  credentials: 'integrated' | 'specify';
  userName: string;
  password: string;
}

/**
 * `data source=<server>;Integrated Security=SSPI` or `data source=<server>;user id=<u>;password=<p>`,
 * plus `;Initial Catalog=<db>` when a database is given.
 */
export function sqlServerConnectionString(input: SqlConnectionInput): string {
  const parts = [`data source=${connectionStringValue(input.server.trim())}`];
  if (input.credentials === 'integrated') parts.push('Integrated Security=SSPI');
  else {
    parts.push(`user id=${connectionStringValue(input.userName)}`);
    parts.push(`password=${connectionStringValue(input.password)}`);
  }
  const database = input.database.trim();
  if (database !== '') parts.push(`Initial Catalog=${connectionStringValue(database)}`);
  return parts.join(';');
}

/** Host names that mean "this machine" for a state server connection string. */
export function isLocalHost(host: string, machineName: string | undefined): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (['loopback', 'localhost', '127.0.0.1', '::1', '0:0:0:0:0:0:0:1', '.'].includes(h)) return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return true;
  if (!machineName) return false;
  const machine = machineName.toLowerCase();
  return h === machine || h.split('.')[0] === machine;
}

/**
 * The address a state server connection string points to, resolving a `<connectionStrings>` name as
 * the runtime does; undefined when it cannot be read.
 */
export function stateServerAddress(
  value: string,
  connectionStrings: ReadonlyArray<{ name: string; connectionString: string }>,
): { server: string; port: number } | undefined {
  const named = connectionStrings.find((c) => c.name.toLowerCase() === value.toLowerCase());
  const text = named && named.connectionString !== '' ? named.connectionString : value;
  const parsed = parseStateConnectionString(text);
  return parsed ? { server: parsed.server, port: parsed.port } : undefined;
}
