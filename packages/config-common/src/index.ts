// @iis-console/config-common: the browser-safe part of the configuration engine — the schema model,
// value parsing, validation and messages — shared by the console (in the browser), the configuration
// system, the API, appcmd and the state service. No Node imports anywhere in this package (ESLint
// enforces it; its tsconfig has no Node types). This file only re-exports.

// The IIS schema model (sections, elements, collections, attributes) and the product's extensions.
export * from './schema/types.js';
export * from './schema/section-schema.js';
export * from './schema/extensions.js';

// The Session State feature: its attributes, value formats, connection strings, validator and texts.
export * from './session-state/attributes.js';
export * from './session-state/values.js';
export * from './session-state/state-connection-string.js';
export * from './session-state/connection-strings.js';
export * from './session-state/messages.js';
export * from './session-state/validation.js';
export * from './session-state/maskPasswords.js';

// The engine's pure part: attribute values, element paths, the views and changes of a section.
export type { FieldError } from './engine/fieldError.js';
export {
  checkAttributeValue,
  defaultValueText,
  flagsText,
  MASKED_VALUE,
  readStoredValue,
  timeSpanText,
  type AttributeValueCheck,
} from './engine/attributeValues.js';
export { parseElementPath, parseItemSelector, type PathSegment } from './engine/elementPath.js';
export * from './engine/types.js';

// The session state advisor (docs/advisor.md) and the Machine Key feature's pure rules.
export * from './advisor/sessionStateAdvisor.js';
export * from './machine-key/machineKey.js';

// Generate Script: a pending change as appcmd, PowerShell and C#.
export * from './script/generateScript.js';
