// What the configuration engine returns for a section at a level, and the change it takes. Plain data
// (no Node imports): the API serialises these as they are. Named after Microsoft.Web.Administration's
// model (ConfigurationSection, ConfigurationElement, ConfigurationElementCollection); see docs/engine.md.

import type { AttributeType } from '../schema/types.js';

/** Where a value comes from: the schema default, or a file (root-relative) at a config path. */
export type EngineOrigin = 'default' | { file: string; configPath: string; line: number; column: number };

/** Which file a write at a level goes to, as appcmd's `/commit:` names it (default: the level itself). */
export type CommitTarget = 'default' | 'WEBROOT' | 'APPHOST' | 'SITE' | 'APP';

export interface EngineLevelOptions {
  /**
   * `console`: the server level of `system.web` sections (declared in machine.config) is MACHINE/WEBROOT
   * and writes the root web.config; `appcmd`: the server level is MACHINE/WEBROOT/APPHOST and, without
   * `/commit`, writes applicationHost.config (docs/placement-and-locking.md).
   */
  client: 'console' | 'appcmd';
  commit?: CommitTarget;
}

export interface AttributeView {
  name: string;
  type: AttributeType;
  /** Canonical effective value (`true`, the enum's first name, `00:20:00`); masked when encrypted. */
  value: string;
  /** The text stored in the file, when a file sets it (masked when encrypted). */
  stored?: string;
  origin: EngineOrigin;
  /** Set in the element a write at this level edits: Revert to parent (null) applies. */
  local: boolean;
  locked: boolean;
  lockedBy?: EngineOrigin;
  /** The stored value breaks the schema (IIS's text). */
  error?: string;
  isKey?: boolean;
  required?: boolean;
  encrypted?: boolean;
  /** enum/flags names in schema order. */
  choices?: string[];
  defaultValue: string;
  /** For a local value: what Revert to parent would give (value, stored text, origin). */
  inheritedValue?: string;
  inheritedStored?: string;
  inheritedOrigin?: EngineOrigin;
}

export interface CollectionItemView {
  /** The element name that added it (`add`, or e.g. `site`, `binding`, `error`). */
  elementName: string;
  /** Key attribute values (unique key, or the combined key). */
  key: Record<string, string>;
  attributes: Record<string, AttributeView>;
  elements: Record<string, ElementView>;
  collection?: CollectionView;
  origin: EngineOrigin;
  /** Added at the level a write edits (removing it deletes its element; otherwise `<remove>` is written). */
  local: boolean;
  /** `lockItem="true"` at a parent level. */
  locked: boolean;
}

export interface CollectionView {
  addElement: string[];
  removeElement?: string;
  clearElement?: string;
  /** Names of the key attributes (one unique key, or the parts of a combined key). */
  keys: string[];
  allowDuplicates: boolean;
  mergeAppend: boolean;
  items: CollectionItemView[];
  /** Where `<clear/>` dropped the inherited items, if a level did. */
  clearedAt?: EngineOrigin;
  /** Collection directives locked by a parent (`lockElements="add,remove"` …). */
  lockedElements: string[];
}

export interface ElementView {
  name: string;
  /** Dotted path below the section (`''` for the section, `files`, `[name='x'].processModel`). */
  path: string;
  attributes: Record<string, AttributeView>;
  elements: Record<string, ElementView>;
  collection?: CollectionView;
  /** Locked by a parent (`lockElements` / `lockAllElementsExcept`). */
  locked: boolean;
  /** Attributes present in files that the schema does not know (kept, shown read-only). */
  unknownAttributes: Array<{ name: string; value: string; origin: EngineOrigin }>;
}

export interface SectionTarget {
  /** Root-relative path of the file a write goes to (the configSource file when redirected). */
  file: string;
  /** Config path written at (`MACHINE/WEBROOT/APPHOST/Site` for a `<location path="Site">`). */
  configPath: string;
  /** The `<location path>` a write goes into, or null for the file's own level. */
  location: string | null;
  /** appcmd's "configuration commit path": the config path of the file written. */
  commitPath: string;
  exists: boolean;
}

export interface SectionView extends ElementView {
  section: string;
  sitePath: string;
  /** The level's config path as the client names it. */
  configPath: string;
  levelKind: 'server' | 'site' | 'application' | 'virtualDirectory' | 'folder';
  declaration: { allowDefinition: string; overrideModeDefault: 'Allow' | 'Deny'; file: string | null };
  /** The override mode in force at this level (`Allow`/`Deny`) and whether the section is locked here. */
  overrideMode: 'Allow' | 'Deny';
  sectionLocked: boolean;
  target: SectionTarget | null;
  /** Why nothing can be written here, or null. */
  readOnly: string | null;
  errors: Array<{ file: string; line: number; column: number; message: string }>;
  etag: string;
}

/** One collection edit: IIS's Add / Remove / element edit / Clear. */
export type CollectionChange =
  | { op: 'add'; attributes: Record<string, string> }
  | { op: 'remove'; key: Record<string, string> }
  | { op: 'set'; key: Record<string, string>; attributes: Record<string, string | null> }
  | { op: 'clear' };

/** The change object of the API, the console and appcmd (docs/engine.md, "Changes"). */
export interface SectionChange {
  /** Attributes of the section element; null = revert to parent (remove the local value). */
  attributes?: Record<string, string | null>;
  /** Child elements by dotted path (`requestLimits`, `[name='DefaultAppPool'].processModel`). */
  elements?: Record<string, { attributes: Record<string, string | null> }>;
  /** Collection edits by the path of the element that holds the collection (`''` = the section). */
  collections?: Record<string, CollectionChange[]>;
  /** Remove this level's whole section first (appcmd's `clear config` without attributes). */
  revertToParent?: boolean;
  commit?: CommitTarget;
}

export interface SectionApplyResult {
  changed: boolean;
  view: SectionView;
  /** Root-relative paths of the files written (or that would be, for a preview). */
  files: string[];
  diffs: Array<{ file: string; before: string; after: string }>;
  configPath: string;
  commitPath: string;
  history?: { id: string };
}
