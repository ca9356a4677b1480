import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runUsersCli, type UsersCliIo } from '../src/users-cli.js';
import { UserStore } from '../src/users/user-store.js';
import { makeRoot, removeRoot } from './helpers.js';

const roots: string[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await removeRoot(root);
});

async function tempRoot(): Promise<string> {
  const root = await makeRoot();
  roots.push(root);
  return root;
}

function capture(passwords: string[] = []) {
  const out: string[] = [];
  const err: string[] = [];
  const prompts: string[] = [];
  const io: UsersCliIo = {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    readPassword: async (prompt) => {
      prompts.push(prompt);
      const next = passwords.shift();
      if (next === undefined) throw new Error('no password left');
      return next;
    },
  };
  return { io, out, err, prompts };
}

describe('npm run users', () => {
  it('adds, lists, changes the password of and removes users of a root', async () => {
    const root = await tempRoot();
    const env = { IISCONSOLE_USER_PASSWORD: 'first-password' };
    const add = capture();
    expect(await runUsersCli(['add', 'alice', '--role', 'administrator', '--root', root], env, add.io)).toBe(
      0,
    );
    expect(add.out.join('\n')).toContain('Added the administrator "alice"');
    expect(await runUsersCli(['add', 'bob', '--role', 'reader', '--root', root], env, capture().io)).toBe(0);

    const list = capture();
    expect(await runUsersCli(['list', '--root', root], {}, list.io)).toBe(0);
    expect(list.out[0]).toMatch(/^NAME\s+ROLE\s+CREATED$/);
    expect(list.out.slice(1).map((l) => l.split(/\s+/).slice(0, 2))).toEqual([
      ['alice', 'administrator'],
      ['bob', 'reader'],
    ]);

    const users = UserStore.forRoot(root);
    expect(await users.verify('alice', 'first-password')).not.toBeNull();

    // Without the variable the password is prompted for.
    const passwd = capture(['second-password']);
    expect(await runUsersCli(['passwd', 'ALICE', '--root', root], {}, passwd.io)).toBe(0);
    expect(passwd.prompts).toEqual(['New password for alice: ']);
    expect(await users.verify('alice', 'first-password')).toBeNull();
    expect(await users.verify('alice', 'second-password')).not.toBeNull();

    expect(await runUsersCli(['remove', 'bob', '--root', root], {}, capture().io)).toBe(0);
    expect((await users.list()).map((u) => u.username)).toEqual(['alice']);

    const file = join(root, 'ProgramData/IISConsole/users.json');
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('first-password');
    expect(text).not.toContain('second-password');
    expect(text).toMatch(/"passwordHash": "scrypt\$32768\$8\$1\$/);
    expect((await stat(file)).mode & 0o077).toBe(0);

    const audit = await readFile(join(root, 'ProgramData/IISConsole/audit.log'), 'utf8');
    expect(
      audit
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { action: string; via: string }).action),
    ).toEqual(['user.add', 'user.add', 'user.passwd', 'user.remove']);
  });

  it('takes the root from IISCONSOLE_ROOT', async () => {
    const root = await tempRoot();
    const env = { IISCONSOLE_ROOT: root, IISCONSOLE_USER_PASSWORD: 'pw-123456' };
    expect(await runUsersCli(['add', 'carol', '--role', 'reader'], env, capture().io)).toBe(0);
    expect(await UserStore.forRoot(root).get('carol')).toMatchObject({ role: 'reader' });
  });

  it('refuses bad command lines and bad requests with a message', async () => {
    const root = await tempRoot();
    const env = { IISCONSOLE_USER_PASSWORD: 'pw-123456' };
    const cases: Array<[string[], number, RegExp]> = [
      [[], 2, /Usage/],
      [['frobnicate'], 2, /Unknown command/],
      [['add', 'dave'], 2, /--role administrator or --role reader/],
      [['add', 'dave', '--role', 'owner'], 2, /--role administrator or --role reader/],
      [['add', 'dave', '--role', 'reader', '--bogus'], 2, /bogus/],
      [['list', 'extra'], 2, /Unknown command/],
      [['add', 'bad name', '--role', 'reader'], 1, /not a valid user name/],
      [['passwd', 'nobody'], 1, /does not exist/],
      [['remove', 'nobody'], 1, /does not exist/],
    ];
    for (const [args, code, message] of cases) {
      const io = capture();
      expect(await runUsersCli([...args, '--root', root], env, io.io), args.join(' ')).toBe(code);
      expect(io.err.join('\n'), args.join(' ')).toMatch(message);
    }
    expect(await runUsersCli(['add', 'erin', '--role', 'reader', '--root', root], env, capture().io)).toBe(0);
    const dup = capture();
    expect(await runUsersCli(['add', 'ERIN', '--role', 'reader', '--root', root], env, dup.io)).toBe(1);
    expect(dup.err.join('\n')).toMatch(/already exists/);
    const missingRoot = capture();
    expect(await runUsersCli(['list', '--root', join(root, 'nope')], {}, missingRoot.io)).toBe(1);
    expect(missingRoot.err.join('\n')).toMatch(/does not exist/);
    const empty = capture(['']);
    expect(await runUsersCli(['add', 'frank', '--role', 'reader', '--root', root], {}, empty.io)).toBe(1);
    expect(empty.err.join('\n')).toMatch(/must not be empty/);
  });
});
