import { defaultDemoRoot, ensureDemoRoot } from '@iis-console/config';
import { runAppcmd } from './runAppcmd.js';

/** The `appcmd` executable: root from IISCONSOLE_ROOT, else the repository's demo root. */
export function main(argv: string[]): number {
  let root = process.env.IISCONSOLE_ROOT;
  if (!root) {
    root = defaultDemoRoot();
    ensureDemoRoot(root);
  }
  return runAppcmd(argv, {
    root,
    io: { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) },
  });
}
