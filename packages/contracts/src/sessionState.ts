import { z } from 'zod';
import { AdvisorFix, AdvisorWarning } from './advisor.js';
import { FieldError } from './errors.js';

/** Where an effective value comes from: the schema default, or a file (root-relative) and config path. */
export const Origin = z.union([
  z.literal('default'),
  z.object({ file: z.string(), configPath: z.string(), line: z.number().int(), column: z.number().int() }),
]);
export type Origin = z.infer<typeof Origin>;

export const SessionStateSection = z.enum(['system.web/sessionState', 'system.web/sessionPageState']);

export const SessionStateAttribute = z.object({
  section: SessionStateSection,
  /** Effective value, canonical (`SQLServer`, `UseUri`, `20`, `true`). */
  value: z.string(),
  /** The text stored in the file that sets it, when it differs from nothing (may be non-canonical). */
  stored: z.string().optional(),
  origin: Origin,
  /** Set in the file a write at this level edits (Revert to parent applies). */
  local: z.boolean(),
  locked: z.boolean(),
  lockedBy: Origin.optional(),
  /** The stored value breaks a rule (IIS's file error text). */
  error: z.string().optional(),
});
export type SessionStateAttribute = z.infer<typeof SessionStateAttribute>;

export const SessionStateTarget = z.object({
  file: z.string(),
  configPath: z.string(),
  location: z.string().nullable(),
  exists: z.boolean(),
});

export const ConfigFileProblem = z.object({
  file: z.string(),
  line: z.number().int(),
  column: z.number().int(),
  message: z.string(),
});

/**
 * A warning of the Session State page: a value in a file that breaks a rule (`rule` FILE, V4c, …), or
 * one of the session state advisor's (docs/advisor.md: `code`, `severity`, `fix`; `attribute` is the
 * field it concerns and `rule` its code).
 */
export const SessionStateWarning = FieldError.extend({
  code: z.string().optional(),
  severity: z.enum(['error', 'warning']).optional(),
  fix: AdvisorFix.optional(),
});
export type SessionStateWarning = z.infer<typeof SessionStateWarning>;

/**
 * `GET /api/config/session-state?path=` (docs/design.md, "Routes"): effective values of both sections
 * at a level.
 */
export const SessionStateResponse = z.object({
  path: z.string(),
  configPath: z.string(),
  levelKind: z.enum(['server', 'site', 'application', 'virtualDirectory', 'folder']),
  attributes: z.record(z.string(), SessionStateAttribute),
  unknownAttributes: z.array(
    z.object({
      name: z.string(),
      value: z.string(),
      origin: z.object({
        file: z.string(),
        configPath: z.string(),
        line: z.number().int(),
        column: z.number().int(),
      }),
    }),
  ),
  providers: z.array(z.object({ name: z.string(), type: z.string() })),
  /** Named connection strings visible at the level; passwords masked. */
  connectionStrings: z.array(z.object({ name: z.string(), connectionString: z.string() })),
  target: SessionStateTarget.nullable(),
  readOnly: z.string().nullable(),
  sectionLocked: z.boolean(),
  errors: z.array(ConfigFileProblem),
  warnings: z.array(SessionStateWarning),
  etag: z.string(),
});
export type SessionStateResponse = z.infer<typeof SessionStateResponse>;

export const LevelQuery = z.object({
  /** Site path as appcmd takes it: `Default Web Site/shop`; empty = the server. */
  path: z.string().max(2048).default(''),
});

/** `PATCH` body: changed attributes; `null` reverts to the parent (P2). */
export const SessionStatePatch = z.record(
  z.string().max(128),
  z.union([z.string().max(8192), z.number(), z.boolean(), z.null()]),
);
export type SessionStatePatch = z.infer<typeof SessionStatePatch>;

export const FileDiff = z.object({
  file: z.string(),
  /** Unified diff of the change to this file. */
  diff: z.string(),
});

/** `POST /api/config/session-state/preview`: what a PATCH would write, per file. Nothing is written. */
export const SessionStatePreviewResponse = z.object({
  changed: z.boolean(),
  files: z.array(FileDiff),
  /** The ETag of the level the diff was computed on: a PATCH with it as If-Match writes exactly this. */
  etag: z.string(),
});
export type SessionStatePreviewResponse = z.infer<typeof SessionStatePreviewResponse>;

/** `GET /api/overview/session-state`: every site and application with its effective session state. */
export const OverviewQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
  filter: z.string().max(256).default(''),
  sort: z
    .enum([
      'path',
      '-path',
      'mode',
      '-mode',
      'timeout',
      '-timeout',
      'cookieless',
      '-cookieless',
      'origin',
      '-origin',
      // The Sites list's columns: the site's ID (numerically), its bindings, the physical path.
      'id',
      '-id',
      'binding',
      '-binding',
      'physicalPath',
      '-physicalPath',
    ])
    .default('path'),
  /** Only levels with this advisor warning (a code such as `InProcWebGarden`), or with any (`any`). */
  warning: z.string().max(64).optional(),
});
export const OverviewItem = z.object({
  path: z.string(),
  configPath: z.string(),
  kind: z.enum(['site', 'application']),
  mode: z.string(),
  /** Where the mode is set: a root-relative file and config path, or `default`. */
  origin: Origin,
  stateConnectionString: z.string(),
  sqlConnectionString: z.string(),
  cookieless: z.string(),
  timeout: z.string(),
  /** Effective `cookieSameSite`. */
  cookieSameSite: z.string().optional(),
  error: z.string().optional(),
  /** The session state advisor's warnings for the level (docs/advisor.md). */
  warnings: z.array(AdvisorWarning).optional(),
});
export type OverviewItem = z.infer<typeof OverviewItem>;
export const OverviewResponse = z.object({ items: z.array(OverviewItem), total: z.number().int() });
export type OverviewResponse = z.infer<typeof OverviewResponse>;

/** The server tree for the Connections pane. */
export interface TreeNode {
  kind: 'server' | 'sites' | 'site' | 'application' | 'virtualDirectory';
  name: string;
  /** Site path (`Default Web Site/shop`), '' for the server. */
  path: string;
  configPath: string;
  physicalPath?: string;
  children: TreeNode[];
}
export const TreeNode: z.ZodType<TreeNode> = z
  .lazy(() =>
    z.object({
      kind: z.enum(['server', 'sites', 'site', 'application', 'virtualDirectory']),
      name: z.string(),
      path: z.string(),
      configPath: z.string(),
      physicalPath: z.string().optional(),
      children: z.array(TreeNode),
    }),
  )
  .meta({ id: 'TreeNode' });

export const HistoryEntry = z.object({
  id: z.string(),
  time: z.string(),
  user: z.string().optional(),
  description: z.string().optional(),
  files: z.array(z.object({ path: z.string(), existed: z.boolean() })),
});
export const HistoryListResponse = z.object({ items: z.array(HistoryEntry) });
export const HistoryDiffResponse = z.object({ id: z.string(), files: z.array(FileDiff) });
