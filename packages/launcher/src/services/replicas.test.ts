import assert from 'node:assert/strict';
import { test } from 'node:test';
import { replicaSpecs, replicasTarget } from './replicas.js';
import { LOCAL_SERVICE_PORTS, serviceSpecs } from './service-env.js';

const specs = serviceSpecs(
  {
    pgUrls: (db) => [`postgres://o@127.0.0.1:1/${db}`],
    redisUrl: 'redis://127.0.0.1:2',
    kafkaBrokers: ['k:3'],
  },
  LOCAL_SERVICE_PORTS,
);

test('replicas of orders share its environment but not its ports', () => {
  const orders = specs.find((spec) => spec.name === 'orders');
  assert.ok(orders);
  const [second, third] = replicaSpecs(orders, [
    { grpcPort: 50062, adminPort: 9092 },
    { grpcPort: 50072, adminPort: 9102 },
  ]);
  assert.equal(second?.instance, 'orders-2');
  assert.equal(third?.instance, 'orders-3');
  assert.equal(second?.adminPort, 9092);
  assert.equal(second?.env.ORRERY_GRPC_PORT, '50062');
  assert.equal(third?.env.ORRERY_ADMIN_PORT, '9102');
  assert.equal(second?.env.ORRERY_PG_URLS, orders.env.ORRERY_PG_URLS);
  assert.equal(orders.env.ORRERY_GRPC_PORT, '50052', 'the first process keeps its ports');
});

test('a gateway without a gRPC port has no replicas; a target lists every replica', () => {
  const gateway = specs.find((spec) => spec.name === 'gateway');
  assert.ok(gateway);
  assert.throws(() => replicaSpecs(gateway, [{ grpcPort: 1, adminPort: 2 }]), /no gRPC port/);
  assert.equal(replicasTarget([50052, 50062]), 'ipv4:127.0.0.1:50052,127.0.0.1:50062');
});
