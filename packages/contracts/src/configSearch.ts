import { z } from 'zod';

// Search Configuration (IIS Manager's Configuration Editor): where a section is set across the
// server's configuration files; and the lines of a configuration file around a line, for the
// console's Config Error view.

export const ConfigSearchQuery = z.object({
  /** Full section name, or part of one (any case); empty = every section set anywhere. */
  section: z.string().max(256).default(''),
  /** Only files at this level and below (site path; empty = the whole server). */
  path: z.string().max(2048).default(''),
});

export const ConfigSearchHit = z.object({
  section: z.string(),
  /** Root-relative path of the file that sets it. */
  file: z.string(),
  /** The level of the file (`MACHINE`, `MACHINE/WEBROOT`, `MACHINE/WEBROOT/APPHOST`, `…/APPHOST/Site/app`). */
  fileConfigPath: z.string(),
  /** The `<location path>` it is set in, or null for the file's own level. */
  location: z.string().nullable(),
  /** The level the setting applies to (file level plus location path). */
  configPath: z.string(),
  /** Its site path ('' = server). */
  sitePath: z.string(),
  line: z.number().int(),
  column: z.number().int(),
  /** Number of attributes set on the section element, and of its child elements. */
  attributes: z.number().int(),
  children: z.number().int(),
});
export type ConfigSearchHit = z.infer<typeof ConfigSearchHit>;

export const ConfigSearchResponse = z.object({
  items: z.array(ConfigSearchHit),
  /** Files that could not be read (named with their error), so the search is known to be partial. */
  unreadable: z.array(z.object({ file: z.string(), message: z.string() })),
  /** Number of files searched. */
  files: z.number().int(),
});
export type ConfigSearchResponse = z.infer<typeof ConfigSearchResponse>;

export const FileExcerptQuery = z.object({
  /** Root-relative path of a `.config` file. */
  file: z.string().min(1).max(2048),
  line: z.coerce.number().int().min(1),
  /** Lines shown before and after (default 3). */
  context: z.coerce.number().int().min(0).max(20).default(3),
});

export const FileExcerptResponse = z.object({
  file: z.string(),
  lines: z.array(z.object({ number: z.number().int(), text: z.string() })),
});
export type FileExcerptResponse = z.infer<typeof FileExcerptResponse>;

/** `GET /api/config/section/local-locks`: lock attributes set where a write at the level goes, by element path. */
export const LocalLocksResponse = z.object({
  elements: z.record(z.string(), z.record(z.string(), z.string())),
});
export type LocalLocksResponse = z.infer<typeof LocalLocksResponse>;
