import type { UserCache } from '../cache/user-cache.js';
import type { EmailClaims } from '../store/email-claims.js';
import type { UserStore } from '../store/user-store.js';

/** What the user use cases need; built in app.ts. */
export interface UsersDeps {
  readonly store: UserStore;
  readonly claims: EmailClaims;
  readonly cache: UserCache;
}

/** Used by email claims to tell an abandoned claim from a live one. */
export function userExists(store: UserStore): (id: string) => Promise<boolean> {
  return async (id) => (await store.find(id)) !== undefined;
}
