// Attributes the product knows although IIS's schema lacks them (docs/session-state.md §2.4, P5). Pure.

import type { SectionSchema } from './section-schema.js';
import type { AttributeSchema } from './types.js';

export const SESSION_STATE_SECTION = 'system.web/sessionState';
export const SESSION_PAGE_STATE_SECTION = 'system.web/sessionPageState';

/**
 * `cookieSameSite` of `<sessionState>`: in the ASP.NET runtime (`SameSiteMode`, default Lax) but not in
 * IIS's ASPNET_schema.xml. Its default is reported as "ASP.NET default (not in the IIS schema)".
 */
export const COOKIE_SAME_SITE_ATTRIBUTE: AttributeSchema = {
  name: 'cookieSameSite',
  type: 'enum',
  defaultValue: 'Lax',
  enumValues: [
    { name: 'None', value: 0 },
    { name: 'Lax', value: 1 },
    { name: 'Strict', value: 2 },
  ],
  extension: 'runtime',
};

/** Text for the origin of an extension attribute's default value. */
export const RUNTIME_DEFAULT_ORIGIN = 'ASP.NET default (not in the IIS schema)';

/** Adds the product's runtime attributes to a section whose schema lacks them; other sections pass through. */
export function withProductExtensions(section: SectionSchema): SectionSchema {
  if (section.name !== SESSION_STATE_SECTION) return section;
  if (section.attribute(COOKIE_SAME_SITE_ATTRIBUTE.name)) return section;
  return section.with({ attributes: [...section.attributes, copyOf(COOKIE_SAME_SITE_ATTRIBUTE)] });
}

/** A deep copy of plain attribute data (structuredClone is a host API, not ECMAScript: not in this package's lib). */
function copyOf(attribute: AttributeSchema): AttributeSchema {
  const copy = { ...attribute };
  if (attribute.enumValues) copy.enumValues = attribute.enumValues.map((v) => ({ ...v }));
  return copy;
}
