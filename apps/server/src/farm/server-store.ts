import { isIP } from 'node:net';
import { join } from 'node:path';
import { z } from 'zod';
import { FarmErrorCode, LOCAL_SERVER_ID, type ServerSummary } from '@iis-console/contracts';
import { HttpError } from '../errors.js';
import { JsonFile } from '../fs/json-file.js';
import { consoleStateDir } from '../paths.js';

const ServerRecord = z.object({
  id: z.string(),
  name: z.string(),
  /** The origin, `https://host:port`. */
  url: z.string(),
  /** The API token made on that server: sent as `Authorization: Bearer`; never returned or logged. */
  token: z.string(),
  fingerprint: z.string().nullable(),
  allowInsecure: z.boolean(),
  remoteUser: z.string().nullable(),
  remoteRole: z.enum(['administrator', 'reader']).nullable(),
  addedBy: z.string(),
  addedAt: z.string(),
});
export type ServerRecord = z.infer<typeof ServerRecord>;

const ServersDocument = z.object({ version: z.literal(1), servers: z.array(ServerRecord) });
type ServersDocument = z.infer<typeof ServersDocument>;

/** The API form: everything but the token. */
export function serverSummary(record: ServerRecord): ServerSummary {
  const { token: _token, ...rest } = record;
  return { ...rest, local: false, addedBy: rest.addedBy, addedAt: rest.addedAt };
}

/** "web2" (https://web2:8172), for messages. */
export const serverLabel = (record: Pick<ServerRecord, 'name' | 'url'>): string =>
  `"${record.name}" (${record.url})`;

/** A lower-case id from the name, not `local` and not taken: `Web 2` → `web-2`, then `web-2-2`. */
function newId(name: string, taken: Set<string>): string {
  const base =
    name
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'server';
  let id = base;
  for (let n = 2; id === LOCAL_SERVER_ID || taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

const isLoopback = (hostname: string): boolean => {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || /^::ffff:127\./.test(host);
};

/**
 * The origin of a server URL as the registry keeps it (`https://host:port`): http or https, no
 * credentials, path, query or fragment; plain http to a host other than loopback only with
 * `allowInsecure` (the token would cross the network in clear text).
 */
export function checkServerUrl(text: string, allowInsecure: boolean): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new HttpError(
      400,
      FarmErrorCode.SERVER_URL,
      `"${text.slice(0, 200)}" is not a URL (https://host:port).`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new HttpError(
      400,
      FarmErrorCode.SERVER_URL,
      'The server URL must start with https:// (or http://).',
    );
  }
  if (
    url.username ||
    url.password ||
    (url.pathname !== '/' && url.pathname !== '') ||
    url.search ||
    url.hash
  ) {
    throw new HttpError(
      400,
      FarmErrorCode.SERVER_URL,
      'Give the server as https://host:port only: no user, path, query or fragment.',
    );
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname) && !allowInsecure) {
    throw new HttpError(
      400,
      FarmErrorCode.SERVER_URL,
      `http://${url.host} is not a loopback address: its token would cross the network unencrypted. ` +
        'Use https://, or send "allowInsecure": true to confirm plain HTTP.',
    );
  }
  return url.origin;
}

/** Other IIS Consoles of the farm, in `ProgramData/IISConsole/servers.json` (mode 0600: it holds tokens). */
export class ServerStore {
  readonly #file: JsonFile<ServersDocument>;

  constructor(file: string) {
    this.#file = new JsonFile(file, ServersDocument, () => ({ version: 1, servers: [] }));
  }

  static forRoot(root: string): ServerStore {
    return new ServerStore(join(consoleStateDir(root), 'servers.json'));
  }

  get file(): string {
    return this.#file.file;
  }

  async list(): Promise<ServerRecord[]> {
    return (await this.#file.read()).servers;
  }

  async get(id: string): Promise<ServerRecord | undefined> {
    return (await this.list()).find((s) => s.id === id);
  }

  /** Adds a server; 409 when its name or URL is registered already. */
  async add(record: Omit<ServerRecord, 'id'>): Promise<ServerRecord> {
    return this.#file.update((doc) => {
      const same = doc.servers.find(
        (s) => s.url === record.url || s.name.toLowerCase() === record.name.toLowerCase(),
      );
      if (same) {
        throw new HttpError(
          409,
          FarmErrorCode.SERVER_EXISTS,
          `${serverLabel(same)} is registered already as "${same.id}": remove it first to add it again.`,
        );
      }
      const added = { id: newId(record.name, new Set(doc.servers.map((s) => s.id))), ...record };
      return { data: { ...doc, servers: [...doc.servers, added] }, result: added };
    });
  }

  /** Changes a registered server; undefined when there is none with this id. */
  async change(id: string, change: Partial<Omit<ServerRecord, 'id'>>): Promise<ServerRecord | undefined> {
    return this.#file.update((doc) => {
      const current = doc.servers.find((s) => s.id === id);
      if (!current) return { data: doc, result: undefined };
      const changed = { ...current, ...change };
      return {
        data: { ...doc, servers: doc.servers.map((s) => (s.id === id ? changed : s)) },
        result: changed,
      };
    });
  }

  async remove(id: string): Promise<ServerRecord | undefined> {
    return this.#file.update((doc) => {
      const record = doc.servers.find((s) => s.id === id);
      return { data: { ...doc, servers: doc.servers.filter((s) => s.id !== id) }, result: record };
    });
  }
}

/** 404 SERVER_NOT_FOUND: no server is registered with `id`. */
export function serverNotFound(id: string): HttpError {
  return new HttpError(404, FarmErrorCode.SERVER_NOT_FOUND, `No server is registered with the id "${id}".`);
}
