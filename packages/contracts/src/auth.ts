import { z } from 'zod';
import { Role } from './users.js';

export const LoginRequest = z.object({
  username: z.string().min(1).max(256),
  password: z.string().min(1).max(1024),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const LoginResponse = z.object({
  username: z.string(),
  role: Role,
  /** The CSRF token for this session, as `GET /api/auth/csrf` would return it. */
  csrfToken: z.string(),
});
export type LoginResponse = z.infer<typeof LoginResponse>;

export const AuthenticatedBy = z.enum(['session', 'token']);
export type AuthenticatedBy = z.infer<typeof AuthenticatedBy>;

export const CurrentUser = z.object({
  username: z.string(),
  role: Role,
  authenticatedBy: AuthenticatedBy,
});
export type CurrentUser = z.infer<typeof CurrentUser>;

export const CsrfTokenResponse = z.object({ token: z.string() });
export type CsrfTokenResponse = z.infer<typeof CsrfTokenResponse>;

export const HealthResponse = z.object({ status: z.literal('ok') });
export type HealthResponse = z.infer<typeof HealthResponse>;
