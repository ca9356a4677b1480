export {};
export * from './errors.js';
export * from './xml/index.js';
export * from './ConfigurationSystem.js';
export * from './apphost/ServerTree.js';
export * from './hierarchy/configPath.js';
export * from './commit/ConfigCommitter.js';
export * from './session-state/SessionStateFeature.js';
export * from './root/SystemDriveRoot.js';
export * from './root/ensureDemoRoot.js';
export { BUILTIN_VARIABLES } from './root/windowsPath.js';
// The browser-safe part (schema model, Session State values, validator and messages, the engine's
// values, element paths and views) lives in @iis-console/config-common; this package re-exports it.
export * from '@iis-console/config-common';
// Two declarations of the same union: this package has always exported the Session State feature's.
export type { CommitTarget } from './session-state/SessionStateFeature.js';
export { BUILTIN_SCHEMA_DIR, SchemaSet } from './schema/schema-set.js';
export { decodeSchemaBytes, MAX_SCHEMA_FILE_BYTES, parseSchemaXml } from './schema/parse-schema.js';
export * from './session-state/SessionStateOverview.js';
/** The one atomic-write helper (@iis-console/atomic-write), under the name this package has exported. */
export { writeFileAtomicSync as atomicWriteFile } from '@iis-console/atomic-write';
export * from './engine/index.js';
// Application pools and sites (IIS Manager's pages, appcmd's objects) and the session state advisor.
export * from './apphost/applicationPools.js';
export * from './apphost/sites.js';
export * from './apphost/levelContent.js';
export * from './advisor/AdvisorInputs.js';
export * from './advisor/AdvisedOverview.js';
