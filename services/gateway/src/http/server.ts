// The gateway's HTTP server: Fastify with schema-checked routes (the same schemas make /openapi.json),
// strict JSON bodies, every error as problem+json, and the RED histogram observed for every response
// by route template.
import type { Readiness } from '@orrery/platform/admin';
import type { Metrics } from '@orrery/platform/metrics';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import type { Logger } from 'pino';
import type { Tokens } from '../auth/tokens.js';
import type { Upstreams } from '../upstreams.js';
import { registerDocs } from './docs.js';
import { answerFor } from './errors.js';
import type { Guards } from './guards.js';
import { strictJsonBodies } from './json-body.js';
import { problem } from './problem.js';
import { orderPaymentSchemas } from './order-views.js';
import { authRoutes } from './routes/auth.js';
import { healthRoutes } from './routes/health.js';
import { orderRoutes } from './routes/orders.js';
import { paymentMethodRoutes } from './routes/payment-methods.js';
import { productRoutes } from './routes/products.js';
import { userRoutes } from './routes/users.js';
import { problemSchema, tokenSchema, userSchema } from './views.js';

export interface HttpDeps {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly readiness: Readiness;
  readonly upstreams: Upstreams;
  readonly tokens: Tokens;
  readonly guards: Guards;
  /** Retry-After of a 503 for an open circuit breaker: how long it stays open. */
  readonly breakerRetryAfterSeconds: number;
}

/** Largest request body accepted (413 above). */
const BODY_LIMIT_BYTES = 16 * 1024;

export async function buildHttpServer(deps: HttpDeps) {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    disableRequestLogging: true,
    bodyLimit: BODY_LIMIT_BYTES,
    return503OnClosing: true,
    // extra fields are an error (not silently dropped) and types are never coerced
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
  });
  strictJsonBodies(app);
  for (const schema of [userSchema, problemSchema, tokenSchema, ...orderPaymentSchemas])
    app.addSchema(schema);

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

  app.setErrorHandler((error, request, reply) => {
    const { problem: answer, headers } = answerFor(error, deps.breakerRetryAfterSeconds);
    if (answer.status >= 500)
      request.log.error({ err: error, route: request.routeOptions.url }, 'request failed');
    return reply
      .code(answer.status)
      .headers(headers)
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

  await registerDocs(app);
  await app.register(healthRoutes(deps));
  await app.register(productRoutes(deps));
  await app.register(authRoutes(deps));
  await app.register(userRoutes(deps));
  await app.register(paymentMethodRoutes(deps));
  await app.register(orderRoutes(deps));
  return app;
}
