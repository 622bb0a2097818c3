// GET /v1/products: the catalog, owned by the orders service. Prices are integer minor units.
import type { FastifyPluginAsync } from 'fastify';
import type { HttpDeps } from '../server.js';
import { moneySchema, moneyView } from '../views.js';

const productList = {
  type: 'object',
  required: ['products'],
  properties: {
    products: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'name', 'description', 'unitPrice'],
        properties: {
          id: { type: 'string' },
          name: { type: 'string' },
          description: { type: 'string' },
          unitPrice: moneySchema,
        },
      },
    },
  },
} as const;

export function productRoutes({ upstreams, guards }: HttpDeps): FastifyPluginAsync {
  return async (app) => {
    const schema = { tags: ['catalog'], summary: 'The product catalog', response: { 200: productList } };
    app.get('/v1/products', { preHandler: guards.anonymous, schema }, async (_request, reply) => {
      const { products } = await upstreams.orders.listProducts({});
      return reply.send({
        products: products.map((product) => ({
          id: product.id,
          name: product.name,
          description: product.description,
          unitPrice: moneyView(product.unitPrice),
        })),
      });
    });
  };
}
