import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { InfraPorts } from './types.js';

/** What a running set publishes about itself in `<dataDir>/infra.json`, for `orrery-infra status`. */
export interface Manifest {
  launcherPid: number;
  startedAt: string;
  shards: number;
  ports: InfraPorts;
  endpoints: Record<string, string>;
}

/** Path of the manifest file. */
export function manifestPath(dataDir: string): string {
  return join(dataDir, 'infra.json');
}

/** Writes the manifest of a started set. */
export async function writeManifest(dataDir: string, manifest: Manifest): Promise<void> {
  await writeFile(manifestPath(dataDir), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Reads the manifest; undefined when absent or unreadable. */
export async function readManifest(dataDir: string): Promise<Manifest | undefined> {
  try {
    return JSON.parse(await readFile(manifestPath(dataDir), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

/** Removes the manifest (no error if absent). */
export async function removeManifest(dataDir: string): Promise<void> {
  await rm(manifestPath(dataDir), { force: true });
}
