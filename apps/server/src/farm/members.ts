// The servers of a farm as the compare and apply routes see them: this console (through the engine, as
// its own routes do) and registered servers (through their API with the stored token).
import { createHmac } from 'node:crypto';
import { hostname } from 'node:os';
import type { FastifyRequest } from 'fastify';
import {
  isGeneratedKeySetting,
  isSecretAttribute,
  SESSION_PAGE_STATE_SECTION,
  SESSION_STATE_SECTION,
} from '@iis-console/config';
import {
  LOCAL_SERVER_ID,
  type FarmSnapshot,
  type SessionStatePatch,
  type SessionStatePreviewResponse,
} from '@iis-console/contracts';
import type { App } from '../app.js';
import { HttpError } from '../errors.js';
import { previewSessionState, writeSessionState } from '../routes/config/session-state-writes.js';
import { jsonOf, peerErrorMessage, type PeerResponse } from './peer-client.js';
import type { ServerRecord } from './server-store.js';

export const MACHINE_KEY_SECTION = 'system.web/machineKey';

/** What the farm compares of one server at one site path (`GET /api/farm/snapshot`). */
export type MemberSnapshot = FarmSnapshot;

export interface FarmMember {
  id: string;
  name: string;
  /** One server's snapshot; explicit machine keys as their HMAC under `salt` (the same for all). */
  snapshot(path: string, salt: string): Promise<MemberSnapshot>;
  /** The change's diff on this server and the ETag it was computed on; nothing written. */
  previewSessionState(path: string, changes: SessionStatePatch): Promise<SessionStatePreviewResponse>;
  /**
   * Writes `changes` with `etag` as If-Match (a preview's), or reads the level's current ETag first
   * when there is none. Resolves with the new ETag.
   */
  applySessionState(
    path: string,
    changes: SessionStatePatch,
    request: FastifyRequest,
    etag?: string,
  ): Promise<string>;
}

const siteOf = (path: string): string | undefined => path.split('/').find((s) => s !== '');

/** An explicit key as `hmac-sha256:<hex>` under `salt`; generated settings and empty values as they are. */
function keyDigest(name: string, value: string, salt: string): string {
  if (value === '' || !isSecretAttribute(MACHINE_KEY_SECTION, name) || isGeneratedKeySetting(value))
    return value;
  return `hmac-sha256:${createHmac('sha256', Buffer.from(salt, 'hex')).update(value, 'utf8').digest('hex')}`;
}

/**
 * This console's snapshot at `path`: the effective values of the two session state sections and the
 * machine key as the engine reads them (the same values `/api/config/session-state` shows, without
 * that view's origins, locks and advice), in one pass over the files.
 */
export function localSnapshot(app: App, path: string, salt: string): MemberSnapshot {
  const section = (name: string) => app.configEngine.getSection(name, path, { client: 'console' }).attributes;
  return app.configuration.files.withPass(() => {
    const sessionState: MemberSnapshot['sessionState'] = {};
    for (const name of [SESSION_STATE_SECTION, SESSION_PAGE_STATE_SECTION]) {
      for (const [attribute, a] of Object.entries(section(name))) {
        sessionState[attribute] = { section: name, value: a.value };
      }
    }
    const site = siteOf(path);
    return {
      sessionState,
      machineKey: Object.fromEntries(
        Object.entries(section(MACHINE_KEY_SECTION)).map(([name, a]) => [
          name,
          keyDigest(name, a.value, salt),
        ]),
      ),
      ...(site === undefined
        ? {}
        : {
            siteId:
              app.configuration.serverTree().sites.find((s) => s.name.toLowerCase() === site.toLowerCase())
                ?.id ?? null,
          }),
    };
  });
}

/** This console: the engine, as its own routes use it. */
export function localMember(app: App): FarmMember {
  return {
    id: LOCAL_SERVER_ID,
    name: hostname(),
    async snapshot(path, salt) {
      return localSnapshot(app, path, salt);
    },
    async previewSessionState(path, changes) {
      return previewSessionState(app, path, changes);
    },
    async applySessionState(path, changes, request, etag) {
      const ifMatch = etag ?? app.sessionState.read(path).etag;
      return (await writeSessionState(app, request, path, changes, ifMatch, 'farm')).view.etag;
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

async function sendJson(
  app: App,
  server: ServerRecord,
  method: 'POST' | 'PATCH',
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<PeerResponse> {
  const response = await app.farm.call(server, {
    method,
    path,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  if (response.status !== 200) throw refusal(server, response);
  return response;
}

/** A registered server, through its API: one request per snapshot, preview or write (two without an ETag). */
export function remoteMember(app: App, server: ServerRecord): FarmMember {
  return {
    id: server.id,
    name: server.name,
    async snapshot(path, salt) {
      const { body } = await getJson<MemberSnapshot>(
        app,
        server,
        `/api/farm/snapshot?${levelQuery(path)}&salt=${salt}`,
      );
      return body;
    },
    async previewSessionState(path, changes) {
      const response = await sendJson(
        app,
        server,
        'POST',
        `/api/config/session-state/preview?${levelQuery(path)}`,
        changes,
      );
      const body = jsonOf(response) as SessionStatePreviewResponse | undefined;
      if (body === undefined)
        throw new HttpError(502, 'SERVER_ERROR', `${server.name} did not answer with JSON.`);
      return body;
    },
    async applySessionState(path, changes, _request, etag) {
      const url = `/api/config/session-state?${levelQuery(path)}`;
      const ifMatch = etag ?? (await getJson(app, server, url)).etag;
      const response = await sendJson(app, server, 'PATCH', url, changes, { 'if-match': ifMatch });
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
