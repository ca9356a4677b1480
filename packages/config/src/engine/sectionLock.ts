// Which layers bind a write: a layer above the write position, and the section lock
// (overrideModeDefault, `<location overrideMode>`, `allowOverride`). docs/placement-and-locking.md §4.8.

import type { SectionDeclaration } from '../hierarchy/sectionDeclaration.js';
import type { SectionLayer } from '../hierarchy/sectionLayers.js';

/** Where a write goes: the file of the chain and the config path written at. */
export interface WritePosition {
  chainIndex: number;
  configPath: string;
}

/** True when `layer` sits above the write position: a parent file, or a shallower config path of the same file. */
export function isAbove(layer: SectionLayer, position: WritePosition): boolean {
  if (layer.chainIndex < position.chainIndex) return true;
  if (layer.chainIndex > position.chainIndex) return false;
  return position.configPath.toLowerCase().startsWith(layer.configPath.toLowerCase() + '/');
}

/**
 * Whether the section is locked for a write at `position`: by `overrideModeDefault="Deny"` (which binds
 * web.config files only: applicationHost.config and the files above it may set the section, in a
 * `<location>` too) or by a `<location overrideMode="Deny">` above it that no nearer `Allow` lifts.
 */
export function sectionLock(
  layers: readonly SectionLayer[],
  declaration: SectionDeclaration,
  position: WritePosition,
  apphostIndex: number,
): 'default' | 'location' | undefined {
  const inWebConfig = apphostIndex >= 0 ? position.chainIndex > apphostIndex : position.chainIndex > 1;
  let denied: { chainIndex: number; by: 'default' | 'location' } | undefined =
    declaration.overrideModeDefault === 'Deny' && inWebConfig ? { chainIndex: -1, by: 'default' } : undefined;
  for (const layer of layers) {
    if (!layer.location || !isAbove(layer, position)) continue;
    if (layer.overrideMode === 'Deny') denied = { chainIndex: layer.chainIndex, by: 'location' };
    else if (
      layer.overrideMode === 'Allow' &&
      denied &&
      (denied.chainIndex === layer.chainIndex || denied.chainIndex === -1)
    )
      denied = undefined;
  }
  return denied?.by;
}
