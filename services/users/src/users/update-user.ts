import type { UsersDeps } from './deps.js';
import { displayName, EmailTaken, email, InvalidInput, type User, UserNotFound, userId } from './user.js';

export interface UpdateUserInput {
  id: string;
  displayName?: string | undefined;
  email?: string | undefined;
}

/** Changes the display name and/or email; a new email is claimed before the old one is released. */
export async function updateUser({ store, claims, cache }: UsersDeps, input: UpdateUserInput): Promise<User> {
  const id = userId(input.id);
  if (input.displayName === undefined && input.email === undefined) {
    throw new InvalidInput('display_name', 'set display_name and/or email');
  }
  const changes = {
    ...(input.displayName === undefined ? {} : { displayName: displayName(input.displayName) }),
    ...(input.email === undefined ? {} : { email: email(input.email) }),
  };
  const current = await store.find(id);
  if (!current) throw new UserNotFound(id);
  const newEmail = changes.email !== undefined && changes.email !== current.email ? changes.email : undefined;
  if (newEmail !== undefined && !(await claims.claim(newEmail, id))) throw new EmailTaken();
  const updated = await store.update(id, changes);
  if (!updated) {
    if (newEmail !== undefined) await claims.release(newEmail, id);
    throw new UserNotFound(id);
  }
  if (newEmail !== undefined) await claims.release(current.email, id);
  await cache.written(updated);
  return updated;
}
