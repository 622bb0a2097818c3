// A load driver in TypeScript: every user journey of the platform, run by a few concurrent shoppers
// for a while through the public HTTP API. The observability check uses it when k6 is not there, and
// always for a handful of journeys k6 scenarios may not cover (a rejected token, a wrong password, the
// test card that fails twice then succeeds).
import { randomUUID } from 'node:crypto';
import { type ApiResponse, apiClient } from './http.js';
import { runK6, SHORT_LOAD_ENV, stat } from './k6.js';
import { CARDS } from './saga-kit.js';

/** What drove load, for the test's report. */
export interface LoadReport {
  readonly requests: number;
  readonly statuses: Readonly<Record<string, number>>;
}

/** Something that loads the platform at `baseUrl` for about `durationMs`. */
export interface LoadDriver {
  readonly name: string;
  run(baseUrl: string, durationMs: number): Promise<LoadReport>;
}

function counted(baseUrl: string) {
  const api = apiClient(baseUrl);
  const statuses: Record<string, number> = {};
  let requests = 0;
  const call = async (method: string, path: string, request: Parameters<typeof api>[2] = {}) => {
    const response: ApiResponse = await api(method, path, request);
    requests++;
    statuses[response.status] = (statuses[response.status] ?? 0) + 1;
    return response;
  };
  return { call, report: (): LoadReport => ({ requests, statuses: { ...statuses } }) };
}

type Call = ReturnType<typeof counted>['call'];

async function shopperJourney(call: Call, card: string): Promise<void> {
  const email = `load-${randomUUID()}@example.test`;
  const password = 'correct horse battery';
  const signup = await call('POST', '/v1/auth/signup', { json: { email, password, displayName: 'load' } });
  if (signup.status !== 201) return;
  await call('POST', '/v1/auth/login', { json: { email, password: 'wrong password!' } });
  const login = await call('POST', '/v1/auth/login', { json: { email, password } });
  const token: string = login.body?.accessToken ?? signup.body.accessToken;
  await call('GET', '/v1/users/me', { token });
  await call('GET', `/v1/users/${signup.body.user.id}`, { token });
  await call('GET', '/v1/products');
  await call('GET', '/v1/users/me', { token: 'not-a-jwt' });
  const year = new Date().getFullYear() + 2;
  const method = await call('POST', '/v1/payment-methods', {
    token,
    json: { number: card, expMonth: 12, expYear: year, cvc: '123' },
  });
  if (method.status !== 201) return;
  const key = randomUUID();
  const json = { items: [{ productId: 'star-atlas', quantity: 1 }], paymentToken: method.body.token };
  const placed = await call('POST', '/v1/orders', { token, headers: { 'idempotency-key': key }, json });
  await call('POST', '/v1/orders', { token, headers: { 'idempotency-key': key }, json }); // a retried request
  if (placed.status !== 201) return;
  const id: string = placed.body.id;
  const second = await call('POST', '/v1/orders', {
    token,
    headers: { 'idempotency-key': randomUUID() },
    json,
  });
  if (second.status === 201) await call('POST', `/v1/orders/${second.body.id}/cancel`, { token, json: {} });
  for (let i = 0; i < 50; i++) {
    const got = await call('GET', `/v1/orders/${id}`, { token });
    if (got.status !== 200 || got.body.status !== 'PENDING') break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await call('GET', '/v1/orders?limit=10', { token });
}

/** `concurrency` shoppers repeating the journey with the three test cards in turn. */
export function journeyDriver(concurrency = 4): LoadDriver {
  return {
    name: `TypeScript journeys ×${concurrency}`,
    async run(baseUrl, durationMs) {
      const { call, report } = counted(baseUrl);
      const until = Date.now() + durationMs;
      const cards = Object.values(CARDS);
      await Promise.all(
        Array.from({ length: concurrency }, async (_, worker) => {
          for (let round = 0; Date.now() < until; round++) {
            await shopperJourney(call, cards[(worker + round) % cards.length] as string);
          }
        }),
      );
      return report();
    },
  };
}

/**
 * k6's `load` scenario (deploy/k6, every journey at an open-model arrival rate) for about
 * `durationMs`, remote-writing its metrics to `prometheusUrl` (the Load-test dashboard reads them).
 * Rejects when k6 fails a threshold or a check.
 */
export function k6LoadDriver(prometheusUrl: string, testId: string): LoadDriver {
  return {
    name: 'k6 load.js (remote write)',
    async run(baseUrl, durationMs) {
      const hold = Math.max(5, Math.round((durationMs - 8000) / 1000));
      const run = await runK6('load', {
        baseUrl,
        prometheusUrl,
        env: {
          ...SHORT_LOAD_ENV,
          ORRERY_K6_HOLD: `${hold}s`,
          ORRERY_K6_TESTID: testId,
          // latency goals live in the benchmark; on a shared 2-core machine a timed threshold here would
          // only measure the neighbours. Checks, failed requests and saga completion stay strict.
          ORRERY_K6_P95_MS: '3000',
          ORRERY_K6_P99_MS: '6000',
        },
        timeoutMs: durationMs + 120_000,
      });
      if (run.exitCode !== 0)
        throw new Error(`k6 exited ${run.exitCode} (a threshold failed):\n${run.output.slice(-3000)}`);
      if (stat(run.summary, 'checks', 'fails') !== 0)
        throw new Error(`k6 checks failed:\n${run.output.slice(-3000)}`);
      const requests = stat(run.summary, 'http_reqs', 'count') ?? 0;
      return { requests, statuses: { k6: requests } };
    },
  };
}
