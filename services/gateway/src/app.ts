// The only wiring of the gateway: upstream gRPC clients, the public HTTP server, the admin server, and
// the ordered stop steps.
import { startAdminServer } from '@orrery/platform/admin';
import { createRuntime } from '@orrery/platform/service';
import type { Servable } from '@orrery/platform/service';
import type { GatewayConfig } from './config.js';
import { buildHttpServer } from './http/server.js';
import { connectUpstreams } from './upstreams.js';

export interface GatewayApp extends Servable {
  readonly httpPort: number;
  readonly adminPort: number;
}

export async function startGateway(config: GatewayConfig): Promise<GatewayApp> {
  const { logger, metrics, readiness } = createRuntime({ service: 'gateway', logLevel: config.logLevel });
  const upstreams = connectUpstreams(config.upstreams);
  for (const { name, check } of upstreams.checks) readiness.add(name, check);

  const http = buildHttpServer({ logger, metrics, readiness, upstreams });
  await http.listen({ host: config.host, port: config.httpPort });
  const httpPort = http.server.address();
  const admin = await startAdminServer({
    host: config.host,
    port: config.adminPort,
    registry: metrics.registry,
    readiness,
    logger,
  });
  const port = typeof httpPort === 'object' && httpPort ? httpPort.port : config.httpPort;
  logger.info({ http_port: port, admin_port: admin.port, upstreams: config.upstreams }, 'gateway listening');

  return {
    httpPort: port,
    adminPort: admin.port,
    logger,
    stopSteps: [
      { name: 'mark not ready', run: () => readiness.markShuttingDown() },
      { name: 'drain HTTP', run: () => http.close() },
      { name: 'close upstream channels', run: () => upstreams.close() },
      { name: 'close admin server', run: () => admin.close() },
    ],
  };
}
