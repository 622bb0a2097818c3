import { withoutSecrets } from '../store/user-store.js';
import type { UsersDeps } from './deps.js';
import { type User, UserNotFound, userId } from './user.js';

export async function getUser({ store }: UsersDeps, rawId: string): Promise<User> {
  const id = userId(rawId);
  const found = await store.find(id);
  if (!found) throw new UserNotFound(id);
  return withoutSecrets(found);
}
