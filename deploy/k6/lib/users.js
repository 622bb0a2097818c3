// The pool of accounts a run shares. Signup and login are limited per IP (default 5/10s and 30/min),
// so setup() signs up ORRERY_K6_USERS accounts once, waiting out 429s as Retry-After says, and every
// virtual user then works as one of them. Access tokens live 15 minutes by default: a virtual user
// logs in again before its token gets old (soak runs).
import { fail, sleep } from 'k6';
import * as api from './api.js';
import { field } from './api.js';
import { testId } from './config.js';

export const password = 'k6 correct horse battery';
const TOKEN_MAX_AGE_MS = 10 * 60 * 1000;
const SETUP_DEADLINE_MS = 4 * 60 * 1000;

/** A new unique email; `kind` and the run id tell k6 accounts apart in the database. */
export function uniqueEmail(kind) {
  const nonce = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  return `k6-${testId}-${kind}-${__VU}-${nonce}@example.test`.toLowerCase();
}

/** Signs up one account, waiting out the per-IP auth limit; null when the deadline passes. */
export function signupWithRetry(kind, deadline) {
  const email = uniqueEmail(kind);
  while (Date.now() < deadline) {
    const response = api.signup({ email, password, displayName: `k6 ${kind}` }, [201, 429]);
    if (response.status !== 429) {
      if (!response.ok) return null;
      return { id: field(response, 'user.id'), email, token: field(response, 'accessToken'), at: Date.now() };
    }
    sleep(Math.max(0.2, Number(response.response.headers['Retry-After'] || 1)));
  }
  return null;
}

/** setup(): `size` fresh accounts with their tokens. Fails the run when none can be made. */
export function createPool(size) {
  const deadline = Date.now() + SETUP_DEADLINE_MS;
  const pool = [];
  for (let i = 0; i < size; i++) {
    const account = signupWithRetry('pool', deadline);
    if (account) pool.push(account);
  }
  if (pool.length === 0) fail('setup could not sign up a single account: is the gateway up?');
  if (pool.length < size) console.warn(`setup signed up ${pool.length} of ${size} accounts`);
  return pool;
}

/** The account this virtual user works as, with a token young enough to use. */
export function accountOf(pool) {
  const account = pool[(__VU - 1) % pool.length];
  if (Date.now() - (account.at || 0) > TOKEN_MAX_AGE_MS) {
    const response = api.login(account.email, password);
    if (response.ok) {
      account.token = field(response, 'accessToken');
      account.at = Date.now();
    }
  }
  return account;
}
