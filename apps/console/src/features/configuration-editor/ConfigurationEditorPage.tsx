import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { SectionChange, SectionResponse } from '@iis-console/contracts';
import { errorMessage, isConfigFileError } from '../../api/client';
import {
  getLocalLocks,
  getSection,
  lockSection,
  patchSection,
  previewSection,
  queryKeys,
  sectionsQuery,
} from '../../api/endpoints';
import { ConfigErrorView } from '../../components/ConfigErrorView';
import { EditorActions, EditorAlerts, EditorDialogs, TargetFile } from '../../editor/EditorParts';
import { useConfigEditor, type ConfigEditor, type EditorSpec } from '../../editor/useConfigEditor';
import { useRoute, useRouter } from '../../routing/RouterContext';
import { featureIdHref } from '../../routing/routes';
import { ActionButton, ActionGroup, PageActions } from '../../shell/ActionsPane';
import { pathKey } from '../../shell/treeModel';
import { useServerTree } from '../../shell/useServerTree';
import { CollectionEditorDialog } from './CollectionEditorDialog';
import {
  fieldId,
  indexElements,
  isEmpty,
  lockList,
  NO_EDITS,
  replaceCollectionEdits,
  setAttribute,
  shownValue,
  toChange,
  validateEdits,
  type Commit,
  type Edits,
} from './editModel';
import { GenerateScriptDialog } from './GenerateScriptDialog';
import { ItemElementsGrid, PropertyGrid, type GridCallbacks } from './PropertyGrid';
import { SearchConfigurationDialog } from './SearchConfigurationDialog';
import { SectionPicker } from './SectionPicker';

const COMMITS = ['WEBROOT', 'APPHOST', 'SITE', 'APP'] as const;

function parseCommit(text: string | null): Commit {
  const upper = text?.toUpperCase();
  return COMMITS.find((c) => c === upper);
}

/** The URL of the editor at a level, section and "From". */
export function configurationEditorHref(path: string, section: string | null, from: Commit): string {
  const q = new URLSearchParams();
  if (section) q.set('section', section);
  if (from) q.set('from', from);
  const query = q.toString();
  return `${featureIdHref('configuration-editor', path)}${query ? `?${query}` : ''}`;
}

function PageFrame({ children }: { children: ReactNode }) {
  return (
    <div className="page configuration-editor-page">
      <header className="page-header">
        <h1>
          <span className="page-icon icon-config-editor" aria-hidden="true" />
          Configuration Editor
        </h1>
      </header>
      {children}
    </div>
  );
}

/**
 * IIS Manager's Configuration Editor at a level: a Section picker, From (the file a change goes to), the
 * property grid with every attribute, its origin and lock, child elements and collections, and the
 * Actions Apply, Cancel, Generate Script, Lock / Unlock Attribute, Lock / Unlock Section and Search
 * Configuration. Section and From live in the URL (`?section=…&from=APPHOST`).
 */
export function ConfigurationEditorPage({ path }: { path: string }) {
  const { search } = useRoute();
  const router = useRouter();
  const section = search.get('section');
  const from = parseCommit(search.get('from'));
  const sections = useQuery(sectionsQuery(path));
  const go = (next: { section?: string | null; from?: Commit; path?: string }) =>
    router.navigate(
      configurationEditorHref(
        next.path ?? path,
        next.section === undefined ? section : next.section,
        'from' in next ? next.from : from,
      ),
    );

  return (
    <PageFrame>
      <p className="page-description">
        Use this feature to view and edit any configuration section of this level.
      </p>
      <div className="toolbar config-editor-toolbar">
        {sections.data ? (
          <SectionPicker
            items={sections.data.items}
            value={section}
            onChange={(s) => go({ section: s, from: undefined })}
          />
        ) : sections.isError ? (
          <p role="alert" className="alert error">
            {errorMessage(sections.error)}
          </p>
        ) : (
          <p className="pane-message">Loading the sections…</p>
        )}
      </div>
      {section ? (
        <SectionEditor
          key={`${section.toLowerCase()}|${from ?? ''}`}
          path={path}
          section={section}
          from={from}
          onFrom={(f) => go({ from: f })}
          onOpen={(p, s) => go({ path: p, section: s, from: undefined })}
        />
      ) : (
        <p className="pane-message">Select a section to view and edit its configuration.</p>
      )}
    </PageFrame>
  );
}

function sectionSpec(
  section: string,
  path: string,
  from: Commit,
): EditorSpec<SectionResponse, Edits, SectionChange> {
  return {
    queryKey: queryKeys.section(section, path, from),
    load: (signal) => getSection(section, path, from, signal),
    staleTime: 2000,
    patch: (body, etag) => patchSection(section, path, body, etag),
    preview: (body, etag) => previewSection(section, path, body, etag),
    loaded: () => NO_EDITS,
    pending: (view, _loaded, edits) => ({
      dirty: !isEmpty(edits),
      body: toChange(edits, from),
      errors: validateEdits(view, edits),
    }),
    // A re-read keeps the pending edits: they are differences, not a copy of the values.
    rebase: (_old, edits) => edits,
  };
}

type Dialog = { kind: 'collection'; path: string } | { kind: 'script' } | { kind: 'search' } | null;

function SectionEditor({
  path,
  section,
  from,
  onFrom,
  onOpen,
}: {
  path: string;
  section: string;
  from: Commit;
  onFrom(from: Commit): void;
  onOpen(path: string, section: string): void;
}) {
  const editor = useConfigEditor(sectionSpec(section, path, from));
  if (editor.status === 'loading') return <p className="pane-message">Loading…</p>;
  if (editor.status === 'error' || !editor.data || !editor.values) {
    if (isConfigFileError(editor.error)) return <ConfigErrorView error={editor.error} />;
    return (
      <p role="alert" className="alert error">
        {errorMessage(editor.error)}
      </p>
    );
  }
  return (
    <SectionForm
      editor={editor}
      view={editor.data}
      edits={editor.values}
      path={path}
      from={from}
      onFrom={onFrom}
      onOpen={onOpen}
    />
  );
}

const WEBROOT = 'MACHINE/WEBROOT';
const APPHOST = 'MACHINE/WEBROOT/APPHOST';

function SectionForm({
  editor,
  view,
  edits,
  path,
  from,
  onFrom,
  onOpen,
}: {
  editor: ConfigEditor<SectionResponse, Edits, SectionChange>;
  view: SectionResponse;
  edits: Edits;
  path: string;
  from: Commit;
  onFrom(from: Commit): void;
  onOpen(path: string, section: string): void;
}) {
  const { index, machineName } = useServerTree();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [selection, setSelection] = useState<{ path: string; name: string } | null>(null);
  const elements = useMemo(() => indexElements(view), [view]);
  const locks = useQuery({
    queryKey: ['section-locks', view.section.toLowerCase(), path.toLowerCase(), from ?? '', view.etag],
    queryFn: ({ signal }) => getLocalLocks(view.section, path, from, signal),
    enabled: view.target !== null,
    staleTime: Infinity,
  });
  const { editable } = editor;

  const serverErrors = new Map(editor.serverErrors.map((e) => [e.attribute, e.message]));
  const clientErrors = new Map((editor.pending?.errors ?? []).map((e) => [e.attribute, e.message]));
  const placed = new Set<string>();
  for (const [p, el] of elements) for (const n of Object.keys(el.attributes)) placed.add(fieldId(p, n));
  const otherErrors = [...(editor.pending?.errors ?? []), ...editor.serverErrors].filter(
    (e) => !placed.has(e.attribute),
  );

  /** lockAttributes at this level: the pending edit, else what the file holds. */
  const localLockList = (p: string): string[] => {
    const pendingLocks = edits.attributes[p]?.lockAttributes;
    if (pendingLocks !== undefined) return lockList(pendingLocks ?? '');
    return lockList(locks.data?.elements[p]?.lockAttributes);
  };

  const cb: GridCallbacks = {
    valueOf: (p, attr) => shownValue(attr, edits.attributes[p]?.[attr.name]),
    onChange: (p, name, value) => {
      const attr = elements.get(p)?.attributes[name];
      // Typing the loaded value back is no change.
      const next = attr && value === attr.value ? undefined : value;
      editor.update((e) => setAttribute(e, p, name, next), [fieldId(p, name)]);
    },
    isEdited: (p, name) => edits.attributes[p]?.[name] !== undefined,
    errorOf: (p, name) => clientErrors.get(fieldId(p, name)) ?? serverErrors.get(fieldId(p, name)),
    onEditCollection: (p) => setDialog({ kind: 'collection', path: p }),
    onSelect: (p, name) => setSelection({ path: p, name }),
    localLocks: localLockList,
    isDisabled: !editable,
  };

  const selectedAttr = selection?.name ? elements.get(selection.path)?.attributes[selection.name] : undefined;
  const selectedLocks = selection ? localLockList(selection.path) : [];
  const selectedLockedHere =
    selectedAttr !== undefined &&
    selectedLocks.some((n) => n.toLowerCase() === selectedAttr.name.toLowerCase());
  const setLocks = (p: string, names: string[]) => {
    const stored = lockList(locks.data?.elements[p]?.lockAttributes);
    const same = names.length === stored.length && names.every((n, i) => n === stored[i]);
    editor.update((e) =>
      setAttribute(e, p, 'lockAttributes', same ? undefined : names.length > 0 ? names.join(',') : null),
    );
  };

  const levelName = path === '' ? (machineName ?? 'Server') : (index?.get(pathKey(path))?.node.name ?? path);
  const fromOptions: Array<{ value: Exclude<Commit, undefined>; label: string }> =
    path === ''
      ? [
          { value: 'APPHOST', label: 'ApplicationHost.config' },
          { value: 'WEBROOT', label: 'Root Web.config' },
        ]
      : [
          { value: 'APP', label: `${levelName} Web.config` },
          { value: 'APPHOST', label: `ApplicationHost.config <location path='${path}'>` },
        ];
  const commitPath = view.target?.commitPath.toUpperCase();
  const fromValue =
    from ??
    (path === ''
      ? commitPath === WEBROOT
        ? 'WEBROOT'
        : 'APPHOST'
      : commitPath === APPHOST
        ? 'APPHOST'
        : 'APP');

  const collectionDialog = dialog?.kind === 'collection' ? elements.get(dialog.path) : undefined;
  const sectionLockedHere = view.overrideMode === 'Deny';
  const lockBusy = editor.busy || editor.dirty || !editor.canWrite;

  return (
    <>
      <div className="toolbar">
        <label htmlFor="config-editor-from">From:</label>
        <select
          id="config-editor-from"
          className="select"
          value={fromValue}
          onChange={(e) => onFrom(parseCommit(e.target.value))}
        >
          {fromOptions.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <EditorAlerts editor={editor} data={view} otherErrors={otherErrors} />
      <TargetFile data={view} />
      <p className="field-description">
        {view.section} at {view.configPath}
        {view.declaration.overrideModeDefault === 'Deny' &&
          ' — locked by default (overrideModeDefault="Deny")'}
        {sectionLockedHere && ' — overrideMode="Deny" at this level'}
      </p>
      <PropertyGrid
        section={view.section}
        el={view}
        cb={cb}
        selection={selection ? fieldId(selection.path, selection.name) : null}
      />
      {view.unknownAttributes.length > 0 && (
        <p className="field-description">
          Attributes the schema does not know (kept, read-only):{' '}
          {view.unknownAttributes.map((u) => `${u.name}="${u.value}"`).join(', ')}
        </p>
      )}

      <EditorActions editor={editor}>
        <ActionButton icon="⌨" onPress={() => setDialog({ kind: 'script' })} isDisabled={!editor.canApply}>
          Generate Script
        </ActionButton>
      </EditorActions>
      <PageActions>
        <ActionGroup title="Configuration">
          <ActionButton icon="⌕" onPress={() => setDialog({ kind: 'search' })}>
            Search Configuration...
          </ActionButton>
        </ActionGroup>
        <ActionGroup title="Section">
          <ActionButton
            icon="⊠"
            isDisabled={lockBusy || sectionLockedHere}
            onPress={() =>
              void editor.writeNow(async () => {
                await lockSection(view.section, path, 'Deny');
                return getSection(view.section, path, from);
              })
            }
          >
            Lock Section
          </ActionButton>
          <ActionButton
            icon="⊡"
            isDisabled={lockBusy || !sectionLockedHere}
            onPress={() =>
              void editor.writeNow(async () => {
                await lockSection(view.section, path, 'Allow');
                return getSection(view.section, path, from);
              })
            }
          >
            Unlock Section
          </ActionButton>
        </ActionGroup>
        <ActionGroup title={selectedAttr ? `Attribute: ${selectedAttr.name}` : 'Attribute'}>
          <ActionButton
            icon="⊠"
            isDisabled={!editable || !selectedAttr || selectedAttr.locked || selectedLockedHere}
            onPress={() =>
              selection && selectedAttr && setLocks(selection.path, [...selectedLocks, selectedAttr.name])
            }
          >
            Lock Attribute
          </ActionButton>
          <ActionButton
            icon="⊡"
            isDisabled={!editable || !selectedAttr || !selectedLockedHere}
            onPress={() =>
              selection &&
              selectedAttr &&
              setLocks(
                selection.path,
                selectedLocks.filter((n) => n.toLowerCase() !== selectedAttr.name.toLowerCase()),
              )
            }
          >
            Unlock Attribute
          </ActionButton>
        </ActionGroup>
      </PageActions>

      <EditorDialogs editor={editor} />
      {collectionDialog?.collection && dialog?.kind === 'collection' && (
        <CollectionEditorDialog
          title={`Collection Editor - ${view.section}${dialog.path ? `/${dialog.path}` : ''}`}
          collection={collectionDialog.collection}
          ops={edits.collections[dialog.path] ?? []}
          onChange={(ops) => editor.update((e) => replaceCollectionEdits(e, dialog.path, ops))}
          isDisabled={!editable || collectionDialog.locked}
          onClose={() => setDialog(null)}
          itemElements={(row) =>
            row.item && row.state !== 'added' ? (
              <ItemElementsGrid
                label="Child elements of the selected entry"
                elements={row.item.elements}
                cb={cb}
                selection={selection ? fieldId(selection.path, selection.name) : null}
              />
            ) : null
          }
        />
      )}
      {dialog?.kind === 'script' && view.target && editor.pending && (
        <GenerateScriptDialog
          input={{
            section: view.section,
            sitePath: view.sitePath,
            target: view.target,
            change: editor.pending.body,
            view,
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'search' && (
        <SearchConfigurationDialog
          initialSection={view.section}
          path={path}
          onOpen={(p, s) => {
            setDialog(null);
            onOpen(p, s);
          }}
          onClose={() => setDialog(null)}
        />
      )}
    </>
  );
}
