import { hash64 } from '../ring/index.js';

/**
 * The advisory-lock key for a named leadership, in the style of `MIGRATION_LOCK_KEY`: the signed
 * 64-bit form of `hash64(name)`, as text for a `$1::bigint` parameter.
 */
export function leaderLockKey(name: string): string {
  if (name.trim() === '') throw new Error('leaderLockKey: name is empty');
  return BigInt.asIntN(64, hash64(name)).toString();
}
