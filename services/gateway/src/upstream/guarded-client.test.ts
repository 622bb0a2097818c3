import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RpcError, Status } from '@orrery/platform/grpc';
import { Registry } from 'prom-client';
import { guardedClient } from './guarded-client.js';
import { upstreamPolicy } from './policies.js';

function policy() {
  return upstreamPolicy(
    'orders',
    { bulkheadLimit: 4, bulkheadQueue: 4, breakerThreshold: 5, breakerHalfOpenAfterMs: 1000, retries: 2 },
    new Registry(),
  );
}

/** A fake CreateOrder: the first call times out after storing, later calls find the stored order. */
function ordersClient(firstTimesOut: boolean) {
  let calls = 0;
  return {
    calls: () => calls,
    client: {
      async createOrder(_request: { key: string }) {
        calls += 1;
        if (calls === 1 && firstTimesOut) throw new RpcError(Status.DEADLINE_EXCEEDED, 'slow');
        return { order: { id: 'o-1' }, replayed: calls > 1 || !firstTimesOut };
      },
      close() {},
    },
  };
}

test('a replay found by our own retry is not a replay for the caller', async () => {
  const fake = ordersClient(true);
  const orders = guardedClient(fake.client, policy(), new Set(['createOrder']), () => {});
  const answer = await orders.createOrder({ key: 'k' });
  assert.equal(fake.calls(), 2);
  assert.deepEqual(answer, { order: { id: 'o-1' }, replayed: false });
});

test('a replay on the first attempt stays a replay (the caller sent the key before)', async () => {
  const fake = ordersClient(false);
  const orders = guardedClient(fake.client, policy(), new Set(['createOrder']), () => {});
  assert.deepEqual(await orders.createOrder({ key: 'k' }), { order: { id: 'o-1' }, replayed: true });
  assert.equal(fake.calls(), 1);
});
