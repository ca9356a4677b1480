import { z } from 'zod';

// IIS Manager's Application Pools page (`/api/application-pools`): the list, Add Application Pool…,
// Basic / Advanced Settings… and Recycling… (a change below one pool), Remove, View Applications and
// Set Application Pool Defaults…. Every write goes through the configuration engine with If-Match.

/** What the host reports about W3SVC objects: `Unknown` where it cannot ask (with `statusReason`). */
export const ObjectStatus = z.enum(['Started', 'Stopped', 'Starting', 'Stopping', 'Unknown']);

export const ApplicationPoolItem = z.object({
  name: z.string(),
  status: ObjectStatus,
  /** `v4.0`, `v2.0`, or '' (IIS Manager's "No Managed Code"). */
  managedRuntimeVersion: z.string(),
  managedPipelineMode: z.string(),
  /** `ApplicationPoolIdentity`, `NetworkService`, … or the user of a SpecificUser identity. */
  identity: z.string(),
  identityType: z.string(),
  autoStart: z.boolean(),
  startMode: z.string(),
  /** Applications using the pool. */
  applications: z.number().int(),
});
export type ApplicationPoolItem = z.infer<typeof ApplicationPoolItem>;

export const ApplicationPoolsResponse = z.object({
  items: z.array(ApplicationPoolItem),
  /** Why `status` is `Unknown` (Start / Stop / Recycle are unavailable then), or null. */
  statusReason: z.string().nullable(),
  /** The ETag of applicationHost.config's pools (send it as If-Match with a write). */
  etag: z.string(),
});
export type ApplicationPoolsResponse = z.infer<typeof ApplicationPoolsResponse>;

export const PoolParams = z.object({ name: z.string().min(1).max(256) });

const Attributes = z.record(z.string().min(1).max(256), z.string().max(65536).nullable());
const Elements = z.record(z.string().min(1).max(1024), z.object({ attributes: Attributes }));
const CollectionOps = z.record(
  z.string().max(1024),
  z
    .array(
      z.discriminatedUnion('op', [
        z.object({
          op: z.literal('add'),
          attributes: z.record(z.string().min(1).max(256), z.string().max(65536)),
        }),
        z.object({
          op: z.literal('remove'),
          key: z.record(z.string().min(1).max(256), z.string().max(65536)),
        }),
        z.object({
          op: z.literal('set'),
          key: z.record(z.string().min(1).max(256), z.string().max(65536)),
          attributes: Attributes,
        }),
        z.object({ op: z.literal('clear') }),
      ]),
    )
    .max(1000),
);

/** Add Application Pool…: the name, .NET CLR version, pipeline mode, Start immediately, and any other attributes. */
export const ApplicationPoolCreate = z
  .object({
    name: z.string().min(1).max(256),
    managedRuntimeVersion: z.string().max(64).optional(),
    managedPipelineMode: z.string().max(64).optional(),
    /** IIS Manager's "Start application pool immediately" (`autoStart`). */
    autoStart: z.boolean().optional(),
    attributes: z.record(z.string().min(1).max(256), z.string().max(65536)).optional(),
    /** Child elements of the new pool (`processModel`, `recycling.periodicRestart`). */
    elements: Elements.optional(),
  })
  .strict();

/** A change below one pool: its attributes, child elements (`processModel`) and collections (`recycling.periodicRestart.schedule`). */
export const ApplicationPoolChange = z
  .object({
    attributes: Attributes.optional(),
    elements: Elements.optional(),
    collections: CollectionOps.optional(),
  })
  .strict();

/** Set Application Pool Defaults…: `<applicationPoolDefaults>` and its child elements. */
export const ApplicationPoolDefaultsChange = z
  .object({ attributes: Attributes.optional(), elements: Elements.optional() })
  .strict();

/** What a write returns: the list as it is now, and the history entry the write made. */
export const ApplicationPoolWriteResponse = ApplicationPoolsResponse.extend({
  changed: z.boolean(),
  history: z.string().optional(),
});

export const PoolApplicationsResponse = z.object({
  items: z.array(z.object({ site: z.string(), path: z.string(), sitePath: z.string() })),
});
