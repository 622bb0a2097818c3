/** One Prometheus scrape job: `targets` are `host:port` of `/metrics` endpoints. */
export interface ScrapeJob {
  job: string;
  targets: string[];
}

/** Listen ports of the infrastructure. Postgres shard `i` listens on `postgres + i`. */
export interface InfraPorts {
  postgres: number;
  redis: number;
  kafka: number;
  kafkaController: number;
  prometheus: number;
}

/** What to start and where. */
export interface InfraOptions {
  /** Absolute directory; everything of this run (data, logs, pid files) lives below it. */
  dataDir: string;
  /** Number of Postgres clusters, 1..16. */
  shards: number;
  ports: InfraPorts;
  /** Databases created (if missing) in every shard cluster, e.g. `['users', 'orders', 'payments']`. */
  databases: readonly string[];
  scrapeTargets?: ScrapeJob[];
  /** Install missing tools (default true). */
  install?: boolean;
  /** Progress lines; default stderr. */
  log?: (line: string) => void;
}

/** One running Postgres shard cluster. */
export interface PostgresShard {
  shard: number;
  port: number;
  /** Where the cluster's files live (may be outside `dataDir` when running as root, see README). */
  dataDir: string;
  /** `postgres://orrery@127.0.0.1:PORT/DB` */
  url(database: string): string;
}

/** The running infrastructure. */
export interface Infra {
  postgres: PostgresShard[];
  /** One URL per shard for `database`, in shard order (so an `Infra` is the services' `InfraEndpoints`). */
  pgUrls(database: string): string[];
  redisUrl: string;
  kafkaBrokers: string[];
  prometheusUrl: string;
  /** Rewrites prometheus.yml and reloads Prometheus through its lifecycle API. */
  setScrapeTargets(jobs: ScrapeJob[]): Promise<void>;
  /** Stops everything in reverse start order; idempotent and safe after Ctrl-C reached the children. */
  stop(): Promise<void>;
}
