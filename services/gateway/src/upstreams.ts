// gRPC clients of the services behind the gateway, each under its upstream's resilience policies
// (upstream/policies.ts), and a readiness check per upstream through the standard health protocol.
import type { GenService, GenServiceMethods } from '@bufbuild/protobuf/codegenv2';
import { HealthCheckResponse_ServingStatus, Health } from '@orrery/contracts/grpc/health/v1/health_pb';
import { OrdersService } from '@orrery/contracts/orrery/orders/v1/orders_pb';
import { PaymentsService } from '@orrery/contracts/orrery/payments/v1/payments_pb';
import { UsersService } from '@orrery/contracts/orrery/users/v1/users_pb';
import type { Check } from '@orrery/platform/admin';
import { type ClientOf, createClient, type ServiceClient } from '@orrery/platform/grpc';
import type { Metrics } from '@orrery/platform/metrics';
import { guardedClient, IDEMPOTENT_METHODS } from './upstream/guarded-client.js';
import { type ResilienceSettings, upstreamPolicy } from './upstream/policies.js';

export type UpstreamName = 'users' | 'orders' | 'payments';

export interface Upstreams {
  readonly users: ClientOf<typeof UsersService>;
  readonly orders: ClientOf<typeof OrdersService>;
  readonly payments: ClientOf<typeof PaymentsService>;
  /** One check per upstream: SERVING according to grpc.health.v1. */
  readonly checks: readonly { name: string; check: Check }[];
  close(): void;
}

export interface UpstreamOptions {
  readonly targets: Readonly<Record<UpstreamName, string>>;
  readonly timeoutMs: number;
  readonly resilience: ResilienceSettings;
  readonly metrics: Metrics;
}

export function connectUpstreams({ targets, timeoutMs, resilience, metrics }: UpstreamOptions): Upstreams {
  const upstreams = [
    { name: 'users', target: targets.users, service: UsersService },
    { name: 'orders', target: targets.orders, service: OrdersService },
    { name: 'payments', target: targets.payments, service: PaymentsService },
  ];
  const healthClients = upstreams.map(({ name, target, service }) => ({
    name,
    service: service.typeName,
    health: createClient(Health, target, { defaultTimeoutMs: 1500 }),
  }));
  const checks = healthClients.map(({ name, service, health }) => ({
    name: `upstream ${name}`,
    check: async (signal: AbortSignal) => {
      const { status } = await health.check({ service }, { signal });
      if (status !== HealthCheckResponse_ServingStatus.SERVING) {
        throw new Error(`${name} reports ${HealthCheckResponse_ServingStatus[status]}`);
      }
    },
  }));
  const guarded = <M extends GenServiceMethods>(
    name: UpstreamName,
    service: GenService<M>,
  ): ServiceClient<M> =>
    guardedClient(
      createClient(service, targets[name], { defaultTimeoutMs: timeoutMs }),
      upstreamPolicy(name, resilience, metrics.registry),
      IDEMPOTENT_METHODS[name],
      (method, code, seconds) =>
        metrics.rpcClientDuration.observe({ target: name, rpc_method: method, rpc_code: code }, seconds),
    );
  const users = guarded('users', UsersService);
  const orders = guarded('orders', OrdersService);
  const payments = guarded('payments', PaymentsService);
  return {
    users,
    orders,
    payments,
    checks,
    close() {
      for (const client of [users, orders, payments, ...healthClients.map((c) => c.health)]) client.close();
    },
  };
}
