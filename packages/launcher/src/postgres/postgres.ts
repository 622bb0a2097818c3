import { access, chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { awaitReady } from '../proc/await-ready.js';
import { type ManagedChild, startChild } from '../proc/child.js';
import { runCommand } from '../proc/run.js';
import { isOurProcess } from '../proc/pid-file.js';
import { stopPid } from '../proc/stop-process.js';
import { seconds, type Progress } from '../progress.js';
import { initdbArgs, pgHbaConf, pgUrl, postgresArgs } from './postgres-config.js';
import type { PgRunner } from './postgres-user.js';

/** Everything one shard needs to start. */
export interface ShardSpec {
  shard: number;
  port: number;
  clusterDir: string;
  databases: string[];
  pgBin: string;
  runner: PgRunner;
  dataDir: string;
  logFile: string;
  timeoutMs: number;
  signal: AbortSignal;
  log: Progress;
}

/** Stops a postmaster left running from an earlier run (recorded in its postmaster.pid). */
export async function stopStalePostmaster(clusterDir: string, log: Progress): Promise<void> {
  const text = await readFile(join(clusterDir, 'postmaster.pid'), 'utf8').catch(() => '');
  const pid = Number(text.split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 1 || !(await isOurProcess(pid, clusterDir))) return;
  log(`stopping a postgres left running from an earlier run (pid ${pid}, ${clusterDir})`);
  await stopPid(pid, 'SIGINT', 15_000);
}

/** Creates the cluster if needed, starts postgres, waits for a real connection, creates databases. */
export async function startShard(spec: ShardSpec): Promise<ManagedChild> {
  const name = `postgres shard ${spec.shard}`;
  const started = performance.now();
  await ensureCluster(spec, name);
  const [command, args] = spec.runner.wrap(
    join(spec.pgBin, 'postgres'),
    postgresArgs(spec.clusterDir, spec.port, spec.shard),
  );
  const child = await startChild({
    component: `postgres-shard-${spec.shard}`,
    command,
    args,
    logFile: spec.logFile,
    dataDir: spec.dataDir,
    marker: spec.clusterDir,
    stopSignal: 'SIGINT',
    graceMs: 15_000,
  });
  await awaitReady(child, {
    probe: () => query(spec.port, 'postgres', 'SELECT 1').then(() => true),
    timeoutMs: spec.timeoutMs,
    intervalMs: 100,
    signal: spec.signal,
    exited: (status) => `${name}: postgres exited (${status}) while starting`,
    notReady: (lastError) =>
      `${name}: no connection on 127.0.0.1:${spec.port} after ${spec.timeoutMs / 1000} s (${lastError})`,
    afterReady: () => createDatabases(spec.port, spec.databases),
    see: spec.logFile,
    tailOf: [spec.logFile],
  });
  spec.log(`${name} ready on 127.0.0.1:${spec.port} (${seconds(started)})`);
  return child;
}

async function ensureCluster(spec: ShardSpec, name: string): Promise<void> {
  const { clusterDir, runner } = spec;
  if (await exists(join(clusterDir, 'PG_VERSION'))) return;
  // No PG_VERSION: never initialised, or an initdb that was interrupted. Start clean.
  await rm(clusterDir, { recursive: true, force: true });
  await mkdir(dirname(clusterDir), { recursive: true, mode: 0o755 });
  await mkdir(clusterDir, { mode: 0o700 });
  await chmod(clusterDir, 0o700);
  await runner.own(clusterDir);
  const started = performance.now();
  const [command, args] = runner.wrap(join(spec.pgBin, 'initdb'), initdbArgs(clusterDir));
  try {
    await runCommand(command, args, { logFile: spec.logFile, timeoutMs: 120_000 });
  } catch (error) {
    throw new Error(`${name}: initdb failed: ${(error as Error).message}\nSee ${spec.logFile}`);
  }
  const hba = join(clusterDir, 'pg_hba.conf');
  await writeFile(hba, pgHbaConf(), { mode: 0o600 });
  await runner.own(hba);
  spec.log(`${name}: created cluster in ${clusterDir} (${seconds(started)})`);
}

async function createDatabases(port: number, databases: string[]): Promise<void> {
  for (const database of databases) {
    const found = await query(port, 'postgres', 'SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    // Names are validated as lowercase identifiers, so quoting is enough.
    if (found === 0) await query(port, 'postgres', `CREATE DATABASE "${database}"`);
  }
}

/** Runs one statement on a fresh connection; resolves with the row count. */
async function query(port: number, database: string, sql: string, params: unknown[] = []): Promise<number> {
  const client = new pg.Client({ connectionString: pgUrl(port, database), connectionTimeoutMillis: 2000 });
  client.on('error', () => {});
  try {
    await client.connect();
    const result = await client.query(sql, params);
    return result.rowCount ?? 0;
  } finally {
    await client.end().catch(() => {});
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
