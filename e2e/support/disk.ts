// The files on disk are what these tests are about: helpers over fixture F (docs/session-state.md §7.1),
// shared with the config package's own tests.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  addSite,
  APP_WEB,
  APPHOST,
  canonicalXml,
  changedFiles,
  createFixtureF,
  HELP_WEB,
  MACHINE,
  read,
  ROOT_WEB,
  SITE1_ORIGINAL,
  SITE1_WEB,
  SITE2_WEB,
  snapshot,
  write,
} from '../../packages/config/tests/fixtures/fixtureF.js';

export {
  addSite,
  APP_WEB,
  APPHOST,
  canonicalXml,
  createFixtureF,
  HELP_WEB,
  MACHINE,
  read,
  ROOT_WEB,
  SITE1_ORIGINAL,
  SITE1_WEB,
  SITE2_WEB,
  write,
};

/** The configuration files of a root: everything except the console's own state and IIS history. */
export type ConfigSnapshot = Map<string, string>;

export function configSnapshot(root: string): ConfigSnapshot {
  const all = snapshot(root);
  for (const name of [...all.keys()]) if (name.startsWith('ProgramData/')) all.delete(name);
  return all;
}

/** Configuration files whose bytes differ (added and removed files included). */
export function changedConfigFiles(root: string, before: ConfigSnapshot): string[] {
  return changedFiles(before, configSnapshot(root));
}

/** Puts every configuration file back as it was in `baseline`; files created since are removed. */
export function restoreSnapshot(root: string, baseline: ConfigSnapshot): void {
  const now = configSnapshot(root);
  for (const name of now.keys()) if (!baseline.has(name)) rmSync(join(root, name), { force: true });
  for (const [name, base64] of baseline) {
    if (now.get(name) === base64) continue;
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), Buffer.from(base64, 'base64'));
  }
}

export function exists(root: string, rel: string): boolean {
  return existsSync(join(root, rel));
}

/**
 * Canonical XML (whitespace, comments and the declaration ignored) with attributes in name order:
 * XML gives attribute order no meaning, and the UI may send the changed attributes in any order.
 */
export function canonicalUnordered(text: string): string {
  const sortAttributes = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(sortAttributes);
    if (node && typeof node === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(node)) {
        out[key] =
          key === ':@' && value && typeof value === 'object'
            ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)))
            : sortAttributes(value);
      }
      return out;
    }
    return node;
  };
  return JSON.stringify(sortAttributes(JSON.parse(canonicalXml(text))));
}

/** Site web.config of fixture F with `inner` added as the last child of `<configuration>`. */
export function site1With(inner: string): string {
  return SITE1_ORIGINAL.replace('</configuration>', `${inner}\n</configuration>`);
}
