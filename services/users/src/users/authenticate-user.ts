import { withoutSecrets } from '../store/user-store.js';
import type { UsersDeps } from './deps.js';
import { hashPassword, verifyPassword } from './password.js';
import { InvalidInput, type User, WrongCredentials, email } from './user.js';

/** A hash of a random password, verified against when the email is unknown so both paths cost the same. */
const decoyHash = hashPassword(crypto.randomUUID());

/** Login: the same error, after the same work, for an unknown email and a wrong password. */
export async function authenticateUser(
  { store, claims }: UsersDeps,
  input: { email: string; password: string },
): Promise<User> {
  let address: string;
  try {
    address = email(input.email);
  } catch (error) {
    if (error instanceof InvalidInput) throw new WrongCredentials();
    throw error;
  }
  const ownerId = await claims.owner(address);
  const stored = ownerId === undefined ? undefined : await store.find(ownerId);
  const matches = await verifyPassword(input.password, stored?.passwordHash ?? (await decoyHash));
  if (!stored || !matches || stored.email !== address) throw new WrongCredentials();
  return withoutSecrets(stored);
}
