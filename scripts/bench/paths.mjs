// The platform paths of the benchmark, driven through the gateway like a user: GET own user (a users
// cache hit), POST order (catalog pricing, idempotency key, order + outbox transaction), and the saga
// (order created → PAID) at a fixed rate, its latency read from the orders shards.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { promisify } from 'node:util';
import { driveAtRate, httpJson, httpLoad, summarize } from './load.mjs';
import { cpuMeter, metered } from './process-stats.mjs';

const run = promisify(execFile);
const SUCCESS_CARD = '4242424242424242';
const ITEMS = [{ productId: 'star-atlas', quantity: 1 }];

/** The pid of the Redis server behind `redisUrl` (its CPU counts towards the platform paths). */
export async function redisPid(redisUrl) {
  const { hostname, port } = new URL(redisUrl);
  const { stdout } = await run('redis-cli', ['-h', hostname, '-p', port, 'info', 'server']);
  return Number(/process_id:(\d+)/.exec(stdout)?.[1]);
}

/** Signs up a shopper with a tokenized success card: `{ id, token, paymentToken }`. */
export async function shopper(baseUrl) {
  const agent = new http.Agent({ keepAlive: false });
  const signup = await httpJson(agent, `${baseUrl}/v1/auth/signup`, {
    method: 'POST',
    expect: 201,
    body: {
      email: `bench-${randomUUID()}@example.test`,
      password: 'benchmark password',
      displayName: 'bench',
    },
  });
  const headers = { authorization: `Bearer ${signup.accessToken}` };
  const card = await httpJson(agent, `${baseUrl}/v1/payment-methods`, {
    method: 'POST',
    expect: 201,
    headers,
    body: { number: SUCCESS_CARD, expMonth: 12, expYear: new Date().getFullYear() + 2, cvc: '123' },
  });
  return { id: signup.user.id, headers, paymentToken: card.token };
}

function placeOrder(agent, baseUrl, buyer) {
  return httpJson(agent, `${baseUrl}/v1/orders`, {
    method: 'POST',
    expect: 201,
    headers: { ...buyer.headers, 'idempotency-key': randomUUID() },
    body: { items: ITEMS, paymentToken: buyer.paymentToken },
  });
}

export async function getOwnUser(platform, pids, load) {
  const buyer = await shopper(platform.baseUrl);
  const url = `${platform.baseUrl}/v1/users/${buyer.id}`;
  return metered(pids, (hooks) =>
    httpLoad((agent) => httpJson(agent, url, { headers: buyer.headers, raw: true }), { ...load, ...hooks }),
  );
}

export async function postOrder(platform, pids, load, buyers) {
  let next = 0;
  return metered(pids, (hooks) =>
    httpLoad((agent) => placeOrder(agent, platform.baseUrl, buyers[next++ % buyers.length]), {
      ...load,
      ...hooks,
    }),
  );
}

/** Queries every shard of a shard set and concatenates the rows. */
async function queryShards(shards, sql, params) {
  const results = await Promise.all(shards.all().map((shard) => shard.query(sql, params)));
  return results.flatMap((result) => result.rows);
}

/** Waits until no order is PENDING (the saga drained), up to `timeoutMs`; returns the count left. */
export async function drainSagas(platform, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await queryShards(
      platform.orders,
      `SELECT count(*)::int AS n FROM orders WHERE status = 'PENDING'`,
    );
    const pending = rows.reduce((sum, row) => sum + row.n, 0);
    if (pending === 0 || Date.now() > deadline) return pending;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * Places orders at `rate`/s for `durationMs` (open model), waits for their sagas, and reports the
 * completion latency (created_at → updated_at of the PAID/FAILED row) from the orders shards.
 */
export async function sagaAtRate(platform, pids, { rate, durationMs }, buyers) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  let next = 0;
  const meter = cpuMeter(pids);
  const began = performance.now();
  const placed = await driveAtRate(
    () => placeOrder(agent, platform.baseUrl, buyers[next++ % buyers.length]),
    {
      rate,
      durationMs,
    },
  );
  agent.destroy();
  const ids = placed.filter((call) => call.ok).map((call) => call.value.id);
  const left = await drainSagas(platform);
  const cpu = meter.stop();
  const rows = await queryShards(
    platform.orders,
    `SELECT status, extract(epoch FROM updated_at - created_at) * 1000 AS ms FROM orders WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  const done = rows.filter((row) => row.status === 'PAID' || row.status === 'FAILED');
  const result = summarize(
    done.map((row) => Number(row.ms)),
    performance.now() - began,
    placed.length - ids.length,
  );
  return {
    ...result,
    rps: (ids.length / durationMs) * 1000,
    placed: ids.length,
    paid: rows.filter((row) => row.status === 'PAID').length,
    stillPending: left,
    cpu,
  };
}
