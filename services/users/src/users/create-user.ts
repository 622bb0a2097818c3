import { randomUUID } from 'node:crypto';
import type { UsersDeps } from './deps.js';
import { hashPassword } from './password.js';
import { displayName, EmailTaken, email, password, type User } from './user.js';

export interface CreateUserInput {
  email: string;
  password: string;
  displayName: string;
}

/** Signup: validates, hashes the password, claims the email across shards, stores the user. */
export async function createUser({ store, claims }: UsersDeps, input: CreateUserInput): Promise<User> {
  const address = email(input.email);
  const name = displayName(input.displayName);
  const passwordHash = await hashPassword(password(input.password));
  const id = randomUUID();
  if (!(await claims.claim(address, id))) throw new EmailTaken();
  let user: User;
  try {
    user = await store.insert({ id, email: address, displayName: name, passwordHash });
  } catch (error) {
    await claims.release(address, id);
    throw error;
  }
  if (!(await claims.holds(address, id))) {
    await store.remove(id); // our claim was taken over while we were stalled: the other signup wins
    throw new EmailTaken();
  }
  return user;
}
