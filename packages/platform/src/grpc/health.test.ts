import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  Health,
  HealthCheckResponse_ServingStatus as Serving,
} from '@orrery/contracts/grpc/health/v1/health_pb';
import { type ClientOf, createClient } from './client.js';
import { Status } from './rpc-error.js';
import type { GrpcServer } from './server.js';
import { startFixtureServer } from './test-fixtures.js';

const usersService = 'orrery.users.v1.UsersService';

describe('grpc bridge: grpc.health.v1.Health', () => {
  let server: GrpcServer;
  let health: ClientOf<typeof Health>;

  before(async () => {
    ({ server } = await startFixtureServer());
    health = createClient(Health, `127.0.0.1:${server.port}`);
  });
  after(async () => {
    health.close();
    await server.shutdown(1000);
  });

  it('reports NOT_SERVING until marked ready, then SERVING; unknown services are NOT_FOUND', async () => {
    assert.equal((await health.check({ service: '' })).status, Serving.NOT_SERVING);
    assert.equal((await health.check({ service: usersService })).status, Serving.NOT_SERVING);
    server.setServing('', 'SERVING');
    assert.equal((await health.check({ service: '' })).status, Serving.SERVING);
    assert.equal((await health.check({ service: usersService })).status, Serving.NOT_SERVING);
    await assert.rejects(health.check({ service: 'nope.v1.Nothing' }), { code: Status.NOT_FOUND });
    assert.throws(() => server.setServing('nope.v1.Nothing', 'SERVING'), /unknown service/);
  });

  it('streams status changes through Watch, and SERVICE_UNKNOWN for unknown names', async () => {
    const seen: Serving[] = [];
    const stream = health.watch({ service: usersService }, { timeoutMs: 5000 })[Symbol.asyncIterator]();
    seen.push((await stream.next()).value.status);
    server.setServing(usersService, 'SERVING');
    seen.push((await stream.next()).value.status);
    server.setServing(usersService, 'SERVING'); // no change, no message
    server.setServing(usersService, 'NOT_SERVING');
    seen.push((await stream.next()).value.status);
    await stream.return?.();
    assert.deepEqual(seen, [Serving.NOT_SERVING, Serving.SERVING, Serving.NOT_SERVING]);

    const unknown = health.watch({ service: 'nope.v1.Nothing' }, { timeoutMs: 5000 })[Symbol.asyncIterator]();
    assert.equal((await unknown.next()).value.status, Serving.SERVICE_UNKNOWN);
    await unknown.return?.();
  });

  it('tells watchers NOT_SERVING and ends their streams on shutdown', async () => {
    server.setServing('', 'SERVING');
    const statuses: Serving[] = [];
    const watching = (async () => {
      for await (const response of health.watch({ service: '' }, { timeoutMs: 5000 })) {
        statuses.push(response.status);
        if (statuses.length === 1) void server.shutdown(2000);
      }
    })();
    await watching;
    assert.deepEqual(statuses, [Serving.SERVING, Serving.NOT_SERVING]);
  });
});
