import type { UsersDeps } from './deps.js';
import { findUser } from './get-user.js';
import { NotAllowed, UnknownCaller, type User } from './user.js';

/**
 * The second check behind the gateway's (defence in depth): the caller acts on its own account, or is
 * an existing admin. The role comes from our own data, never from the caller.
 */
export async function authorizeCaller(deps: UsersDeps, callerId: string, targetId: string): Promise<User> {
  const caller = await findUser(deps, callerId);
  if (!caller) throw new UnknownCaller();
  if (callerId !== targetId && caller.role !== 'ADMIN') throw new NotAllowed();
  return caller;
}
