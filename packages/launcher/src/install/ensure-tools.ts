import { join } from 'node:path';
import { ensureKafkaJars, kafkaJarsCached } from '../kafka/kafka-jars.js';
import type { Progress } from '../progress.js';
import { runAptPlan } from './apt.js';
import { detectHost } from './host.js';
import { planInstall } from './install-plan.js';
import { locateTools, type Toolset } from './tools.js';

/** Finds every tool, installing what is missing when allowed; also makes sure the Kafka jars exist. */
export async function ensureTools(
  install: boolean,
  logDir: string,
  log: Progress,
): Promise<{ tools: Required<Omit<Toolset, 'mvn'>> & Pick<Toolset, 'mvn'>; kafkaLibs: string }> {
  const needMaven = !(await kafkaJarsCached());
  let found = await locateTools(needMaven);
  if (found.missing.length > 0) {
    const plan = planInstall(found.missing, await detectHost(), install);
    if (plan.kind === 'manual') {
      const notes = found.notes.length > 0 ? `\n(${found.notes.join('; ')})` : '';
      throw new Error(`cannot start the infrastructure: ${plan.message}${notes}`);
    }
    if (plan.kind === 'apt') {
      log(`missing: ${found.missing.join(', ')}; installing ${plan.packages.join(' ')}`);
      await runAptPlan(plan.commands, join(logDir, 'install.log'), log);
      found = await locateTools(needMaven);
      if (found.missing.length > 0) {
        throw new Error(
          `cannot start the infrastructure: still missing after apt-get install: ${found.missing.join(', ')} ` +
            `${found.notes.join('; ')} (see ${join(logDir, 'install.log')})`,
        );
      }
    }
  }
  const { pgBin, redisServer, prometheus, java, mvn } = found.tools;
  if (!pgBin || !redisServer || !prometheus || !java) throw new Error('internal: tool lookup incomplete');
  const kafkaLibs = await ensureKafkaJars(mvn, install, log);
  return { tools: { pgBin, redisServer, prometheus, java, mvn }, kafkaLibs };
}
