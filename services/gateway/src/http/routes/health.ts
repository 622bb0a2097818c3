// /healthz (liveness, no dependency checks), /readyz (upstreams SERVING) and /metrics on the public port,
// the same answers the admin port gives.
import type { FastifyPluginAsync } from 'fastify';
import type { HttpDeps } from '../server.js';

export function healthRoutes({ readiness, metrics }: HttpDeps): FastifyPluginAsync {
  return async (app) => {
    app.get('/healthz', async (_request, reply) => {
      const down = readiness.shuttingDown;
      return reply.code(down ? 503 : 200).send({ status: down ? 'shutting_down' : 'ok' });
    });
    app.get('/readyz', async (_request, reply) => {
      const report = await readiness.run();
      return reply.code(report.ready ? 200 : 503).send(report);
    });
    app.get('/metrics', async (_request, reply) =>
      reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
    );
  };
}
