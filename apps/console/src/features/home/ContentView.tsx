import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ContentItem } from '@iis-console/contracts';
import { errorMessage } from '../../api/client';
import { getContent, queryKeys } from '../../api/endpoints';
import { Link } from '../../routing/Link';
import { useRouter } from '../../routing/RouterContext';
import { featuresHref } from '../../routing/routes';
import { ActionButton, ActionGroup, PageActions } from '../../shell/ActionsPane';

/** The two views of a node, as the tabs at the bottom of IIS Manager's workspace switch them. */
export type NodeView = 'features' | 'content';

/** URL of a node's Features View or Content View. */
export function nodeViewHref(path: string, view: NodeView): string {
  return view === 'content' ? `${featuresHref(path)}?view=content` : featuresHref(path);
}

/** IIS Manager's "Features View" / "Content View" switch at the bottom of a node's page. */
export function ViewSwitch({ path, view }: { path: string; view: NodeView }) {
  const link = (v: NodeView, label: string) => (
    <Link
      className={`view-switch-link${v === view ? ' current' : ''}`}
      href={nodeViewHref(path, v)}
      aria-current={v === view ? 'page' : undefined}
    >
      {label}
    </Link>
  );
  return (
    <nav className="view-switch" aria-label="View">
      {link('features', 'Features View')}
      {link('content', 'Content View')}
    </nav>
  );
}

const KIND_LABEL: Record<Exclude<ContentItem['kind'], 'file'>, string> = {
  application: 'Application',
  virtualDirectory: 'Virtual Directory',
  folder: 'Folder',
};

/** The Type column: IIS Manager's word for a level, Windows' "<EXT> File" for a file. */
function typeOf(item: ContentItem): string {
  if (item.kind !== 'file') return KIND_LABEL[item.kind];
  const dot = item.name.lastIndexOf('.');
  return dot > 0 ? `${item.name.slice(dot + 1).toUpperCase()} File` : 'File';
}

/**
 * A node's Content View: the applications, virtual directories, folders and files below it (from
 * `GET /api/content`). A folder, application or virtual directory opens its own Content View;
 * "Switch to Features View" opens the Features View of the selected one (or of this node).
 */
export function ContentView({ path }: { path: string }) {
  const router = useRouter();
  const [selected, setSelected] = useState<ContentItem | null>(null);
  const content = useQuery({
    queryKey: queryKeys.content(path),
    queryFn: ({ signal }) => getContent(path, signal),
  });
  const featuresOf = selected && selected.kind !== 'file' ? selected.path : path;

  return (
    <>
      {content.isPending && <p role="status">Loading…</p>}
      {content.isError && (
        <p className="alert error" role="alert">
          {errorMessage(content.error)}
        </p>
      )}
      {content.data && (
        <>
          <p className="page-description">
            {content.data.physicalPath
              ? `Physical path: ${content.data.physicalPath}`
              : 'This node has no physical path.'}
          </p>
          {!content.data.exists && content.data.physicalPath && (
            <p className="alert warning" role="status">
              The folder {content.data.physicalPath} does not exist.
            </p>
          )}
          {content.data.truncated && (
            <p className="alert warning" role="status">
              The folder holds more entries than are shown here.
            </p>
          )}
          <div className="grid-scroll">
            <table className="grid content-items" aria-label="Content">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Type</th>
                </tr>
              </thead>
              <tbody>
                {content.data.items.map((item) => (
                  <tr
                    key={item.path}
                    className={selected?.path === item.path ? 'selected' : undefined}
                    onClick={() => setSelected(item)}
                  >
                    <td>
                      {item.kind === 'file' ? (
                        <button
                          type="button"
                          className="link-button"
                          aria-pressed={selected?.path === item.path}
                          onClick={() => setSelected(item)}
                        >
                          {item.name}
                        </button>
                      ) : (
                        <Link href={nodeViewHref(item.path, 'content')} onFocus={() => setSelected(item)}>
                          {item.name}
                        </Link>
                      )}
                    </td>
                    <td>{typeOf(item)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {content.data.items.length === 0 && <p className="field-description">This folder is empty.</p>}
        </>
      )}
      <PageActions>
        <ActionGroup>
          <ActionButton icon="▦" onPress={() => router.navigate(nodeViewHref(featuresOf, 'features'))}>
            Switch to Features View
          </ActionButton>
        </ActionGroup>
      </PageActions>
    </>
  );
}
