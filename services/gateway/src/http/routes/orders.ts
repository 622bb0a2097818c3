// /v1/orders: place (with an Idempotency-Key), read, list (cursor pages) and cancel your own orders.
// Prices come from the orders service's catalog; the card token is checked with payments first.
import { callerMetadata } from '@orrery/platform/grpc';
import type { FastifyPluginAsync } from 'fastify';
import { callerOf } from '../caller.js';
import { orderView } from '../order-views.js';
import { HttpProblem, problem } from '../problem.js';
import type { HttpDeps } from '../server.js';
import { idParams, problemResponses } from '../views.js';

/** Largest page of GET /v1/orders. */
const MAX_PAGE_SIZE = 100;

const security = [{ bearer: [] }];

const createBody = {
  type: 'object',
  required: ['items', 'paymentToken'],
  additionalProperties: false,
  properties: {
    items: {
      type: 'array',
      minItems: 1,
      maxItems: 50,
      items: {
        type: 'object',
        required: ['productId', 'quantity'],
        additionalProperties: false,
        properties: {
          productId: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' },
          quantity: { type: 'integer', minimum: 1, maximum: 100 },
        },
      },
    },
    paymentToken: { type: 'string', pattern: '^pm_[A-Za-z0-9_-]{8,64}$' },
  },
} as const;

const idempotencyHeaders = {
  type: 'object',
  required: ['idempotency-key'],
  properties: {
    'idempotency-key': {
      type: 'string',
      pattern: '^[A-Za-z0-9_-]{8,64}$',
      description: 'Unique per order attempt; the same key and body return the same order for 24 h.',
    },
  },
} as const;

const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: { type: 'string', pattern: '^[0-9]{1,4}$', description: `1-${MAX_PAGE_SIZE}, default 20` },
    cursor: { type: 'string', maxLength: 512, pattern: '^[A-Za-z0-9_=-]*$' },
  },
} as const;

interface CreateBody {
  items: { productId: string; quantity: number }[];
  paymentToken: string;
}

export function orderRoutes({ upstreams, guards }: HttpDeps): FastifyPluginAsync {
  return async (app) => {
    app.post<{ Body: CreateBody; Headers: { 'idempotency-key': string } }>(
      '/v1/orders',
      {
        preHandler: guards.user,
        schema: {
          tags: ['orders'],
          summary: 'Place an order; it is paid asynchronously (poll until PAID or FAILED)',
          security,
          headers: idempotencyHeaders,
          body: createBody,
          response: {
            200: { $ref: 'Order#' },
            201: { $ref: 'Order#' },
            ...problemResponses(400, 401, 413, 415, 422, 429, 503),
          },
        },
      },
      async (request, reply) => {
        const caller = callerOf(request);
        const metadata = callerMetadata(caller.id);
        // a foreign or unknown token is refused here (422) before anything is stored
        await upstreams.payments.getPaymentMethod(
          { userId: caller.id, token: request.body.paymentToken },
          { metadata },
        );
        const { order, replayed } = await upstreams.orders.createOrder(
          {
            userId: caller.id,
            idempotencyKey: request.headers['idempotency-key'],
            items: request.body.items,
            paymentToken: request.body.paymentToken,
          },
          { metadata },
        );
        if (!order) throw new Error('orders answered CreateOrder without an order');
        if (replayed) reply.header('idempotent-replayed', 'true');
        return reply.code(replayed ? 200 : 201).send(orderView(order));
      },
    );

    app.get<{ Params: { id: string } }>(
      '/v1/orders/:id',
      {
        preHandler: guards.user,
        schema: {
          tags: ['orders'],
          summary: 'One of your orders',
          security,
          params: idParams,
          response: { 200: { $ref: 'Order#' }, ...problemResponses(400, 401, 404, 429, 503) },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const { order } = await upstreams.orders.getOrder(
          { userId: caller.id, id: request.params.id },
          { metadata: callerMetadata(caller.id) },
        );
        if (!order) throw new Error('orders answered GetOrder without an order');
        return orderView(order);
      },
    );

    app.get<{ Querystring: { limit?: string; cursor?: string } }>(
      '/v1/orders',
      {
        preHandler: guards.user,
        schema: {
          tags: ['orders'],
          summary: 'Your orders, newest first, a page at a time',
          security,
          querystring: listQuery,
          response: {
            200: {
              type: 'object',
              required: ['orders'],
              properties: {
                orders: { type: 'array', items: { $ref: 'Order#' } },
                nextCursor: { type: 'string', description: 'absent on the last page' },
              },
            },
            ...problemResponses(400, 401, 429, 503),
          },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const pageSize = request.query.limit === undefined ? 20 : Number(request.query.limit);
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
          throw new HttpProblem({
            ...problem('invalid-argument', 'Invalid request', 400, `limit must be 1-${MAX_PAGE_SIZE}`),
            field: 'limit',
          });
        }
        const { orders, nextPageToken } = await upstreams.orders.listOrders(
          { userId: caller.id, pageSize, pageToken: request.query.cursor ?? '' },
          { metadata: callerMetadata(caller.id) },
        );
        return {
          orders: orders.map(orderView),
          ...(nextPageToken === '' ? {} : { nextCursor: nextPageToken }),
        };
      },
    );

    app.post<{ Params: { id: string }; Body: { reason?: string } | undefined }>(
      '/v1/orders/:id/cancel',
      {
        // an empty body is the usual cancel; validate it as {}
        preValidation: async (request) => {
          if (request.body === undefined || request.body === null) request.body = {};
        },
        preHandler: guards.user,
        schema: {
          tags: ['orders'],
          summary: 'Cancel an order while it is PENDING (409 otherwise)',
          security,
          params: idParams,
          body: {
            type: 'object',
            additionalProperties: false,
            properties: { reason: { type: 'string', maxLength: 500 } },
          },
          response: { 200: { $ref: 'Order#' }, ...problemResponses(400, 401, 404, 409, 429, 503) },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const { order } = await upstreams.orders.cancelOrder(
          { userId: caller.id, id: request.params.id, reason: request.body?.reason ?? '' },
          { metadata: callerMetadata(caller.id) },
        );
        if (!order) throw new Error('orders answered CancelOrder without an order');
        return orderView(order);
      },
    );
  };
}
