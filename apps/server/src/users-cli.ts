#!/usr/bin/env node
// `npm run users -- add <name> --role administrator|reader | passwd <name> | remove <name> | list [--root DIR]`
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Role } from '@iis-console/contracts';
import { AuditLog } from './audit/audit-log.js';
import { chooseRoot, prepareRoot } from './cli/root.js';
import { UserStore, UserStoreError } from './users/user-store.js';

export const USERS_USAGE = `Usage: npm run users -- <command> [--root DIR]

  add <name> --role administrator|reader   create a user
  passwd <name>                            set a user's password
  remove <name>                            delete a user (and so their API tokens)
  list                                     list the users

The password comes from IISCONSOLE_USER_PASSWORD, else from a prompt (hidden input).
--root DIR: the system drive root (env IISCONSOLE_ROOT; default the demo root .demo/).`;

export interface UsersCliIo {
  out(line: string): void;
  err(line: string): void;
  /** Asks for a password without echoing it. */
  readPassword(prompt: string): Promise<string>;
}

/** Runs one users command; returns the exit code (0 done, 1 failed, 2 usage). */
export async function runUsersCli(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  io: UsersCliIo = terminalIo(),
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        root: { type: 'string' },
        role: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${USERS_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, name, ...extra] = positionals;
  if (values.help || command === 'help' || command === undefined) {
    (command === undefined && !values.help ? io.err : io.out)(USERS_USAGE);
    return command === undefined && !values.help ? 2 : 0;
  }
  const needsName = command === 'add' || command === 'passwd' || command === 'remove';
  if (
    !['add', 'passwd', 'remove', 'list'].includes(command) ||
    (needsName ? !name : name) ||
    extra.length > 0
  ) {
    io.err(`Unknown command line: ${positionals.join(' ')}\n\n${USERS_USAGE}`);
    return 2;
  }
  if (command !== 'add' && values.role !== undefined) {
    io.err('--role belongs to the add command.');
    return 2;
  }

  try {
    const choice = chooseRoot(values.root, env);
    await prepareRoot(choice);
    const users = UserStore.forRoot(choice.root);
    const audit = AuditLog.forRoot(choice.root);
    const actor = osUser();
    switch (command) {
      case 'list': {
        const list = await users.list();
        if (list.length === 0) {
          io.out(`No users in ${users.file}.`);
          return 0;
        }
        const width = Math.max(4, ...list.map((u) => u.username.length));
        io.out(`${'NAME'.padEnd(width)}  ${'ROLE'.padEnd(13)}  CREATED`);
        for (const u of list) io.out(`${u.username.padEnd(width)}  ${u.role.padEnd(13)}  ${u.createdAt}`);
        return 0;
      }
      case 'add': {
        const role = Role.safeParse(values.role);
        if (!role.success) {
          io.err('Give the role: --role administrator or --role reader.');
          return 2;
        }
        const password = await newPassword(env, io, `Password for ${name}: `);
        const user = await users.add(name as string, role.data, password);
        await audit.record({
          user: actor,
          via: 'cli',
          action: 'user.add',
          target: user.username,
          details: { role: user.role },
        });
        io.out(`Added the ${user.role} "${user.username}".`);
        return 0;
      }
      case 'passwd': {
        const existing = await users.get(name as string);
        if (!existing) throw new UserStoreError('NOT_FOUND', `The user "${name}" does not exist.`);
        const password = await newPassword(env, io, `New password for ${existing.username}: `);
        const user = await users.setPassword(existing.username, password);
        await audit.record({ user: actor, via: 'cli', action: 'user.passwd', target: user.username });
        io.out(`Changed the password of "${user.username}"; their sessions have ended.`);
        return 0;
      }
      case 'remove': {
        const user = await users.remove(name as string);
        await audit.record({ user: actor, via: 'cli', action: 'user.remove', target: user.username });
        io.out(`Removed the user "${user.username}".`);
        return 0;
      }
    }
  } catch (error) {
    io.err(error instanceof UserStoreError ? error.message : `Failed: ${(error as Error).message}`);
    return 1;
  }
  return 2;
}

async function newPassword(env: NodeJS.ProcessEnv, io: UsersCliIo, prompt: string): Promise<string> {
  const fromEnv = env.IISCONSOLE_USER_PASSWORD;
  if (fromEnv) return fromEnv;
  const password = await io.readPassword(prompt);
  if (process.stdin.isTTY) {
    const again = await io.readPassword('Repeat the password: ');
    if (again !== password) throw new UserStoreError('INVALID_PASSWORD', 'The passwords do not match.');
  }
  if (password.length > 0 && password.length < 8)
    io.err('Warning: a password shorter than 8 characters is easy to guess.');
  return password;
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** The terminal: output on stdout/stderr; passwords read with echo off (or a line from a pipe). */
export function terminalIo(): UsersCliIo {
  return {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    readPassword: async (prompt) => {
      let muted = false;
      const output = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          if (!muted) process.stderr.write(chunk);
          callback();
        },
      });
      const rl = createInterface({ input: process.stdin, output, terminal: Boolean(process.stdin.isTTY) });
      try {
        process.stderr.write(prompt);
        muted = true;
        const answer = await rl.question('');
        return answer;
      } finally {
        muted = false;
        if (process.stdin.isTTY) process.stderr.write('\n');
        rl.close();
      }
    },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  runUsersCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`Failed: ${(error as Error).message}`);
      process.exit(1);
    },
  );
}
