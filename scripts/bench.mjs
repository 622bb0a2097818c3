// `npm run bench`: the machine's bare ceilings and orrery's platform paths measured in one run, each
// platform path as a ratio of its ceiling, with CPU per request and every service's RSS. A benchmark,
// not a test: it prints what it measured (and writes it as JSON) and never fails on a number.
// Options: --duration=10 (s per path) --concurrency=32 --users=1000000 (the large population) --profile=DIR (CPU profile of each service)
//          --json=FILE (default .local/bench/<timestamp>.json, also copied to .local/bench/latest.json)
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import {
  bareGrpcEcho,
  bareHttpHello,
  pgbenchOrderTransaction,
  redisBenchmarkGet,
} from './bench/baselines.mjs';
import { drainSagas, getOwnUser, postOrder, redisPid, sagaAtRate, shopper } from './bench/paths.mjs';
import { startBenchPlatform } from './bench/platform.mjs';
import { usersAtScale } from './bench/users-scale.mjs';
import { rssMiB } from './bench/process-stats.mjs';
import { formatReport, targetsOf } from './bench/report.mjs';
import { prepare, repoRoot, step } from './lib/prepare.mjs';

const arg = (name, fallback) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const seconds = Number.parseInt(arg('duration', '10'), 10);
const concurrency = Number.parseInt(arg('concurrency', '32'), 10);
const manyUsers = Number.parseInt(arg('users', '1000000'), 10);
if (
  !(seconds >= 1 && seconds <= 600) ||
  !(concurrency >= 1 && concurrency <= 1024) ||
  !(manyUsers >= 20_000 && manyUsers <= 10_000_000)
) {
  console.error('[bench] --duration must be 1-600 (seconds), --concurrency 1-1024, --users 20000-10000000');
  process.exit(2);
}
const load = { concurrency, durationMs: seconds * 1000, warmupMs: 2000 };

async function main() {
  prepare();
  const results = {};
  step(`bare node:http hello (${concurrency} concurrent, ${seconds} s)`);
  results.httpHello = await bareHttpHello(load);
  step('bare grpc-js unary echo');
  results.grpcEcho = await bareGrpcEcho(load);

  step('starting infrastructure and services');
  const platform = await startBenchPlatform({ profileDir: arg('profile', '') });
  const rss = {};
  try {
    step('pgbench: the order + outbox transaction');
    results.pgbench = await pgbenchOrderTransaction(platform.infra.postgres[0].url('postgres'), load);
    step('redis-benchmark GET');
    results.redisGet = await redisBenchmarkGet(platform.infra.redisUrl, load);

    const pids = { ...platform.pids, redis: await redisPid(platform.infra.redisUrl) };
    step('GET /v1/users/{id} through the gateway (users cache hit)');
    results.getUser = await getOwnUser(platform, pids, load);
    step('POST /v1/orders through the gateway');
    const buyers = await Promise.all(Array.from({ length: 8 }, () => shopper(platform.baseUrl)));
    results.postOrder = await postOrder(platform, pids, load, buyers);
    step('waiting for the sagas of those orders to finish');
    await drainSagas(platform);
    const rate = Math.max(1, Math.round(results.postOrder.rps / 2));
    step(`saga at half the maximum order rate (${rate} orders/s)`);
    results.saga = await sagaAtRate(platform, pids, { rate, durationMs: load.durationMs }, buyers);
    for (const [name, pid] of Object.entries(platform.pids)) rss[name] = rssMiB(pid);
    step(`GET a user never read before (cache miss, primary-key lookup) at 10k and at ${manyUsers} users`);
    results.usersScale = await usersAtScale(platform, load, { large: manyUsers, log: console.log });
  } finally {
    await platform.stop();
  }

  const report = {
    when: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version },
    options: { seconds, concurrency, manyUsers },
    results,
    rssMiB: rss,
  };
  report.targets = targetsOf(report);
  console.log(formatReport(report));
  const dir = join(repoRoot, '.local', 'bench');
  mkdirSync(dir, { recursive: true });
  const file = arg('json', join(dir, `${report.when.replaceAll(':', '-')}.json`));
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  if (!arg('json', '')) copyFileSync(file, join(dir, 'latest.json'));
  console.log(`\nwritten to ${file}`);
}

main().catch((error) => {
  console.error(`[bench] ${error instanceof Error ? error.stack : error}`);
  process.exitCode = 1;
});
