export interface GenerateRootOptions {
  /** Number of sites, Site1 … SiteN. */
  sites: number;
}

export interface GeneratedRoot {
  /** The root, as an absolute path. */
  dir: string;
  sites: number;
  /** Child applications (`/app` of every 10th site). */
  applications: number;
  /** Files written. */
  files: number;
}

export declare function generateRoot(dir: string, options: GenerateRootOptions): GeneratedRoot;

export interface LargeApplicationHostOptions {
  /** Sites, each with a root application (default 6). */
  sites?: number;
  /** Child applications per site, each with its own `<location>` block (default 28). */
  applications?: number;
  /** `<mimeMap>` entries in `<staticContent>` (default 1000). */
  mimeMaps?: number;
}

/** A large (≥ 200 KB with the defaults), deterministic, CRLF applicationHost.config. */
export declare function largeApplicationHostConfig(options?: LargeApplicationHostOptions): string;
