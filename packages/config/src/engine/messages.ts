// IIS's own texts that the engine uses in several places (docs/engine.md, "Values and validators").

export const SECTION_LOCKED_TEXT =
  'This configuration section cannot be used at this path. This happens when the section is locked at a parent level. Locking is either by default (overrideModeDefault="Deny"), or set explicitly by a location tag with overrideMode="Deny" or the legacy allowOverride="false".';
export const LOCK_VIOLATION = 'Lock violation';
export const NOT_APPLICATION_TEXT =
  "It is an error to use a section registered as allowDefinition='MachineToApplication' beyond application level. This error can be caused by a virtual directory not being configured as an application in IIS.";
export const MISSING_ITEM = 'Cannot find requested collection element.';
