import { createUser } from './create-user.js';
import type { UsersDeps } from './deps.js';
import { email, type User } from './user.js';

/**
 * Makes sure the admin account named by configuration exists with role ADMIN: created with the
 * configured password when missing, promoted when it exists (its password is then left alone).
 * Safe to run from every replica at every start.
 */
export async function seedAdmin(deps: UsersDeps, admin: { email: string; password: string }): Promise<User> {
  const address = email(admin.email);
  let id = await deps.claims.owner(address);
  if (id === undefined) {
    try {
      id = (await createUser(deps, { email: address, password: admin.password, displayName: 'Admin' })).id;
    } catch (error) {
      id = await deps.claims.owner(address); // another replica seeded it at the same moment
      if (id === undefined) throw error;
    }
  }
  const promoted = await deps.store.setRole(id, 'ADMIN');
  if (!promoted) throw new Error(`admin account ${id} vanished while seeding`);
  await deps.cache.written(promoted);
  return promoted;
}
