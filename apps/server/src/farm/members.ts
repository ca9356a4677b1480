// The servers of a farm as the compare and apply routes see them: this console (through the engine, as
// its own routes do) and registered servers (through their API with the stored token).
import { hostname } from 'node:os';
import type { FastifyRequest } from 'fastify';
import { LOCAL_SERVER_ID, type SessionStatePatch } from '@iis-console/contracts';
import type { App } from '../app.js';
import { summarizeDiff } from '../audit/diff-summary.js';
import { HttpError } from '../errors.js';
import { maskDeep } from '../mask.js';
import { currentUser } from '../routes/current-user.js';
import { jsonOf, peerErrorMessage, type PeerResponse } from './peer-client.js';
import type { ServerRecord } from './server-store.js';

export const MACHINE_KEY_SECTION = 'system.web/machineKey';

/** What the farm compares of one server at one site path. */
export interface MemberSnapshot {
  /** Session state attributes (both sections): name → section and effective value. */
  sessionState: Record<string, { section: string; value: string }>;
  /** `system.web/machineKey` attributes: name → effective value (keys unmasked). */
  machineKey: Record<string, string>;
  /** The site's ID; null when the server has no such site; undefined at the server level. */
  siteId: string | null | undefined;
}

export interface FarmMember {
  id: string;
  name: string;
  snapshot(path: string): Promise<MemberSnapshot>;
  /** Reads the level's ETag, then writes `changes` with it. Resolves with the new ETag. */
  applySessionState(path: string, changes: SessionStatePatch, request: FastifyRequest): Promise<string>;
}

const siteOf = (path: string): string | undefined => path.split('/').find((s) => s !== '');

const valuesOf = (attributes: Record<string, { value: string }>): Record<string, string> =>
  Object.fromEntries(Object.entries(attributes).map(([name, a]) => [name, a.value]));

/** This console: the engine, as `/api/config/session-state` and `/api/config/section` use it. */
export function localMember(app: App): FarmMember {
  return {
    id: LOCAL_SERVER_ID,
    name: hostname(),
    async snapshot(path) {
      const view = app.sessionState.read(path);
      const machineKey = app.configEngine.getSection(MACHINE_KEY_SECTION, path, { client: 'console' });
      const site = siteOf(path);
      return {
        sessionState: Object.fromEntries(
          Object.entries(view.attributes).map(([name, a]) => [name, { section: a.section, value: a.value }]),
        ),
        machineKey: valuesOf(machineKey.attributes),
        siteId:
          site === undefined
            ? undefined
            : (app.configuration.serverTree().sites.find((s) => s.name.toLowerCase() === site.toLowerCase())
                ?.id ?? null),
      };
    },
    async applySessionState(path, changes, request) {
      const user = currentUser(request);
      const { etag } = app.sessionState.read(path);
      const result = app.sessionState.apply(path, changes, {
        client: 'console',
        ifMatch: etag,
        user: user.username,
      });
      if (result.changed) {
        await app.audit.recordRequest(request, {
          action: 'config.sessionState.set',
          target: result.configPath,
          files: result.files,
          diffSummary: result.diffs.map((d) => summarizeDiff(d.file, d.before, d.after)).join('\n'),
          details: { changes: maskDeep(changes), history: result.history?.id, via: 'farm' },
        });
      }
      return result.view.etag;
    },
  };
}

/** The answer's error as this console reports it: the other server's status, code and message. */
function refusal(server: ServerRecord, response: PeerResponse): HttpError {
  const { code, message } = peerErrorMessage(response);
  return new HttpError(response.status, code ?? 'SERVER_ERROR', `${server.name}: ${message}`);
}

async function getJson<T>(app: App, server: ServerRecord, path: string): Promise<{ body: T; etag: string }> {
  const response = await app.farm.call(server, { method: 'GET', path });
  if (response.status !== 200) throw refusal(server, response);
  const body = jsonOf(response);
  if (body === undefined)
    throw new HttpError(502, 'SERVER_ERROR', `${server.name} did not answer with JSON.`);
  return { body: body as T, etag: String(response.headers.etag ?? '') };
}

const levelQuery = (path: string) => `path=${encodeURIComponent(path)}`;

/** A site's ID on a registered server (`GET /api/sites/<name>`: one site, not the whole list); null when it has none. */
async function remoteSiteId(app: App, server: ServerRecord, site: string): Promise<string | null> {
  const response = await app.farm.call(server, {
    method: 'GET',
    path: `/api/sites/${encodeURIComponent(site)}`,
  });
  if (response.status === 404) return null;
  if (response.status !== 200) throw refusal(server, response);
  return (jsonOf(response) as { id?: string } | undefined)?.id ?? null;
}

/** A registered server, through its API. */
export function remoteMember(app: App, server: ServerRecord): FarmMember {
  return {
    id: server.id,
    name: server.name,
    async snapshot(path) {
      const site = siteOf(path);
      type Attributes = { attributes: Record<string, { section?: string; value: string }> };
      const [sessionState, machineKey, siteId] = await Promise.all([
        getJson<Attributes>(app, server, `/api/config/session-state?${levelQuery(path)}`),
        getJson<Attributes>(
          app,
          server,
          `/api/config/section?section=${encodeURIComponent(MACHINE_KEY_SECTION)}&${levelQuery(path)}`,
        ),
        site === undefined ? undefined : remoteSiteId(app, server, site),
      ]);
      return {
        sessionState: Object.fromEntries(
          Object.entries(sessionState.body.attributes).map(([name, a]) => [
            name,
            { section: a.section ?? 'system.web/sessionState', value: a.value },
          ]),
        ),
        machineKey: valuesOf(machineKey.body.attributes),
        siteId,
      };
    },
    async applySessionState(path, changes) {
      const url = `/api/config/session-state?${levelQuery(path)}`;
      const { etag } = await getJson(app, server, url);
      const response = await app.farm.call(server, {
        method: 'PATCH',
        path: url,
        headers: { 'content-type': 'application/json', 'if-match': etag },
        body: JSON.stringify(changes),
      });
      if (response.status !== 200) throw refusal(server, response);
      return String(response.headers.etag ?? '');
    },
  };
}

/** The members for `ids` (`local` is this console); 404 for an id that is not registered. */
export async function farmMembers(app: App, ids: string[]): Promise<FarmMember[]> {
  return Promise.all(
    [...new Set(ids)].map(async (id) =>
      id === LOCAL_SERVER_ID ? localMember(app) : remoteMember(app, await app.farm.server(id)),
    ),
  );
}
