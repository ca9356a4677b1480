import type { ChildProcess } from 'node:child_process';

export declare function findRedisServer(): string | undefined;
export declare function ensureRedisServer(options?: { quiet?: boolean }): {
  path: string | undefined;
  reason?: string;
};
export declare function freePort(): Promise<number>;
export declare function waitForRedis(port: number, timeoutMs?: number): Promise<void>;

export interface RunningRedis {
  port: number;
  /** `redis://127.0.0.1:<port>` */
  url: string;
  pid: number | undefined;
  child: ChildProcess;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export declare function startRedis(options?: {
  port?: number;
  path?: string;
  args?: string[];
}): Promise<RunningRedis>;
