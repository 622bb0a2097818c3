import type { GenService, GenServiceMethods } from '@bufbuild/protobuf/codegenv2';
import {
  type ChannelOptions,
  Server,
  ServerCredentials,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { Health } from '@orrery/contracts/grpc/health/v1/health_pb';
import { HealthState, type ServingState } from './health-service.js';
import { stderrLogger } from './logger.js';
import { ReflectionIndex } from './reflection-index.js';
import { ReflectionService, reflectionFiles, reflectionServiceNames } from './reflection-service.js';
import { type MethodDeps, methodDefinition, methodHandler } from './server-method.js';
import type {
  CallObserver,
  GrpcLogger,
  ServiceEntries,
  ServiceEntry,
  ServiceImplementation,
} from './types.js';

/** Options of createGrpcServer. */
export interface GrpcServerOptions<T extends readonly GenServiceMethods[] = readonly GenServiceMethods[]> {
  /** Address to listen on, e.g. `0.0.0.0` in a container, `127.0.0.1` in tests. */
  readonly host: string;
  /** Port to listen on; 0 picks a free one (read it back from `GrpcServer.port`). */
  readonly port: number;
  /** The application services as `{ service, implementation }` (type-checked per entry) or `bindService(…)`. */
  readonly services: ServiceEntries<T>;
  /** Per-call hooks (metrics, logging). */
  readonly observer?: CallObserver;
  /** Where unexpected handler errors are logged with their cause; defaults to JSON lines on stderr. */
  readonly logger?: GrpcLogger;
}

/** A running gRPC server. */
export interface GrpcServer {
  /** The port actually bound. */
  readonly port: number;
  /**
   * Sets the health status of the whole server ('') or of one registered service (its full name, e.g.
   * `orrery.users.v1.UsersService`). Everything starts NOT_SERVING; setting '' does not change services.
   */
  setServing(service: string, state: ServingState): void;
  /**
   * Stops accepting calls, reports NOT_SERVING, ends health Watch and reflection streams, waits up to
   * `graceMs` for in-flight calls, then cancels what is left. Safe to call more than once.
   */
  shutdown(graceMs: number): Promise<void>;
}

/**
 * Server options: keepalive pings detect dead peers, clients may ping every 10 s (the client below
 * pings every 30 s), and connections are recycled after about 5 minutes so `dns:///` clients pick up
 * new replicas.
 */
const channelOptions: ChannelOptions = {
  'grpc.keepalive_time_ms': 60_000,
  'grpc.keepalive_timeout_ms': 20_000,
  'grpc.http2.min_ping_interval_without_data_ms': 10_000,
  'grpc.max_connection_age_ms': 300_000,
  'grpc.max_connection_age_grace_ms': 30_000,
};

/** Pairs a generated service with its implementation, type-checking every handler against the contract. */
export function bindService<S extends GenServiceMethods>(
  service: GenService<S>,
  implementation: ServiceImplementation<S>,
): ServiceEntry<S> {
  return { service, implementation };
}

/**
 * Starts a gRPC server for the given services, plus grpc.health.v1.Health and server reflection (v1 and
 * v1alpha) describing every registered service.
 */
export async function createGrpcServer<const T extends readonly GenServiceMethods[]>(
  options: GrpcServerOptions<T>,
): Promise<GrpcServer> {
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65_535) {
    throw new RangeError(`gRPC port must be an integer in 0..65535, got ${String(options.port)}`);
  }
  const deps: MethodDeps = { observer: options.observer, logger: options.logger ?? stderrLogger };
  const server = new Server(channelOptions);
  const entries = options.services as readonly ServiceEntry<GenServiceMethods>[];
  const names = entries.map((entry) => entry.service.typeName);
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate !== undefined) throw new Error(`service ${duplicate} is registered twice`);

  const health = new HealthState(names);
  const registrations = [
    ...entries,
    bindService(Health, health.implementation()),
  ] as ServiceEntry<GenServiceMethods>[];
  for (const { service, implementation } of registrations) addBridged(server, service, implementation, deps);

  const index = new ReflectionIndex([...registrations.map((r) => r.service.file), ...reflectionFiles]);
  const reflection = new ReflectionService(
    index,
    [...names, Health.typeName, ...reflectionServiceNames].sort(),
  );
  for (const { definition, handlers } of reflection.registrations()) server.addService(definition, handlers);

  const port = await bind(server, options.host, options.port);
  let stopping: Promise<void> | undefined;
  return {
    port,
    setServing: (service, state) => health.set(service, state),
    shutdown(graceMs) {
      stopping ??= drain(server, graceMs, () => {
        health.close();
        reflection.closeAll();
      });
      return stopping;
    },
  };
}

function addBridged(
  server: Server,
  service: GenService<GenServiceMethods>,
  implementation: object,
  deps: MethodDeps,
): void {
  const definition: Record<string, ReturnType<typeof methodDefinition>> = {};
  const handlers: UntypedServiceImplementation = {};
  for (const method of service.methods) {
    const handler: unknown = Reflect.get(implementation, method.localName);
    definition[method.localName] = methodDefinition(method);
    handlers[method.localName] = methodHandler(
      method,
      typeof handler === 'function' ? handler.bind(implementation) : handler,
      deps,
    );
  }
  server.addService(definition, handlers);
}

function bind(server: Server, host: string, port: number): Promise<number> {
  const address = host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
  return new Promise((resolve, reject) => {
    server.bindAsync(address, ServerCredentials.createInsecure(), (error, bound) => {
      if (error)
        reject(new Error(`cannot listen for gRPC on ${address}: ${error.message}`, { cause: error }));
      else resolve(bound);
    });
  });
}

function drain(server: Server, graceMs: number, endStreams: () => void): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(
      () => {
        server.forceShutdown();
        resolve();
      },
      Math.max(0, graceMs),
    );
    server.tryShutdown(() => {
      clearTimeout(force);
      resolve();
    });
    // After tryShutdown refuses new calls: end the long-lived streams so they do not hold up the drain.
    endStreams();
  });
}
