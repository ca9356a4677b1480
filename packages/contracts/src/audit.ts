import { z } from 'zod';

/** One line of `ProgramData/IISConsole/audit.log`. Passwords in connection strings are masked. */
export const AuditEntry = z.object({
  time: z.string(),
  user: z.string(),
  action: z.string(),
  /** How the user was authenticated: `session`, `token`, or `cli` / `system` outside the API. */
  via: z.string().optional(),
  ip: z.string().optional(),
  /** What was acted on: a config path, a user name, a token name, a service. */
  target: z.string().optional(),
  files: z.array(z.string()).optional(),
  diffSummary: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

/** Newest first. */
export const AuditEntryList = z.object({ entries: z.array(AuditEntry) });
export type AuditEntryList = z.infer<typeof AuditEntryList>;
