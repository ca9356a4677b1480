import { useMemo, useState } from 'react';
import {
  Button,
  ComboBox,
  Header,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  ListBoxSection,
  Popover,
} from 'react-aria-components';
import type { SectionsResponse } from '@iis-console/contracts';

type SectionItem = SectionsResponse['items'][number];

interface Group {
  name: string;
  sections: SectionItem[];
}

/** Sections under their section group (`system.webServer/security/authentication`), groups in name order. */
export function groupSections(items: readonly SectionItem[], filter: string): Group[] {
  const f = filter.trim().toLowerCase();
  const groups = new Map<string, SectionItem[]>();
  for (const item of items) {
    if (f && !item.name.toLowerCase().includes(f)) continue;
    const cut = item.name.lastIndexOf('/');
    const group = cut < 0 ? '(no section group)' : item.name.slice(0, cut);
    let list = groups.get(group);
    if (!list) groups.set(group, (list = []));
    list.push(item);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, sections]) => ({ name, sections: sections.sort((a, b) => a.name.localeCompare(b.name)) }));
}

/**
 * IIS Manager's "Section:" picker: every section of the schema under its section group, searchable as
 * you type (any part of the name), keyboard-operable (a combo box: arrows, Enter, Escape).
 */
export function SectionPicker({
  items,
  value,
  onChange,
}: {
  items: readonly SectionItem[];
  value: string | null;
  onChange(section: string): void;
}) {
  const [text, setText] = useState(value ?? '');
  const [lastValue, setLastValue] = useState(value);
  if (lastValue !== value) {
    setLastValue(value);
    setText(value ?? '');
  }
  // Typing filters; the full list shows when the text is the chosen section.
  const groups = useMemo(() => groupSections(items, text === value ? '' : text), [items, text, value]);
  return (
    <ComboBox
      className="field section-picker"
      inputValue={text}
      onInputChange={setText}
      selectedKey={value}
      onSelectionChange={(key) => {
        if (key !== null) onChange(String(key));
      }}
      menuTrigger="focus"
      allowsEmptyCollection
    >
      <Label className="field-label">Section:</Label>
      <div className="combo">
        <Input className="input wide" placeholder="Type to search, e.g. defaultDocument" />
        <Button className="combo-button" aria-label="Show all sections">
          <span aria-hidden="true">▾</span>
        </Button>
      </div>
      <Popover className="popover section-popover">
        <ListBox
          className="listbox"
          renderEmptyState={() => <p className="listbox-empty">No section matches.</p>}
        >
          {groups.map((g) => (
            <ListBoxSection key={g.name} id={g.name} className="listbox-section">
              <Header className="listbox-header">{g.name}</Header>
              {g.sections.map((s) => (
                <ListBoxItem key={s.name} id={s.name} textValue={s.name} className="listbox-item">
                  {s.name.startsWith(`${g.name}/`) ? s.name.slice(g.name.length + 1) : s.name}
                  {!s.allowedHere && <span className="muted"> (not at this level)</span>}
                </ListBoxItem>
              ))}
            </ListBoxSection>
          ))}
        </ListBox>
      </Popover>
    </ComboBox>
  );
}
