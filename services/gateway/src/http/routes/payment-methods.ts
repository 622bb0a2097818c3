// POST /v1/payment-methods: card → token. The card goes to the payments service and nowhere else
// (never logged: the body is not logged and the logger redacts `number` and `cvc`).
import { callerMetadata } from '@orrery/platform/grpc';
import type { FastifyPluginAsync } from 'fastify';
import { callerOf } from '../caller.js';
import { paymentMethodView } from '../order-views.js';
import type { HttpDeps } from '../server.js';
import { problemResponses } from '../views.js';

const cardBody = {
  type: 'object',
  required: ['number', 'expMonth', 'expYear', 'cvc'],
  additionalProperties: false,
  properties: {
    number: { type: 'string', pattern: '^[0-9]{12,19}$', description: 'digits only' },
    expMonth: { type: 'integer', minimum: 1, maximum: 12 },
    expYear: { type: 'integer', minimum: 2000, maximum: 2199 },
    cvc: { type: 'string', pattern: '^[0-9]{3,4}$' },
  },
} as const;

interface CardBody {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

export function paymentMethodRoutes({ upstreams, guards }: HttpDeps): FastifyPluginAsync {
  return async (app) => {
    app.post<{ Body: CardBody }>(
      '/v1/payment-methods',
      {
        preHandler: guards.user,
        schema: {
          tags: ['payments'],
          summary:
            'Store a card and get a token for it (test cards: 4242424242424242 succeeds, 4000000000000002 is declined)',
          security: [{ bearer: [] }],
          body: cardBody,
          response: { 201: { $ref: 'PaymentMethod#' }, ...problemResponses(400, 401, 413, 415, 429, 503) },
        },
      },
      async (request, reply) => {
        const caller = callerOf(request);
        const { paymentMethod } = await upstreams.payments.tokenizeCard(
          { userId: caller.id, ...request.body },
          { metadata: callerMetadata(caller.id) },
        );
        if (!paymentMethod) throw new Error('payments answered TokenizeCard without a payment method');
        return reply.code(201).send(paymentMethodView(paymentMethod));
      },
    );
  };
}
