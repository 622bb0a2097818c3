import { access, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { awaitReady } from '../proc/await-ready.js';
import { type ManagedChild, startChild } from '../proc/child.js';
import { runCommand } from '../proc/run.js';
import { seconds, type Progress } from '../progress.js';
import { brokerJvmArgs, log4jProperties, newClusterId, serverProperties } from './kafka-config.js';

/** Everything the broker needs to start. */
export interface KafkaSpec {
  java: string;
  libs: string;
  port: number;
  controllerPort: number;
  dataDir: string;
  /** stdout/stderr of the JVM. */
  outFile: string;
  /** The broker's own log4j log. */
  logFile: string;
  timeoutMs: number;
  signal: AbortSignal;
  log: Progress;
}

/** Path of server.properties (also the marker in the JVM's command line). */
export function kafkaPropertiesPath(dataDir: string): string {
  return join(dataDir, 'kafka', 'server.properties');
}

/** Writes the configs, formats storage once, starts the broker, waits for a real client answer. */
export async function startKafka(spec: KafkaSpec): Promise<ManagedChild> {
  const started = performance.now();
  const dir = join(spec.dataDir, 'kafka');
  const logDir = join(dir, 'data');
  await mkdir(logDir, { recursive: true });
  const props = kafkaPropertiesPath(spec.dataDir);
  const log4j = join(dir, 'log4j.properties');
  await writeFile(props, serverProperties({ port: spec.port, controllerPort: spec.controllerPort, logDir }));
  await writeFile(log4j, log4jProperties(spec.logFile));
  const classpath = `${spec.libs}/*`;
  if (!(await exists(join(logDir, 'meta.properties')))) {
    const formatStarted = performance.now();
    try {
      await runCommand(
        spec.java,
        [
          `-Dlog4j.configuration=file:${log4j}`,
          '-cp',
          classpath,
          'kafka.tools.StorageTool',
          'format',
          '-t',
          newClusterId(),
          '-c',
          props,
          '--ignore-formatted',
        ],
        { logFile: spec.outFile, timeoutMs: 60_000 },
      );
    } catch (error) {
      throw new Error(
        `kafka: formatting the KRaft storage failed: ${(error as Error).message}\nSee ${spec.outFile}`,
      );
    }
    spec.log(`kafka: formatted KRaft storage in ${logDir} (${seconds(formatStarted)})`);
  }
  const child = await startChild({
    component: 'kafka',
    command: spec.java,
    args: brokerJvmArgs(spec.libs, log4j, props),
    logFile: spec.outFile,
    dataDir: spec.dataDir,
    marker: props,
    stopSignal: 'SIGTERM',
    graceMs: 20_000,
  });
  await awaitReady(child, {
    probe: () => describeCluster(spec.port),
    timeoutMs: spec.timeoutMs,
    intervalMs: 250,
    signal: spec.signal,
    exited: (status) => `kafka: the broker JVM exited (${status}) while starting`,
    notReady: (lastError) =>
      `kafka: no broker answer on 127.0.0.1:${spec.port} after ${spec.timeoutMs / 1000} s (${lastError})`,
    see: `${spec.logFile} (JVM output: ${spec.outFile})`,
    tailOf: [spec.logFile, spec.outFile],
  });
  spec.log(`kafka ready on 127.0.0.1:${spec.port} (${seconds(started)})`);
  return child;
}

/** True when the broker answers a metadata request and lists itself. */
async function describeCluster(port: number): Promise<boolean> {
  const kafka = new Kafka({
    clientId: 'orrery-launcher',
    brokers: [`127.0.0.1:${port}`],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 2000,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
