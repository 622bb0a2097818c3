import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { awaitReady } from '../proc/await-ready.js';
import { type ManagedChild, startChild } from '../proc/child.js';
import { seconds, type Progress } from '../progress.js';
import { redisConf } from './redis-config.js';

/** Everything Redis needs to start. */
export interface RedisSpec {
  redisServer: string;
  port: number;
  dataDir: string;
  logFile: string;
  timeoutMs: number;
  signal: AbortSignal;
  log: Progress;
}

/** Path of the generated config (also the marker in the process title). */
export function redisConfPath(dataDir: string): string {
  return join(dataDir, 'redis', 'redis.conf');
}

/** Writes redis.conf, starts redis-server, waits until PING answers PONG. */
export async function startRedis(spec: RedisSpec): Promise<ManagedChild> {
  const started = performance.now();
  const dir = join(spec.dataDir, 'redis');
  await mkdir(dir, { recursive: true });
  const conf = redisConfPath(spec.dataDir);
  await writeFile(conf, redisConf(spec.port, dir));
  const child = await startChild({
    component: 'redis',
    command: spec.redisServer,
    args: [conf],
    logFile: spec.logFile,
    dataDir: spec.dataDir,
    marker: conf,
    stopSignal: 'SIGTERM',
    graceMs: 10_000,
  });
  await awaitReady(child, {
    probe: () => ping(spec.port),
    timeoutMs: spec.timeoutMs,
    intervalMs: 50,
    signal: spec.signal,
    exited: (status) => `redis: redis-server exited (${status}) while starting`,
    notReady: (lastError) =>
      `redis: no PONG on 127.0.0.1:${spec.port} after ${spec.timeoutMs / 1000} s (${lastError})`,
    see: spec.logFile,
    tailOf: [spec.logFile],
  });
  spec.log(`redis ready on 127.0.0.1:${spec.port} (${seconds(started)})`);
  return child;
}

/** One PING on a fresh connection without retries; true on PONG. */
async function ping(port: number): Promise<boolean> {
  const client = new Redis({
    host: '127.0.0.1',
    port,
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } finally {
    client.disconnect();
  }
}
