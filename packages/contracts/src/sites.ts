import { z } from 'zod';
import { ObjectStatus } from './applicationPools.js';
import { OverviewItem, OverviewQuery } from './sessionState.js';

// IIS Manager's Sites page (`/api/sites`): the list, Add Website…, Edit Bindings…, Basic Settings…,
// Add Application…, Add Virtual Directory…, Convert to Application and Remove (configuration only:
// content on disk is never deleted). Every write goes through the configuration engine with If-Match.

export const SiteBinding = z
  .object({
    protocol: z.string().min(1).max(64),
    /** `*:80:`, `10.0.0.5:443:shop.example`, `[::1]:8080:` (IP:port:host name). */
    bindingInformation: z.string().min(1).max(1024),
    sslFlags: z.string().max(16).optional(),
  })
  .strict();

export const SiteItem = z.object({
  name: z.string(),
  id: z.string(),
  status: ObjectStatus,
  bindings: z.array(SiteBinding),
  /** IIS Manager's Binding column: `*:80 (http)`, `shop.local on *:80 (http)`. */
  binding: z.string(),
  /** The physical path of the site's root (as written: `%SystemDrive%\inetpub\wwwroot`). */
  physicalPath: z.string(),
  applicationPool: z.string(),
  serverAutoStart: z.boolean(),
});

export const SitesResponse = z.object({
  items: z.array(SiteItem),
  statusReason: z.string().nullable(),
  etag: z.string(),
});

export const SiteParams = z.object({ name: z.string().min(1).max(256) });

/**
 * Add Website…. A binding another site already has is refused with IIS Manager's question (409
 * `DUPLICATE_BINDING`) unless `allowDuplicateBinding` says Yes; the response then carries the warning.
 */
export const SiteCreate = z
  .object({
    name: z.string().min(1).max(256),
    id: z
      .string()
      .regex(/^\d{1,10}$/)
      .optional(),
    physicalPath: z.string().min(1).max(2048),
    applicationPool: z.string().min(1).max(256).optional(),
    bindings: z.array(SiteBinding).min(1).max(100),
    serverAutoStart: z.boolean().optional(),
    allowDuplicateBinding: z.boolean().optional(),
  })
  .strict();

export const SiteBindingsChange = z
  .object({ bindings: z.array(SiteBinding).max(1000), allowDuplicateBinding: z.boolean().optional() })
  .strict();

/** Basic Settings…: the root's physical path and application pool; Advanced Settings…: id, auto start. */
export const SiteSettingsChange = z
  .object({
    physicalPath: z.string().min(1).max(2048).optional(),
    applicationPool: z.string().min(1).max(256).optional(),
    id: z
      .string()
      .regex(/^\d{1,10}$/)
      .optional(),
    serverAutoStart: z.boolean().optional(),
  })
  .strict();

/** Add Application…: below a site or an application (`parent` is a site path, `Default Web Site/shop`). */
export const ApplicationCreate = z
  .object({
    parent: z.string().min(1).max(2048),
    /** Alias: the new application's name below `parent`. */
    alias: z.string().min(1).max(256),
    physicalPath: z.string().min(1).max(2048),
    applicationPool: z.string().min(1).max(256).optional(),
  })
  .strict();

/** Add Virtual Directory…: below a site, an application or a virtual directory (`parent` a site path). */
export const VirtualDirectoryCreate = z
  .object({
    parent: z.string().min(1).max(2048),
    alias: z.string().min(1).max(256),
    physicalPath: z.string().min(1).max(2048),
  })
  .strict();

/** Convert to Application: a virtual directory or folder (`path`, a site path) becomes an application. */
export const ConvertToApplication = z
  .object({ path: z.string().min(1).max(2048), applicationPool: z.string().min(1).max(256).optional() })
  .strict();

export const SitePathQuery = z.object({ path: z.string().min(1).max(2048) });

export type SiteBinding = z.infer<typeof SiteBinding>;
export type SiteItem = z.infer<typeof SiteItem>;
export type SitesResponse = z.infer<typeof SitesResponse>;
export type SiteCreate = z.infer<typeof SiteCreate>;
export type SiteSettingsChange = z.infer<typeof SiteSettingsChange>;
export type ApplicationCreate = z.infer<typeof ApplicationCreate>;
export type VirtualDirectoryCreate = z.infer<typeof VirtualDirectoryCreate>;

/**
 * What a write returns: cheap to compute at 10,000 sites (the list is not re-read). `etag` is
 * applicationHost.config's new ETag (the next write's If-Match); `site` the site as it is after a
 * write that changed or created one; clients re-read the lists they show.
 */
export const SiteWriteResponse = z.object({
  etag: z.string(),
  changed: z.boolean(),
  history: z.string().optional(),
  /** IIS Manager's warnings that did not stop the write (a duplicate binding that was confirmed). */
  warnings: z.array(z.string()),
  /** The site path of what was created (`Shop`, `Shop/api`), when something was. */
  created: z.string().optional(),
  /** The site path of what was removed, when something was. */
  removed: z.string().optional(),
  /** The site written (added, its bindings or settings changed), as the list shows it. */
  site: SiteItem.optional(),
  statusReason: z.string().nullable(),
});
export type SiteWriteResponse = z.infer<typeof SiteWriteResponse>;

/**
 * The console's Sites node: every site and application with its effective session state and the
 * advisor's warnings (GET /api/overview/session-state), joined on the server with IIS Manager's site
 * columns; paged, filtered and sorted on the server. `sort=warnings` puts the most severe rows first.
 */
export const SitesOverviewQuery = OverviewQuery.extend({
  sort: z.enum([...OverviewQuery.shape.sort.unwrap().options, 'warnings', '-warnings']).default('path'),
});
export type SitesOverviewQuery = z.infer<typeof SitesOverviewQuery>;

export const SitesOverviewItem = OverviewItem.extend({
  /** The physical path of the level's root virtual directory (as written), '' when unknown. */
  physicalPath: z.string(),
  /** The application pool that serves the level. */
  applicationPool: z.string(),
  /** A site row's Sites-list columns (ID, Status, Binding, …); absent on application rows. */
  site: SiteItem.optional(),
});
export type SitesOverviewItem = z.infer<typeof SitesOverviewItem>;

export const SitesOverviewResponse = z.object({
  items: z.array(SitesOverviewItem),
  total: z.number().int(),
  /** Why every status is `Unknown` (Start / Stop are unavailable then), or null. */
  statusReason: z.string().nullable(),
  /** applicationHost.config's ETag: the If-Match of the Sites writes. */
  etag: z.string(),
});
export type SitesOverviewResponse = z.infer<typeof SitesOverviewResponse>;
