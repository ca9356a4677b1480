import type { ResolvedLevel } from '../apphost/ServerTree.js';
import type { ConfigurationSystem } from '../ConfigurationSystem.js';
import type { FileAccessError } from '../errors.js';
import { writeRefusal } from './writeAccess.js';

const LEVEL_WORDS: Record<ResolvedLevel['kind'], string> = {
  server: 'server',
  site: 'site',
  application: 'application',
  virtualDirectory: 'virtual directory',
  folder: 'folder',
};

/**
 * Why the config file at `path` cannot be written now (see `writeRefusal`). When it is the web.config
 * of `owner` (the level whose folder holds it), a missing folder names the physical path to correct,
 * as applicationHost.config writes it.
 */
export function levelWriteRefusal(
  system: ConfigurationSystem,
  owner: ResolvedLevel | undefined,
  path: string,
): FileAccessError | undefined {
  const vdir = owner?.virtualDirectory;
  const folderHint =
    owner && vdir
      ? `Create the folder, or correct the physical path of the ${LEVEL_WORDS[owner.kind]} "${owner.sitePath}" (${vdir.physicalPath}).`
      : undefined;
  return writeRefusal(path, 'write', (p) => system.nameOf(p), folderHint);
}
