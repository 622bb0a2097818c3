import { isAbsolute, resolve } from 'node:path';
import type { InfraOptions, InfraPorts, ScrapeJob } from './types.js';

/** InfraOptions after validation, with defaults applied. */
export interface ResolvedOptions {
  dataDir: string;
  shards: number;
  ports: InfraPorts;
  databases: string[];
  scrapeTargets: ScrapeJob[];
  install: boolean;
  log: (line: string) => void;
}

const DATABASE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const TARGET = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):(\d{1,5})$/;
const PORT_KEYS = ['postgres', 'redis', 'kafka', 'kafkaController', 'prometheus'] as const;

/** Checks options and applies defaults; throws an Error naming the bad option. */
export function resolveOptions(options: InfraOptions): ResolvedOptions {
  if (typeof options.dataDir !== 'string' || !isAbsolute(options.dataDir)) {
    throw new Error(`dataDir must be an absolute path, got ${JSON.stringify(options.dataDir)}`);
  }
  if (!Number.isInteger(options.shards) || options.shards < 1 || options.shards > 16) {
    throw new Error(`shards must be an integer from 1 to 16, got ${String(options.shards)}`);
  }
  validatePorts(options.ports, options.shards);
  for (const db of options.databases) {
    if (!DATABASE_NAME.test(db)) {
      throw new Error(
        `database name ${JSON.stringify(db)} must match ${DATABASE_NAME} (lowercase identifier)`,
      );
    }
  }
  const scrapeTargets = options.scrapeTargets ?? [];
  validateScrapeJobs(scrapeTargets);
  return {
    dataDir: resolve(options.dataDir),
    shards: options.shards,
    ports: { ...options.ports },
    databases: [...new Set(options.databases)],
    scrapeTargets,
    install: options.install ?? true,
    log: options.log ?? ((line) => process.stderr.write(`${line}\n`)),
  };
}

function validatePorts(ports: InfraPorts, shards: number): void {
  const seen = new Map<number, string>();
  for (const key of PORT_KEYS) {
    const port = ports[key];
    const last = key === 'postgres' ? port + shards - 1 : port;
    if (!Number.isInteger(port) || port < 1024 || last > 65535) {
      throw new Error(`ports.${key} must be an integer port from 1024 to 65535, got ${String(port)}`);
    }
    for (let p = port; p <= last; p++) {
      const other = seen.get(p);
      if (other) throw new Error(`ports.${key} (${p}) collides with ports.${other}`);
      seen.set(p, key);
    }
  }
}

/** Throws when a job name is empty, duplicated or reserved, or a target is not `host:port`. */
export function validateScrapeJobs(jobs: ScrapeJob[]): void {
  const names = new Set<string>(['prometheus']);
  for (const job of jobs) {
    if (typeof job.job !== 'string' || job.job.trim() === '') {
      throw new Error('scrape job name must be a non-empty string');
    }
    if (names.has(job.job)) {
      throw new Error(
        `scrape job ${JSON.stringify(job.job)} is duplicated or reserved (prometheus scrapes itself)`,
      );
    }
    names.add(job.job);
    for (const target of job.targets) {
      const match = TARGET.exec(target);
      const port = Number(match?.[1]);
      if (!match || port < 1 || port > 65535) {
        throw new Error(`scrape target ${JSON.stringify(target)} of job ${job.job} must be host:port`);
      }
    }
  }
}
