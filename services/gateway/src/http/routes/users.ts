// /v1/users/me and /v1/users/{id}: a user reads and changes only itself; an admin any account. The
// users service checks the same again from the caller id in the call metadata.
import { callerMetadata } from '@orrery/platform/grpc';
import type { FastifyPluginAsync } from 'fastify';
import { callerOf, requireOwnerOrAdmin } from '../caller.js';
import type { HttpDeps } from '../server.js';
import { idParams, problemResponses, userView } from '../views.js';

const patchBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    displayName: { type: 'string', minLength: 1, maxLength: 64 },
    email: { type: 'string', format: 'email', minLength: 3, maxLength: 254 },
  },
} as const;

const security = [{ bearer: [] }];
const userResponse = { 200: { $ref: 'User#' }, ...problemResponses(400, 401, 403, 404, 429, 503) };

export function userRoutes({ upstreams, guards }: HttpDeps): FastifyPluginAsync {
  return async (app) => {
    app.get(
      '/v1/users/me',
      {
        preHandler: guards.user,
        schema: { tags: ['users'], summary: 'The signed-in account', security, response: userResponse },
      },
      async (request) => callerOf(request),
    );

    app.get<{ Params: { id: string } }>(
      '/v1/users/:id',
      {
        preHandler: guards.user,
        schema: {
          tags: ['users'],
          summary: 'An account (your own, or any for an admin)',
          security,
          params: idParams,
          response: userResponse,
        },
      },
      async (request) => {
        const caller = requireOwnerOrAdmin(request, request.params.id);
        if (caller.id === request.params.id) return caller; // loaded by the auth step already
        const { user } = await upstreams.users.getUser(
          { id: request.params.id },
          { metadata: callerMetadata(caller.id) },
        );
        if (!user) throw new Error('users answered GetUser without a user');
        return userView(user);
      },
    );

    app.patch<{ Params: { id: string }; Body: { displayName?: string; email?: string } }>(
      '/v1/users/:id',
      {
        preHandler: guards.user,
        schema: {
          tags: ['users'],
          summary: 'Change display name and/or email',
          security,
          params: idParams,
          body: patchBody,
          response: { ...userResponse, ...problemResponses(409, 413, 415) },
        },
      },
      async (request) => {
        const caller = requireOwnerOrAdmin(request, request.params.id);
        const { user } = await upstreams.users.updateUser(
          { id: request.params.id, ...request.body },
          { metadata: callerMetadata(caller.id) },
        );
        if (!user) throw new Error('users answered UpdateUser without a user');
        return userView(user);
      },
    );

    app.delete<{ Params: { id: string } }>(
      '/v1/users/:id',
      {
        preHandler: guards.user,
        schema: {
          tags: ['users'],
          summary: 'Delete an account; its tokens stop working at once',
          security,
          params: idParams,
          response: { 204: { type: 'null' }, ...problemResponses(400, 401, 403, 404, 429, 503) },
        },
      },
      async (request, reply) => {
        const caller = requireOwnerOrAdmin(request, request.params.id);
        await upstreams.users.deleteUser({ id: request.params.id }, { metadata: callerMetadata(caller.id) });
        return reply.code(204).send();
      },
    );
  };
}
