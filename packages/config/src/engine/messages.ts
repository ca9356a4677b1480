// IIS's texts the engine uses. The ones the Session State feature shows too live in
// @iis-console/config-common (one copy of each); this adds the collection's own.

export {
  LOCK_VIOLATION_MESSAGE,
  MACHINE_TO_APPLICATION_MESSAGE,
  SECTION_LOCKED_MESSAGE,
} from '@iis-console/config-common';

/** IIS's text for an item a change names that the collection does not hold. */
export const MISSING_ITEM = 'Cannot find requested collection element.';
