import { createHash } from 'node:crypto';
import type { ResolvedLevel } from '../apphost/ServerTree.js';
import type { FileWrite, HistoryEntry } from '../commit/ConfigCommitter.js';
import type { ConfigurationSystem } from '../ConfigurationSystem.js';
import { ConfigError, ValidationError } from '../errors.js';
import type { ConfigFileError, FieldError, FileAccessError } from '../errors.js';
import { levelWriteRefusal } from '../commit/levelWriteRefusal.js';
import type { ChainFile } from '../hierarchy/ConfigChain.js';
import { buildConfigChain, webConfigPathOf } from '../hierarchy/ConfigChain.js';
import type { ConfigFile } from '../hierarchy/ConfigFileCache.js';
import { APPHOST, WEBROOT, configPathOf, splitSitePath } from '../hierarchy/configPath.js';
import type { AttributeOrigin, EffectiveSection, WritePosition } from '../hierarchy/effectiveSection.js';
import { computeEffectiveSection, mergeNamedCollection } from '../hierarchy/effectiveSection.js';
import { firstChild } from '../hierarchy/elements.js';
import { findSectionDeclaration } from '../hierarchy/sectionDeclaration.js';
import type { SectionLayer } from '../hierarchy/sectionLayers.js';
import { collectSectionLayers } from '../hierarchy/sectionLayers.js';
import { SESSION_PAGE_STATE_SECTION, SESSION_STATE_SECTION } from '@iis-console/config-common';
import { createConfigFileText } from '../xml/createConfigFileText.js';
import { editSection } from '../xml/editSection.js';
import { encodeConfigText } from '../xml/decodeConfigText.js';
import { ConfigDocument } from '../xml/ConfigDocument.js';
import type { SessionStateSectionName } from '@iis-console/config-common';
import { SESSION_PAGE_STATE_ATTRIBUTES, SESSION_STATE_ATTRIBUTES } from '@iis-console/config-common';
import {
  LOCK_VIOLATION_MESSAGE,
  LOCKED_FEATURE_ALERT,
  MACHINE_TO_APPLICATION_MESSAGE,
  SECTION_LOCKED_MESSAGE,
} from '@iis-console/config-common';
import type { SessionStateInput, ValidationContext } from '@iis-console/config-common';
import { checkEffectiveSessionState, validateSessionStateChange } from '@iis-console/config-common';
import { displayDefault, interpretValue } from '@iis-console/config-common';

/** Which file a write at a level goes to (appcmd's `/commit:`; the console always uses `default`). */
export type CommitTarget = 'default' | 'WEBROOT' | 'APPHOST' | 'SITE' | 'APP';

export interface LevelOptions {
  /**
   * `console`: the server level is MACHINE/WEBROOT and writes the root web.config (P6).
   * `appcmd`: the server level is MACHINE/WEBROOT/APPHOST and, without /commit, writes applicationHost.config.
   */
  client: 'console' | 'appcmd';
  commit?: CommitTarget;
}

export type Origin = 'default' | { file: string; configPath: string; line: number; column: number };

export interface SessionStateAttributeView {
  section: SessionStateSectionName;
  /** The effective value, canonical (`SQLServer`, `UseUri`, `20`, `true`). */
  value: string;
  /** The text stored in the file, when a file sets it (may differ from `value`: `sqlserver`, `true`). */
  stored?: string;
  origin: Origin;
  /** Set in the file (and place) a write at this level edits: Revert to parent applies. */
  local: boolean;
  locked: boolean;
  lockedBy?: Origin;
  /** The stored value breaks a rule (IIS's file error text). */
  error?: string;
}

export interface SessionStateTarget {
  /** Root-relative path of the file a write goes to (the configSource file when redirected). */
  file: string;
  configPath: string;
  /** The `<location path>` a write goes into, or null for the file's own level. */
  location: string | null;
  exists: boolean;
}

export interface SessionStateView {
  path: string;
  configPath: string;
  levelKind: ResolvedLevel['kind'];
  attributes: Record<string, SessionStateAttributeView>;
  unknownAttributes: Array<{ name: string; value: string; origin: Exclude<Origin, 'default'> }>;
  providers: Array<{ name: string; type: string }>;
  connectionStrings: Array<{ name: string; connectionString: string }>;
  target: SessionStateTarget | null;
  readOnly: string | null;
  sectionLocked: boolean;
  errors: Array<{ file: string; line: number; column: number; message: string }>;
  warnings: FieldError[];
  etag: string;
}

export interface ApplyOptions extends LevelOptions {
  /** The ETag of the view the change was made on; a different current ETag refuses the write (412). */
  ifMatch?: string;
  user?: string;
}

export interface ApplyResult {
  changed: boolean;
  view: SessionStateView;
  /** Root-relative paths of the files written. */
  files: string[];
  history?: HistoryEntry;
  /** Per file: the text before and after (for diffs and the audit log). */
  diffs: Array<{ file: string; before: string; after: string }>;
  /** The config path written at and the commit path (for appcmd's message). */
  configPath: string;
  commitPath: string;
}

const SECTIONS: Record<SessionStateSectionName, { path: string[]; attributes: string[] }> = {
  [SESSION_STATE_SECTION]: {
    path: ['system.web', 'sessionState'],
    attributes: SESSION_STATE_ATTRIBUTES.map((a) => a.name),
  },
  [SESSION_PAGE_STATE_SECTION]: {
    path: ['system.web', 'sessionPageState'],
    attributes: SESSION_PAGE_STATE_ATTRIBUTES.map((a) => a.name),
  },
};

interface Plan {
  level: ResolvedLevel;
  chain: ChainFile[];
  /** The level's config path as the client names it (console server = WEBROOT). */
  configPath: string;
  write?: { position: WritePosition; filePath: string; location: string | null; commitPath: string };
  refusal?: { code: 'NOT_APPLICATION'; message: string };
}

interface Computed {
  plan: Plan;
  sections: Record<SessionStateSectionName, { layers: SectionLayer[]; effective: EffectiveSection }>;
  parentEffective: Record<string, string>;
  currentEffective: Record<string, string>;
  connectionStrings: Map<string, Record<string, string>>;
  providers: Map<string, Record<string, string>>;
  files: ConfigFile[];
  /** Sections whose content could not be read (configSource problems): a write is refused. */
  unreadable: ConfigFileError[];
  view: SessionStateView;
}

/** The Session State feature: `system.web/sessionState` and `system.web/sessionPageState` at any level. */
export class SessionStateFeature {
  constructor(private readonly system: ConfigurationSystem) {}

  read(sitePath: string, options: LevelOptions = { client: 'console' }): SessionStateView {
    return this.system.files.withPass(() => this.compute(sitePath, options).view);
  }

  /**
   * Applies changed attributes (P1: each written with its value; `null` reverts to the parent, P2).
   * Validates with the one validator (docs/session-state.md §2.7), refuses locked and non-application
   * levels, checks the ETag, then commits through history. Nothing is written when anything is refused.
   */
  apply(sitePath: string, input: SessionStateInput, options: ApplyOptions): ApplyResult {
    const prepared = this.system.files.withPass(() => this.prepare(sitePath, input, options));
    if (prepared.writes.length === 0) return prepared.result;
    const committed = this.system.committer.commit(prepared.writes, {
      user: options.user,
      description: `${Object.keys(input).join(', ')} at ${prepared.result.configPath}`,
    });
    return {
      ...prepared.result,
      changed: true,
      view: this.read(sitePath, options),
      files: committed.files.map((f) => this.system.root.relative(f)),
      history: committed.history,
    };
  }

  /** The same change, validated and computed but not written: per file, the text before and after. */
  preview(sitePath: string, input: SessionStateInput, options: ApplyOptions): ApplyResult {
    const prepared = this.system.files.withPass(() => this.prepare(sitePath, input, options));
    return { ...prepared.result, changed: prepared.writes.length > 0 };
  }

  private prepare(
    sitePath: string,
    input: SessionStateInput,
    options: ApplyOptions,
  ): { writes: FileWrite[]; result: ApplyResult } {
    const c = this.compute(sitePath, options);
    if (options.ifMatch !== undefined && options.ifMatch !== c.view.etag && options.ifMatch !== '*') {
      throw new ConfigError(
        'PRECONDITION',
        'The configuration was changed by someone else since it was read. Reload to see the current values.',
      );
    }
    if (c.plan.refusal) throw new ConfigError(c.plan.refusal.code, c.plan.refusal.message);
    const write = c.plan.write!;
    const targetFile = this.system.files.get(write.filePath);
    if (targetFile.error) throw this.system.publicError(targetFile.error);
    if (c.unreadable[0]) throw this.system.publicError(c.unreadable[0]);
    for (const f of c.files) if (f.error) throw this.system.publicError(f.error);
    if (c.view.sectionLocked) throw new ConfigError('LOCKED', SECTION_LOCKED_MESSAGE);

    const ctx: ValidationContext = {
      current: c.currentEffective,
      parent: c.parentEffective,
      connectionStrings: new Map([...c.connectionStrings].map(([k, v]) => [k, v.connectionString ?? ''])),
      providers: new Set(c.providers.keys()),
    };
    const result = validateSessionStateChange(input, ctx);
    if (result.errors.length > 0) throw new ValidationError(result.errors);
    const lockErrors: FieldError[] = result.changes
      .filter((ch) => c.view.attributes[ch.attribute]?.locked)
      .map((ch) => ({ attribute: ch.attribute, rule: 'LOCK', message: LOCK_VIOLATION_MESSAGE }));
    if (lockErrors.length > 0) {
      const e = new ValidationError(lockErrors);
      throw Object.assign(new ConfigError('LOCKED', LOCK_VIOLATION_MESSAGE), { errors: e.errors });
    }

    // Group the edits per section; skip values already stored (P1 with the "same parsed value" rule,
    // docs/placement-and-locking.md §4.4).
    const writesBySection = new Map<
      SessionStateSectionName,
      { set: Array<[string, string]>; remove: string[] }
    >();
    for (const ch of result.changes) {
      const entry = writesBySection.get(ch.section) ?? { set: [], remove: [] };
      const view = c.view.attributes[ch.attribute]!;
      if (ch.value === null) {
        if (view.local) entry.remove.push(ch.attribute);
      } else if (!(view.local && view.value === ch.value && view.stored !== undefined && !view.error)) {
        entry.set.push([ch.attribute, ch.value]);
      }
      writesBySection.set(ch.section, entry);
    }

    // Apply the edits to the target text, section by section (the configSource file when redirected).
    const fileWrites = new Map<string, { before: ConfigFile; text: string }>();
    for (const [section, edit] of writesBySection) {
      if (edit.set.length === 0 && edit.remove.length === 0) continue;
      const local = c.sections[section].effective.localLayer;
      const redirected = local?.configSource !== undefined ? local.file : undefined;
      const file = redirected ?? targetFile;
      const pending = fileWrites.get(file.path);
      const baseText = pending?.text ?? (file.exists ? file.text : undefined);
      const sectionEdit = {
        sectionPath: SECTIONS[section].path,
        location: write.location,
        configSourceRoot: redirected !== undefined,
        set: edit.set,
        remove: edit.remove,
      };
      let text: string;
      if (baseText === undefined) {
        if (edit.set.length === 0) continue;
        text = createConfigFileText(sectionEdit);
      } else {
        const doc = pending ? ConfigDocument.parse(baseText, file.path) : file.doc!;
        text = editSection(doc, sectionEdit).text;
      }
      fileWrites.set(file.path, { before: pending?.before ?? file, text });
    }
    const writes: FileWrite[] = [];
    const diffs: ApplyResult['diffs'] = [];
    for (const [path, w] of fileWrites) {
      if (w.before.exists && w.text === w.before.text) continue;
      writes.push({ path, expectedHash: w.before.hash, bytes: encodeConfigText(w.text) });
      diffs.push({
        file: this.system.root.relative(path),
        before: w.before.exists ? w.before.text : '',
        after: w.text,
      });
    }
    // Refused here with the page's own words (the committer checks again under its lock).
    for (const w of writes) {
      const refusal = this.writeRefusalOf(c.plan, w.path);
      if (refusal) throw refusal;
    }
    return {
      writes,
      result: {
        changed: false,
        view: c.view,
        files: diffs.map((d) => d.file),
        diffs,
        configPath: c.plan.configPath,
        commitPath: write.commitPath,
      },
    };
  }

  private compute(sitePath: string, options: LevelOptions): Computed {
    const system = this.system;
    const tree = system.serverTree();
    const level = system.resolveLevel(sitePath);
    const plan = this.plan(level, options);
    const chain = plan.chain;
    const sections = {} as Computed['sections'];
    const files: ConfigFile[] = [];
    const fileErrors: ConfigFileError[] = [];
    const unreadable: ConfigFileError[] = [];
    for (const section of [SESSION_STATE_SECTION, SESSION_PAGE_STATE_SECTION] as const) {
      const layersResult = collectSectionLayers(
        system.root,
        system.files,
        tree,
        chain,
        level.sitePath,
        SECTIONS[section].path,
      );
      const declaration = findSectionDeclaration(chain, section);
      const effective = computeEffectiveSection(
        tree,
        layersResult.layers,
        declaration,
        SECTIONS[section].attributes,
        plan.write?.position,
      );
      sections[section] = { layers: layersResult.layers, effective };
      files.push(...layersResult.files);
      fileErrors.push(...layersResult.errors, ...effective.errors);
      unreadable.push(...layersResult.unreadable);
    }
    for (const f of chain) if (f.file.error) fileErrors.push(f.file.error);

    // Collections: named connection strings and session state providers, merged along the layers.
    const csLayers = collectSectionLayers(system.root, system.files, tree, chain, level.sitePath, [
      'connectionStrings',
    ]);
    files.push(...csLayers.files);
    const connectionStrings = mergeNamedCollection(csLayers.layers.map((l) => ({ el: l.element })));
    const providerEls = sections[SESSION_STATE_SECTION].layers
      .map((l) => firstChild(l.element, 'providers'))
      .filter((x): x is NonNullable<typeof x> => x !== undefined)
      .map((el) => ({ el }));
    const providers = mergeNamedCollection(providerEls);

    const attributes: Record<string, SessionStateAttributeView> = {};
    const currentEffective: Record<string, string> = {};
    const parentEffective: Record<string, string> = {};
    const warnings: FieldError[] = [];
    for (const section of [SESSION_STATE_SECTION, SESSION_PAGE_STATE_SECTION] as const) {
      const { effective, layers } = sections[section];
      const parentSection = effective.localLayer
        ? computeEffectiveSection(
            tree,
            layers.filter((l) => l !== effective.localLayer),
            findSectionDeclaration(chain, section),
            SECTIONS[section].attributes,
            undefined,
          )
        : effective;
      const schemas =
        section === SESSION_STATE_SECTION ? SESSION_STATE_ATTRIBUTES : SESSION_PAGE_STATE_ATTRIBUTES;
      const fileSection = system.schema().section(section);
      for (const builtin of schemas) {
        // Defaults as the root's schema files declare them (IIS reads them the same way).
        const schema = fileSection?.attribute(builtin.name) ?? builtin;
        const e = effective.attributes.get(schema.name)!;
        const interpreted = e.stored !== undefined ? interpretValue(schema, e.stored, section) : undefined;
        const value = interpreted ? interpreted.value : displayDefault(schema);
        attributes[schema.name] = {
          section,
          value,
          ...(e.stored !== undefined ? { stored: e.stored } : {}),
          origin: e.origin ? this.origin(e.origin) : 'default',
          local: e.local,
          locked: e.lockedBy !== undefined,
          ...(e.lockedBy ? { lockedBy: this.origin(e.lockedBy) } : {}),
          ...(interpreted?.error ? { error: interpreted.error } : {}),
        };
        if (interpreted?.error)
          warnings.push({ attribute: schema.name, rule: 'FILE', message: interpreted.error });
        currentEffective[schema.name] = e.stored ?? displayDefault(schema);
        const p = parentSection.attributes.get(schema.name)!;
        parentEffective[schema.name] = p.stored ?? displayDefault(schema);
      }
    }
    const connectionStringMap = new Map(
      [...connectionStrings].map(([k, v]) => [k, v.connectionString ?? '']),
    );
    warnings.push(
      ...checkEffectiveSessionState(currentEffective, {
        connectionStrings: connectionStringMap,
        providers: new Set(providers.keys()),
      }),
    );

    const sectionLocked = sections[SESSION_STATE_SECTION].effective.sectionLockedBy !== undefined;
    const targetFile = plan.write ? system.files.get(plan.write.filePath) : undefined;
    let readOnly: string | null = null;
    if (plan.refusal) {
      readOnly = `${plan.refusal.message} Session State can be changed at the server, a site or an application. Convert this folder to an application to change it here.`;
    } else if (sectionLocked) readOnly = LOCKED_FEATURE_ALERT;
    else if (targetFile?.error)
      readOnly = `The file ${system.root.relative(targetFile.path)} cannot be read: ${targetFile.error.reason}`;
    else {
      const broken = chain.find((f) => f.file.error);
      if (broken)
        readOnly = `The file ${system.root.relative(broken.file.path)} cannot be read: ${broken.file.error!.reason}`;
      else if (unreadable[0])
        readOnly = `The file ${system.nameOf(unreadable[0].file)} cannot be read: ${unreadable[0].reason}`;
    }

    let target: SessionStateTarget | null = null;
    if (plan.write) {
      const local = sections[SESSION_STATE_SECTION].effective.localLayer;
      const redirected = local?.configSource !== undefined ? local.file : undefined;
      const file = redirected ?? targetFile!;
      target = {
        file: system.root.relative(file.path),
        configPath: plan.write.location ? configPathOf(level.sitePath) : plan.write.position.configPath,
        location: plan.write.location,
        exists: file.exists,
      };
      if (!files.includes(targetFile!)) files.push(targetFile!);
      // Said before Apply: a missing folder, a read-only file, a folder we may not write in.
      readOnly ??= this.writeRefusalOf(plan, file.path)?.message ?? null;
    }

    const seen = new Set<string>();
    const etagHash = createHash('sha256');
    for (const f of [...chain.map((c) => c.file), ...files]) {
      if (seen.has(f.path)) continue;
      seen.add(f.path);
      etagHash.update(`${f.path}\0${f.hash}\n`);
    }
    const errorList = dedupeErrors(fileErrors).map((e) => ({
      file: system.root.relative(e.file),
      line: e.line,
      column: e.column,
      message: e.reason,
    }));

    const view: SessionStateView = {
      path: level.sitePath,
      configPath: plan.configPath,
      levelKind: level.kind,
      attributes,
      unknownAttributes: sections[SESSION_STATE_SECTION].effective.unknown
        .concat(sections[SESSION_PAGE_STATE_SECTION].effective.unknown)
        .map((u) => ({ name: u.name, value: u.value, origin: this.origin(u.origin) })),
      providers: [...providers.values()].map((p) => ({ name: p.name ?? '', type: p.type ?? '' })),
      connectionStrings: [...connectionStringMap].map(([name, connectionString]) => ({
        name,
        connectionString,
      })),
      target,
      readOnly,
      sectionLocked,
      errors: errorList,
      warnings,
      etag: `"${etagHash.digest('hex').slice(0, 32)}"`,
    };
    return {
      plan,
      sections,
      parentEffective,
      currentEffective,
      connectionStrings,
      providers,
      files,
      unreadable,
      view,
    };
  }

  /**
   * Why a file of this level cannot be written now (see `writeRefusal`). A missing folder of the
   * level's own web.config names the physical path to correct, as applicationHost.config writes it.
   */
  private writeRefusalOf(plan: Plan, path: string): FileAccessError | undefined {
    const write = plan.write;
    const owner = write && path === write.filePath ? plan.chain[write.position.chainIndex]?.level : undefined;
    return levelWriteRefusal(this.system, owner, path);
  }

  private origin(o: AttributeOrigin): Exclude<Origin, 'default'> {
    return {
      file: this.system.root.relative(o.file),
      configPath: o.configPath,
      line: o.line,
      column: o.column,
    };
  }

  /**
   * Decides the chain to read and where a write goes (docs/placement-and-locking.md §4.1,
   * docs/appcmd.md §5.2).
   */
  private plan(level: ResolvedLevel, options: LevelOptions): Plan {
    const commit = options.commit ?? 'default';
    const isServer = level.kind === 'server';
    const consoleServer = options.client === 'console' && isServer;
    const chain = buildConfigChain(this.system, level, {
      includeAppHost: !consoleServer || commit === 'APPHOST',
    });
    const configPath = consoleServer ? WEBROOT : configPathOf(level.sitePath);
    const indexOf = (kind: ChainFile['kind']) => chain.findIndex((c) => c.kind === kind);

    if (level.kind === 'virtualDirectory' || level.kind === 'folder') {
      return {
        level,
        chain,
        configPath,
        refusal: { code: 'NOT_APPLICATION', message: MACHINE_TO_APPLICATION_MESSAGE },
      };
    }
    const rel = level.sitePath;
    let chainIndex: number;
    let location: string | null = null;
    let commitPath: string;
    switch (commit) {
      case 'WEBROOT':
        chainIndex = indexOf('webroot');
        location = isServer ? null : rel;
        commitPath = WEBROOT;
        break;
      case 'APPHOST':
        chainIndex = indexOf('apphost');
        location = isServer ? null : rel;
        commitPath = APPHOST;
        break;
      case 'SITE':
      case 'APP':
      case 'default': {
        if (isServer) {
          chainIndex = indexOf(options.client === 'console' ? 'webroot' : 'apphost');
          commitPath = chain[chainIndex]!.configPath;
          break;
        }
        // The site's own web.config for SITE; the level's application web.config otherwise.
        const segments = splitSitePath(rel);
        const ownerPath =
          commit === 'SITE' ? segments[0]! : level.application && level.site ? appSitePath(level) : rel;
        chainIndex = chain.findIndex(
          (c) => c.kind === 'web' && c.sitePath.toLowerCase() === ownerPath.toLowerCase(),
        );
        if (chainIndex < 0) {
          const ownerLevel = this.system.resolveLevel(ownerPath);
          chain.push({
            file: this.system.files.get(webConfigPathOf(this.system.resolvePhysicalPath, ownerLevel)),
            kind: 'web',
            configPath: configPathOf(ownerPath),
            sitePath: ownerPath,
            level: ownerLevel,
          });
          chainIndex = chain.length - 1;
        }
        const remainder = splitSitePath(rel).slice(splitSitePath(ownerPath).length).join('/');
        location = remainder || null;
        commitPath = configPathOf(ownerPath);
        break;
      }
    }
    const filePath = chain[chainIndex]!.file.path;
    const positionPath = location ? configPathOf(rel) : chain[chainIndex]!.configPath;
    return {
      level,
      chain,
      configPath: consoleServer && commit === 'default' ? WEBROOT : configPath,
      write: { position: { chainIndex, configPath: positionPath }, filePath, location, commitPath },
    };
  }
}

function appSitePath(level: ResolvedLevel): string {
  const app = level.application!.path === '/' ? '' : level.application!.path;
  return level.site!.name + app;
}

function dedupeErrors(errors: ConfigFileError[]): ConfigFileError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.file}:${e.line}:${e.column}:${e.reason}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
