import { z } from 'zod';
import { ConfigFileProblem, LevelQuery, Origin } from './sessionState.js';

// Any configuration section through the generic engine (docs/engine.md): `GET /api/config/sections`,
// `GET|PATCH /api/config/section`, `POST /api/config/section/preview`, `POST /api/config/section/lock`.

export const CommitTarget = z.enum(['WEBROOT', 'APPHOST', 'SITE', 'APP']);

export const SectionQuery = z.object({
  /** Full section name, e.g. `system.webServer/defaultDocument`. */
  section: z.string().min(1).max(256),
  /** Site path (`Default Web Site/shop`), empty = server. */
  path: LevelQuery.shape.path,
  /** Read and write as appcmd's `/commit:` would place it (the default: where IIS Manager writes). */
  commit: CommitTarget.optional(),
});

export const AttributeValue = z.object({
  name: z.string(),
  type: z.enum(['string', 'bool', 'enum', 'flags', 'int', 'uint', 'int64', 'timeSpan']),
  value: z.string(),
  stored: z.string().optional(),
  origin: Origin,
  local: z.boolean(),
  locked: z.boolean(),
  lockedBy: Origin.optional(),
  error: z.string().optional(),
  isKey: z.boolean().optional(),
  required: z.boolean().optional(),
  encrypted: z.boolean().optional(),
  choices: z.array(z.string()).optional(),
  defaultValue: z.string(),
  /** For a local value: what Revert to parent gives. */
  inheritedValue: z.string().optional(),
  inheritedStored: z.string().optional(),
  inheritedOrigin: Origin.optional(),
});
export type AttributeValue = z.infer<typeof AttributeValue>;

export interface ConfigElement {
  name: string;
  path: string;
  attributes: Record<string, AttributeValue>;
  elements: Record<string, ConfigElement>;
  collection?: ConfigCollection;
  locked: boolean;
  unknownAttributes: Array<{ name: string; value: string; origin: Origin }>;
}
export interface ConfigCollectionItem {
  elementName: string;
  key: Record<string, string>;
  attributes: Record<string, AttributeValue>;
  elements: Record<string, ConfigElement>;
  collection?: ConfigCollection;
  origin: Origin;
  local: boolean;
  locked: boolean;
}
export interface ConfigCollection {
  addElement: string[];
  removeElement?: string;
  clearElement?: string;
  keys: string[];
  allowDuplicates: boolean;
  mergeAppend: boolean;
  items: ConfigCollectionItem[];
  clearedAt?: Origin;
  lockedElements: string[];
}

export const ConfigCollection: z.ZodType<ConfigCollection> = z
  .lazy(() =>
    z.object({
      addElement: z.array(z.string()),
      removeElement: z.string().optional(),
      clearElement: z.string().optional(),
      keys: z.array(z.string()),
      allowDuplicates: z.boolean(),
      mergeAppend: z.boolean(),
      items: z.array(ConfigCollectionItem),
      clearedAt: Origin.optional(),
      lockedElements: z.array(z.string()),
    }),
  )
  .meta({ id: 'ConfigCollection' });

export const ConfigCollectionItem: z.ZodType<ConfigCollectionItem> = z
  .lazy(() =>
    z.object({
      elementName: z.string(),
      key: z.record(z.string(), z.string()),
      attributes: z.record(z.string(), AttributeValue),
      elements: z.record(z.string(), ConfigElement),
      collection: ConfigCollection.optional(),
      origin: Origin,
      local: z.boolean(),
      locked: z.boolean(),
    }),
  )
  .meta({ id: 'ConfigCollectionItem' });

const UnknownAttribute = z.object({ name: z.string(), value: z.string(), origin: Origin });

export const ConfigElement: z.ZodType<ConfigElement> = z
  .lazy(() =>
    z.object({
      name: z.string(),
      path: z.string(),
      attributes: z.record(z.string(), AttributeValue),
      elements: z.record(z.string(), ConfigElement),
      collection: ConfigCollection.optional(),
      locked: z.boolean(),
      unknownAttributes: z.array(UnknownAttribute),
    }),
  )
  .meta({ id: 'ConfigElement' });

export const SectionResponse = z.object({
  section: z.string(),
  sitePath: z.string(),
  configPath: z.string(),
  levelKind: z.enum(['server', 'site', 'application', 'virtualDirectory', 'folder']),
  name: z.string(),
  path: z.string(),
  attributes: z.record(z.string(), AttributeValue),
  elements: z.record(z.string(), ConfigElement),
  collection: ConfigCollection.optional(),
  locked: z.boolean(),
  unknownAttributes: z.array(UnknownAttribute),
  declaration: z.object({
    allowDefinition: z.string(),
    overrideModeDefault: z.enum(['Allow', 'Deny']),
    file: z.string().nullable(),
  }),
  overrideMode: z.enum(['Allow', 'Deny']),
  sectionLocked: z.boolean(),
  target: z
    .object({
      file: z.string(),
      configPath: z.string(),
      location: z.string().nullable(),
      commitPath: z.string(),
      exists: z.boolean(),
    })
    .nullable(),
  readOnly: z.string().nullable(),
  errors: z.array(ConfigFileProblem),
  etag: z.string(),
});
export type SectionResponse = z.infer<typeof SectionResponse>;

const AttributeChanges = z.record(z.string().min(1).max(256), z.string().max(65536).nullable());

export const CollectionChange = z.discriminatedUnion('op', [
  z.object({ op: z.literal('add'), attributes: z.record(z.string().min(1).max(256), z.string().max(65536)) }),
  z.object({ op: z.literal('remove'), key: z.record(z.string().min(1).max(256), z.string().max(65536)) }),
  z.object({
    op: z.literal('set'),
    key: z.record(z.string().min(1).max(256), z.string().max(65536)),
    attributes: AttributeChanges,
  }),
  z.object({ op: z.literal('clear') }),
]);
export type CollectionChange = z.infer<typeof CollectionChange>;

/** The change object of PATCH and preview (docs/engine.md, "Changes"). */
export const SectionChange = z
  .object({
    attributes: AttributeChanges.optional(),
    elements: z.record(z.string().max(1024), z.object({ attributes: AttributeChanges })).optional(),
    collections: z.record(z.string().max(1024), z.array(CollectionChange).max(1000)).optional(),
    /** Remove this level's whole section first (Revert to parent for the section). */
    revertToParent: z.boolean().optional(),
    commit: CommitTarget.optional(),
  })
  .strict();
export type SectionChange = z.infer<typeof SectionChange>;

export const SectionPreviewResponse = z.object({
  changed: z.boolean(),
  files: z.array(z.object({ file: z.string(), diff: z.string() })),
});

export const SectionsResponse = z.object({
  items: z.array(
    z.object({
      name: z.string(),
      allowDefinition: z.string(),
      overrideModeDefault: z.enum(['Allow', 'Deny']),
      allowedHere: z.boolean(),
    }),
  ),
});

export type SectionsResponse = z.infer<typeof SectionsResponse>;

export const SectionLockRequest = z.object({ overrideMode: z.enum(['Allow', 'Deny']) }).strict();
