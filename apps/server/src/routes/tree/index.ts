import { hostname } from 'node:os';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { APPHOST, WEBROOT, configPathOf, virtualDirectoryPath } from '@iis-console/config';
import type { ServerTree } from '@iis-console/config';
import { TreeNode } from '@iis-console/contracts';
import { errorResponses } from '../../errors.js';

/** Server → Sites → site → applications and virtual directories, as IIS Manager's Connections pane. */
export function buildTree(tree: ServerTree, serverName: string): TreeNode {
  const sites: TreeNode[] = tree.sites.map((site) => {
    const root = site.applications.find((a) => a.path === '/');
    const node: TreeNode = {
      kind: 'site',
      name: site.name,
      path: site.name,
      configPath: configPathOf(site.name),
      ...(root?.virtualDirectories.find((v) => v.path === '/')
        ? { physicalPath: root.virtualDirectories.find((v) => v.path === '/')!.physicalPath }
        : {}),
      children: [],
    };
    // Nest each application and virtual directory under the deepest node whose path contains it.
    const entries: Array<{ virtualPath: string; node: TreeNode }> = [];
    for (const app of site.applications) {
      for (const vdir of app.virtualDirectories) {
        const virtualPath = virtualDirectoryPath(app, vdir);
        if (virtualPath === '/') continue;
        const isApp = vdir.path === '/';
        entries.push({
          virtualPath,
          node: {
            kind: isApp ? 'application' : 'virtualDirectory',
            name: virtualPath.split('/').pop()!,
            path: `${site.name}${virtualPath}`,
            configPath: configPathOf(`${site.name}${virtualPath}`),
            physicalPath: vdir.physicalPath,
            children: [],
          },
        });
      }
    }
    entries.sort(
      (a, b) => a.virtualPath.length - b.virtualPath.length || a.virtualPath.localeCompare(b.virtualPath),
    );
    const placed: Array<{ virtualPath: string; node: TreeNode }> = [];
    for (const e of entries) {
      const parent = [...placed]
        .reverse()
        .find((p) => e.virtualPath.toLowerCase().startsWith(p.virtualPath.toLowerCase() + '/'));
      (parent ? parent.node : node).children.push(e.node);
      placed.push(e);
    }
    return node;
  });
  return {
    kind: 'server',
    name: serverName,
    path: '',
    configPath: WEBROOT,
    children: [{ kind: 'sites', name: 'Sites', path: '', configPath: APPHOST, children: sites }],
  };
}

export const treeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      schema: {
        summary: 'The server tree: sites, applications, virtual directories (Connections pane)',
        tags: ['server'],
        response: { 200: TreeNode, ...errorResponses(401, 422) },
      },
    },
    async () => buildTree(app.configuration.serverTree(), hostname()),
  );
};
