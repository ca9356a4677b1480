// The console's feature registry: every feature page declares here its name, icon, area, the levels it
// appears at and the sections it edits, and how its page loads. The Features view, the routes, the
// address bar, the Connections selection and the page preloading are all built from this list: adding
// a feature is one entry here and its folder under features/, never an edit of the shell.

import type { QueryClient } from '@tanstack/react-query';
import type { ComponentType } from 'react';
import { sectionQuery, sessionStateQuery } from '../api/endpoints';
import { applicationPoolsQuery } from '../features/application-pools/api';

/** IIS Manager's areas of the Features view ("Group by: Area"). */
export type FeatureGroup = 'ASP.NET' | 'IIS' | 'Management';
export const FEATURE_GROUPS: readonly FeatureGroup[] = ['ASP.NET', 'IIS', 'Management'];

/** The kinds of level a feature can appear at (a folder is reached through Content View). */
export type LevelKind = 'server' | 'site' | 'application' | 'virtualDirectory' | 'folder';
export const ALL_LEVELS: readonly LevelKind[] = [
  'server',
  'site',
  'application',
  'virtualDirectory',
  'folder',
];

/** What a feature page receives: the site path of its level (`''` = the server). */
export interface FeaturePageProps {
  path: string;
}

export interface FeatureDefinition {
  /** Stable id, also the last URL segment (`/level/<site path>/<id>`, `/<id>` at the server). */
  id: string;
  /** IIS Manager's name of the feature, word for word. */
  name: string;
  /** The tooltip / "Description" column of IIS Manager's Features view. */
  description: string;
  /** CSS class of its icon (`icon-…` in styles/app.css). */
  icon: string;
  group: FeatureGroup;
  levels: readonly LevelKind[];
  /** The configuration sections it reads and writes (none for a service page). */
  sections: readonly string[];
  /** A fixed URL for a server-wide page (a service) instead of the per-level URL. */
  fixedHref?: string;
  /**
   * A server-wide page IIS Manager shows as a node of its own under the server in Connections, before
   * Sites (Application Pools), rather than as an icon of a Features view. Needs `fixedHref`.
   */
  connectionsNode?: boolean;
  /**
   * A page of this console only, not of each server (the farm's, which compares the servers): absent
   * from another server's Features view and URLs (`/servers/<id>/…`).
   */
  localOnly?: boolean;
  /** Loads the page's code (a separate chunk). */
  load(): Promise<ComponentType<FeaturePageProps>>;
  /** Starts the page's first request while its code is still loading (`search`: the URL's query). */
  prefetch?(client: QueryClient, path: string, search: URLSearchParams): void;
}

export const FEATURES: readonly FeatureDefinition[] = [
  {
    id: 'session-state',
    name: 'Session State',
    description: 'Configure session state settings and Forms authentication cookie settings',
    icon: 'icon-session-state',
    group: 'ASP.NET',
    levels: ALL_LEVELS,
    sections: ['system.web/sessionState', 'system.web/sessionPageState'],
    load: () => import('../features/session-state/SessionStatePage').then((m) => m.SessionStatePage),
    prefetch: (client, path) => void client.prefetchQuery(sessionStateQuery(path)),
  },
  {
    id: 'machine-key',
    name: 'Machine Key',
    description:
      'Configure hashing and encryption settings used for application services, such as view state, Forms authentication, membership and roles, and anonymous identification',
    icon: 'icon-machine-key',
    group: 'ASP.NET',
    levels: ['server', 'site', 'application'],
    sections: ['system.web/machineKey'],
    load: () => import('../features/machine-key/MachineKeyPage').then((m) => m.MachineKeyPage),
    prefetch: (client, path) =>
      void client.prefetchQuery(sectionQuery('system.web/machineKey', path, undefined)),
  },
  {
    id: 'configuration-editor',
    name: 'Configuration Editor',
    description: 'Edit any configuration section in the configuration files',
    icon: 'icon-config-editor',
    group: 'Management',
    levels: ALL_LEVELS,
    sections: [],
    load: () =>
      import('../features/configuration-editor/ConfigurationEditorPage').then(
        (m) => m.ConfigurationEditorPage,
      ),
    prefetch: (client, path, search) => {
      const section = search.get('section');
      const from = search.get('from')?.toUpperCase();
      const commit =
        from === 'WEBROOT' || from === 'APPHOST' || from === 'SITE' || from === 'APP' ? from : undefined;
      if (section) void client.prefetchQuery(sectionQuery(section, path, commit));
    },
  },
  {
    id: 'aspnet-state-service',
    name: 'ASP.NET State Service',
    description: 'Start, stop and configure the ASP.NET state service',
    icon: 'icon-service',
    group: 'Management',
    levels: ['server'],
    sections: [],
    fixedHref: '/services/aspnet_state',
    // The page is another engineer's (features/state-service); it takes no level.
    load: () => import('../features/state-service/StateServicePage').then((m) => m.StateServicePage),
  },
  {
    id: 'application-pools',
    name: 'Application Pools',
    description: 'Add, configure, start, stop and recycle application pools',
    icon: 'icon-app-pools',
    group: 'IIS',
    // Its node in Connections opens it; no Features view shows it (as in IIS Manager).
    levels: [],
    sections: ['system.applicationHost/applicationPools'],
    fixedHref: '/application-pools',
    connectionsNode: true,
    load: () =>
      import('../features/application-pools/ApplicationPoolsPage').then((m) => m.ApplicationPoolsPage),
    prefetch: (client) => void client.prefetchQuery(applicationPoolsQuery()),
  },
  {
    id: 'farm',
    name: 'Farm',
    description:
      'Compare session state, machine key and site ID across the servers of a web farm, and apply one change to all',
    icon: 'icon-farm',
    group: 'Management',
    levels: ['server'],
    sections: ['system.web/sessionState', 'system.web/sessionPageState', 'system.web/machineKey'],
    fixedHref: '/farm',
    localOnly: true,
    // The farm's page (features/farm): the site path and servers come from its own form (`?path=`).
    load: () => import('../features/farm/FarmPage').then((m) => m.FarmPage),
  },
];

const BY_ID = new Map(FEATURES.map((f) => [f.id, f]));

export function featureById(id: string): FeatureDefinition | undefined {
  return BY_ID.get(id);
}

/** The features of a level, in registry order (`local`: on this console's own server, else another's). */
export function featuresAt(level: LevelKind, local = true): FeatureDefinition[] {
  return FEATURES.filter((f) => f.levels.includes(level) && (local || !f.localOnly));
}
