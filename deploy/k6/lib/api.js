// The gateway's REST API for k6: one function per call, each tagged with a stable request name (ids
// never end up in metric labels) and checked. Functions return `{ ok, status, response }`: `ok` tells
// whether the checks passed; `field(result, 'a.b')` reads the JSON body.
import { check } from 'k6';
import http from 'k6/http';
import { baseUrl, requestTimeout } from './config.js';

const json = { 'content-type': 'application/json' };

function params(name, token, extraHeaders, expected) {
  const headers = { ...extraHeaders };
  if (token) headers.authorization = `Bearer ${token}`;
  const result = { headers, timeout: requestTimeout, tags: { name } };
  if (expected) result.responseCallback = http.expectedStatuses(...expected);
  return result;
}

/** JSON body field of a result (or a k6 response), or undefined when the body is not JSON. */
export function field(result, path) {
  const response = result.response || result;
  try {
    return response.json(path);
  } catch (_error) {
    return undefined;
  }
}

function checked(response, name, status, extra = {}) {
  const ok = check(response, {
    [`${name} is ${status}`]: (r) => r.status === status,
    ...extra,
  });
  return { ok, status: response.status, response };
}

/** POST /v1/auth/signup. 429 is expected (the per-IP auth limit) and left to the caller to retry. */
export function signup(account, expected = [201]) {
  const name = 'POST /v1/auth/signup';
  const response = http.post(
    `${baseUrl}/v1/auth/signup`,
    JSON.stringify(account),
    params(name, undefined, json, expected),
  );
  if (response.status === 429) return { ok: false, status: 429, response };
  return checked(response, name, 201, {
    'signup returns an access token': (r) => typeof field(r, 'accessToken') === 'string',
  });
}

export function login(email, password) {
  const name = 'POST /v1/auth/login';
  const response = http.post(
    `${baseUrl}/v1/auth/login`,
    JSON.stringify({ email, password }),
    params(name, undefined, json),
  );
  return checked(response, name, 200, {
    'login returns an access token': (r) => typeof field(r, 'accessToken') === 'string',
  });
}

export function me(token, userId) {
  const name = 'GET /v1/users/me';
  const response = http.get(`${baseUrl}/v1/users/me`, params(name, token));
  return checked(response, name, 200, { 'me is the caller': (r) => field(r, 'id') === userId });
}

export function products() {
  const name = 'GET /v1/products';
  const response = http.get(`${baseUrl}/v1/products`, params(name));
  return checked(response, name, 200, {
    'the catalog has products': (r) => (field(r, 'products') || []).length > 0,
  });
}

export function tokenizeCard(token, number) {
  const name = 'POST /v1/payment-methods';
  const card = { number, expMonth: 12, expYear: new Date().getUTCFullYear() + 3, cvc: '123' };
  const response = http.post(
    `${baseUrl}/v1/payment-methods`,
    JSON.stringify(card),
    params(name, token, json),
  );
  return checked(response, name, 201, {
    'a token and only the last four digits come back': (r) =>
      /^pm_/.test(field(r, 'token') || '') &&
      field(r, 'last4') === number.slice(-4) &&
      !r.body.includes(number),
  });
}

/** POST /v1/orders; `replay` marks the second send of the same key and body (200, same order). */
export function placeOrder(token, idempotencyKey, body, replay = false) {
  const name = 'POST /v1/orders';
  const response = http.post(
    `${baseUrl}/v1/orders`,
    JSON.stringify(body),
    params(name, token, { ...json, 'idempotency-key': idempotencyKey }),
  );
  if (replay) {
    return checked(response, `${name} (replay)`, 200, {
      'a replay says so': (r) => r.headers['Idempotent-Replayed'] === 'true',
    });
  }
  return checked(response, name, 201, { 'a new order is PENDING': (r) => field(r, 'status') === 'PENDING' });
}

export function getOrder(token, id) {
  const name = 'GET /v1/orders/{id}';
  const response = http.get(`${baseUrl}/v1/orders/${id}`, params(name, token));
  return checked(response, name, 200, { 'the order is the one asked for': (r) => field(r, 'id') === id });
}

export function listOrders(token) {
  const name = 'GET /v1/orders';
  const response = http.get(`${baseUrl}/v1/orders?limit=10`, params(name, token));
  return checked(response, name, 200, { 'orders come as a list': (r) => Array.isArray(field(r, 'orders')) });
}

/** POST /v1/orders/{id}/cancel: 200 CANCELLED while PENDING, 409 once paid or failed (both expected). */
export function cancelOrder(token, id) {
  const name = 'POST /v1/orders/{id}/cancel';
  const response = http.post(
    `${baseUrl}/v1/orders/${id}/cancel`,
    JSON.stringify({ reason: 'k6: changed my mind' }),
    params(name, token, json, [200, 409]),
  );
  const ok = check(response, {
    'cancel is 200 CANCELLED or 409 (already settled)': (r) =>
      (r.status === 200 && field(r, 'status') === 'CANCELLED') || r.status === 409,
  });
  return { ok, status: response.status, response };
}
