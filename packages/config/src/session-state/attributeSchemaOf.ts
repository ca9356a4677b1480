import type { AttributeSchema, SessionStateSectionName } from '@iis-console/config-common';
import {
  SESSION_PAGE_STATE_ATTRIBUTES,
  SESSION_STATE_ATTRIBUTES,
  SESSION_STATE_SECTION,
} from '@iis-console/config-common';
import type { ConfigurationSystem } from '../ConfigurationSystem.js';

/**
 * The schema of a Session State attribute as the root declares it (its schema files, like IIS),
 * falling back to the product's own list. The page, the API and the overview all take defaults from
 * here, so they cannot drift apart.
 */
export function attributeSchemaOf(
  system: ConfigurationSystem,
  section: SessionStateSectionName,
  name: string,
): AttributeSchema {
  const builtin = (
    section === SESSION_STATE_SECTION ? SESSION_STATE_ATTRIBUTES : SESSION_PAGE_STATE_ATTRIBUTES
  ).find((a) => a.name === name);
  const fromFiles = system.schema().section(section)?.attribute(name);
  const schema = fromFiles ?? builtin;
  if (!schema) throw new Error(`${section} has no attribute '${name}'`);
  return schema;
}
