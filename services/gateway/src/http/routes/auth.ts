// POST /v1/auth/signup and /v1/auth/login: accounts and access tokens.
import type { FastifyPluginAsync } from 'fastify';
import type { HttpDeps } from '../server.js';
import { problemResponses, userView } from '../views.js';

const email = { type: 'string', format: 'email', minLength: 3, maxLength: 254 } as const;
const password = { type: 'string', minLength: 8, maxLength: 128 } as const;

const signupBody = {
  type: 'object',
  required: ['email', 'password', 'displayName'],
  additionalProperties: false,
  properties: { email, password, displayName: { type: 'string', minLength: 1, maxLength: 64 } },
} as const;

const loginBody = {
  type: 'object',
  required: ['email', 'password'],
  additionalProperties: false,
  properties: { email, password: { type: 'string', minLength: 1, maxLength: 128 } },
} as const;

interface SignupBody {
  email: string;
  password: string;
  displayName: string;
}

export function authRoutes({ upstreams, tokens, guards }: HttpDeps): FastifyPluginAsync {
  return async (app) => {
    app.post<{ Body: SignupBody }>(
      '/v1/auth/signup',
      {
        preHandler: guards.auth,
        schema: {
          tags: ['auth'],
          summary: 'Create an account and sign in',
          body: signupBody,
          response: { 201: { $ref: 'AccessToken#' }, ...problemResponses(400, 409, 413, 415, 429, 503) },
        },
      },
      async (request, reply) => {
        const { user } = await upstreams.users.createUser(request.body);
        if (!user) throw new Error('users answered CreateUser without a user');
        const view = userView(user);
        const token = await tokens.issue({ userId: view.id, role: view.role });
        return reply.code(201).send({ ...token, user: view });
      },
    );

    app.post<{ Body: { email: string; password: string } }>(
      '/v1/auth/login',
      {
        preHandler: guards.auth,
        schema: {
          tags: ['auth'],
          summary: 'Exchange email and password for an access token',
          body: loginBody,
          response: { 200: { $ref: 'AccessToken#' }, ...problemResponses(400, 401, 413, 415, 429, 503) },
        },
      },
      async (request, reply) => {
        const { user } = await upstreams.users.authenticateUser(request.body);
        if (!user) throw new Error('users answered AuthenticateUser without a user');
        const view = userView(user);
        return reply.send({ ...(await tokens.issue({ userId: view.id, role: view.role })), user: view });
      },
    );
  };
}
