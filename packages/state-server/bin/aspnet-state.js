#!/usr/bin/env node
// The ASP.NET state service as its own process (`npx aspnet-state …`). Builds the TypeScript on
// first use (or after a source change), quietly, so that stdout is exactly the service's output.
import { ensureBuilt } from '../../../scripts/typescript-build.mjs';

ensureBuilt(new URL('..', import.meta.url), 'aspnet-state');
const { main } = await import('../dist/main.js');
await main(process.argv.slice(2));
