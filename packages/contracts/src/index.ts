export * from './audit.js';
export * from './auth.js';
export * from './errors.js';
export * from './tokens.js';
export * from './users.js';
export * from './sessionState.js';
export * from './services.js';
export * from './configSection.js';
