// Runs orrery's four services as local child processes: each with its own environment, its output in
// a log file, health-waited on its admin port's /readyz. Used by `npm start` and the end-to-end tests.
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { logTail } from '../proc/run.js';

export type ServiceName = 'gateway' | 'users' | 'orders' | 'payments';

export interface ServiceSpec {
  name: ServiceName;
  /**
   * This process's name when several run one service (replicas, see `replicaSpecs`), e.g. `orders-2`;
   * it names the log file and is what `stopService`/`startService` take. Default: the service name.
   */
  instance?: string;
  /** port of /healthz, /readyz and /metrics */
  adminPort: number;
  env: Record<string, string>;
  /** extra node flags, e.g. `--cpu-prof` (not allowed in NODE_OPTIONS) */
  nodeArgs?: string[];
}

export interface RunningService {
  name: ServiceName;
  /** The spec's `instance`, or the service name. */
  instance: string;
  pid: number;
  logFile: string;
  child: ChildProcess;
}

export interface ServicesOptions {
  repoRoot: string;
  logDir: string;
  readyTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface Services {
  running: RunningService[];
  /** SIGTERM to every service, SIGKILL after graceMs; resolves when all have exited. */
  stop(graceMs?: number): Promise<void>;
  /**
   * Stops one process, by service name (its first process) or instance (a replica): SIGTERM, or
   * SIGKILL at once with `{ kill: true }`, e.g. to test a fault.
   */
  stopService(instance: ServiceName | string, options?: { kill?: boolean }): Promise<void>;
  /**
   * Starts a stopped process again and waits until it is ready; `env` is merged over its spec's
   * environment for this and later starts (e.g. another fault rate for a second phase of a test).
   */
  startService(instance: ServiceName | string, options?: { env?: Record<string, string> }): Promise<void>;
}

/** Starts every service at once (they wait for each other with backoff) and resolves when all are ready. */
export async function startServices(
  given: readonly ServiceSpec[],
  options: ServicesOptions,
): Promise<Services> {
  const specs = [...given];
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  await mkdir(options.logDir, { recursive: true });
  const running = specs.map((spec) => spawnService(spec, options));
  const indexOf = (instance: string): number => {
    const index = specs.findIndex((spec) => instanceOf(spec) === instance);
    if (index < 0) throw new Error(`no service or instance named ${instance}`);
    return index;
  };
  const services: Services = {
    running,
    stop: (graceMs = 15_000) => stopAll(running, graceMs),
    stopService: (name, { kill = false } = {}) =>
      stopOne(running[indexOf(name)] as RunningService, kill ? 0 : 15_000),
    async startService(name, { env } = {}) {
      const index = indexOf(name);
      const current = running[index] as RunningService;
      if (current.child.exitCode === null && current.child.signalCode === null) {
        throw new Error(`${name} is still running (pid ${current.pid})`);
      }
      if (env !== undefined) {
        const before = specs[index] as ServiceSpec;
        specs[index] = { ...before, env: { ...before.env, ...env } };
      }
      const spec = specs[index] as ServiceSpec;
      running[index] = spawnService(spec, options);
      await waitUntilReady(spec, running[index] as RunningService, options.readyTimeoutMs ?? 90_000);
    },
  };
  try {
    await Promise.all(
      specs.map(async (spec, index) => {
        const started = Date.now();
        await waitUntilReady(spec, running[index] as RunningService, options.readyTimeoutMs ?? 90_000);
        log(`[services] ${instanceOf(spec)} ready (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      }),
    );
  } catch (error) {
    await services.stop(5_000);
    throw error;
  }
  return services;
}

const instanceOf = (spec: ServiceSpec): string => spec.instance ?? spec.name;

function spawnService(spec: ServiceSpec, options: ServicesOptions): RunningService {
  const logFile = join(options.logDir, `${instanceOf(spec)}.log`);
  const out = createWriteStream(logFile, { flags: 'a' });
  const main = join(options.repoRoot, 'services', spec.name, 'dist', 'main.js');
  const child = spawn(process.execPath, [...(spec.nodeArgs ?? []), main], {
    cwd: options.repoRoot,
    env: { PATH: process.env.PATH ?? '', ...spec.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  if (child.pid === undefined) throw new Error(`could not start ${instanceOf(spec)}: no pid`);
  return { name: spec.name, instance: instanceOf(spec), pid: child.pid, logFile, child };
}

async function waitUntilReady(spec: ServiceSpec, service: RunningService, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (service.child.exitCode !== null || service.child.signalCode !== null) {
      throw new Error(
        `${instanceOf(spec)} exited (${service.child.exitCode ?? service.child.signalCode}) before it was ready; ` +
          `last lines of ${service.logFile}:\n${await logTail(service.logFile, 20)}`,
      );
    }
    try {
      const response = await fetch(`http://127.0.0.1:${spec.adminPort}/readyz`, {
        signal: AbortSignal.timeout(2_000),
      });
      if (response.ok) return;
      lastProblem = `/readyz answered ${response.status}: ${(await response.text()).slice(0, 300)}`;
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `${instanceOf(spec)} was not ready within ${timeoutMs / 1000} s (${lastProblem}); see ${service.logFile}`,
  );
}

async function stopAll(running: RunningService[], graceMs: number): Promise<void> {
  await Promise.all(running.map((service) => stopOne(service, graceMs)));
}

function stopOne({ child }: RunningService, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    if (graceMs > 0) child.kill('SIGTERM');
  });
}
