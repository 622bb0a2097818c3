import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { awaitReady } from '../proc/await-ready.js';
import { type ManagedChild, startChild } from '../proc/child.js';
import { seconds, type Progress } from '../progress.js';
import type { ScrapeJob } from '../types.js';
import { findRepoRoot } from '../repo-root.js';
import { chartRuleFiles, prometheusArgs, prometheusYml } from './prometheus-config.js';

/** Everything Prometheus needs to start. */
export interface PrometheusSpec {
  prometheus: string;
  port: number;
  dataDir: string;
  jobs: ScrapeJob[];
  logFile: string;
  timeoutMs: number;
  signal: AbortSignal;
  log: Progress;
}

/** Path of the generated prometheus.yml (also the marker in the command line). */
export function prometheusConfigPath(dataDir: string): string {
  return join(dataDir, 'prometheus', 'prometheus.yml');
}

/** The chart's rule files (absolute glob) of the checkout this launcher runs from. */
export function defaultRuleFiles(): string[] {
  return [chartRuleFiles(findRepoRoot(dirname(fileURLToPath(import.meta.url))))];
}

/**
 * Writes prometheus.yml atomically (temp file + rename) so a reload never reads half a file. The
 * config loads the chart's alert and recording rules (`defaultRuleFiles()`) unless told otherwise.
 */
export async function writePrometheusConfig(
  dataDir: string,
  port: number,
  jobs: ScrapeJob[],
  ruleFiles: readonly string[] = defaultRuleFiles(),
): Promise<void> {
  const file = prometheusConfigPath(dataDir);
  const temp = `${file}.tmp-${process.pid}`;
  await writeFile(temp, prometheusYml(port, jobs, ruleFiles));
  await rename(temp, file);
}

/** Starts Prometheus and waits until /-/ready answers 200. */
export async function startPrometheus(spec: PrometheusSpec): Promise<ManagedChild> {
  const started = performance.now();
  const dir = join(spec.dataDir, 'prometheus');
  await mkdir(join(dir, 'tsdb'), { recursive: true });
  await writePrometheusConfig(spec.dataDir, spec.port, spec.jobs);
  const config = prometheusConfigPath(spec.dataDir);
  const child = await startChild({
    component: 'prometheus',
    command: spec.prometheus,
    args: prometheusArgs(config, join(dir, 'tsdb'), spec.port),
    logFile: spec.logFile,
    dataDir: spec.dataDir,
    marker: config,
    stopSignal: 'SIGTERM',
    graceMs: 10_000,
  });
  const url = `http://127.0.0.1:${spec.port}`;
  await awaitReady(child, {
    probe: async () => {
      const response = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(2000) });
      await response.body?.cancel();
      if (response.status !== 200) throw new Error(`/-/ready answered ${response.status}`);
      return true;
    },
    timeoutMs: spec.timeoutMs,
    intervalMs: 100,
    signal: spec.signal,
    exited: (status) => `prometheus: exited (${status}) while starting`,
    notReady: (lastError) =>
      `prometheus: ${url}/-/ready not 200 after ${spec.timeoutMs / 1000} s (${lastError})`,
    see: spec.logFile,
    tailOf: [spec.logFile],
  });
  spec.log(`prometheus ready on 127.0.0.1:${spec.port} (${seconds(started)})`);
  return child;
}

/** Asks a running Prometheus to re-read its config; rejects with Prometheus's own error text. */
export async function reloadPrometheus(port: number): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${port}/-/reload`, {
    method: 'POST',
    signal: AbortSignal.timeout(10_000),
  });
  const body = await response.text();
  if (response.status !== 200) {
    throw new Error(`prometheus: reload failed (${response.status}): ${body.trim()}`);
  }
}
