import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureTools } from './install/ensure-tools.js';
import { startKafka } from './kafka/kafka.js';
import { stopLeftovers } from './leftovers.js';
import { removeManifest, writeManifest } from './manifest.js';
import { validateScrapeJobs, resolveOptions } from './options.js';
import { assertPortsFree, portClaims } from './ports.js';
import { clusterDirFor, fallbackRoot, pgUrl } from './postgres/postgres-config.js';
import { pgRunner } from './postgres/postgres-user.js';
import { startShard } from './postgres/postgres.js';
import type { ManagedChild } from './proc/child.js';
import { progress, seconds } from './progress.js';
import { reloadPrometheus, startPrometheus, writePrometheusConfig } from './prometheus/prometheus.js';
import { startRedis } from './redis/redis.js';
import type { Infra, InfraOptions, PostgresShard } from './types.js';

const KAFKA_TIMEOUT_MS = 90_000;
const TIMEOUT_MS = 30_000;

/**
 * Installs what is missing, starts Postgres shards, Redis, Kafka and Prometheus in parallel and
 * waits until each really answers. On any failure everything already started is stopped and the
 * promise rejects with a message naming the component, the cause and the fix.
 */
export async function startInfra(options: InfraOptions): Promise<Infra> {
  const opts = resolveOptions(options);
  const log = progress(opts.log);
  const began = performance.now();
  const { dataDir, ports } = opts;
  const logDir = join(dataDir, 'logs');
  await mkdir(logDir, { recursive: true });
  await mkdir(join(dataDir, 'run'), { recursive: true });

  await stopLeftovers(dataDir, log);
  await assertPortsFree(portClaims(ports, opts.shards));
  const { tools, kafkaLibs } = await ensureTools(opts.install, logDir, log);
  const runner = await pgRunner();
  const reachable = await runner.canReach(dataDir);
  if (!reachable) {
    log(
      `postgres: user ${runner.user?.name} cannot enter ${dataDir} (a parent directory is private), ` +
        `so the shard clusters live in ${fallbackRoot(dataDir)}`,
    );
  }

  const controller = new AbortController();
  const failures: Error[] = [];
  const children: ManagedChild[] = [];
  const track = (slot: number, task: Promise<ManagedChild>): Promise<void> =>
    task.then(
      (child) => {
        children[slot] = child;
      },
      (error: Error) => {
        if (!controller.signal.aborted) failures.push(error);
        controller.abort();
      },
    );
  const common = { dataDir, signal: controller.signal, log };
  const shards: PostgresShard[] = [];
  const tasks: Promise<void>[] = [];
  for (let shard = 0; shard < opts.shards; shard++) {
    const port = ports.postgres + shard;
    const clusterDir = clusterDirFor(dataDir, shard, reachable);
    shards.push({ shard, port, dataDir: clusterDir, url: (database) => pgUrl(port, database) });
    const logFile = join(logDir, `postgres-shard-${shard}.log`);
    const spec = {
      ...common,
      shard,
      port,
      clusterDir,
      databases: opts.databases,
      pgBin: tools.pgBin,
      runner,
    };
    tasks.push(track(shard, startShard({ ...spec, logFile, timeoutMs: TIMEOUT_MS })));
  }
  const redisSpec = { ...common, redisServer: tools.redisServer, port: ports.redis, timeoutMs: TIMEOUT_MS };
  tasks.push(track(opts.shards, startRedis({ ...redisSpec, logFile: join(logDir, 'redis.log') })));
  const kafkaSpec = {
    ...common,
    java: tools.java,
    libs: kafkaLibs,
    port: ports.kafka,
    timeoutMs: KAFKA_TIMEOUT_MS,
  };
  const kafkaLogs = { outFile: join(logDir, 'kafka.out.log'), logFile: join(logDir, 'kafka.log') };
  tasks.push(
    track(opts.shards + 1, startKafka({ ...kafkaSpec, ...kafkaLogs, controllerPort: ports.kafkaController })),
  );
  const promSpec = {
    ...common,
    prometheus: tools.prometheus,
    port: ports.prometheus,
    jobs: opts.scrapeTargets,
  };
  tasks.push(
    track(
      opts.shards + 2,
      startPrometheus({ ...promSpec, timeoutMs: TIMEOUT_MS, logFile: join(logDir, 'prometheus.log') }),
    ),
  );
  await Promise.all(tasks);

  const stopAll = stopper(children, dataDir, log);
  if (failures.length > 0) {
    await stopAll().catch((error: Error) => log(`while cleaning up: ${error.message}`));
    throw new Error(failures.map((f) => f.message).join('\n'));
  }
  const onExit = () => {
    for (const child of children) child?.killNow();
  };
  process.once('exit', onExit);

  const redisUrl = `redis://127.0.0.1:${ports.redis}`;
  const kafkaBrokers = [`127.0.0.1:${ports.kafka}`];
  const prometheusUrl = `http://127.0.0.1:${ports.prometheus}`;
  await writeManifest(dataDir, {
    launcherPid: process.pid,
    startedAt: new Date().toISOString(),
    shards: opts.shards,
    ports,
    endpoints: {
      ...Object.fromEntries(shards.map((s) => [`postgres shard ${s.shard}`, s.url('postgres')])),
      redis: redisUrl,
      kafka: kafkaBrokers.join(','),
      prometheus: prometheusUrl,
    },
  });
  log(`all ready in ${seconds(began)} (logs in ${logDir})`);

  return {
    postgres: shards,
    pgUrls: (database) => shards.map((shard) => shard.url(database)),
    redisUrl,
    kafkaBrokers,
    prometheusUrl,
    async setScrapeTargets(jobs) {
      validateScrapeJobs(jobs);
      await writePrometheusConfig(dataDir, ports.prometheus, jobs);
      await reloadPrometheus(ports.prometheus);
    },
    stop: () => {
      process.off('exit', onExit);
      return stopAll();
    },
  };
}

/** Builds an idempotent stop: Prometheus, Kafka, Redis one after the other, then all shards. */
function stopper(
  children: ManagedChild[],
  dataDir: string,
  log: (line: string) => void,
): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  const run = async () => {
    const began = performance.now();
    const live = children.filter((child): child is ManagedChild => child !== undefined);
    const shards = live.filter((child) => child.component.startsWith('postgres'));
    const errors: string[] = [];
    const stopOne = (child: ManagedChild) =>
      child.stop().catch((error: Error) => {
        errors.push(`${child.component}: ${error.message}`);
      });
    for (const child of live.filter((c) => !shards.includes(c)).reverse()) await stopOne(child);
    await Promise.all(shards.map(stopOne));
    await removeManifest(dataDir);
    if (live.length > 0) log(`stopped ${live.map((c) => c.component).join(', ')} (${seconds(began)})`);
    if (errors.length > 0) throw new Error(`stopping the infrastructure: ${errors.join('; ')}`);
  };
  return () => {
    stopping ??= run();
    return stopping;
  };
}
