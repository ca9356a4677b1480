import { Link } from '../../routing/Link';
import { sessionStateHref, STATE_SERVICE_HREF } from '../../routing/routes';
import { pathKey } from '../../shell/treeModel';
import { useServerTree } from '../../shell/useServerTree';

const LEVEL_DESCRIPTION: Record<string, string> = {
  server: 'server',
  site: 'site',
  application: 'application',
  virtualDirectory: 'virtual directory',
};

/** A node's Features view ("WebSite1 Home"): the features that can be configured at that level. */
export function FeaturesView({ path }: { path: string }) {
  const { index, machineName } = useServerTree();
  const node = index?.get(pathKey(path))?.node;
  const name = path === '' ? (machineName ?? 'Server') : (node?.name ?? path.split('/').pop() ?? path);
  const kind = path === '' ? 'server' : (node?.kind ?? 'site');

  return (
    <div className="page">
      <header className="page-header">
        <h1>{name} Home</h1>
        <p className="page-description">
          Features that can be configured at this {LEVEL_DESCRIPTION[kind] ?? 'level'}
          {node?.physicalPath ? ` (physical path ${node.physicalPath})` : ''}.
        </p>
      </header>
      <section className="feature-area" aria-labelledby="feature-area-aspnet">
        <h2 id="feature-area-aspnet" className="feature-area-title">
          ASP.NET
        </h2>
        <ul className="feature-grid">
          <li>
            <Link className="feature-tile" href={sessionStateHref(path)}>
              <span className="feature-icon icon-session-state" aria-hidden="true" />
              Session State
            </Link>
          </li>
        </ul>
      </section>
      {path === '' && (
        <section className="feature-area" aria-labelledby="feature-area-management">
          <h2 id="feature-area-management" className="feature-area-title">
            Management
          </h2>
          <ul className="feature-grid">
            <li>
              <Link className="feature-tile" href={STATE_SERVICE_HREF}>
                <span className="feature-icon icon-service" aria-hidden="true" />
                ASP.NET State Service
              </Link>
            </li>
          </ul>
        </section>
      )}
    </div>
  );
}
