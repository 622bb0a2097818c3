// The local platform for the benchmark: real Postgres ×2, Redis, Kafka and Prometheus from the launcher
// on ports of their own, and the four services as processes, with rate limits raised so the limiter
// allows everything (it still runs its Redis script on every request).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../lib/prepare.mjs';

const INFRA_PORT_OFFSET = 700;

/**
 * Starts infrastructure and services; `profileDir` makes every service write a CPU profile there. The
 * result also holds shard sets of the users and orders databases (`users`, `orders`) for seeding and
 * reading results, with no statement timeout (VACUUM of a million rows takes a while).
 */
export async function startBenchPlatform({ profileDir = '' } = {}) {
  const { startInfra, TEST_PORTS } = await import('../../packages/launcher/dist/index.js');
  const { startServices, serviceSpecs, generateDevSecrets, freeServicePorts, SERVICE_DATABASES } =
    await import('../../packages/launcher/dist/services/index.js');
  const { createShardSet } = await import('../../packages/platform/dist/pg/index.js');
  const { createLogger } = await import('../../packages/platform/dist/log/index.js');
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
    databases: SERVICE_DATABASES,
  });
  const logger = createLogger({ service: 'bench', level: 'warn' });
  const shardSet = (database) =>
    createShardSet({ urls: infra.pgUrls(database), service: 'bench', logger, statementTimeoutMs: 0 });
  const users = shardSet('users');
  const orders = shardSet('orders');
  const closeAll = async () => {
    await Promise.all([users.close(), orders.close()]);
    await infra.stop();
  };
  try {
    const ports = await freeServicePorts();
    const secrets = generateDevSecrets();
    const specs = serviceSpecs(infra, ports, { ORRERY_LOG_LEVEL: 'warn' }, secrets).map((spec) => {
      const env = { ...spec.env };
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
      users,
      orders,
      baseUrl: `http://127.0.0.1:${ports.gatewayHttp}`,
      async stop() {
        await services.stop();
        await closeAll();
      },
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
