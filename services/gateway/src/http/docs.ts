// The OpenAPI 3 document, generated from the route schemas, at /openapi.json, and a docs UI at /docs.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

export async function registerDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'orrery gateway',
        version: '1.0.0',
        description:
          'The public REST API of orrery. Errors are application/problem+json (RFC 9457) with a stable `type`. ' +
          'Responses carry RateLimit-* headers; 429 answers carry Retry-After.',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
      tags: [
        { name: 'auth', description: 'Accounts and access tokens' },
        { name: 'users', description: 'Accounts' },
        { name: 'catalog', description: 'Products' },
        { name: 'payments', description: 'Cards, stored as tokens' },
        { name: 'orders', description: 'Orders, paid through the saga' },
      ],
    },
    hideUntagged: true,
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
