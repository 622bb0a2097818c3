import { access, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../proc/run.js';
import { seconds, type Progress } from '../progress.js';
import { KAFKA_VERSION, kafkaPom } from './kafka-config.js';

/** `$XDG_CACHE_HOME/orrery/kafka-<version>` (default ~/.cache/orrery/kafka-<version>). */
export function kafkaCacheDir(version = KAFKA_VERSION): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'orrery', `kafka-${version}`);
}

/** True when the jars of this version were fully copied before. */
export async function kafkaJarsCached(cacheDir = kafkaCacheDir()): Promise<boolean> {
  return access(join(cacheDir, 'libs', '.complete')).then(
    () => true,
    () => false,
  );
}

/**
 * Returns the directory of the broker's jars, fetching them once with Maven when missing.
 * Copies into a private directory first and renames it, so concurrent runs never see half a set.
 */
export async function ensureKafkaJars(
  mvn: string | undefined,
  install: boolean,
  log: Progress,
): Promise<string> {
  const cacheDir = kafkaCacheDir();
  const libs = join(cacheDir, 'libs');
  if (await kafkaJarsCached(cacheDir)) return libs;
  if (!install || !mvn) {
    throw new Error(
      `kafka: the Kafka ${KAFKA_VERSION} jars are not in ${libs} and ${!mvn ? 'Maven (mvn) is not installed' : 'installation is off'}. ` +
        'Fix: install Maven (apt-get install maven) and start with install enabled, or run once ' +
        `\`mvn dependency:copy-dependencies -DoutputDirectory=${libs}\` on ${join(cacheDir, 'pom.xml')}.`,
    );
  }
  await mkdir(cacheDir, { recursive: true });
  const pom = join(cacheDir, 'pom.xml');
  await writeFile(pom, kafkaPom());
  const staging = join(cacheDir, `libs.tmp-${process.pid}`);
  const logFile = join(cacheDir, 'mvn.log');
  const started = performance.now();
  log(`installing Kafka ${KAFKA_VERSION} jars with Maven into ${libs} (once; output in ${logFile})`);
  try {
    await runCommand(
      mvn,
      [
        '-q',
        '-B',
        '-f',
        pom,
        'dependency:copy-dependencies',
        `-DoutputDirectory=${staging}`,
        '-DincludeScope=runtime',
      ],
      { logFile, timeoutMs: 15 * 60_000 },
    );
    await writeFile(join(staging, '.complete'), `${new Date().toISOString()}\n`);
    // A libs directory without the marker is an interrupted copy from older tooling: replace it.
    if (!(await kafkaJarsCached(cacheDir))) await rm(libs, { recursive: true, force: true });
    await rename(staging, libs).catch(async (error: NodeJS.ErrnoException) => {
      // Another run finished first: its complete copy wins.
      if (!(await kafkaJarsCached(cacheDir))) throw error;
    });
  } catch (error) {
    throw new Error(
      `kafka: fetching the Kafka jars failed: ${(error as Error).message}\nFix: check that Maven can reach its repository (see ${logFile}).`,
    );
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  log(`Kafka jars installed (${seconds(started)})`);
  return libs;
}
