// Shoppers, cards and orders through the gateway of a running test platform, for the saga tests.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { gatewayKit } from './gateway-accounts.js';
import { type ApiResponse, eventually } from './http.js';
import type { SagaDatabases } from './invariants.js';
import type { TestPlatform } from './local-platform.js';
import { queryShards } from './shards.js';

export interface Shopper {
  readonly token: string;
  readonly id: string;
}

/** The simulated provider's test cards. */
export const CARDS = {
  succeeds: '4242424242424242',
  declines: '4000000000000002',
  failsTwice: '4000000000000119',
} as const;

/** Helpers bound to one platform's gateway and databases. */
export function sagaKit(platform: TestPlatform) {
  const accounts = gatewayKit(platform);
  const api = accounts.api;
  const databases: SagaDatabases = {
    orders: platform.databases.orders.urls,
    payments: platform.databases.payments.urls,
  };
  return {
    api,
    databases,
    shopper: (): Promise<Shopper> => accounts.signup('shopper'),
    /** Tokenizes `number` for the shopper and returns the payment token. */
    async card(token: string, number: string): Promise<string> {
      const response = await api('POST', '/v1/payment-methods', {
        token,
        json: { number, expMonth: 12, expYear: new Date().getFullYear() + 2, cvc: '123' },
      });
      assert.equal(response.status, 201, JSON.stringify(response.body));
      assert.equal(response.body.last4, number.slice(-4));
      assert.equal(JSON.stringify(response.body).includes(number), false, 'the number never comes back');
      return response.body.token;
    },
    /** POST /v1/orders: two star atlases paid with `paymentToken`. */
    order(token: string, paymentToken: string, key: string = randomUUID()): Promise<ApiResponse> {
      return api('POST', '/v1/orders', {
        token,
        headers: { 'idempotency-key': key },
        json: { items: [{ productId: 'star-atlas', quantity: 2 }], paymentToken },
      });
    },
    async untilTerminal(token: string, id: string): Promise<ApiResponse> {
      let last: ApiResponse | undefined;
      await eventually(`order ${id} to finish`, 60_000, async () => {
        last = await api('GET', `/v1/orders/${id}`, { token });
        return last.status === 200 && last.body.status !== 'PENDING';
      });
      return last as ApiResponse;
    },
    query<R>(database: 'orders' | 'payments', sql: string, params: unknown[] = []): Promise<R[]> {
      return queryShards<R>(platform.databases[database].urls, sql, params);
    },
  };
}
