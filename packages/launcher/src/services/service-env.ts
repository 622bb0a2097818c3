// The environment each service gets in local mode and in end-to-end tests, following
// docs/conventions.md: one place that knows how the four services find their infrastructure and
// each other.
import { randomBytes } from 'node:crypto';
import { freePorts } from '../ports.js';
import type { ScrapeJob } from '../types.js';
import type { ServiceSpec } from './run-services.js';

/** The databases the services keep on every shard (users, orders, payments). */
export const SERVICE_DATABASES: readonly string[] = Object.freeze(['users', 'orders', 'payments']);

export interface ServicePorts {
  gatewayHttp: number;
  gatewayAdmin: number;
  usersGrpc: number;
  usersAdmin: number;
  ordersGrpc: number;
  ordersAdmin: number;
  paymentsGrpc: number;
  paymentsAdmin: number;
}

export const LOCAL_SERVICE_PORTS: ServicePorts = {
  gatewayHttp: 8080,
  gatewayAdmin: 9080,
  usersGrpc: 50051,
  usersAdmin: 9081,
  ordersGrpc: 50052,
  ordersAdmin: 9082,
  paymentsGrpc: 50053,
  paymentsAdmin: 9083,
};

/** A port that was free a moment ago for each service port (tests and the benchmark). */
export async function freeServicePorts(): Promise<ServicePorts> {
  const names = Object.keys(LOCAL_SERVICE_PORTS) as (keyof ServicePorts)[];
  const ports = await freePorts(names.length);
  return Object.fromEntries(names.map((name, i) => [name, ports[i] as number])) as Record<
    keyof ServicePorts,
    number
  >;
}

/** One Prometheus scrape job per service, named after it, on its admin port. */
export function serviceScrapeJobs(ports: ServicePorts): ScrapeJob[] {
  const admin = {
    gateway: ports.gatewayAdmin,
    users: ports.usersAdmin,
    orders: ports.ordersAdmin,
    payments: ports.paymentsAdmin,
  };
  return Object.entries(admin).map(([job, port]) => ({ job, targets: [`127.0.0.1:${port}`] }));
}

/**
 * DEV ONLY — the card-encryption key of local mode and the end-to-end tests. It is public (it is in
 * this repository), so it protects nothing: never use it outside this machine. The Helm chart
 * generates a real key into its Secret instead.
 */
export const DEV_ONLY_CARD_KEYS = 'dev1:ouG9YylpOw/InSsyOQGqVWFHpAlWqOGbYMkF3GJzoZA=';

export interface InfraEndpoints {
  /** one URL per shard for the given database, in shard order */
  pgUrls(database: string): string[];
  redisUrl: string;
  kafkaBrokers: string[];
}

/** Replaces the database of a Postgres URL: `postgres://u@h:1/postgres` → `postgres://u@h:1/users`. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Secrets of a local run: made up fresh for each run, never written anywhere but the child env. */
export interface DevSecrets {
  readonly jwtSecret: string;
  readonly adminEmail: string;
  readonly adminPassword: string;
}

export function generateDevSecrets(): DevSecrets {
  return {
    jwtSecret: randomBytes(32).toString('base64url'),
    adminEmail: 'admin@orrery.local',
    adminPassword: randomBytes(12).toString('base64url'),
  };
}

export function serviceSpecs(
  infra: InfraEndpoints,
  ports: ServicePorts,
  common: Record<string, string> = {},
  secrets: DevSecrets = generateDevSecrets(),
): ServiceSpec[] {
  // MALLOC_MMAP_THRESHOLD_: as in the Dockerfile, big buffers (scrypt's 16 MiB) go back to the OS
  const shared = { ORRERY_LOG_LEVEL: 'info', MALLOC_MMAP_THRESHOLD_: '131072', ...common };
  const grpc = (port: number) => `127.0.0.1:${port}`;
  return [
    {
      name: 'users',
      adminPort: ports.usersAdmin,
      env: {
        ...shared,
        ORRERY_GRPC_PORT: String(ports.usersGrpc),
        ORRERY_ADMIN_PORT: String(ports.usersAdmin),
        ORRERY_PG_URLS: infra.pgUrls('users').join(','),
        ORRERY_REDIS_URL: infra.redisUrl,
        ORRERY_KAFKA_BROKERS: infra.kafkaBrokers.join(','),
        ORRERY_ADMIN_EMAIL: secrets.adminEmail,
        ORRERY_ADMIN_PASSWORD: secrets.adminPassword,
      },
    },
    {
      name: 'orders',
      adminPort: ports.ordersAdmin,
      env: {
        ...shared,
        ORRERY_GRPC_PORT: String(ports.ordersGrpc),
        ORRERY_ADMIN_PORT: String(ports.ordersAdmin),
        ORRERY_PG_URLS: infra.pgUrls('orders').join(','),
        ORRERY_KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      },
    },
    {
      name: 'payments',
      adminPort: ports.paymentsAdmin,
      env: {
        ...shared,
        ORRERY_GRPC_PORT: String(ports.paymentsGrpc),
        ORRERY_ADMIN_PORT: String(ports.paymentsAdmin),
        ORRERY_PG_URLS: infra.pgUrls('payments').join(','),
        ORRERY_KAFKA_BROKERS: infra.kafkaBrokers.join(','),
        ORRERY_CARD_KEYS: DEV_ONLY_CARD_KEYS,
      },
    },
    {
      name: 'gateway',
      adminPort: ports.gatewayAdmin,
      env: {
        ...shared,
        ORRERY_HTTP_PORT: String(ports.gatewayHttp),
        ORRERY_ADMIN_PORT: String(ports.gatewayAdmin),
        ORRERY_REDIS_URL: infra.redisUrl,
        ORRERY_JWT_SECRET: secrets.jwtSecret,
        ORRERY_USERS_ADDR: grpc(ports.usersGrpc),
        ORRERY_ORDERS_ADDR: grpc(ports.ordersGrpc),
        ORRERY_PAYMENTS_ADDR: grpc(ports.paymentsGrpc),
      },
    },
  ];
}
