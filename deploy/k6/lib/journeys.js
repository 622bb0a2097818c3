// What a user of the shop does, as k6 iterations.
//   shop: read own profile, list products, tokenize a test card (a share with the declined card),
//         place an order with an Idempotency-Key (a share sent twice: same order back), cancel a share,
//         poll until PAID / FAILED / CANCELLED (saga completion time), sometimes list own orders.
//   auth: log in as a pool account (every fourth time sign up a new one) and read own profile.
import { check, sleep } from 'k6';
import * as api from './api.js';
import { field } from './api.js';
import { sagaTimeoutMs, shares, testCards } from './config.js';
import * as metrics from './metrics.js';
import { accountOf, password, signupWithRetry } from './users.js';

const TERMINAL = ['PAID', 'FAILED', 'CANCELLED'];
const POLL_INTERVAL_S = 0.1;

const chance = (share) => Math.random() < share;
const pick = (list) => list[Math.floor(Math.random() * list.length)];

function idempotencyKey() {
  return `k6-${__VU}-${__ITER}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Polls the order until it is terminal; records saga completion from `placedAt`. */
export function awaitTerminal(token, id, placedAt) {
  const deadline = placedAt + sagaTimeoutMs;
  while (Date.now() < deadline) {
    const response = api.getOrder(token, id);
    const status = response.ok ? field(response, 'status') : undefined;
    if (TERMINAL.includes(status)) {
      metrics.sagaCompletion.add(Date.now() - placedAt);
      metrics.sagaTerminalInTime.add(true);
      return status;
    }
    sleep(POLL_INTERVAL_S);
  }
  metrics.sagaTerminalInTime.add(false);
  return undefined;
}

function countTerminal(status) {
  if (status === 'PAID') metrics.ordersPaid.add(1);
  else if (status === 'FAILED') metrics.ordersFailed.add(1);
  else if (status === 'CANCELLED') metrics.ordersCancelled.add(1);
}

export function shop(pool) {
  const account = accountOf(pool);
  api.me(account.token, account.id);
  const catalog = api.products();
  const products = field(catalog, 'products') || [];
  if (products.length === 0) return;
  const items = [pick(products)];
  if (chance(0.3)) {
    const other = pick(products);
    if (other.id !== items[0].id) items.push(other);
  }
  const declined = chance(shares.declined);
  const card = api.tokenizeCard(account.token, declined ? testCards.declined : testCards.approved);
  if (!card.ok) return;

  const key = idempotencyKey();
  const body = {
    items: items.map((product) => ({ productId: product.id, quantity: 1 + Math.floor(Math.random() * 3) })),
    paymentToken: field(card, 'token'),
  };
  const placed = api.placeOrder(account.token, key, body);
  if (!placed.ok) return;
  const placedAt = Date.now();
  const id = field(placed, 'id');
  metrics.ordersPlaced.add(1);

  if (chance(shares.retried)) {
    const replay = api.placeOrder(account.token, key, body, true);
    check(replay, { 'a replay returns the same order': (r) => field(r, 'id') === id });
    metrics.ordersReplayed.add(1);
  }

  let expected = declined ? 'FAILED' : 'PAID';
  if (chance(shares.cancelled)) {
    const cancelled = api.cancelOrder(account.token, id);
    if (cancelled.status === 200) expected = 'CANCELLED';
  }

  const status = awaitTerminal(account.token, id, placedAt);
  countTerminal(status);
  if (status !== undefined) {
    check(status, { 'the order ends as its card and cancel say': (s) => s === expected });
  }
  if (chance(0.2)) api.listOrders(account.token);
}

export function auth(pool) {
  if (__ITER % 4 === 0) {
    const created = signupWithRetry('signup', Date.now() + 30000);
    check(created, { 'a new account can sign up': (a) => a !== null });
    if (created) api.me(created.token, created.id);
    return;
  }
  const account = pick(pool);
  const response = api.login(account.email, password);
  if (response.ok) api.me(field(response, 'accessToken'), account.id);
}
