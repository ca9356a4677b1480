#!/usr/bin/env node
// `npm run service -- install|uninstall|status`: IIS Console as a systemd unit or a Windows service.
// See docs/service.md.
import { runService } from './service/index.mjs';

process.exitCode = runService(process.argv.slice(2));
