// Sections, elements and collections of an IIS schema. Pure (no Node imports).

import type { AttributeSchema } from './types.js';

function findAttribute(attributes: readonly AttributeSchema[], name: string): AttributeSchema | undefined {
  const exact = attributes.find((a) => a.name === name);
  if (exact) return exact;
  const lower = name.toLowerCase();
  return attributes.find((a) => a.name.toLowerCase() === lower);
}

/** A `<collection>`: the add/remove/clear directives and the attributes of each entry. */
export class CollectionSchema {
  /** `addElement` as written; IIS allows several names, comma-separated (`allow,deny`). */
  readonly addElement: string | undefined;
  readonly removeElement: string | undefined;
  readonly clearElement: string | undefined;
  readonly allowUnrecognizedAttributes: boolean;
  readonly allowDuplicates: boolean;
  readonly mergeAppend: boolean;
  readonly attributes: AttributeSchema[];
  readonly elements: ElementSchema[];
  /** Items may hold a collection of their own (`<site>` holds `<application>`s). */
  readonly collection: CollectionSchema | undefined;
  /** The sibling element whose values are the items' defaults (`applicationPoolDefaults`, `siteDefaults`). */
  readonly defaultElement: string | undefined;

  constructor(init: {
    addElement?: string | undefined;
    removeElement?: string | undefined;
    clearElement?: string | undefined;
    allowUnrecognizedAttributes?: boolean;
    allowDuplicates?: boolean;
    mergeAppend?: boolean;
    attributes?: AttributeSchema[];
    elements?: ElementSchema[];
    collection?: CollectionSchema | undefined;
    defaultElement?: string | undefined;
  }) {
    this.addElement = init.addElement;
    this.removeElement = init.removeElement;
    this.clearElement = init.clearElement;
    this.allowUnrecognizedAttributes = init.allowUnrecognizedAttributes ?? false;
    this.allowDuplicates = init.allowDuplicates ?? false;
    this.mergeAppend = init.mergeAppend ?? true;
    this.attributes = init.attributes ?? [];
    this.elements = init.elements ?? [];
    this.collection = init.collection;
    this.defaultElement = init.defaultElement;
  }

  /** The element names that add an entry (`addElement` split on commas). */
  get addElementNames(): string[] {
    return (this.addElement ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  }

  /** Attribute by name; exact spelling first, then case-insensitive. */
  attribute(name: string): AttributeSchema | undefined {
    return findAttribute(this.attributes, name);
  }
}

/** An `<element>` (or the section itself): attributes, child elements, at most one collection. */
export class ElementSchema {
  readonly name: string;
  readonly attributes: AttributeSchema[];
  readonly elements: ElementSchema[];
  readonly collection: CollectionSchema | undefined;
  /** Attributes the schema does not name are allowed (a section's or a collection's flag). */
  readonly allowUnrecognizedAttributes: boolean;

  constructor(init: {
    name: string;
    attributes?: AttributeSchema[];
    elements?: ElementSchema[];
    collection?: CollectionSchema | undefined;
    allowUnrecognizedAttributes?: boolean;
  }) {
    this.name = init.name;
    this.attributes = init.attributes ?? [];
    this.elements = init.elements ?? [];
    this.collection = init.collection;
    this.allowUnrecognizedAttributes = init.allowUnrecognizedAttributes ?? false;
  }

  /** Attribute by name; exact spelling first, then case-insensitive. */
  attribute(name: string): AttributeSchema | undefined {
    return findAttribute(this.attributes, name);
  }

  /** Child element by name (case-sensitive, as XML element names are). */
  element(name: string): ElementSchema | undefined {
    return this.elements.find((e) => e.name === name);
  }
}

/** A `<sectionSchema>`: `name` is the full section path, e.g. `system.web/sessionState`. */
export class SectionSchema extends ElementSchema {
  /** The schema file the section was read from (absolute path), or `<builtin>` text name in tests. */
  readonly file: string;
  /** True when the section comes from the product's built-in schema file, not the root's. */
  readonly builtin: boolean;

  constructor(init: {
    name: string;
    file: string;
    builtin?: boolean;
    allowUnrecognizedAttributes?: boolean;
    attributes?: AttributeSchema[];
    elements?: ElementSchema[];
    collection?: CollectionSchema | undefined;
  }) {
    super(init);
    this.file = init.file;
    this.builtin = init.builtin ?? false;
  }

  /** A copy with other attributes and origin (used when merging and when adding product extensions). */
  with(changes: { attributes?: AttributeSchema[]; builtin?: boolean }): SectionSchema {
    return new SectionSchema({
      name: this.name,
      file: this.file,
      builtin: changes.builtin ?? this.builtin,
      allowUnrecognizedAttributes: this.allowUnrecognizedAttributes,
      attributes: changes.attributes ?? this.attributes,
      elements: this.elements,
      collection: this.collection,
    });
  }
}
