// One refused value: what the validators return and what the API and appcmd report per attribute.
// Plain data (no Node imports).

export interface FieldError {
  /** Attribute name in schema spelling (or as given when unknown). */
  attribute: string;
  /** Rule id from docs/session-state.md §2.7 (V1 … V14), or LOCK / SECTION_LOCK / NOT_APPLICATION. */
  rule: string;
  message: string;
}
