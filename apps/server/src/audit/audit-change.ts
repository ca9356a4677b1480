// A change as the audit log keeps it: the values of secret attributes replaced by the mask — IIS's
// `encrypted` attributes, and the machine key's validationKey and decryptionKey (docs/advisor.md,
// "Machine Key") — and connection-string passwords masked as everywhere.

import type { AttributeView, ElementSchema, SectionSchema } from '@iis-console/config';
import { isGeneratedKeySetting, isSecretAttribute, MASKED_VALUE } from '@iis-console/config';
import { maskDeep } from '../mask.js';

/** Lower-case names of every secret attribute of a section (any depth): their values never reach a log. */
export function secretAttributeNames(schema: SectionSchema): Set<string> {
  const out = new Set<string>();
  const walk = (el: ElementSchema) => {
    for (const a of el.attributes)
      if (isSecretAttribute(schema.name, a.name, a.encrypted)) out.add(a.name.toLowerCase());
    for (const e of el.elements) walk(e);
    const c = el.collection;
    if (c) {
      for (const a of c.attributes)
        if (isSecretAttribute(schema.name, a.name, a.encrypted)) out.add(a.name.toLowerCase());
      for (const e of c.elements) walk(e);
    }
  };
  walk(schema);
  return out;
}

/** The change with every secret attribute's value masked (object keys matched without regard to case). */
export function auditChange(change: unknown, schema: SectionSchema): unknown {
  const secret = secretAttributeNames(schema);
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const [k, item] of Object.entries(v)) {
      out[k] = secret.has(k.toLowerCase()) && typeof item === 'string' ? MASKED_VALUE : walk(item);
    }
    return out;
  };
  return maskDeep(walk(change));
}

/**
 * A section view for a reader: the machine key's keys masked (IIS's `encrypted` attributes are
 * masked by the engine for everyone). Administrators see the keys, as IIS Manager shows them.
 */
export function maskSectionForReader<
  T extends { section: string; attributes: Record<string, AttributeView> },
>(view: T): T {
  let attributes: Record<string, AttributeView> | undefined;
  for (const [name, a] of Object.entries(view.attributes)) {
    if (!isSecretAttribute(view.section, name) || a.encrypted) continue;
    const mask = (v: string | undefined) =>
      v === undefined || v === '' || isGeneratedKeySetting(v) ? v : MASKED_VALUE;
    attributes ??= { ...view.attributes };
    attributes[name] = {
      ...a,
      value: mask(a.value)!,
      ...(a.stored !== undefined ? { stored: mask(a.stored) } : {}),
      ...(a.inheritedValue !== undefined ? { inheritedValue: mask(a.inheritedValue) } : {}),
      ...(a.inheritedStored !== undefined ? { inheritedStored: mask(a.inheritedStored) } : {}),
    };
  }
  return attributes ? { ...view, attributes } : view;
}
