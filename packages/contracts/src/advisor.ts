import { z } from 'zod';

// The session state advisor's warnings (docs/advisor.md), as the session-state GET and the sites
// overview return them.

export const AdvisorCode = z.enum([
  'InProcWebGarden',
  'InProcIdleTimeout',
  'InProcRecycling',
  'StateServiceStopped',
  'CookielessUri',
  'SameSiteNoneInsecure',
]);

/** A fix the console applies with one click: a configuration change, or a state service operation. */
export const AdvisorFix = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('config'),
    label: z.string(),
    /** The section to change (`PATCH /api/config/section?section=…&path=…` with `change`). */
    section: z.string(),
    path: z.string(),
    configPath: z.string(),
    /** The engine's change object (docs/engine.md): the fixes set attributes of the section or of a child element. */
    change: z.object({
      attributes: z.record(z.string(), z.string().nullable()).optional(),
      elements: z
        .record(z.string(), z.object({ attributes: z.record(z.string(), z.string().nullable()) }))
        .optional(),
    }),
  }),
  z.object({
    kind: z.literal('service'),
    label: z.string(),
    service: z.literal('aspnet_state'),
    /** `POST /api/services/aspnet_state/start`. */
    start: z.boolean(),
    /** Then `PATCH /api/services/aspnet_state` with this startup type. */
    startupType: z.literal('Automatic').optional(),
  }),
]);
export type AdvisorFix = z.infer<typeof AdvisorFix>;

export const AdvisorWarning = z.object({
  code: AdvisorCode,
  severity: z.enum(['error', 'warning']),
  /** The Session State attribute it concerns (`mode`, `timeout`, `cookieless`, …). */
  field: z.string(),
  /** One sentence: what happens to users' sessions. */
  message: z.string(),
  fix: AdvisorFix.optional(),
});
export type AdvisorWarning = z.infer<typeof AdvisorWarning>;
