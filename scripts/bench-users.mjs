// `npm run bench:users`: GET /v1/users/{id} through the whole gateway path (HTTP, JWT, Redis token
// bucket, gRPC to users, Redis cache hit) against a bare grpc-js unary echo, on this machine in one run.
// Prints req/s, p50, p99, the ratio and each service's RSS. A benchmark, not a test: it never fails on
// a number. Options: --duration=10s --concurrency=32.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepare, repoRoot, step } from './lib/prepare.mjs';
import { grpcEchoLoad, httpGetLoad } from './bench/load.mjs';

const arg = (name, fallback) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const durationMs = Number.parseInt(arg('duration', '10'), 10) * 1000;
const concurrency = Number.parseInt(arg('concurrency', '32'), 10);
const load = { concurrency, durationMs, warmupMs: 2000 };

function rssMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function echoBaseline() {
  const child = spawn(process.execPath, [join(repoRoot, 'scripts', 'bench', 'echo-server.mjs')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise((resolve) =>
    child.stdout.once('data', (data) => resolve(String(data).trim())),
  );
  try {
    return await grpcEchoLoad(`127.0.0.1:${port}`, load);
  } finally {
    child.kill('SIGTERM');
  }
}

async function gatewayPath() {
  const { startInfra, TEST_PORTS } = await import('../packages/launcher/dist/index.js');
  const { startServices, serviceSpecs, generateDevSecrets } = await import(
    '../packages/launcher/dist/services/index.js'
  );
  const offset = 700;
  const ports = Object.fromEntries(Object.entries(TEST_PORTS).map(([name, port]) => [name, port + offset]));
  const infra = await startInfra({
    dataDir: join(repoRoot, '.local', 'bench-infra'),
    shards: 2,
    ports,
    databases: ['users', 'orders', 'payments'],
  });
  let services;
  try {
    const servicePorts = {
      gatewayHttp: 38080,
      gatewayAdmin: 38090,
      usersGrpc: 38051,
      usersAdmin: 38091,
      ordersGrpc: 38052,
      ordersAdmin: 38092,
      paymentsGrpc: 38053,
      paymentsAdmin: 38093,
    };
    const specs = serviceSpecs(
      {
        pgUrls: (database) => infra.postgres.map((shard) => shard.url(database)),
        redisUrl: infra.redisUrl,
        kafkaBrokers: infra.kafkaBrokers,
      },
      servicePorts,
      { ORRERY_LOG_LEVEL: 'warn' },
      generateDevSecrets(),
    ).map((spec) =>
      spec.name === 'gateway'
        ? { ...spec, env: { ...spec.env, ORRERY_RATE_LIMIT_USER: '100000/1s:100000' } }
        : spec,
    );
    services = await startServices(specs, {
      repoRoot,
      logDir: join(repoRoot, '.local', 'bench-logs'),
      log: () => {},
    });
    const base = `http://127.0.0.1:${servicePorts.gatewayHttp}`;
    const signup = await fetch(`${base}/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: `bench-${Date.now()}@example.test`,
        password: 'benchmark password',
        displayName: 'bench',
      }),
    });
    if (signup.status !== 201) throw new Error(`signup answered ${signup.status}: ${await signup.text()}`);
    const { accessToken, user } = await signup.json();
    const result = await httpGetLoad(
      `${base}/v1/users/${user.id}`,
      { authorization: `Bearer ${accessToken}` },
      load,
    );
    const rss = Object.fromEntries(services.running.map((service) => [service.name, rssMiB(service.pid)]));
    const metrics = await (await fetch(`http://127.0.0.1:${servicePorts.usersAdmin}/metrics`)).text();
    const hits = metrics
      .split('\n')
      .filter((line) => line.startsWith('orrery_cache_requests_total{') && line.includes('result="hit"'));
    return {
      result,
      rss,
      cacheHits: hits.map((line) => Number(line.split(' ').at(-1))).reduce((a, b) => a + b, 0),
    };
  } finally {
    await services?.stop();
    await infra.stop();
  }
}

const row = (name, r) =>
  `${name.padEnd(44)} ${r.rps.toFixed(0).padStart(8)} ${r.p50.toFixed(2).padStart(8)} ${r.p99.toFixed(2).padStart(8)} ${String(r.errors).padStart(7)}`;

async function main() {
  prepare();
  step(`bare grpc-js unary echo (${concurrency} concurrent, ${durationMs / 1000} s)`);
  const echo = await echoBaseline();
  step('starting infrastructure and services for the gateway path');
  const gateway = await gatewayPath();
  console.log(
    `\n${'path'.padEnd(44)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'errors'.padStart(7)}`,
  );
  console.log(row('bare grpc-js unary echo', echo));
  console.log(row('GET /v1/users/{id} via gateway (cache hit)', gateway.result));
  console.log(`\nratio gateway / bare echo: ${(gateway.result.rps / echo.rps).toFixed(2)} (target ≥ 0.6)`);
  console.log(`users cache hits during the run: ${gateway.cacheHits}`);
  console.log(
    `RSS after the run (MiB): ${Object.entries(gateway.rss)
      .map(([name, mib]) => `${name} ${mib.toFixed(0)}`)
      .join(', ')}`,
  );
}

main().catch((error) => {
  console.error(`[bench] ${error instanceof Error ? error.stack : error}`);
  process.exitCode = 1;
});
