#!/usr/bin/env node
// `npx appcmd …`: builds the TypeScript on first use (or after a source change), quietly, so that
// stdout is exactly appcmd's output.
import { ensureBuilt } from '../../../scripts/typescript-build.mjs';

ensureBuilt(new URL('..', import.meta.url), 'appcmd');
const { main } = await import('../dist/main.js');
process.exitCode = main(process.argv.slice(2));
