// The gateway's HTTP server: Fastify with schema-checked routes, every error as problem+json, and the
// RED histogram observed for every response by route template.
import type { Readiness } from '@orrery/platform/admin';
import { RpcError } from '@orrery/platform/grpc';
import type { Metrics } from '@orrery/platform/metrics';
import Fastify, { type FastifyError } from 'fastify';
import type { Logger } from 'pino';
import type { Upstreams } from '../upstreams.js';
import { type Problem, problem, problemForGrpcStatus } from './problem.js';
import { healthRoutes } from './routes/health.js';
import { productRoutes } from './routes/products.js';

export interface HttpDeps {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly readiness: Readiness;
  readonly upstreams: Upstreams;
}

export function buildHttpServer(deps: HttpDeps) {
  const app = Fastify({
    loggerInstance: deps.logger,
    disableRequestLogging: true,
    bodyLimit: 64 * 1024,
    return503OnClosing: true,
  });

  app.addHook('onResponse', async (request, reply) => {
    deps.metrics.httpServerDuration.observe(
      {
        route: request.routeOptions.url ?? 'unmatched',
        method: request.method,
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });

  app.setErrorHandler((error: FastifyError | RpcError, request, reply) => {
    const answer = toProblem(error);
    if (answer.status >= 500)
      request.log.error({ err: error, route: request.routeOptions.url }, 'request failed');
    return reply
      .code(answer.status)
      .type('application/problem+json')
      .send({ ...answer, instance: request.url });
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .type('application/problem+json')
      .send({
        ...problem('not-found', 'Not found', 404, `no route ${request.method} ${request.url}`),
        instance: request.url,
      }),
  );

  app.register(healthRoutes(deps));
  app.register(productRoutes(deps));
  return app;
}

function toProblem(error: FastifyError | RpcError): Problem {
  if (error instanceof RpcError) return problemForGrpcStatus(error.code, error.message);
  if (error.validation) return problem('invalid-argument', 'Invalid request', 400, error.message);
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const slug = (error.code ?? 'bad-request')
      .replace(/^FST_ERR_/, '')
      .toLowerCase()
      .replaceAll('_', '-');
    return problem(slug, 'Bad request', status, error.message);
  }
  return problem('internal', 'Internal error', 500);
}
