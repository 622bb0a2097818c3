import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, readdir, realpath } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { Tool } from './install-plan.js';

const execFileAsync = promisify(execFile);

/** Absolute paths of the programs the launcher runs. */
export interface Toolset {
  /** Directory holding initdb and postgres. */
  pgBin: string;
  redisServer: string;
  prometheus: string;
  java: string;
  /** Only needed while the Kafka jars are not cached yet. */
  mvn: string | undefined;
}

/** Result of a lookup: each tool's path, or undefined when not found. */
export type FoundTools = { [K in keyof Toolset]: Toolset[K] | undefined };

/** The first executable called `name` on PATH, or undefined. */
export async function findExecutable(
  name: string,
  path = process.env.PATH ?? '',
): Promise<string | undefined> {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** Directory with initdb + postgres: from PATH, else the newest /usr/lib/postgresql/<v>/bin. */
export async function findPgBin(root = '/usr/lib/postgresql'): Promise<string | undefined> {
  const initdb = await findExecutable('initdb');
  if (initdb) {
    const dir = dirname(await realpath(initdb));
    if (await isExecutable(join(dir, 'postgres'))) return dir;
  }
  const versions = await readdir(root).catch(() => [] as string[]);
  const sorted = versions.filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  for (const version of sorted) {
    const dir = join(root, version, 'bin');
    if ((await isExecutable(join(dir, 'initdb'))) && (await isExecutable(join(dir, 'postgres')))) return dir;
  }
  return undefined;
}

/** Major Java version from `java -version` output, e.g. 17; 8 for `1.8.0_x`. */
export function parseJavaMajor(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 ? Number(match[2]) : first;
}

/** Finds every tool; lists the missing ones (Java older than 17 counts as missing). */
export async function locateTools(
  needMaven: boolean,
): Promise<{ tools: FoundTools; missing: Tool[]; notes: string[] }> {
  const [pgBin, redisServer, prometheus, java, mvn] = await Promise.all([
    findPgBin(),
    findExecutable('redis-server'),
    findExecutable('prometheus'),
    findExecutable('java'),
    findExecutable('mvn'),
  ]);
  const missing: Tool[] = [];
  const notes: string[] = [];
  if (!pgBin) missing.push('postgres');
  if (!redisServer) missing.push('redis');
  if (!prometheus) missing.push('prometheus');
  if (!java) {
    missing.push('java');
  } else {
    const { stderr } = await execFileAsync(java, ['-version'], { timeout: 15000 });
    const major = parseJavaMajor(stderr);
    if (major === undefined || major < 17) {
      missing.push('java');
      notes.push(`${java} is Java ${major ?? '?'}; Kafka 3.9 here needs 17+`);
    }
  }
  if (needMaven && !mvn) missing.push('maven');
  return { tools: { pgBin, redisServer, prometheus, java, mvn }, missing, notes };
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
