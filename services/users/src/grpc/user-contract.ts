// The users service's User as the contract message (for RPC answers and events).
import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Role, type User as UserMessage, UserSchema } from '@orrery/contracts/orrery/users/v1/users_pb';
import type { User } from '../users/user.js';

export function toContract(user: User): UserMessage {
  return create(UserSchema, {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role === 'ADMIN' ? Role.ADMIN : Role.USER,
    createdAt: timestampFromDate(user.createdAt),
    updatedAt: timestampFromDate(user.updatedAt),
  });
}
