import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { Role, Username } from '@iis-console/contracts';
import { JsonFile } from '../fs/json-file.js';
import { consoleStateDir } from '../paths.js';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './password.js';

const UserRecord = z.object({
  username: z.string(),
  role: Role,
  passwordHash: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type UserRecord = z.infer<typeof UserRecord>;

const UsersDocument = z.object({ version: z.literal(1), users: z.array(UserRecord) });
type UsersDocument = z.infer<typeof UsersDocument>;

export type UserStoreErrorCode = 'EXISTS' | 'NOT_FOUND' | 'INVALID_NAME' | 'INVALID_PASSWORD';

export class UserStoreError extends Error {
  readonly code: UserStoreErrorCode;
  constructor(code: UserStoreErrorCode, message: string) {
    super(message);
    this.name = 'UserStoreError';
    this.code = code;
  }
}

export const MAX_PASSWORD_LENGTH = 1024;

/**
 * The console's users, in `ProgramData/IISConsole/users.json` under the root. User names compare
 * case-insensitively. Passwords are stored as salted scrypt hashes only.
 */
export class UserStore {
  readonly #file: JsonFile<UsersDocument>;

  constructor(file: string) {
    this.#file = new JsonFile(file, UsersDocument, () => ({ version: 1, users: [] }));
  }

  static forRoot(root: string): UserStore {
    return new UserStore(join(consoleStateDir(root), 'users.json'));
  }

  get file(): string {
    return this.#file.file;
  }

  async list(): Promise<UserRecord[]> {
    return (await this.#file.read()).users;
  }

  async get(username: string): Promise<UserRecord | undefined> {
    const key = username.toLowerCase();
    return (await this.list()).find((user) => user.username.toLowerCase() === key);
  }

  /** The user when the password is right; otherwise null, after the same amount of work. */
  async verify(username: string, password: string): Promise<UserRecord | null> {
    const user = await this.get(username);
    if (!user) {
      await verifyAgainstDummy(password);
      return null;
    }
    return (await verifyPassword(password, user.passwordHash)) ? user : null;
  }

  async add(username: string, role: Role, password: string): Promise<UserRecord> {
    const name = Username.safeParse(username);
    if (!name.success) {
      throw new UserStoreError(
        'INVALID_NAME',
        `"${username}" is not a valid user name: ${name.error.issues[0]?.message ?? ''}`,
      );
    }
    checkPassword(password);
    const passwordHash = await hashPassword(password);
    return this.#file.update((doc) => {
      const key = username.toLowerCase();
      if (doc.users.some((user) => user.username.toLowerCase() === key)) {
        throw new UserStoreError('EXISTS', `The user "${username}" already exists.`);
      }
      const now = new Date().toISOString();
      const user: UserRecord = { username, role, passwordHash, createdAt: now, updatedAt: now };
      return { data: { ...doc, users: [...doc.users, user] }, result: user };
    });
  }

  async setPassword(username: string, password: string): Promise<UserRecord> {
    checkPassword(password);
    const passwordHash = await hashPassword(password);
    return this.#change(username, (user) => ({ ...user, passwordHash }));
  }

  async setRole(username: string, role: Role): Promise<UserRecord> {
    return this.#change(username, (user) => ({ ...user, role }));
  }

  async remove(username: string): Promise<UserRecord> {
    return this.#file.update((doc) => {
      const key = username.toLowerCase();
      const user = doc.users.find((u) => u.username.toLowerCase() === key);
      if (!user) throw new UserStoreError('NOT_FOUND', `The user "${username}" does not exist.`);
      return { data: { ...doc, users: doc.users.filter((u) => u !== user) }, result: user };
    });
  }

  #change(username: string, change: (user: UserRecord) => UserRecord): Promise<UserRecord> {
    return this.#file.update((doc) => {
      const key = username.toLowerCase();
      const index = doc.users.findIndex((u) => u.username.toLowerCase() === key);
      const user = doc.users[index];
      if (!user) throw new UserStoreError('NOT_FOUND', `The user "${username}" does not exist.`);
      const changed = { ...change(user), updatedAt: new Date().toISOString() };
      const users = doc.users.slice();
      users[index] = changed;
      return { data: { ...doc, users }, result: changed };
    });
  }
}

function checkPassword(password: string): void {
  if (password.length === 0) throw new UserStoreError('INVALID_PASSWORD', 'The password must not be empty.');
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new UserStoreError(
      'INVALID_PASSWORD',
      `The password must be at most ${MAX_PASSWORD_LENGTH} characters.`,
    );
  }
}

/**
 * A fingerprint of the user's current password hash, kept in the session at sign-in: when the password
 * changes, sessions signed in with the old one end.
 */
export function credentialStamp(user: UserRecord): string {
  return createHash('sha256').update(user.passwordHash).digest('base64url').slice(0, 22);
}
