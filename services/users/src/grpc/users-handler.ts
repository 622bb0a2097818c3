// The gRPC edge of the users service: contract messages ⇄ use cases, domain errors → gRPC status.
import { UsersService } from '@orrery/contracts/orrery/users/v1/users_pb';
import { type CallContext, callerIdOf, type ImplementationOf, RpcError, Status } from '@orrery/platform/grpc';
import { toContract } from './user-contract.js';
import { authenticateUser } from '../users/authenticate-user.js';
import { authorizeCaller } from '../users/authorize.js';
import { createUser } from '../users/create-user.js';
import { deleteUser } from '../users/delete-user.js';
import type { UsersDeps } from '../users/deps.js';
import { getUser } from '../users/get-user.js';
import { updateUser } from '../users/update-user.js';
import {
  EmailTaken,
  InvalidInput,
  NotAllowed,
  UnknownCaller,
  UserNotFound,
  userId,
  WrongCredentials,
} from '../users/user.js';

export { UsersService };

/** Domain errors become their gRPC status; anything else propagates (the bridge answers INTERNAL). */
function toStatus(error: unknown): never {
  if (error instanceof InvalidInput)
    throw new RpcError(Status.INVALID_ARGUMENT, error.message, {
      reason: 'INVALID_FIELD',
      field: error.field,
    });
  if (error instanceof UserNotFound)
    throw new RpcError(Status.NOT_FOUND, error.message, { reason: 'USER_NOT_FOUND' });
  if (error instanceof EmailTaken)
    throw new RpcError(Status.ALREADY_EXISTS, error.message, { reason: 'EMAIL_TAKEN' });
  if (error instanceof WrongCredentials)
    throw new RpcError(Status.UNAUTHENTICATED, error.message, { reason: 'BAD_CREDENTIALS' });
  if (error instanceof UnknownCaller)
    throw new RpcError(Status.UNAUTHENTICATED, error.message, { reason: 'UNKNOWN_CALLER' });
  if (error instanceof NotAllowed)
    throw new RpcError(Status.PERMISSION_DENIED, error.message, { reason: 'NOT_OWNER' });
  throw error;
}

/** Validates the target id and checks the caller may act on it; returns both. */
async function authorized(deps: UsersDeps, call: CallContext, rawTarget: string) {
  const target = userId(rawTarget);
  const caller = await authorizeCaller(deps, callerIdOf(call), target);
  return { target, caller };
}

export function usersHandler(deps: UsersDeps): ImplementationOf<typeof UsersService> {
  return {
    async createUser(request) {
      const user = await createUser(deps, request).catch(toStatus);
      return { user: toContract(user) };
    },
    async getUser(request, call) {
      // a caller reading itself was loaded by the check already (one cache read, not two)
      const user = await authorized(deps, call, request.id)
        .then(({ target, caller }) => (caller.id === target ? caller : getUser(deps, target)))
        .catch(toStatus);
      return { user: toContract(user) };
    },
    async updateUser(request, call) {
      const user = await authorized(deps, call, request.id)
        .then(({ target }) => updateUser(deps, { ...request, id: target }))
        .catch(toStatus);
      return { user: toContract(user) };
    },
    async deleteUser(request, call) {
      await authorized(deps, call, request.id)
        .then(({ target }) => deleteUser(deps, target))
        .catch(toStatus);
      return {};
    },
    async authenticateUser(request) {
      const user = await authenticateUser(deps, request).catch(toStatus);
      return { user: toContract(user) };
    },
  };
}
