import { randomBytes } from 'node:crypto';
import type { AuditLog } from '../audit/audit-log.js';
import { verifyPassword } from './password.js';
import type { UserStore } from './user-store.js';

export const ADMIN_USER = 'admin';

export type AdminBootstrap =
  /** `IISCONSOLE_ADMIN_PASSWORD` is admin's password (set now, or already). */
  | { kind: 'fromEnvironment'; created: boolean }
  /** First start without users: admin was created with this random password, to be shown once. */
  | { kind: 'generated'; password: string }
  /** Users exist; nothing changed. */
  | { kind: 'existing' };

/**
 * `IISCONSOLE_ADMIN_PASSWORD` sets the password of `admin` (created as an administrator if missing).
 * Without it, a root with no users gets `admin` with a random password.
 */
export async function ensureAdminUser(
  users: UserStore,
  audit: AuditLog,
  adminPassword: string | undefined,
): Promise<AdminBootstrap> {
  if (adminPassword) {
    const admin = await users.get(ADMIN_USER);
    if (!admin) {
      await users.add(ADMIN_USER, 'administrator', adminPassword);
      await audit.record({
        user: 'system',
        via: 'system',
        action: 'user.add',
        target: ADMIN_USER,
        details: { role: 'administrator', source: 'IISCONSOLE_ADMIN_PASSWORD' },
      });
      return { kind: 'fromEnvironment', created: true };
    }
    if (!(await verifyPassword(adminPassword, admin.passwordHash))) {
      await users.setPassword(ADMIN_USER, adminPassword);
      await audit.record({
        user: 'system',
        via: 'system',
        action: 'user.passwd',
        target: admin.username,
        details: { source: 'IISCONSOLE_ADMIN_PASSWORD' },
      });
    }
    return { kind: 'fromEnvironment', created: false };
  }
  if ((await users.list()).length > 0) return { kind: 'existing' };
  const password = randomBytes(12).toString('base64url');
  await users.add(ADMIN_USER, 'administrator', password);
  await audit.record({
    user: 'system',
    via: 'system',
    action: 'user.add',
    target: ADMIN_USER,
    details: { role: 'administrator', source: 'generated' },
  });
  return { kind: 'generated', password };
}
