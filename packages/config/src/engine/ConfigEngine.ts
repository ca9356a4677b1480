// The configuration engine: any section declared in the schema, read at any level with origins and
// locks, changed (attributes, child elements, collections) with the same lossless splice, atomic
// commit, history and conflict rules as every write of the product. Feature code (Session State,
// Machine Key, Application Pools) only says which section and which extra rules.
// See docs/engine.md.

import { createHash } from 'node:crypto';
import type { ResolvedLevel } from '../apphost/ServerTree.js';
import { resolveSitePath } from '../apphost/ServerTree.js';
import type { CommitResult, FileWrite } from '../commit/ConfigCommitter.js';
import type { ConfigurationSystem } from '../ConfigurationSystem.js';
import type { FieldError, FileAccessError } from '../errors.js';
import { levelWriteRefusal } from '../commit/levelWriteRefusal.js';
import { ConfigError, ConfigFileError, ValidationError } from '../errors.js';
import type { ChainFile } from '../hierarchy/ConfigChain.js';
import { buildConfigChain, webConfigPathOf } from '../hierarchy/ConfigChain.js';
import type { ConfigFile } from '../hierarchy/ConfigFileCache.js';
import { APPHOST, WEBROOT, configPathOf, splitSitePath } from '../hierarchy/configPath.js';
import type { SectionDeclaration } from '../hierarchy/sectionDeclaration.js';
import { findSectionDeclaration, isDefinitionAllowed } from '../hierarchy/sectionDeclaration.js';
import type { SectionLayer, SectionLayersResult } from '../hierarchy/sectionLayers.js';
import { collectSectionLayers } from '../hierarchy/sectionLayers.js';
import type { SectionSchema } from '@iis-console/config-common';
import { ConfigDocument } from '../xml/ConfigDocument.js';
import { encodeConfigText } from '../xml/decodeConfigText.js';
import { assertEditable, outermostEmpty, placeNewSection } from '../xml/editSection.js';
import { findLocations } from '../xml/findSection.js';
import type { NewElement } from '../xml/renderElement.js';
import { XmlEditBatch } from '../xml/XmlEditBatch.js';
import type { XmlElement } from '../xml/XmlElement.js';
import type { ElementNode, ItemElements, MergeContext } from './mergeElement.js';
import { mergeElement } from './mergeElement.js';
import { ChangeBuilder } from './ChangeBuilder.js';
import { LocalNode } from './LocalNode.js';
import {
  MISSING_ITEM,
  LOCK_VIOLATION_MESSAGE,
  MACHINE_TO_APPLICATION_MESSAGE,
  SECTION_LOCKED_MESSAGE,
} from './messages.js';
import { isAbove, sectionLock } from './sectionLock.js';
import type {
  CommitTarget,
  EngineLevelOptions,
  EngineOrigin,
  SectionApplyResult,
  SectionChange,
  SectionTarget,
  SectionView,
} from '@iis-console/config-common';

/** A new, empty configuration file (UTF-8, CRLF, an XML declaration), as the product creates web.config files. */
const NEW_FILE_TEXT = '<?xml version="1.0" encoding="UTF-8"?>\r\n<configuration>\r\n</configuration>\r\n';

interface WritePlan {
  chainIndex: number;
  /** Config path of the place written (the location's path, or the file's level). */
  configPath: string;
  filePath: string;
  location: string | null;
  commitPath: string;
}

interface Plan {
  level: ResolvedLevel;
  chain: ChainFile[];
  configPath: string;
  write?: WritePlan;
  refusal?: { code: 'NOT_APPLICATION' | 'LOCKED'; message: string };
  /** The section's layers along `chain`, when planning needed them (reused by the read). */
  layers?: SectionLayersResult;
}

interface Computed {
  schema: SectionSchema;
  plan: Plan;
  view: SectionView;
  layers: SectionLayer[];
  localLayer?: SectionLayer;
  items: ItemElements;
  files: ConfigFile[];
  unreadable: ConfigFileError[];
}

export interface EngineApplyOptions extends EngineLevelOptions {
  ifMatch?: string;
  user?: string;
  /**
   * The values were checked and made canonical by a feature's own rules (Session State's, which are
   * the union of the schema's and the ASP.NET runtime's): they are written as given.
   */
  validated?: boolean;
}

/** Changes planned (and checked) but not written yet: `commitPlanned` writes them as one commit. */
export interface PlannedChange {
  writes: FileWrite[];
  results: SectionApplyResult[];
  documents: Map<string, ConfigDocument>;
}

/** A section that can be read at a level, for the section picker. */
export interface SectionSummary {
  name: string;
  allowDefinition: string;
  overrideModeDefault: 'Allow' | 'Deny';
  /** The section may be set at this level (its allowDefinition permits a file here). */
  allowedHere: boolean;
}
export class ConfigEngine {
  constructor(private readonly system: ConfigurationSystem) {}

  /** Every section the schema defines, with its declaration as seen at this level. */
  sections(sitePath: string, options: EngineLevelOptions = { client: 'console' }): SectionSummary[] {
    return this.system.files.withPass(() => {
      const level = this.system.resolveLevel(sitePath);
      const chain = buildConfigChain(this.system, level, { includeAppHost: true });
      return this.system
        .schema()
        .sections.map((s) => {
          const d = findSectionDeclaration(chain, s.name);
          const kind = this.fileKindForLevel(level, d, options);
          return {
            name: s.name,
            allowDefinition: d.allowDefinition,
            overrideModeDefault: d.overrideModeDefault,
            allowedHere: isDefinitionAllowed(d.allowDefinition, kind, level.kind),
          };
        })
        .sort((a, b) => a.name.localeCompare(b.name));
    });
  }

  /** The section's schema, or IIS's error for a section nobody defines. */
  sectionSchema(name: string): SectionSchema {
    const schema = this.system.schema().section(name) ?? this.findCaseInsensitive(name);
    if (!schema) {
      throw new ConfigError(
        'NOT_FOUND',
        `The configuration section '${name}' cannot be read because it is missing schema`,
      );
    }
    return schema;
  }

  getSection(
    section: string,
    sitePath: string,
    options: EngineLevelOptions = { client: 'console' },
  ): SectionView {
    return this.system.files.withPass(() => this.compute(section, sitePath, options).view);
  }

  preview(
    section: string,
    sitePath: string,
    change: SectionChange,
    options: EngineApplyOptions = { client: 'console' },
  ): SectionApplyResult {
    return this.previewMany(sitePath, [{ section, change }], options)[0]!;
  }

  apply(
    section: string,
    sitePath: string,
    change: SectionChange,
    options: EngineApplyOptions = { client: 'console' },
  ): SectionApplyResult {
    return this.applyMany(sitePath, [{ section, change }], options)[0]!;
  }

  /**
   * Locks (`Deny`) or unlocks (`Allow`) a section for a path: `overrideMode` on the
   * `<location path>` in applicationHost.config that holds the section (appcmd's `lock config`).
   */
  setOverrideMode(
    section: string,
    sitePath: string,
    mode: 'Allow' | 'Deny',
    options: { user?: string; ifMatch?: string } = {},
  ): SectionApplyResult {
    const prepared = this.system.files.withPass(() => {
      const schema = this.sectionSchema(section);
      const level = this.system.resolveLevel(sitePath);
      const path = level.sitePath;
      const file = this.system.files.get(this.system.wellKnown('applicationHostConfig'));
      if (file.error) throw file.error;
      if (!file.doc) throw new ConfigError('NOT_FOUND', 'applicationHost.config does not exist.');
      const doc = file.doc;
      const elementPath = schema.name.split('/');
      const batch = new XmlEditBatch(doc);
      const holders = findLocations(doc, path === '' ? null : path).filter((loc) =>
        descendPath(loc, elementPath),
      );
      const single = holders.find((loc) => onlyHolds(loc, elementPath));
      const current = single ? (doc.attr(single, 'overrideMode')?.value ?? '') : undefined;
      if (single) {
        if (current?.toLowerCase() !== mode.toLowerCase()) batch.setAttribute(single, 'overrideMode', mode);
        if (doc.attr(single, 'allowOverride')) batch.removeAttribute(single, 'allowOverride');
      } else {
        let child: NewElement = { name: elementPath.at(-1)! };
        for (let i = elementPath.length - 2; i >= 0; i--)
          child = { name: elementPath[i]!, children: [child] };
        batch.addChild(doc.root, {
          name: 'location',
          attributes: [
            ['path', path],
            ['overrideMode', mode],
          ],
          children: [child],
        });
      }
      const result = batch.apply();
      const writes: FileWrite[] = result.changed
        ? [{ path: file.path, expectedHash: file.hash, bytes: encodeConfigText(result.text) }]
        : [];
      return { writes, before: file.text, after: result.text, file };
    });
    if (prepared.writes.length > 0) {
      this.system.committer.commit(prepared.writes, {
        user: options.user,
        description: `${mode === 'Deny' ? 'lock' : 'unlock'} ${section} at ${configPathOf(sitePath)}`,
      });
    }
    const view = this.getSection(section, sitePath, { client: 'appcmd', commit: 'APPHOST' });
    const rel = this.system.root.relative(prepared.file.path);
    return {
      changed: prepared.writes.length > 0,
      view,
      files: prepared.writes.length > 0 ? [rel] : [],
      diffs:
        prepared.writes.length > 0 ? [{ file: rel, before: prepared.before, after: prepared.after }] : [],
      configPath: configPathOf(sitePath),
      commitPath: APPHOST,
    };
  }

  private findCaseInsensitive(name: string): SectionSchema | undefined {
    const lower = name.toLowerCase();
    return this.system.schema().sections.find((s) => s.name.toLowerCase() === lower);
  }

  // ---- reading ----

  private compute(section: string, sitePath: string, options: EngineLevelOptions): Computed {
    const system = this.system;
    const schema = this.sectionSchema(section);
    const tree = system.serverTree();
    const level = system.resolveLevel(sitePath);
    const probeChain = buildConfigChain(system, level, { includeAppHost: true });
    const declaration = findSectionDeclaration(probeChain, schema.name);
    const plan = this.plan(level, declaration, options);
    const chain = plan.chain;
    const elementPath = schema.name.split('/');
    const layersResult =
      plan.layers ??
      collectSectionLayers(system.root, system.files, tree, chain, level.sitePath, elementPath);
    const layers = layersResult.layers;
    const fileErrors: ConfigFileError[] = [...layersResult.errors];
    for (const f of chain) if (f.file.error) fileErrors.push(f.file.error);

    const position = plan.write
      ? { chainIndex: plan.write.chainIndex, configPath: plan.write.configPath }
      : { chainIndex: chain.length - 1, configPath: configPathOf(level.sitePath) };
    let localLayer: SectionLayer | undefined;
    if (plan.write) {
      for (const l of layers) {
        if (
          l.chainIndex === position.chainIndex &&
          l.configPath.toLowerCase() === position.configPath.toLowerCase()
        )
          localLayer = l;
      }
    }
    const nodes: ElementNode[] = layers.map((layer) => ({
      el: layer.element,
      layer,
      local: layer === localLayer,
      above: isAbove(layer, position),
    }));
    const ctx: MergeContext = {
      origin: (layer, offset) => this.originOf(layer, offset),
      errors: fileErrors,
      fileError: (layer, offset, message) => {
        const pos = layer.file.doc?.position(offset) ?? {
          line: layer.element.line,
          column: layer.element.column,
        };
        return new ConfigFileError(layer.file.path, pos.line, pos.column, message);
      },
    };
    // A section set where its declaration does not allow it.
    for (const layer of layers) {
      const levelKind = resolveSitePath(tree, layer.sitePath)?.kind ?? 'folder';
      if (!isDefinitionAllowed(declaration.allowDefinition, layer.chainFile.kind, levelKind)) {
        fileErrors.push(
          ctx.fileError(
            layer,
            layer.element.start,
            declaration.allowDefinition === 'MachineToApplication'
              ? MACHINE_TO_APPLICATION_MESSAGE
              : `The configuration section '${schema.name}' cannot be set here (allowDefinition='${declaration.allowDefinition}').`,
          ),
        );
      }
    }
    const items: ItemElements = new Map();
    const merged = mergeElement(schema, nodes, ctx, '', items);

    const lock = sectionLock(layers, declaration, position, this.apphostIndex(chain));
    const sectionLocked = lock !== undefined;
    const targetFile = plan.write ? system.files.get(plan.write.filePath) : undefined;
    const files: ConfigFile[] = [...layersResult.files];
    if (targetFile && !files.includes(targetFile)) files.push(targetFile);

    let target: SectionTarget | null = null;
    let targetPath: string | undefined;
    if (plan.write && targetFile) {
      const redirected = localLayer?.configSource !== undefined ? localLayer.file : undefined;
      const file = redirected ?? targetFile;
      targetPath = file.path;
      target = {
        file: system.root.relative(file.path),
        configPath: plan.write.configPath,
        location: plan.write.location,
        commitPath: plan.write.commitPath,
        exists: file.exists,
      };
    }
    let readOnly: string | null = null;
    const broken = chain.find((f) => f.file.error);
    const unreadable = layersResult.unreadable[0];
    if (plan.refusal) readOnly = plan.refusal.message;
    else if (sectionLocked) readOnly = SECTION_LOCKED_MESSAGE;
    else if (targetFile?.error)
      readOnly = `The file ${system.root.relative(targetFile.path)} cannot be read: ${targetFile.error.reason}`;
    else if (broken)
      readOnly = `The file ${system.root.relative(broken.file.path)} cannot be read: ${broken.file.error!.reason}`;
    else if (unreadable)
      readOnly = `The file ${system.nameOf(unreadable.file)} cannot be read: ${unreadable.reason}`;
    else if (targetPath !== undefined) {
      // Said before Apply: a missing folder, a read-only file, a folder we may not write in.
      readOnly = this.writeRefusalOf(plan, targetPath)?.message ?? null;
    }

    const seen = new Set<string>();
    const etagHash = createHash('sha256');
    for (const f of [...chain.map((c) => c.file), ...files]) {
      if (seen.has(f.path)) continue;
      seen.add(f.path);
      etagHash.update(`${f.path}\0${f.hash}\n`);
    }
    const view: SectionView = {
      ...merged,
      section: schema.name,
      sitePath: level.sitePath,
      configPath: plan.configPath,
      levelKind: level.kind,
      declaration: {
        allowDefinition: declaration.allowDefinition,
        overrideModeDefault: declaration.overrideModeDefault,
        file: declaration.file ? system.root.relative(declaration.file) : null,
      },
      overrideMode: sectionLocked ? 'Deny' : 'Allow',
      sectionLocked,
      target,
      readOnly,
      errors: dedupe(fileErrors).map((e) => ({
        file: system.root.relative(e.file),
        line: e.line,
        column: e.column,
        message: e.reason,
      })),
      etag: `"${etagHash.digest('hex').slice(0, 32)}"`,
    };
    return { schema, plan, view, layers, localLayer, items, files, unreadable: layersResult.unreadable };
  }

  private writeRefusalOf(plan: Plan, path: string): FileAccessError | undefined {
    const write = plan.write;
    const owner = write && path === write.filePath ? plan.chain[write.chainIndex]?.level : undefined;
    return levelWriteRefusal(this.system, owner, path);
  }

  private originOf(layer: SectionLayer, offset: number): Exclude<EngineOrigin, 'default'> {
    const pos = layer.file.doc?.position(offset) ?? {
      line: layer.element.line,
      column: layer.element.column,
    };
    return {
      file: this.system.root.relative(layer.file.path),
      configPath: layer.configPath,
      line: pos.line,
      column: pos.column,
    };
  }

  private apphostIndex(chain: readonly ChainFile[]): number {
    return chain.findIndex((c) => c.kind === 'apphost');
  }

  /**
   * Which file kind a write at the server level goes to: `system.web` sections and others declared in
   * machine.config live in the root web.config for the console (IIS Manager's ASP.NET features),
   * everything else in applicationHost.config.
   */
  private fileKindForLevel(
    level: ResolvedLevel,
    declaration: SectionDeclaration,
    options: EngineLevelOptions,
  ): ChainFile['kind'] {
    if (level.kind !== 'server') return 'web';
    const commit = options.commit ?? 'default';
    if (commit === 'WEBROOT') return 'webroot';
    if (commit === 'APPHOST') return 'apphost';
    if (options.client === 'appcmd') return 'apphost';
    return this.declaredForAspNet(declaration) ? 'webroot' : 'apphost';
  }

  private declaredForAspNet(declaration: SectionDeclaration): boolean {
    if (declaration.file) {
      const f = declaration.file.toLowerCase();
      return (
        f === this.system.wellKnown('machineConfig').toLowerCase() ||
        f === this.system.wellKnown('rootWebConfig').toLowerCase()
      );
    }
    return (
      declaration.name.startsWith('system.web/') ||
      declaration.name === 'connectionStrings' ||
      declaration.name === 'appSettings'
    );
  }

  /** The chain to read and where a write goes (docs/placement-and-locking.md). */
  private plan(level: ResolvedLevel, declaration: SectionDeclaration, options: EngineLevelOptions): Plan {
    const commit: CommitTarget = options.commit ?? 'default';
    const isServer = level.kind === 'server';
    const serverKind = this.fileKindForLevel(level, declaration, options);
    const webrootServer = isServer && serverKind === 'webroot' && commit !== 'APPHOST';
    const chain = buildConfigChain(this.system, level, { includeAppHost: !webrootServer });
    // appcmd names the server level MACHINE/WEBROOT/APPHOST even when it writes the root web.config.
    const configPath = webrootServer && options.client === 'console' ? WEBROOT : configPathOf(level.sitePath);
    const indexOf = (kind: ChainFile['kind']) => chain.findIndex((c) => c.kind === kind);
    const allow = declaration.allowDefinition;

    if ((level.kind === 'virtualDirectory' || level.kind === 'folder') && allow === 'MachineToApplication') {
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
      default: {
        if (isServer) {
          chainIndex = indexOf(serverKind === 'webroot' ? 'webroot' : 'apphost');
          commitPath = chain[chainIndex]!.configPath;
          break;
        }
        if (allow === 'AppHostOnly' || allow === 'MachineOnly' || allow === 'MachineToWebRoot') {
          return {
            level,
            chain,
            configPath,
            refusal: {
              code: 'LOCKED',
              message:
                allow === 'AppHostOnly'
                  ? `The section '${declaration.name}' can only be set in applicationHost.config at server level (allowDefinition="AppHostOnly").`
                  : `The section '${declaration.name}' can only be set at server level (allowDefinition="${allow}").`,
            },
          };
        }
        const segments = splitSitePath(rel);
        const ownerPath =
          commit === 'SITE' ? segments[0]! : level.application && level.site ? appSitePath(level) : rel;
        chainIndex = chain.findIndex(
          (c) => c.kind === 'web' && c.sitePath.toLowerCase() === ownerPath.toLowerCase(),
        );
        if (chainIndex < 0) {
          chain.push({
            file: this.system.files.get(
              webConfigPathOf(this.system.resolvePhysicalPath, this.system.resolveLevel(ownerPath)),
            ),
            kind: 'web',
            configPath: configPathOf(ownerPath),
            sitePath: ownerPath,
          });
          chainIndex = chain.length - 1;
        }
        const remainder = splitSitePath(rel).slice(splitSitePath(ownerPath).length).join('/');
        location = remainder || null;
        commitPath = configPathOf(ownerPath);
        break;
      }
    }
    if (chainIndex < 0) {
      return {
        level,
        chain,
        configPath,
        refusal: {
          code: 'LOCKED',
          message: `The section '${declaration.name}' cannot be written to ${commit}.`,
        },
      };
    }
    let write: WritePlan = {
      chainIndex,
      configPath: location ? configPathOf(rel) : chain[chainIndex]!.configPath,
      filePath: chain[chainIndex]!.file.path,
      location,
      commitPath,
    };
    // A section locked by default for web.config files (overrideModeDefault="Deny": authentication,
    // handlers, …) is written where IIS Manager writes it: applicationHost.config, <location
    // path="Site/app">. A lock set explicitly by a parent (<location overrideMode="Deny">) stays a lock.
    let layers: SectionLayersResult | undefined;
    if (options.client === 'console' && commit === 'default' && !isServer) {
      const apphost = indexOf('apphost');
      layers = collectSectionLayers(
        this.system.root,
        this.system.files,
        this.system.serverTree(),
        chain,
        rel,
        declaration.name.split('/'),
      );
      if (apphost >= 0 && sectionLock(layers.layers, declaration, write, apphost) === 'default') {
        write = {
          chainIndex: apphost,
          configPath: configPathOf(rel),
          filePath: chain[apphost]!.file.path,
          location: rel,
          commitPath: APPHOST,
        };
      }
    }
    return { level, chain, configPath, write, ...(layers ? { layers } : {}) };
  }

  // ---- writing ----

  private prepare(
    section: string,
    sitePath: string,
    change: SectionChange,
    options: EngineApplyOptions,
  ): { edit?: FileEdit; result: SectionApplyResult } {
    const levelOptions: EngineLevelOptions = { ...options, commit: change.commit ?? options.commit };
    const c = this.compute(section, sitePath, levelOptions);
    if (options.ifMatch !== undefined && options.ifMatch !== '*' && options.ifMatch !== c.view.etag) {
      throw new ConfigError(
        'PRECONDITION',
        'The configuration was changed by someone else since it was read. Reload to see the current values.',
      );
    }
    if (c.plan.refusal) throw new ConfigError(c.plan.refusal.code, c.plan.refusal.message);
    if (c.view.sectionLocked) throw new ConfigError('LOCKED', SECTION_LOCKED_MESSAGE);
    const write = c.plan.write!;
    const targetFile = this.system.files.get(write.filePath);
    if (targetFile.error) throw this.system.publicError(targetFile.error);
    if (c.unreadable[0]) throw this.system.publicError(c.unreadable[0]);
    for (const f of c.files) if (f.error) throw this.system.publicError(f.error);

    const redirected = c.localLayer?.configSource !== undefined ? c.localLayer.file : undefined;
    const file = redirected ?? targetFile;
    const elementPath = c.schema.name.split('/');
    const root = new LocalNode(elementPath.at(-1)!, c.localLayer?.element);
    const errors: FieldError[] = [];
    if (change.revertToParent && c.localLayer) {
      // The whole section at this level goes: its attributes, child elements and collection directives.
      for (const a of c.localLayer.element.attributes) root.remove.add(a.name);
      for (const k of c.localLayer.element.children) root.removedChildren.add(k);
    }
    const builder = new ChangeBuilder(c, errors, options.validated === true);
    builder.attributes(c.schema, c.view, root, change.attributes ?? {}, '');
    for (const [path, edit] of Object.entries(change.elements ?? {})) {
      const at = builder.resolve(path, root);
      if (at)
        builder.attributes(at.schema, at.view, at.node, edit.attributes ?? {}, path, path.endsWith(']'));
    }
    for (const [path, ops] of Object.entries(change.collections ?? {})) {
      const at = builder.resolve(path, root);
      if (!at) continue;
      if (!at.schema.collection || !at.view.collection) {
        errors.push({
          attribute: path,
          rule: 'COLLECTION',
          message: `The element '${path || c.schema.name}' has no collection.`,
        });
        continue;
      }
      builder.collection(at.schema.collection, at.view.collection, at.node, ops, path);
    }
    if (errors.length > 0) {
      const locked = errors.filter((e) => e.rule === 'LOCK');
      const missing = errors.filter((e) => e.rule === 'NOT_FOUND');
      if (locked.length === errors.length)
        throw Object.assign(new ConfigError('LOCKED', LOCK_VIOLATION_MESSAGE), { errors: locked });
      if (missing.length === errors.length)
        throw Object.assign(new ConfigError('NOT_FOUND', MISSING_ITEM), { errors: missing });
      throw new ValidationError(errors);
    }
    // Refused before anything is planned, in the page's own words (the committer checks again).
    const refusal = this.writeRefusalOf(c.plan, file.path);
    if (refusal) throw refusal;

    let edit: FileEdit | undefined;
    if (root.changed) {
      const doc = file.exists ? file.doc! : ConfigDocument.parse(NEW_FILE_TEXT, file.path);
      const batch = new XmlEditBatch(doc);
      if (root.el) {
        assertEditable(doc, root.el, elementPath, redirected !== undefined);
        // Reverted whole (comments inside go with it) unless the change adds something back.
        const reverted =
          change.revertToParent === true &&
          root.set.size === 0 &&
          !root.children.some((n) => !n.el && !n.empty);
        if ((root.empty || reverted) && !redirected)
          batch.removeElement(outermostEmpty(doc, root.el, elementPath.length - 1));
        else root.emit(batch);
      } else if (!root.empty) {
        const { parent, child } = placeNewSection(
          doc,
          { sectionPath: elementPath, location: write.location },
          root.toNewElement(),
        );
        batch.addChild(parent, child);
      }
      const applied = batch.apply();
      if (applied.changed || !file.exists) edit = { file, text: applied.text, document: applied.document };
    }
    return {
      edit,
      result: {
        changed: false,
        view: c.view,
        files: [],
        diffs: [],
        configPath: c.plan.configPath,
        commitPath: write.commitPath,
      },
    };
  }

  /**
   * Plans changes of several sections at one level as one commit: each is planned on top of the
   * previous ones (a file edited twice is written once), then every file's bytes are compared with
   * what was read. The ETag (`options.ifMatch`) is checked against the first section's view.
   */
  private prepareMany(
    sitePath: string,
    items: ReadonlyArray<{ section: string; change: SectionChange }>,
    options: EngineApplyOptions,
  ): PlannedChange {
    const originals = new Map<string, ConfigFile>();
    const latest = new Map<string, string>();
    const documents = new Map<string, ConfigDocument>();
    const results: SectionApplyResult[] = [];
    items.forEach((item, i) => {
      const prepared = this.prepare(
        item.section,
        sitePath,
        item.change,
        i === 0 ? options : { ...options, ifMatch: undefined },
      );
      const e = prepared.edit;
      if (e) {
        if (!originals.has(e.file.path)) originals.set(e.file.path, e.file);
        latest.set(e.file.path, e.text);
        documents.set(e.file.path, e.document);
        this.system.files.substitute({
          path: e.file.path,
          exists: true,
          hash: originals.get(e.file.path)!.hash,
          text: e.text,
          doc: e.document,
        });
      }
      results.push(prepared.result);
    });
    const writes: FileWrite[] = [];
    const diffs: SectionApplyResult['diffs'] = [];
    for (const [path, text] of latest) {
      const original = originals.get(path)!;
      if (original.exists && original.text === text) continue;
      writes.push({ path, expectedHash: original.hash, bytes: encodeConfigText(text) });
      diffs.push({
        file: this.system.root.relative(path),
        before: original.exists ? original.text : '',
        after: text,
      });
    }
    for (const r of results) {
      r.diffs = diffs;
      r.files = diffs.map((d) => d.file);
      r.changed = writes.length > 0;
    }
    return { writes, results, documents };
  }

  /** Several sections' changes at one level, previewed together (one diff per file). */
  previewMany(
    sitePath: string,
    items: ReadonlyArray<{ section: string; change: SectionChange }>,
    options: EngineApplyOptions = { client: 'console' },
  ): SectionApplyResult[] {
    return this.system.files.withPass(() => this.prepareMany(sitePath, items, options).results);
  }

  /** Several sections' changes at one level, as one commit (one history entry). */
  applyMany(
    sitePath: string,
    items: ReadonlyArray<{ section: string; change: SectionChange }>,
    options: EngineApplyOptions = { client: 'console' },
  ): SectionApplyResult[] {
    const planned = this.planChanges(sitePath, items, options);
    if (planned.writes.length === 0) return planned.results;
    const committed = this.commitPlanned(planned, {
      user: options.user,
      description: `${items.map((i) => i.section).join(', ')} at ${planned.results[0]?.configPath ?? sitePath}`,
    });
    const files = committed.files.map((f) => this.system.root.relative(f));
    return items.map((item, i) => ({
      ...planned.results[i]!,
      changed: true,
      view: this.getSection(item.section, sitePath, {
        ...options,
        commit: item.change.commit ?? options.commit,
      }),
      files,
      history: { id: committed.history.id },
    }));
  }

  /** Plans and checks changes of several sections at one level (inside the caller's pass, if any). */
  planChanges(
    sitePath: string,
    items: ReadonlyArray<{ section: string; change: SectionChange }>,
    options: EngineApplyOptions = { client: 'console' },
  ): PlannedChange {
    return this.system.files.withPass(() => this.prepareMany(sitePath, items, options));
  }

  /** Writes planned changes as one commit (history, atomic writes, conflict check against what was read). */
  commitPlanned(planned: PlannedChange, info: { user?: string; description?: string }): CommitResult {
    const committed = this.system.committer.commit(planned.writes, info);
    // The edit's own read-back parse is the new version: the view after Apply does not parse again.
    for (const w of committed.written) {
      const doc = planned.documents.get(w.path);
      if (doc) this.system.files.prime(w.path, w.bytes, doc, w.stat);
    }
    return committed;
  }
}

/** A planned new text for one file, with its parse (the edit's own read-back). */
interface FileEdit {
  file: ConfigFile;
  text: string;
  document: ConfigDocument;
}

function descendPath(el: XmlElement, path: readonly string[]): XmlElement | undefined {
  let cur: XmlElement | undefined = el;
  for (const name of path) cur = cur?.children.find((c) => c.name === name);
  return cur;
}

/** The location holds this section and nothing else (so its overrideMode concerns only this section). */
function onlyHolds(location: XmlElement, path: readonly string[]): boolean {
  let cur: XmlElement = location;
  for (const name of path) {
    if (cur.children.length !== 1 || cur.children[0]!.name !== name) return false;
    cur = cur.children[0]!;
  }
  return true;
}

function appSitePath(level: ResolvedLevel): string {
  const app = level.application!.path === '/' ? '' : level.application!.path;
  return level.site!.name + app;
}

function dedupe(errors: ConfigFileError[]): ConfigFileError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.file}:${e.line}:${e.column}:${e.reason}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
