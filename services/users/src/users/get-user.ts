import { withoutSecrets } from '../store/user-store.js';
import type { UsersDeps } from './deps.js';
import { type User, UserNotFound, userId } from './user.js';

/** A user by id, through the cache (undefined when there is none). */
export async function findUser({ store, cache }: UsersDeps, id: string): Promise<User | undefined> {
  return cache.get(id, async () => {
    const stored = await store.find(id);
    return stored && withoutSecrets(stored);
  });
}

export async function getUser(deps: UsersDeps, rawId: string): Promise<User> {
  const id = userId(rawId);
  const found = await findUser(deps, id);
  if (!found) throw new UserNotFound(id);
  return found;
}
