import { useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { errorMessage, isConfigFileError, isServerFailure } from '../../api/client';
import { ConfigErrorView } from '../../components/ConfigErrorView';
import { FEATURE_GROUPS, featuresAt, type FeatureDefinition, type LevelKind } from '../../registry/features';
import { Link } from '../../routing/Link';
import { useRoute, useRouter, useServer } from '../../routing/RouterContext';
import { featureHref, LOCAL } from '../../routing/routes';
import { ActionButton, ActionGroup, PageActions } from '../../shell/ActionsPane';
import { featurePage } from '../../shell/pages';
import { pathKey } from '../../shell/treeModel';
import { useServerTree } from '../../shell/useServerTree';
import { ContentView, ViewSwitch } from './ContentView';

const LEVEL_DESCRIPTION: Record<string, string> = {
  server: 'server',
  site: 'site',
  application: 'application',
  virtualDirectory: 'virtual directory',
  folder: 'folder',
};

type Grouping = 'area' | 'none';
const GROUPING_KEY = 'iisconsole.featuresGroupBy';

function storedGrouping(): Grouping {
  try {
    return window.localStorage.getItem(GROUPING_KEY) === 'none' ? 'none' : 'area';
  } catch {
    return 'area';
  }
}

/**
 * A node's Features view ("WebSite1 Home"): the registered features of that level, grouped by area
 * (ASP.NET, IIS, Management) or not grouped, as IIS Manager's "Group by" offers; the Actions pane opens
 * the selected feature. Below the server, IIS Manager's "Features View" / "Content View" switch shows
 * the node's content instead (`?view=content`). A path the tree does not know below a site is a folder.
 * On another server (the farm), the features of this console only are not offered.
 */
export function FeaturesView({
  path,
  serverName,
  details,
}: {
  path: string;
  /** The server's name (default: its machine name, from its tree). */
  serverName?: string;
  /** Shown below the page's description (another server's connection). */
  details?: ReactNode;
}) {
  const router = useRouter();
  const { search } = useRoute();
  const server = useServer();
  const tree = useServerTree();
  const { index, machineName } = tree;
  const node = index?.get(pathKey(path))?.node;
  const name =
    path === '' ? (serverName ?? machineName ?? 'Server') : (node?.name ?? path.split('/').pop() ?? path);
  const kind = (
    path === '' ? 'server' : (node?.kind ?? (path.includes('/') && index ? 'folder' : 'site'))
  ) as LevelKind;
  const view = kind !== 'server' && search.get('view') === 'content' ? 'content' : 'features';
  const [grouping, setGrouping] = useState<Grouping>(storedGrouping);
  const [selected, setSelected] = useState<string | null>(null);
  const features = useMemo(() => featuresAt(kind, server === LOCAL), [kind, server]);
  const selectedFeature = features.find((f) => f.id === selected);

  // The pages these tiles open are one click away: load their code while the user looks.
  useEffect(() => {
    const timer = window.setTimeout(() => {
      for (const f of features)
        featurePage(f)
          .preload()
          .catch(() => undefined);
    }, 200);
    return () => window.clearTimeout(timer);
  }, [features]);

  const changeGrouping = (value: Grouping) => {
    setGrouping(value);
    try {
      window.localStorage.setItem(GROUPING_KEY, value);
    } catch {
      // Not kept across visits; the choice still applies now.
    }
  };

  if (tree.isError && isConfigFileError(tree.error)) {
    return <ConfigErrorView error={tree.error} />;
  }

  const tile = (f: FeatureDefinition) => (
    <li key={f.id}>
      <Link
        className={`feature-tile${f.id === selected ? ' selected' : ''}`}
        href={featureHref(f, path)}
        title={f.description}
        onFocus={() => setSelected(f.id)}
      >
        <span className={`feature-icon ${f.icon}`} aria-hidden="true" />
        {f.name}
      </Link>
    </li>
  );

  if (view === 'content') {
    return (
      <div className="page">
        <header className="page-header">
          <h1>{name}</h1>
        </header>
        <ContentView path={path} />
        <ViewSwitch path={path} view={view} />
      </div>
    );
  }

  return (
    <div className="page">
      <header className="page-header">
        <h1>{name} Home</h1>
        <p className="page-description">
          Features that can be configured at this {LEVEL_DESCRIPTION[kind] ?? 'level'}
          {node?.physicalPath ? ` (physical path ${node.physicalPath})` : ''}.
        </p>
      </header>
      {details}
      {tree.isError && isServerFailure(tree.error) && (
        <p role="alert" className="alert error">
          {errorMessage(tree.error)}
        </p>
      )}
      <div className="toolbar">
        <label htmlFor="features-group-by">Group by:</label>
        <select
          id="features-group-by"
          className="select"
          value={grouping}
          onChange={(e) => changeGrouping(e.target.value === 'none' ? 'none' : 'area')}
        >
          <option value="area">Area</option>
          <option value="none">No Grouping</option>
        </select>
      </div>
      {grouping === 'area' ? (
        FEATURE_GROUPS.map((group) => {
          const inGroup = features.filter((f) => f.group === group);
          if (inGroup.length === 0) return null;
          const id = `feature-area-${group.replace(/[^A-Za-z]/g, '').toLowerCase()}`;
          return (
            <section key={group} className="feature-area" aria-labelledby={id}>
              <h2 id={id} className="feature-area-title">
                {group}
              </h2>
              <ul className="feature-grid">{inGroup.map(tile)}</ul>
            </section>
          );
        })
      ) : (
        <ul className="feature-grid" aria-label="Features">
          {[...features].sort((a, b) => a.name.localeCompare(b.name)).map(tile)}
        </ul>
      )}
      <PageActions>
        <ActionGroup>
          <ActionButton
            icon="▶"
            isDisabled={!selectedFeature}
            onPress={() => selectedFeature && router.navigate(featureHref(selectedFeature, path))}
          >
            Open Feature
          </ActionButton>
        </ActionGroup>
      </PageActions>
      {kind !== 'server' && <ViewSwitch path={path} view={view} />}
    </div>
  );
}
