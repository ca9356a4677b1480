import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { JsonFile } from '../fs/json-file.js';
import { consoleStateDir } from '../paths.js';

const TokenRecord = z.object({
  id: z.string(),
  name: z.string(),
  /** sha256 (hex) of the token; the token itself is shown once and never stored. */
  hash: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type TokenRecord = z.infer<typeof TokenRecord>;

const TokensDocument = z.object({ version: z.literal(1), tokens: z.array(TokenRecord) });
type TokensDocument = z.infer<typeof TokensDocument>;

/** Tokens start with this prefix so that they are recognisable in secret scanners and logs. */
export const TOKEN_PREFIX = 'iisc_';

function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** API tokens, in `ProgramData/IISConsole/tokens.json` under the root. */
export class TokenStore {
  readonly #file: JsonFile<TokensDocument>;

  constructor(file: string) {
    this.#file = new JsonFile(file, TokensDocument, () => ({ version: 1, tokens: [] }));
  }

  static forRoot(root: string): TokenStore {
    return new TokenStore(join(consoleStateDir(root), 'tokens.json'));
  }

  async list(): Promise<TokenRecord[]> {
    return (await this.#file.read()).tokens;
  }

  /** A new token of 32 random bytes; the returned `token` is the only copy. */
  async create(name: string, createdBy: string): Promise<{ record: TokenRecord; token: string }> {
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const record: TokenRecord = {
      id: randomBytes(8).toString('hex'),
      name,
      hash: hashToken(token),
      createdBy,
      createdAt: new Date().toISOString(),
    };
    await this.#file.update((doc) => ({
      data: { ...doc, tokens: [...doc.tokens, record] },
      result: undefined,
    }));
    return { record, token };
  }

  /** The revoked token, or undefined when no token has this id. */
  async revoke(id: string): Promise<TokenRecord | undefined> {
    return this.#file.update((doc) => {
      const record = doc.tokens.find((t) => t.id === id);
      return { data: { ...doc, tokens: doc.tokens.filter((t) => t.id !== id) }, result: record };
    });
  }

  /** The token's record; lookup is by hash, so no comparison of secrets takes place. */
  async find(token: string): Promise<TokenRecord | undefined> {
    if (!token.startsWith(TOKEN_PREFIX)) return undefined;
    const hash = hashToken(token);
    return (await this.list()).find((t) => t.hash === hash);
  }
}
