import { z } from 'zod';

// Machine Key's Generate Keys (`POST /api/machine-key/generate`): cryptographically random keys of the
// right length for the chosen algorithms. Nothing is written; the page applies them like any value.

export const MachineKeyGenerateRequest = z
  .object({
    /** Validation method (`HMACSHA256` by default, as ASP.NET 4.x). */
    validation: z.string().max(64).default('HMACSHA256'),
    /** Encryption method (`Auto` = AES). */
    decryption: z.string().max(64).default('Auto'),
  })
  .strict();

export const MachineKeyGenerateResponse = z.object({
  validation: z.string(),
  decryption: z.string(),
  /** Upper-case hex, as IIS Manager writes it. */
  validationKey: z.string(),
  decryptionKey: z.string(),
  validationKeyBytes: z.number().int(),
  decryptionKeyBytes: z.number().int(),
});
export type MachineKeyGenerateResponse = z.infer<typeof MachineKeyGenerateResponse>;
