export * from './parseArgs.js';
export * from './runAppcmd.js';
export * from './main.js';
