import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** What a pid file records: enough to recognise the process after a crash of the parent. */
export interface PidRecord {
  component: string;
  pid: number;
  /** A string that appears in the process's command line (a path inside this run's data). */
  marker: string;
  /** Signal that shuts the process down cleanly. */
  stopSignal: NodeJS.Signals;
}

/** Directory of the pid files of a run. */
export function runDir(dataDir: string): string {
  return join(dataDir, 'run');
}

/** Writes `<dataDir>/run/<component>.pid` (JSON). */
export async function writePidRecord(dataDir: string, record: PidRecord): Promise<void> {
  await writeFile(pidPath(dataDir, record.component), `${JSON.stringify(record)}\n`);
}

/** Removes the pid file of a component (no error if absent). */
export async function removePidRecord(dataDir: string, component: string): Promise<void> {
  await rm(pidPath(dataDir, component), { force: true });
}

/** Reads every pid record of a run; unreadable or malformed files are skipped. */
export async function readPidRecords(dataDir: string): Promise<PidRecord[]> {
  let names: string[];
  try {
    names = await readdir(runDir(dataDir));
  } catch {
    return [];
  }
  const records: PidRecord[] = [];
  for (const name of names.filter((n) => n.endsWith('.pid')).sort()) {
    const parsed = parsePidRecord(await readFile(join(runDir(dataDir), name), 'utf8').catch(() => ''));
    if (parsed) records.push(parsed);
  }
  return records;
}

/** Parses a pid file's text; undefined when it is not a valid record. */
export function parsePidRecord(text: string): PidRecord | undefined {
  try {
    const value = JSON.parse(text) as Partial<PidRecord>;
    if (
      typeof value.component === 'string' &&
      Number.isInteger(value.pid) &&
      (value.pid ?? 0) > 1 &&
      typeof value.marker === 'string' &&
      value.marker.length > 0 &&
      typeof value.stopSignal === 'string'
    ) {
      return value as PidRecord;
    }
  } catch {
    // not JSON: treated as no record
  }
  return undefined;
}

/** The command line of a live process, arguments joined by spaces; undefined when it is gone. */
export async function commandLine(pid: number): Promise<string | undefined> {
  try {
    const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return raw.replaceAll('\0', ' ').trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * True when `pid` is alive and still the process we started: its command line contains `marker`.
 * A reused pid (another program) or a zombie-free exit gives false.
 */
export async function isOurProcess(pid: number, marker: string): Promise<boolean> {
  const cmdline = await commandLine(pid);
  return cmdline?.includes(marker) === true;
}

function pidPath(dataDir: string, component: string): string {
  return join(runDir(dataDir), `${component.replaceAll(/[^a-z0-9-]/gi, '-')}.pid`);
}
