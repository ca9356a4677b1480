import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { demoRootTemplateDir, ensureDemoRoot } from '@iis-console/config';
import { demoRoot } from '../paths.js';

export interface RootChoice {
  root: string;
  /** True when no root was given and the demo root is used. */
  demo: boolean;
}

/** `--root`, else `IISCONSOLE_ROOT`, else the demo root `<repo>/.demo`. */
export function chooseRoot(rootOption: string | undefined, env: NodeJS.ProcessEnv = process.env): RootChoice {
  const given = rootOption ?? (env.IISCONSOLE_ROOT || undefined);
  return given ? { root: resolve(given), demo: false } : { root: demoRoot, demo: true };
}

/**
 * Makes sure the root exists. The demo root is created on first use as a copy of the template
 * `packages/config/demo-root/` (an empty root while there is no template); a given root must exist.
 * Returns true when the demo root was created now.
 */
export async function prepareRoot(choice: RootChoice): Promise<boolean> {
  if (!choice.demo) {
    if (!existsSync(choice.root)) throw new Error(`The root directory ${choice.root} does not exist.`);
    return false;
  }
  if (existsSync(demoRootTemplateDir())) return ensureDemoRoot(choice.root);
  if (existsSync(choice.root)) return false;
  await mkdir(choice.root, { recursive: true });
  return true;
}
