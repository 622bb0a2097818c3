// gRPC clients of the services behind the gateway, and a readiness check per upstream through the
// standard health protocol.
import { HealthCheckResponse_ServingStatus, Health } from '@orrery/contracts/grpc/health/v1/health_pb';
import { OrdersService } from '@orrery/contracts/orrery/orders/v1/orders_pb';
import { PaymentsService } from '@orrery/contracts/orrery/payments/v1/payments_pb';
import { UsersService } from '@orrery/contracts/orrery/users/v1/users_pb';
import type { Check } from '@orrery/platform/admin';
import { type ClientOf, createClient } from '@orrery/platform/grpc';

export interface Upstreams {
  readonly users: ClientOf<typeof UsersService>;
  readonly orders: ClientOf<typeof OrdersService>;
  readonly payments: ClientOf<typeof PaymentsService>;
  /** One check per upstream: SERVING according to grpc.health.v1. */
  readonly checks: readonly { name: string; check: Check }[];
  close(): void;
}

export function connectUpstreams(targets: { users: string; orders: string; payments: string }): Upstreams {
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
  const users = createClient(UsersService, targets.users);
  const orders = createClient(OrdersService, targets.orders);
  const payments = createClient(PaymentsService, targets.payments);
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
