import { ConfigDocument } from './ConfigDocument.js';
import type { SectionEdit } from './editSection.js';
import { findSection, normaliseLocationPath } from './findSection.js';
import { renderElement, type NewElement } from './renderElement.js';
import { EditSelfCheckError } from './verifyEdit.js';

/**
 * The text of a config file that does not exist yet, holding one section edit
 * (docs/config-editing.md §6.6): UTF-8 without BOM, CRLF, 4-space indentation, an XML declaration.
 * Attributes to remove are ignored (there is nothing to remove).
 */
export function createConfigFileText(edit: SectionEdit, file = 'web.config'): string {
  const eol = '\r\n';
  const path = edit.sectionPath;
  const section: NewElement = { name: path.at(-1) ?? '', attributes: edit.set };
  let top: NewElement;
  if (edit.configSourceRoot) top = section;
  else {
    let chain = section;
    for (let i = path.length - 2; i >= 0; i--) chain = { name: path[i] as string, children: [chain] };
    if (normaliseLocationPath(edit.location) !== '') {
      const attributes: Array<[string, string]> = [['path', edit.location as string]];
      for (const [k, v] of Object.entries(edit.locationAttributes ?? {}))
        if (k !== 'path') attributes.push([k, v]);
      chain = { name: 'location', attributes, children: [chain] };
    }
    top = { name: 'configuration', children: edit.set.length > 0 ? [chain] : [] };
  }
  const body =
    top.children?.length === 0
      ? `<${top.name}>${eol}</${top.name}>`
      : renderElement(top, { indent: '', unit: '    ', eol });
  const text = `<?xml version="1.0" encoding="UTF-8"?>${eol}${body}${eol}`;

  const doc = ConfigDocument.parse(text, file, { alwaysValidate: true });
  doc.crossCheck();
  const found = edit.configSourceRoot ? doc.root : findSection(doc, path, edit.location);
  for (const [name, value] of edit.set) {
    if (found?.attributes.find((a) => a.name === name)?.value !== value) {
      throw new EditSelfCheckError(file, `'${name}' does not read back as set in the new file.`);
    }
  }
  return text;
}
