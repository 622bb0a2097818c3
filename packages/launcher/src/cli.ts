#!/usr/bin/env node
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CliCommand, parseCliArgs, USAGE, UsageError } from './cli-args.js';
import { stopLeftovers } from './leftovers.js';
import { removeManifest } from './manifest.js';
import { LOCAL_PORTS, TEST_PORTS } from './ports.js';
import { isAlive } from './proc/stop-process.js';
import { progress } from './progress.js';
import { findRepoRoot } from './repo-root.js';
import { startInfra } from './start-infra.js';
import { SERVICE_DATABASES } from './services/service-env.js';
import { runStatus, table } from './status.js';
import type { Infra } from './types.js';

async function main(argv: string[]): Promise<number> {
  let command: CliCommand;
  try {
    command = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`orrery-infra: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  if (command.command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const repoRoot = findRepoRoot(dirname(fileURLToPath(import.meta.url)));
  const dataDir = command.dataDir
    ? resolve(command.dataDir)
    : join(repoRoot, '.local', command.test ? 'test-infra' : 'infra');
  switch (command.command) {
    case 'down':
      return down(dataDir);
    case 'status':
      return status(dataDir);
    case 'up':
      return up(dataDir, command.shards, command.test);
  }
}

async function up(dataDir: string, shards: number, test: boolean): Promise<number> {
  let infra: Infra | undefined;
  let wanted: (() => void) | undefined;
  const stopRequested = new Promise<void>((resolveStop) => {
    wanted = resolveStop;
  });
  const onSignal = (sig: NodeJS.Signals) => {
    process.stderr.write(`\n[infra] ${sig}: stopping${infra ? '' : ' once the start has settled'} …\n`);
    wanted?.();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    infra = await startInfra({
      dataDir,
      shards,
      ports: test ? TEST_PORTS : LOCAL_PORTS,
      databases: SERVICE_DATABASES,
    });
  } catch (error) {
    process.stderr.write(`orrery-infra: ${(error as Error).message}\n`);
    return 1;
  }
  const rows: [string, string][] = [
    ...infra.postgres.map((s): [string, string] => [`postgres shard ${s.shard}`, s.url('postgres')]),
    ['redis', infra.redisUrl],
    ['kafka', infra.kafkaBrokers.join(',')],
    ['prometheus', infra.prometheusUrl],
  ];
  process.stdout.write(`\n${table(rows)}\n\n  data and logs: ${dataDir}\n  Ctrl-C stops everything.\n\n`);
  await stopRequested;
  await infra.stop();
  return 0;
}

async function down(dataDir: string): Promise<number> {
  const stopped = await stopLeftovers(
    dataDir,
    progress((line) => process.stderr.write(`${line}\n`)),
  );
  await removeManifest(dataDir);
  process.stdout.write(
    stopped.length > 0 ? `stopped: ${stopped.join(', ')}\n` : `nothing running for ${dataDir}\n`,
  );
  return 0;
}

async function status(dataDir: string): Promise<number> {
  const { manifest, components } = await runStatus(dataDir);
  const running = components.filter((c) => c.running);
  if (running.length === 0) {
    process.stdout.write(`nothing running for ${dataDir}\n`);
    return 3;
  }
  const rows = components.map((c): [string, string] => [
    c.component,
    c.running ? `running (pid ${c.pid})` : 'stopped',
  ]);
  process.stdout.write(`${table(rows)}\n`);
  if (manifest) {
    const launcher = isAlive(manifest.launcherPid)
      ? ''
      : ' (that launcher is gone: `orrery-infra down` stops the rest)';
    process.stdout.write(`started ${manifest.startedAt} by pid ${manifest.launcherPid}${launcher}\n`);
    process.stdout.write(`${table(Object.entries(manifest.endpoints))}\n`);
  }
  return running.length === components.length ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Signal handlers keep nothing alive; exit explicitly so lingering sockets cannot hold us.
    process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(
      `orrery-infra: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
