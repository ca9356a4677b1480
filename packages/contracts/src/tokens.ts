import { z } from 'zod';

export const CreateApiTokenRequest = z.object({
  name: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[^\p{Cc}]+$/u, 'Control characters are not allowed.'),
});
export type CreateApiTokenRequest = z.infer<typeof CreateApiTokenRequest>;

export const ApiTokenSummary = z.object({
  id: z.string(),
  name: z.string(),
  /** The administrator who created the token; the token acts with this user's current role. */
  createdBy: z.string(),
  createdAt: z.string(),
});
export type ApiTokenSummary = z.infer<typeof ApiTokenSummary>;

/** Returned once, at creation: only a hash of `token` is stored. */
export const CreatedApiToken = ApiTokenSummary.extend({ token: z.string() });
export type CreatedApiToken = z.infer<typeof CreatedApiToken>;

export const ApiTokenList = z.object({ tokens: z.array(ApiTokenSummary) });
export type ApiTokenList = z.infer<typeof ApiTokenList>;

export const ApiTokenParams = z.object({ id: z.string().regex(/^[0-9a-f]{16}$/, 'Not a token id.') });
export type ApiTokenParams = z.infer<typeof ApiTokenParams>;
