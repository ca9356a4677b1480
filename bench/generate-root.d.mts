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
