// The browser-safe part of the Session State feature: schema data, value rules, the validator and the
// texts, for the console (no Node imports anywhere below this file).

export * from '../schema/types.js';
export * from '../schema/extensions.js';
export * from './attributes.js';
export * from './connection-strings.js';
export * from './messages.js';
export * from './validation.js';
export * from './values.js';
export * from './maskPasswords.js';
