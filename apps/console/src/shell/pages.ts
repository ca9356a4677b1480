// The pages, loaded on first use so that sign-in and the shell stay small; `preloadPage` starts
// loading the page of the URL the browser opened while the session is still being checked. Feature
// pages come from the registry.

import { createElement, lazy, useState } from 'react';
import type { ComponentType } from 'react';
import type { FeatureDefinition, FeaturePageProps } from '../registry/features';
import { LOCAL, type Route } from '../routing/routes';

type LazyPage<P extends object> = ComponentType<P> & { preload(): Promise<unknown> };

/**
 * A page whose code loads on first use. Once loaded (or preloaded) it renders directly, without
 * suspending: React holds a Suspense boundary's fallback for at least 300 ms once it has shown it, so a
 * page already in memory would otherwise appear 300 ms late.
 */
function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): LazyPage<P> {
  let loading: Promise<{ default: ComponentType<P> }> | undefined;
  let loaded: ComponentType<P> | undefined;
  const preload = () =>
    (loading ??= load().then(
      (component) => {
        loaded = component;
        return { default: component };
      },
      (error: unknown) => {
        // Let a later attempt try again (e.g. after a network error).
        loading = undefined;
        throw error;
      },
    ));
  const Lazy = lazy(preload);
  // Chosen once per mount: switching from Lazy to the component later would remount the page.
  const Page = (props: P) => {
    const [component] = useState<ComponentType<P>>(() => loaded ?? (Lazy as ComponentType<P>));
    return createElement(component, props);
  };
  return Object.assign(Page, { preload });
}

export const SitesView = lazyPage(() => import('../features/sites/SitesView').then((m) => m.SitesView));

/** The Actions of a site, application or virtual directory node (beside its Features view). */
export const LevelActions = lazyPage(() =>
  import('../features/sites/LevelActions').then((m) => m.LevelActions),
);

/**
 * Another server's node (the farm): its Features view with its connection, Remove and Accept
 * Certificate…; "Server not found" for an id that is not registered.
 */
export const RemoteServerPage = lazyPage(() =>
  import('../features/farm/RemoteServerPage').then((m) => m.RemoteServerPage),
);

const featurePages = new Map<string, LazyPage<FeaturePageProps>>();

/** The lazily loaded page of a registered feature (one component per feature, kept). */
export function featurePage(feature: FeatureDefinition): LazyPage<FeaturePageProps> {
  let page = featurePages.get(feature.id);
  if (!page) featurePages.set(feature.id, (page = lazyPage(feature.load)));
  return page;
}

export function preloadPage(route: Route): void {
  const page =
    route.kind === 'feature'
      ? featurePage(route.feature)
      : route.kind === 'sites'
        ? SitesView
        : route.kind === 'features' && route.path === '' && route.server !== LOCAL
          ? RemoteServerPage
          : undefined;
  page?.preload().catch(() => undefined);
}
