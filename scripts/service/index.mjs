// The service command's pieces, for scripts/service.mjs and the tests.
export * from './args.mjs';
export * from './systemd.mjs';
export * from './windows.mjs';
export * from './tls.mjs';
export * from './run.mjs';
