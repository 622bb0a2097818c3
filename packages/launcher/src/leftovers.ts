import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isOurProcess, readPidRecords, removePidRecord } from './proc/pid-file.js';
import { stopPid } from './proc/stop-process.js';
import { fallbackRoot } from './postgres/postgres-config.js';
import { stopStalePostmaster } from './postgres/postgres.js';
import type { Progress } from './progress.js';

/** Every existing shard cluster directory of a run, in both places a cluster may live. */
export async function clusterDirsOf(dataDir: string): Promise<string[]> {
  const dirs: string[] = [];
  for (const root of [join(dataDir, 'postgres'), fallbackRoot(dataDir)]) {
    const names = await readdir(root).catch(() => [] as string[]);
    dirs.push(...names.filter((n) => /^shard-\d+$/.test(n)).map((n) => join(root, n)));
  }
  return dirs;
}

/**
 * Stops servers a previous run of this dataDir left behind (parent killed with -9, …): every pid
 * file whose process is alive and still names this run's files in its command line, plus any
 * postmaster recorded in a cluster's postmaster.pid. Returns the components stopped.
 */
export async function stopLeftovers(dataDir: string, log: Progress): Promise<string[]> {
  const stopped: string[] = [];
  const records = await readPidRecords(dataDir);
  await Promise.all(
    records.map(async (record) => {
      if (await isOurProcess(record.pid, record.marker)) {
        log(`stopping ${record.component} left running from an earlier run (pid ${record.pid})`);
        await stopPid(record.pid, record.stopSignal, 20_000);
        stopped.push(record.component);
      }
      await removePidRecord(dataDir, record.component);
    }),
  );
  for (const dir of await clusterDirsOf(dataDir)) await stopStalePostmaster(dir, log);
  return stopped.sort();
}
