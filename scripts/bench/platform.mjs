// The local platform for the benchmark: real Postgres ×2, Redis, Kafka and Prometheus from the launcher
// on ports of their own, and the four services as processes, with rate limits raised so the limiter
// allows everything (it still runs its Redis script on every request).
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { repoRoot } from '../lib/prepare.mjs';

const INFRA_PORT_OFFSET = 700;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts infrastructure and services; `profileDir` makes every service write a CPU profile there. */
export async function startBenchPlatform({ profileDir = '', serviceEnv = {} } = {}) {
  const { startInfra, TEST_PORTS } = await import('../../packages/launcher/dist/index.js');
  const { startServices, serviceSpecs, generateDevSecrets } = await import(
    '../../packages/launcher/dist/services/index.js'
  );
  const infraPorts = Object.fromEntries(
    Object.entries(TEST_PORTS).map(([name, port]) => [name, port + INFRA_PORT_OFFSET]),
  );
  // a fresh data directory each run: earlier runs' users, orders and admin password do not leak in
  const dataDir = join(repoRoot, '.local', 'bench-infra');
  rmSync(dataDir, { recursive: true, force: true });
  const infra = await startInfra({
    dataDir,
    shards: 2,
    ports: infraPorts,
    databases: ['users', 'orders', 'payments'],
  });
  try {
    const names = ['gatewayHttp', 'gatewayAdmin', 'usersGrpc', 'usersAdmin', 'ordersGrpc', 'ordersAdmin'];
    const more = ['paymentsGrpc', 'paymentsAdmin'];
    const ports = {};
    for (const name of [...names, ...more]) ports[name] = await freePort();
    const secrets = generateDevSecrets();
    const specs = serviceSpecs(
      {
        pgUrls: (database) => infra.postgres.map((shard) => shard.url(database)),
        redisUrl: infra.redisUrl,
        kafkaBrokers: infra.kafkaBrokers,
      },
      ports,
      { ORRERY_LOG_LEVEL: 'warn' },
      secrets,
    ).map((spec) => {
      const env = { ...spec.env, ...serviceEnv[spec.name] };
      if (spec.name === 'gateway') {
        env.ORRERY_RATE_LIMIT_USER = '100000/1s:100000';
        env.ORRERY_RATE_LIMIT_AUTH_IP = '100000/1s:100000';
      }
      const profiled = profileDir !== '';
      const nodeArgs = ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, spec.name)}`];
      return profiled ? { ...spec, env, nodeArgs } : { ...spec, env };
    });
    const services = await startServices(specs, {
      repoRoot,
      logDir: join(repoRoot, '.local', 'bench-logs'),
      log: () => {},
    });
    const pids = Object.fromEntries(services.running.map((service) => [service.name, service.pid]));
    return {
      infra,
      services,
      pids,
      ports,
      secrets,
      baseUrl: `http://127.0.0.1:${ports.gatewayHttp}`,
      pgUrls: (database) => infra.postgres.map((shard) => shard.url(database)),
      async stop() {
        await services.stop();
        await infra.stop();
      },
    };
  } catch (error) {
    await infra.stop();
    throw error;
  }
}
