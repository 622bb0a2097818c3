// Accounts, metrics and database checks for end-to-end tests that go through the gateway.
import assert from 'node:assert/strict';
import { type ApiResponse, apiClient, metricsText } from './http.js';
import type { TestPlatform } from './local-platform.js';
import { countOnShards } from './shards.js';

export interface Account {
  id: string;
  email: string;
  token: string;
}

let run = 0;

export function assertProblem(response: ApiResponse, status: number, type: string): void {
  assert.equal(response.status, status, JSON.stringify(response.body));
  assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
  assert.equal(response.body.type, `/problems/${type}`, JSON.stringify(response.body));
}

/** Helpers bound to one running test platform. */
export function gatewayKit(platform: TestPlatform) {
  const api = apiClient(platform.baseUrl);
  return {
    api,
    async signup(name = 'user'): Promise<Account> {
      const email = `${name}-${process.pid}-${++run}@example.test`;
      const response = await api('POST', '/v1/auth/signup', {
        json: { email, password: 'correct horse battery', displayName: name },
      });
      assert.equal(response.status, 201, JSON.stringify(response.body));
      return { id: response.body.user.id, email, token: response.body.accessToken };
    },
    async admin(): Promise<Account> {
      const { adminEmail, adminPassword } = platform.secrets;
      const response = await api('POST', '/v1/auth/login', {
        json: { email: adminEmail, password: adminPassword },
      });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.equal(response.body.user.role, 'ADMIN');
      return { id: response.body.user.id, email: adminEmail, token: response.body.accessToken };
    },
    usersMetrics: () => metricsText(platform.ports.usersAdmin),
    gatewayMetrics: () => metricsText(platform.ports.gatewayAdmin),
    async rowsWithEmail(email: string): Promise<{ users: number; claims: number }> {
      const urls = platform.databases.users.urls;
      const count = (table: string) =>
        countOnShards(urls, `SELECT count(*) AS n FROM ${table} WHERE email = $1`, [email]);
      return { users: await count('users'), claims: await count('email_claims') };
    },
  };
}
