// What the session state advisor needs beyond the level's session state (docs/advisor.md): the
// application pool of the level's application, and httpCookies at the level. Pools are read once per
// version of applicationHost.config (not once per level: the sites overview asks for 10,000 levels).

import type { AdvisorPoolInput } from '@iis-console/config-common';
import { HTTP_COOKIES_SECTION } from '@iis-console/config-common';
import type { ServerTree } from '../apphost/ServerTree.js';
import { resolveSitePath } from '../apphost/ServerTree.js';
import { advisorPools, applicationPoolsView } from '../apphost/applicationPools.js';
import type { ConfigurationSystem } from '../ConfigurationSystem.js';
import { ConfigEngine } from '../engine/ConfigEngine.js';
import { ConfigError } from '../errors.js';

export class AdvisorInputs {
  readonly engine: ConfigEngine;
  /** Pools by lower-case name, per server tree (a new applicationHost.config makes a new tree). */
  private poolCache = new WeakMap<ServerTree, Map<string, AdvisorPoolInput>>();

  constructor(
    private readonly system: ConfigurationSystem,
    engine?: ConfigEngine,
  ) {
    this.engine = engine ?? new ConfigEngine(system);
  }

  /** The server tree, or undefined when applicationHost.config cannot be read (the rules then skip pools). */
  tree(): ServerTree | undefined {
    try {
      return this.system.serverTree();
    } catch (e) {
      if (e instanceof ConfigError) return undefined;
      throw e;
    }
  }

  /** Every pool's advisor input, computed once per version of applicationHost.config. */
  pools(tree = this.tree()): Map<string, AdvisorPoolInput> {
    if (!tree) return new Map();
    let pools = this.poolCache.get(tree);
    if (!pools) {
      try {
        pools = advisorPools(applicationPoolsView(this.engine));
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        pools = new Map();
      }
      this.poolCache.set(tree, pools);
    }
    return pools;
  }

  /** The pool of the application that serves a site path; undefined at server level or for an unknown pool. */
  poolFor(sitePath: string, tree = this.tree()): AdvisorPoolInput | undefined {
    if (!tree || sitePath === '') return undefined;
    const level = resolveSitePath(tree, sitePath);
    const name = level?.application?.applicationPool;
    return name === undefined ? undefined : this.pools(tree).get(name.toLowerCase());
  }

  /** Effective `httpCookies requireSSL` at a level (`true`/`false`), or undefined when it cannot be read. */
  httpCookiesRequireSSL(sitePath: string): string | undefined {
    try {
      const view = this.engine.getSection(HTTP_COOKIES_SECTION, sitePath, { client: 'console' });
      return view.attributes.requireSSL?.value;
    } catch (e) {
      if (e instanceof ConfigError) return undefined;
      throw e;
    }
  }
}
