// Exact texts from docs/session-state.md §2.7 and §6, copied here on purpose: the tests are an
// independent oracle, not a re-use of the product's own message table.
export const MSG = {
  /** V3 */
  sameSiteEnum: 'Enum must be one of None, Lax, Strict',
  /** V4a */
  timeoutFormat:
    "The value of the property 'timeout' cannot be parsed. The error is: Input string was not in a correct format.",
  /** V4b */
  timeoutRange:
    'Timespan value must be between 00:00:01 and 24855.03:14:00 seconds inclusive, with a granularity of 60 seconds',
  /** V4c */
  timeoutOneYear:
    'For InProc and StateServer modes, the session timeout value cannot be larger than one year.',
  /** V5 */
  positiveTimeSpan: 'The time span value must be positive',
  /** V10b */
  noDatabaseAllowed:
    "The sqlConnectionString attribute or the connection string it refers to cannot contain the connection options 'Database', 'Initial Catalog' or 'AttachDbFileName'. In order to allow this, allowCustomSqlDatabase attribute must be set to true and the application needs to be granted unrestricted SqlClientPermission. Please check with your administrator if the application does not have this permission.",
  /** V14 */
  unknownAttribute: (name: string) => `Unknown attribute "${name}".`,
  lockedFeature: 'This feature has been locked and is read only.',
  unsavedChanges: 'The changes you have made will be lost. Do you want to save changes?',
  sectionLocked:
    'This configuration section cannot be used at this path. This happens when the section is locked at a parent level. Locking is either by default (overrideModeDefault="Deny"), or set explicitly by a location tag with overrideMode="Deny" or the legacy allowOverride="false".',
  lockViolation: 'Lock violation',
  machineToApplication:
    "It is an error to use a section registered as allowDefinition='MachineToApplication' beyond application level. This error can be caused by a virtual directory not being configured as an application in IIS.",
  saved: 'The changes have been successfully saved.',
  staleEtag: 'The configuration was changed by someone else',
} as const;
