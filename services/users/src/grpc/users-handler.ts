// The gRPC edge of the users service: contract messages ⇄ use cases, domain errors → gRPC status.
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Role, UsersService } from '@orrery/contracts/orrery/users/v1/users_pb';
import { type ImplementationOf, RpcError, Status } from '@orrery/platform/grpc';
import { authenticateUser } from '../users/authenticate-user.js';
import { createUser } from '../users/create-user.js';
import type { UsersDeps } from '../users/deps.js';
import { getUser } from '../users/get-user.js';
import { updateUser } from '../users/update-user.js';
import { EmailTaken, InvalidInput, type User, UserNotFound, WrongCredentials } from '../users/user.js';

export { UsersService };

function toContract(user: User) {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role === 'ADMIN' ? Role.ADMIN : Role.USER,
    createdAt: timestampFromDate(user.createdAt),
    updatedAt: timestampFromDate(user.updatedAt),
  };
}

/** Domain errors become their gRPC status; anything else propagates (the bridge answers INTERNAL). */
function toStatus(error: unknown): never {
  if (error instanceof InvalidInput) throw new RpcError(Status.INVALID_ARGUMENT, error.message);
  if (error instanceof UserNotFound) throw new RpcError(Status.NOT_FOUND, error.message);
  if (error instanceof EmailTaken) throw new RpcError(Status.ALREADY_EXISTS, error.message);
  if (error instanceof WrongCredentials) throw new RpcError(Status.UNAUTHENTICATED, error.message);
  throw error;
}

export function usersHandler(deps: UsersDeps): ImplementationOf<typeof UsersService> {
  return {
    async createUser(request) {
      const user = await createUser(deps, request).catch(toStatus);
      return { user: toContract(user) };
    },
    async getUser(request) {
      const user = await getUser(deps, request.id).catch(toStatus);
      return { user: toContract(user) };
    },
    async updateUser(request) {
      const user = await updateUser(deps, request).catch(toStatus);
      return { user: toContract(user) };
    },
    async authenticateUser(request) {
      const user = await authenticateUser(deps, request).catch(toStatus);
      return { user: toContract(user) };
    },
  };
}
