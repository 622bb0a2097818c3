// `npm start`: the whole platform on this machine, no Docker. Installs and builds on a fresh clone,
// starts real Postgres shards, Redis, Kafka and Prometheus (installing what is missing), then the four
// services; prints where everything is; Ctrl-C stops it all.
// ORRERY_SHARDS (default 2) sets the number of Postgres shard clusters.
import { join } from 'node:path';
import { prepare, repoRoot, step } from './lib/prepare.mjs';

function shardCount() {
  const raw = process.env.ORRERY_SHARDS ?? '2';
  const shards = Number(raw);
  if (!Number.isInteger(shards) || shards < 1 || shards > 16) {
    throw new Error(`ORRERY_SHARDS: expected an integer from 1 to 16, got "${raw}"`);
  }
  return shards;
}

async function main() {
  const shards = shardCount();
  prepare();
  const { startInfra, LOCAL_PORTS } = await import('../packages/launcher/dist/index.js');
  const {
    startServices,
    serviceScrapeJobs,
    serviceSpecs,
    generateDevSecrets,
    LOCAL_SERVICE_PORTS,
    SERVICE_DATABASES,
  } = await import('../packages/launcher/dist/services/index.js');
  const ports = LOCAL_SERVICE_PORTS;
  const secrets = generateDevSecrets();
  const scrapeJobs = serviceScrapeJobs(ports);
  const infra = await startInfra({
    dataDir: join(repoRoot, '.local', 'infra'),
    shards,
    ports: LOCAL_PORTS,
    databases: SERVICE_DATABASES,
    scrapeTargets: scrapeJobs,
  });
  let services;
  let stopping = false;
  const stopAll = async (code) => {
    if (stopping) return;
    stopping = true;
    step('stopping …');
    await services?.stop();
    await infra.stop();
    step('stopped; nothing left running');
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  try {
    step('starting gateway, users, orders, payments');
    services = await startServices(serviceSpecs(infra, ports, {}, secrets), {
      repoRoot,
      logDir: join(repoRoot, '.local', 'logs'),
    });
  } catch (error) {
    console.error(`[orrery] ${error instanceof Error ? error.message : error}`);
    await stopAll(1);
    return;
  }
  for (const service of services.running) {
    service.child.once('exit', (code, signal) => {
      if (stopping) return;
      console.error(
        `[orrery] ${service.name} exited unexpectedly (${code ?? signal}); see ${service.logFile}`,
      );
      void stopAll(1);
    });
  }
  const rows = [
    ['gateway (REST)', `http://127.0.0.1:${ports.gatewayHttp}`],
    ['gateway readiness', `http://127.0.0.1:${ports.gatewayHttp}/readyz`],
    ['API docs', `http://127.0.0.1:${ports.gatewayHttp}/docs`],
    ['admin login (this run)', `${secrets.adminEmail} / ${secrets.adminPassword}`],
    ['users gRPC', `127.0.0.1:${ports.usersGrpc}`],
    ['orders gRPC', `127.0.0.1:${ports.ordersGrpc}`],
    ['payments gRPC', `127.0.0.1:${ports.paymentsGrpc}`],
    ...scrapeJobs.map(({ job, targets }) => [`${job} metrics`, `http://${targets[0]}/metrics`]),
    ['Prometheus', infra.prometheusUrl],
    ...infra.postgres.map((shard) => [`Postgres shard ${shard.shard}`, shard.url('postgres')]),
    ['Redis', infra.redisUrl],
    ['Kafka', infra.kafkaBrokers.join(',')],
    ['logs', join(repoRoot, '.local', 'logs')],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  console.log(`\norrery is up:\n${rows.map(([name, url]) => `  ${name.padEnd(width)}  ${url}`).join('\n')}`);
  console.log('\nPress Ctrl-C to stop everything.');
}

main().catch((error) => {
  console.error(`[orrery] ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
