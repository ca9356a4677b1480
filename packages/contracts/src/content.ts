import { z } from 'zod';

// IIS Manager's Content View of a level (`GET /api/content?path=<site path>`).

export const ContentQuery = z.object({ path: z.string().min(1).max(2048) });

export const ContentItem = z.object({
  name: z.string(),
  kind: z.enum(['application', 'virtualDirectory', 'folder', 'file']),
  /** The item's site path (`Site/app/images`); every kind but a file is a level of its own. */
  path: z.string(),
});
export type ContentItem = z.infer<typeof ContentItem>;

export const ContentResponse = z.object({
  path: z.string(),
  kind: z.enum(['site', 'application', 'virtualDirectory', 'folder']),
  /** The physical folder that serves the level, as Windows names it. */
  physicalPath: z.string(),
  /** False when that folder does not exist. */
  exists: z.boolean(),
  /** Applications and virtual directories, then folders, then files; each by name. */
  items: z.array(ContentItem),
  /** More entries than the listing limit: the rest are not listed. */
  truncated: z.boolean(),
});
export type ContentResponse = z.infer<typeof ContentResponse>;
