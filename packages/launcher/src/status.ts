import { readManifest, type Manifest } from './manifest.js';
import { isOurProcess, readPidRecords } from './proc/pid-file.js';

/** One component of a run, as seen from its pid file. */
export interface ComponentStatus {
  component: string;
  pid: number;
  running: boolean;
}

/** What is running for a data dir: the manifest (if the set started fully) and each pid file. */
export async function runStatus(
  dataDir: string,
): Promise<{ manifest: Manifest | undefined; components: ComponentStatus[] }> {
  const records = await readPidRecords(dataDir);
  const components = await Promise.all(
    records.map(async (r) => ({
      component: r.component,
      pid: r.pid,
      running: await isOurProcess(r.pid, r.marker),
    })),
  );
  return { manifest: await readManifest(dataDir), components };
}

/** Formats rows as aligned two-column text. */
export function table(rows: [string, string][]): string {
  const width = Math.max(0, ...rows.map(([key]) => key.length));
  return rows.map(([key, value]) => `  ${key.padEnd(width)}  ${value}`).join('\n');
}
