import { createHash } from 'node:crypto';
import type { ResolvedLevel } from '../apphost/ServerTree.js';
import type { HistoryEntry } from '../commit/ConfigCommitter.js';
import type { ConfigurationSystem } from '../ConfigurationSystem.js';
import type { FieldError } from '../errors.js';
import { ConfigError, ValidationError } from '../errors.js';
import type { PlannedChange } from '../engine/ConfigEngine.js';
import { ConfigEngine } from '../engine/ConfigEngine.js';
import type {
  EngineLevelOptions,
  SectionChange,
  SectionView,
  SessionStateInput,
  SessionStateSectionName,
  ValidationContext,
} from '@iis-console/config-common';
import {
  checkEffectiveSessionState,
  displayDefault,
  interpretValue,
  LOCK_VIOLATION_MESSAGE,
  LOCKED_FEATURE_ALERT,
  MACHINE_TO_APPLICATION_MESSAGE,
  SECTION_LOCKED_MESSAGE,
  SESSION_PAGE_STATE_ATTRIBUTES,
  SESSION_PAGE_STATE_SECTION,
  SESSION_STATE_ATTRIBUTES,
  SESSION_STATE_SECTION,
  validateSessionStateChange,
} from '@iis-console/config-common';
import { attributeSchemaOf } from './attributeSchemaOf.js';

// The Session State feature is a feature definition on the configuration engine: which two sections,
// its own validation rules (the union of IIS's schema and the ASP.NET runtime, docs/session-state.md
// §2.7) and its page's model. Reading, placement, locks, splicing and commits are the engine's.

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

const SECTIONS: readonly SessionStateSectionName[] = [SESSION_STATE_SECTION, SESSION_PAGE_STATE_SECTION];
const ATTRIBUTES: Record<SessionStateSectionName, readonly { name: string }[]> = {
  [SESSION_STATE_SECTION]: SESSION_STATE_ATTRIBUTES,
  [SESSION_PAGE_STATE_SECTION]: SESSION_PAGE_STATE_ATTRIBUTES,
};

interface Computed {
  views: Record<SessionStateSectionName, SectionView>;
  parentEffective: Record<string, string>;
  currentEffective: Record<string, string>;
  connectionStrings: Map<string, string>;
  providers: Set<string>;
  commitPath: string;
  view: SessionStateView;
}

/** The Session State feature: `system.web/sessionState` and `system.web/sessionPageState` at any level. */
export class SessionStateFeature {
  private readonly engine: ConfigEngine;

  constructor(private readonly system: ConfigurationSystem) {
    this.engine = new ConfigEngine(system);
  }

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
    if (!prepared.planned || prepared.planned.writes.length === 0) return prepared.result;
    const committed = this.engine.commitPlanned(prepared.planned, {
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
    return this.system.files.withPass(() => this.prepare(sitePath, input, options)).result;
  }

  private engineOptions(options: LevelOptions): EngineLevelOptions {
    return {
      client: options.client,
      ...(options.commit && options.commit !== 'default' ? { commit: options.commit } : {}),
    };
  }

  private prepare(
    sitePath: string,
    input: SessionStateInput,
    options: ApplyOptions,
  ): { planned?: PlannedChange; result: ApplyResult } {
    const c = this.compute(sitePath, options);
    if (options.ifMatch !== undefined && options.ifMatch !== c.view.etag && options.ifMatch !== '*') {
      throw new ConfigError(
        'PRECONDITION',
        'The configuration was changed by someone else since it was read. Reload to see the current values.',
      );
    }
    if (c.view.target === null) throw new ConfigError('NOT_APPLICATION', MACHINE_TO_APPLICATION_MESSAGE);
    const engineOptions = this.engineOptions(options);
    // A level the view calls read-only is refused with the engine's own error (a lock, an unreadable
    // file, a missing folder, a permission), before the input is validated; otherwise nothing stands
    // in the way and the change is planned once, below.
    if (c.view.sectionLocked) throw new ConfigError('LOCKED', SECTION_LOCKED_MESSAGE);
    if (c.view.readOnly !== null)
      this.engine.planChanges(sitePath, [{ section: SESSION_STATE_SECTION, change: {} }], engineOptions);

    const ctx: ValidationContext = {
      current: c.currentEffective,
      parent: c.parentEffective,
      connectionStrings: c.connectionStrings,
      providers: c.providers,
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

    // One change per section; values already stored are not written again (P1 with the "same parsed
    // value" rule, docs/placement-and-locking.md §4.4).
    const changes = new Map<SessionStateSectionName, Record<string, string | null>>();
    for (const ch of result.changes) {
      const view = c.view.attributes[ch.attribute]!;
      const attributes = changes.get(ch.section) ?? {};
      if (ch.value === null) {
        if (view.local) attributes[ch.attribute] = null;
      } else if (!(view.local && view.value === ch.value && view.stored !== undefined && !view.error)) {
        attributes[ch.attribute] = ch.value;
      }
      changes.set(ch.section, attributes);
    }
    const items = SECTIONS.filter((s) => Object.keys(changes.get(s) ?? {}).length > 0).map((section) => ({
      section,
      change: { attributes: changes.get(section)! } satisfies SectionChange,
    }));
    const base: ApplyResult = {
      changed: false,
      view: c.view,
      files: [],
      diffs: [],
      configPath: c.view.configPath,
      commitPath: c.commitPath,
    };
    if (items.length === 0) return { result: base };
    const planned = this.engine.planChanges(sitePath, items, { ...engineOptions, validated: true });
    const diffs = planned.results[0]?.diffs ?? [];
    return {
      planned,
      result: { ...base, changed: planned.writes.length > 0, diffs, files: diffs.map((d) => d.file) },
    };
  }

  private compute(sitePath: string, options: LevelOptions): Computed {
    const system = this.system;
    const engineOptions = this.engineOptions(options);
    const views = {} as Record<SessionStateSectionName, SectionView>;
    for (const section of SECTIONS) views[section] = this.engine.getSection(section, sitePath, engineOptions);
    const ss = views[SESSION_STATE_SECTION];
    const strings = this.engine.getSection('connectionStrings', sitePath, engineOptions);

    const attributes: Record<string, SessionStateAttributeView> = {};
    const currentEffective: Record<string, string> = {};
    const parentEffective: Record<string, string> = {};
    const warnings: FieldError[] = [];
    for (const section of SECTIONS) {
      for (const { name } of ATTRIBUTES[section]) {
        // Defaults as the root's schema files declare them (IIS reads them the same way).
        const schema = attributeSchemaOf(system, section, name);
        const a = views[section].attributes[name];
        const stored = a?.stored;
        const interpreted = stored !== undefined ? interpretValue(schema, stored, section) : undefined;
        attributes[name] = {
          section,
          value: interpreted ? interpreted.value : displayDefault(schema),
          ...(stored !== undefined ? { stored } : {}),
          origin: a?.origin ?? 'default',
          local: a?.local ?? false,
          locked: a?.locked ?? false,
          ...(a?.lockedBy ? { lockedBy: a.lockedBy } : {}),
          ...(interpreted?.error ? { error: interpreted.error } : {}),
        };
        if (interpreted?.error) warnings.push({ attribute: name, rule: 'FILE', message: interpreted.error });
        currentEffective[name] = stored ?? displayDefault(schema);
        parentEffective[name] = a?.local
          ? (a.inheritedStored ?? displayDefault(schema))
          : (stored ?? displayDefault(schema));
      }
    }
    const connectionStrings = new Map<string, string>();
    for (const item of strings.collection?.items ?? []) {
      const name = item.key.name ?? item.attributes.name?.value ?? '';
      connectionStrings.set(
        name,
        item.attributes.connectionString?.stored ?? item.attributes.connectionString?.value ?? '',
      );
    }
    const providers = (ss.elements.providers?.collection?.items ?? []).map((p) => ({
      name: p.attributes.name?.stored ?? p.key.name ?? '',
      type: p.attributes.type?.stored ?? '',
    }));
    warnings.push(
      ...checkEffectiveSessionState(currentEffective, {
        connectionStrings,
        providers: new Set(providers.map((p) => p.name)),
      }),
    );

    // The page's own words for the two refusals it explains itself; the engine's for the others.
    let readOnly = ss.readOnly;
    if (ss.target === null && readOnly !== null) {
      readOnly = `${readOnly} Session State can be changed at the server, a site or an application. Convert this folder to an application to change it here.`;
    } else if (ss.sectionLocked) readOnly = LOCKED_FEATURE_ALERT;

    const etag = createHash('sha256')
      .update(`${views[SESSION_STATE_SECTION].etag}${views[SESSION_PAGE_STATE_SECTION].etag}${strings.etag}`)
      .digest('hex')
      .slice(0, 32);
    const seen = new Set<string>();
    const errors = [...ss.errors, ...views[SESSION_PAGE_STATE_SECTION].errors].filter((e) => {
      // Attributes the schema does not know are listed as unknownAttributes, not as errors here.
      if (e.message.startsWith('Unrecognized attribute')) return false;
      const k = `${e.file}:${e.line}:${e.column}:${e.message}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });

    const view: SessionStateView = {
      path: ss.sitePath,
      configPath: ss.configPath,
      levelKind: ss.levelKind,
      attributes,
      unknownAttributes: [
        ...ss.unknownAttributes,
        ...views[SESSION_PAGE_STATE_SECTION].unknownAttributes,
      ].map((u) => ({ name: u.name, value: u.value, origin: u.origin as Exclude<Origin, 'default'> })),
      providers,
      connectionStrings: [...connectionStrings].map(([name, connectionString]) => ({
        name,
        connectionString,
      })),
      target: ss.target
        ? {
            file: ss.target.file,
            configPath: ss.target.configPath,
            location: ss.target.location,
            exists: ss.target.exists,
          }
        : null,
      readOnly,
      sectionLocked: ss.sectionLocked,
      errors,
      warnings,
      etag: `"${etag}"`,
    };
    return {
      views,
      parentEffective,
      currentEffective,
      connectionStrings,
      providers: new Set(providers.map((p) => p.name)),
      commitPath: ss.target?.commitPath ?? ss.configPath,
      view,
    };
  }
}
