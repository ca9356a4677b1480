import { createHash } from 'node:crypto';

/**
 * The resource name ASP.NET 4.x's StateServer provider uses for a session (docs/state-protocol.md §3):
 * `appId + "(" + Base64(SHA-256(UTF-8 appId)) + ")/" + sessionId`, where `appId` is the IIS
 * metabase path of the application (e.g. `/LM/W3SVC/1/ROOT/Shop`); a missing leading `/` is added
 * as the client does. URL-encode it (`urlEncode`) to get the request target.
 */
export function stateResourceName(appId: string, sessionId: string): string {
  const id = appId.startsWith('/') ? appId : `/${appId}`;
  const hash = createHash('sha256').update(id, 'utf8').digest('base64');
  return `${id}(${hash})/${sessionId}`;
}
