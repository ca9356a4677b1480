// The schema in force for a system drive root: every `*.xml` of the root's
// `Windows/System32/inetsrv/config/schema/` (like IIS), with the product's built-in schema file for
// sections the root does not define, plus the product's runtime extensions (`cookieSameSite`).

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SectionSchema } from '@iis-console/config-common';
import { withProductExtensions } from '@iis-console/config-common';
import { ConfigFileError } from '../errors.js';
import { decodeSchemaBytes, MAX_SCHEMA_FILE_BYTES, parseSchemaXml } from './parse-schema.js';

/** The product's built-in schema directory (`packages/config/schema/`); same depth from src/ and dist/. */
export const BUILTIN_SCHEMA_DIR = fileURLToPath(new URL('../../schema/', import.meta.url));

/** Most schema files read from one directory (IIS ships about 15). */
const MAX_SCHEMA_FILES = 1000;

interface SchemaFileText {
  file: string;
  text: string;
}

type Layer = { files: SchemaFileText[]; builtin: boolean };

function isMissing(e: unknown): boolean {
  const code = (e as { code?: string } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function problemFor(path: string, e: unknown): ConfigFileError {
  if (e instanceof ConfigFileError) return e;
  return new ConfigFileError(path, 1, 1, e instanceof Error ? e.message : String(e));
}

function schemaFileNames(names: { name: string; isFile(): boolean }[]): string[] {
  // Regular files only: a symbolic link could lead outside the system drive root.
  return names
    .filter((d) => d.isFile() && /\.xml$/i.test(d.name))
    .map((d) => d.name)
    .sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0));
}

function tooLarge(file: string): ConfigFileError {
  return new ConfigFileError(file, 1, 1, `The schema file is larger than ${MAX_SCHEMA_FILE_BYTES} bytes.`);
}

function tooMany(dir: string): ConfigFileError {
  return new ConfigFileError(
    dir,
    1,
    1,
    `More than ${MAX_SCHEMA_FILES} schema files; the rest were not read.`,
  );
}

/** Merges a section defined again in a later file of the same directory (IIS's way to extend a section). */
function merge(first: SectionSchema, more: SectionSchema, problems: ConfigFileError[]): SectionSchema {
  const attributes = [...first.attributes];
  for (const attr of more.attributes) {
    if (attributes.some((a) => a.name === attr.name)) {
      problems.push(
        new ConfigFileError(
          more.file,
          1,
          1,
          `Attribute '${attr.name}' of section '${more.name}' is already defined.`,
        ),
      );
    } else {
      attributes.push(attr);
    }
  }
  return first.with({ attributes });
}

export class SchemaSet {
  private readonly byName: Map<string, SectionSchema>;
  /** Schema files of the root that could not be used (they were skipped; the built-in copy serves). */
  readonly problems: readonly ConfigFileError[];

  private constructor(byName: Map<string, SectionSchema>, problems: ConfigFileError[]) {
    this.byName = byName;
    this.problems = problems;
  }

  /**
   * Reads every `*.xml` of each directory in `dirs` (the root's schema directory first; a missing
   * directory is fine), then `builtinDir` for sections none of them defines. A section comes whole from
   * the first directory that defines it. A broken file of the root is skipped and listed in `problems`;
   * a broken built-in file throws.
   */
  static async load(dirs: readonly string[], builtinDir: string = BUILTIN_SCHEMA_DIR): Promise<SchemaSet> {
    // Schema files are a few small files read once per configuration system: synchronous reads are fine.
    return SchemaSet.loadSync(dirs, builtinDir);
  }

  /** Reads the schema directories (root's first, the built-in copy last). */
  static loadSync(dirs: readonly string[], builtinDir: string = BUILTIN_SCHEMA_DIR): SchemaSet {
    const layers: Layer[] = [];
    const problems: ConfigFileError[] = [];
    for (const [i, dir] of [...dirs, builtinDir].entries()) {
      const builtin = i === dirs.length;
      const files: SchemaFileText[] = [];
      let names: string[] = [];
      try {
        names = schemaFileNames(readdirSync(dir, { withFileTypes: true }));
      } catch (e) {
        if (builtin) throw e;
        if (!isMissing(e)) problems.push(problemFor(dir, e));
      }
      if (names.length > MAX_SCHEMA_FILES) {
        if (builtin) throw tooMany(dir);
        problems.push(tooMany(dir));
        names = names.slice(0, MAX_SCHEMA_FILES);
      }
      for (const name of names) {
        const file = join(dir, name);
        try {
          if (statSync(file).size > MAX_SCHEMA_FILE_BYTES) throw tooLarge(file);
          files.push({ file, text: decodeSchemaBytes(readFileSync(file)) });
        } catch (e) {
          if (builtin) throw e;
          problems.push(problemFor(file, e));
        }
      }
      layers.push({ files, builtin });
    }
    return SchemaSet.fromLayers(layers, problems);
  }

  /** Builds a set from schema texts, highest priority first (used by load; handy in tests). */
  static fromTexts(layers: { files: SchemaFileText[]; builtin?: boolean }[]): SchemaSet {
    const problems: ConfigFileError[] = [];
    return SchemaSet.fromLayers(
      layers.map((l) => ({ files: l.files, builtin: l.builtin ?? false })),
      problems,
    );
  }

  private static fromLayers(layers: Layer[], problems: ConfigFileError[]): SchemaSet {
    const byName = new Map<string, SectionSchema>();
    for (const layer of layers) {
      const defined = new Map<string, SectionSchema>();
      for (const { file, text } of layer.files) {
        let sections: SectionSchema[];
        try {
          sections = parseSchemaXml(text, file, { builtin: layer.builtin });
        } catch (e) {
          if (layer.builtin) throw e;
          problems.push(problemFor(file, e));
          continue;
        }
        for (const section of sections) {
          const earlier = defined.get(section.name);
          defined.set(section.name, earlier ? merge(earlier, section, problems) : section);
        }
      }
      for (const [name, section] of defined) {
        if (!byName.has(name)) byName.set(name, section);
      }
    }
    for (const [name, section] of byName) byName.set(name, withProductExtensions(section));
    return new SchemaSet(byName, problems);
  }

  /** The section's schema by its full name (`system.web/sessionState`), or undefined. */
  section(name: string): SectionSchema | undefined {
    return this.byName.get(name);
  }

  get sections(): SectionSchema[] {
    return [...this.byName.values()];
  }
}
