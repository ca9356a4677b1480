#!/usr/bin/env node
// The ASP.NET state service as its own process (DESIGN: "the state service runs as its own
// process"). Build first: node node_modules/typescript7/bin/tsc -b packages/state-server
import { main } from '../dist/main.js';

await main(process.argv.slice(2));
