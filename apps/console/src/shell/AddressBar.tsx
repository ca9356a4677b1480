import { Link } from '../routing/Link';
import { featuresHref, scopeHref, SITES_HREF, type Route } from '../routing/routes';
import { nodeHref, pathKey, pathToKey, type TreeIndex } from './treeModel';

interface Crumb {
  name: string;
  href: string;
}

/**
 * `<machine> › Sites › WebSite1 › app`, as IIS Manager's address bar shows the selected node, on the
 * route's server (`index`, `machine`: that server's tree and name).
 */
export function crumbsFor(route: Route, index: TreeIndex | undefined, machine: string): Crumb[] {
  return ownCrumbs(route, index, machine).map((c) => ({ ...c, href: scopeHref(route.server, c.href) }));
}

function ownCrumbs(route: Route, index: TreeIndex | undefined, machine: string): Crumb[] {
  const server: Crumb = { name: machine, href: '/' };
  const sites: Crumb = { name: 'Sites', href: SITES_HREF };
  switch (route.kind) {
    case 'sites':
      return [server, sites];
    case 'features':
    case 'feature': {
      if (route.kind === 'feature' && route.feature.connectionsNode)
        return [server, { name: route.feature.name, href: route.feature.fixedHref ?? '/' }];
      if (route.path === '') return [server];
      const chain = index ? pathToKey(index, pathKey(route.path)) : [];
      if (index && chain.length > 0) {
        return chain.map((key) => {
          const node = index.get(key)!.node;
          return { name: node.kind === 'server' ? machine : node.name, href: nodeHref(node) };
        });
      }
      // Not in the tree (yet): the segments of the site path.
      const segments = route.path.split('/').filter((s) => s !== '');
      return [
        server,
        sites,
        ...segments.map((name, i) => ({ name, href: featuresHref(segments.slice(0, i + 1).join('/')) })),
      ];
    }
    default:
      return [server];
  }
}

export function AddressBar({ crumbs }: { crumbs: Crumb[] }) {
  return (
    <div className="address-row">
      <button type="button" className="nav-button" aria-label="Back" onClick={() => window.history.back()}>
        <span aria-hidden="true">◀</span>
      </button>
      <button
        type="button"
        className="nav-button"
        aria-label="Forward"
        onClick={() => window.history.forward()}
      >
        <span aria-hidden="true">▶</span>
      </button>
      <nav aria-label="Address" className="address-bar">
        {crumbs.map((crumb, i) => (
          <span key={`${i}:${crumb.href}`} className="crumb">
            {i > 0 && <span className="crumb-separator"> › </span>}
            <Link href={crumb.href} aria-current={i === crumbs.length - 1 ? 'page' : undefined}>
              {crumb.name}
            </Link>
          </span>
        ))}
      </nav>
    </div>
  );
}
