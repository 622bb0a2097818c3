import { createServer } from 'node:net';
import type { InfraPorts } from './types.js';

/** Ports of the local platform (`npm start`). */
export const LOCAL_PORTS: InfraPorts = Object.freeze({
  postgres: 15432,
  redis: 16379,
  kafka: 19092,
  kafkaController: 19093,
  prometheus: 19090,
});

/** Ports of the test runner's infrastructure. */
export const TEST_PORTS: InfraPorts = Object.freeze({
  postgres: 25432,
  redis: 26379,
  kafka: 29092,
  kafkaController: 29093,
  prometheus: 29090,
});

/** A port a component will listen on, with the option that sets it. */
export interface PortClaim {
  component: string;
  port: number;
  option: string;
}

/** Every port a run with `shards` Postgres clusters needs. */
export function portClaims(ports: InfraPorts, shards: number): PortClaim[] {
  const claims: PortClaim[] = [];
  for (let shard = 0; shard < shards; shard++) {
    claims.push({
      component: `postgres shard ${shard}`,
      port: ports.postgres + shard,
      option: 'ports.postgres',
    });
  }
  claims.push({ component: 'redis', port: ports.redis, option: 'ports.redis' });
  claims.push({ component: 'kafka', port: ports.kafka, option: 'ports.kafka' });
  claims.push({
    component: 'kafka controller',
    port: ports.kafkaController,
    option: 'ports.kafkaController',
  });
  claims.push({ component: 'prometheus', port: ports.prometheus, option: 'ports.prometheus' });
  return claims;
}

/** Resolves true when nothing listens on 127.0.0.1:`port` (we could bind it). */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * `count` distinct ports that were free on 127.0.0.1 a moment ago (the OS picks them; all sockets stay
 * open until every port is known, so no port is handed out twice).
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const server = createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => {
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    return address.port;
  });
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/** Rejects, naming component, port and the option to change, when any claimed port is taken. */
export async function assertPortsFree(claims: PortClaim[]): Promise<void> {
  const taken: PortClaim[] = [];
  for (const claim of claims) {
    if (!(await isPortFree(claim.port))) taken.push(claim);
  }
  if (taken.length === 0) return;
  const lines = taken.map(
    (c) => `${c.component}: port ${c.port} on 127.0.0.1 is already in use (change ${c.option})`,
  );
  throw new Error(
    `cannot start: ${lines.join('; ')}. Stop whatever listens there (\`ss -ltnp 'sport = :${taken[0]?.port}'\` shows it) or choose other ports.`,
  );
}
