import type { UsersDeps } from './deps.js';
import { UserNotFound, userId } from './user.js';

/**
 * Deletes the row, then frees the email (a crash in between leaves a claim naming a missing user, which
 * the claim protocol treats as abandoned), then tombstones the cache entry.
 */
export async function deleteUser({ store, claims, cache }: UsersDeps, rawId: string): Promise<void> {
  const id = userId(rawId);
  const removed = await store.remove(id);
  if (!removed) throw new UserNotFound(id);
  await claims.release(removed.email, id);
  await cache.deleted(id);
}
