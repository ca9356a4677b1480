import { z } from 'zod';
import { ObjectStatus } from './applicationPools.js';

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

export const SiteWriteResponse = SitesResponse.extend({
  changed: z.boolean(),
  history: z.string().optional(),
  /** IIS Manager's warnings that did not stop the write (a duplicate binding that was confirmed). */
  warnings: z.array(z.string()),
  /** The site path of what was created (`Shop`, `Shop/api`), when something was. */
  created: z.string().optional(),
});
