// More than one process of a service on one machine: each replica gets its own gRPC and admin port and
// an instance name (`orders-2`, `orders-3`, …), and shares everything else (databases, Kafka) with the
// first process, as replicas behind one Kubernetes Service do.
import type { ServiceSpec } from './run-services.js';

export interface ReplicaPorts {
  readonly grpcPort: number;
  readonly adminPort: number;
}

/** Specs of the extra processes of `spec`'s service, one per entry of `ports`. */
export function replicaSpecs(spec: ServiceSpec, ports: readonly ReplicaPorts[]): ServiceSpec[] {
  if (spec.env.ORRERY_GRPC_PORT === undefined) {
    throw new Error(`replicaSpecs: ${spec.name} has no gRPC port to vary (ORRERY_GRPC_PORT)`);
  }
  return ports.map(({ grpcPort, adminPort }, i) => ({
    name: spec.name,
    instance: `${spec.name}-${i + 2}`,
    adminPort,
    env: { ...spec.env, ORRERY_GRPC_PORT: String(grpcPort), ORRERY_ADMIN_PORT: String(adminPort) },
  }));
}

/** A gRPC target naming every replica (`ipv4:127.0.0.1:a,127.0.0.1:b`); clients round-robin over it. */
export function replicasTarget(grpcPorts: readonly number[]): string {
  if (grpcPorts.length === 0) throw new Error('replicasTarget: no ports');
  return `ipv4:${grpcPorts.map((port) => `127.0.0.1:${port}`).join(',')}`;
}
