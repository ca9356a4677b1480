import { z } from 'zod';

/** `administrator` reads and writes; `reader` only reads. */
export const Role = z.enum(['administrator', 'reader']);
export type Role = z.infer<typeof Role>;

/** Letters, digits, `.`, `_`, `-`; compared case-insensitively, as Windows compares user names. */
export const Username = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'Use letters, digits, ".", "_" and "-" only.');
export type Username = z.infer<typeof Username>;

export const UserSummary = z.object({
  username: z.string(),
  role: Role,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type UserSummary = z.infer<typeof UserSummary>;
