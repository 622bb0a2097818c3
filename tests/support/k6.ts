// k6 for tests and `npm run load`: the pinned build (go install, cached like the other Go tools), the
// scenarios of deploy/k6, and runK6 — one run with an optional Prometheus remote write, an HTML report
// (web dashboard export) and the end-of-test summary as JSON.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { goTool } from './go-tool.js';
import { repoRoot } from './repo-root.js';

export const K6_VERSION = 'v1.8.1';
export const k6Bin = () => goTool({ name: 'k6', pkg: 'go.k6.io/k6', version: K6_VERSION });

export const k6Dir = join(repoRoot, 'deploy', 'k6');
export const SCENARIOS = ['smoke', 'load', 'stress', 'spike', 'soak', 'grpc-users'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/**
 * A short `load` run with every journey (the caller adds ORRERY_K6_HOLD, ORRERY_K6_TESTID and its
 * latency limits): a few shoppers at 4 iterations/s, with declines, retries and cancellations.
 */
export const SHORT_LOAD_ENV: Readonly<Record<string, string>> = {
  ORRERY_K6_RATE: '4',
  ORRERY_K6_RAMP: '5s',
  ORRERY_K6_RAMP_DOWN: '3s',
  ORRERY_K6_USERS: '4',
  ORRERY_K6_AUTH_RATE: '1',
  ORRERY_K6_DECLINE_SHARE: '0.2',
  ORRERY_K6_RETRY_SHARE: '0.3',
  ORRERY_K6_CANCEL_SHARE: '0.2',
};

/** Trend statistics sent by remote write: k6_<metric>_p95, _p99, … in Prometheus. */
export const REMOTE_WRITE_TREND_STATS = 'p(95),p(99),avg,med,min,max';

/** deploy/k6/<name>.js; an unknown name is an error that lists the known ones. */
export function scenarioFile(name: string): string {
  if (!(SCENARIOS as readonly string[]).includes(name)) {
    throw new Error(`unknown k6 scenario "${name}"; choose one of: ${SCENARIOS.join(', ')}`);
  }
  return join(k6Dir, `${name}.js`);
}

export interface K6Options {
  /** the gateway, e.g. http://127.0.0.1:8080 */
  readonly baseUrl: string;
  /** Prometheus with the remote-write receiver on; metrics go to `<url>/api/v1/write` */
  readonly prometheusUrl?: string;
  /** users gRPC address for grpc-users, e.g. 127.0.0.1:50051 */
  readonly grpcAddr?: string;
  /** extra environment for the script (ORRERY_K6_RATE, ORRERY_K6_HOLD, …) */
  readonly env?: Record<string, string>;
  /** write the HTML report (web dashboard export) here */
  readonly reportFile?: string;
  /** one point of the report per this long (default 1s: short runs get a report too) */
  readonly reportPeriod?: string;
  /** keep the summary JSON here (default: a temporary file, removed) */
  readonly summaryFile?: string;
  /** serve the live web dashboard on this port (default: no server) */
  readonly dashboardPort?: number;
  /** print k6's output as it comes (default: collect it only) */
  readonly echo?: boolean;
  /** kill k6 after this long (default 10 minutes) */
  readonly timeoutMs?: number;
}

export interface K6Metric {
  readonly [stat: string]: number | Record<string, boolean> | undefined;
  /** threshold expression → whether it failed (summary-export's own convention) */
  readonly thresholds?: Record<string, boolean>;
}

export interface K6Summary {
  readonly metrics: Record<string, K6Metric>;
}

export interface K6Run {
  readonly exitCode: number;
  readonly summary: K6Summary;
  /** stdout and stderr, interleaved */
  readonly output: string;
}

/** The environment k6 gets: where to go, what to write, and no usage report (no network but ours). */
export function k6Env(options: K6Options): Record<string, string> {
  const env: Record<string, string> = {
    ORRERY_BASE_URL: options.baseUrl,
    K6_NO_USAGE_REPORT: 'true',
    ...options.env,
  };
  if (options.grpcAddr !== undefined) env.ORRERY_USERS_GRPC_ADDR = options.grpcAddr;
  if (options.prometheusUrl !== undefined) {
    env.K6_PROMETHEUS_RW_SERVER_URL = `${options.prometheusUrl.replace(/\/$/, '')}/api/v1/write`;
    env.K6_PROMETHEUS_RW_TREND_STATS = REMOTE_WRITE_TREND_STATS;
    env.K6_PROMETHEUS_RW_PUSH_INTERVAL = '5s';
  }
  if (options.reportFile !== undefined || options.dashboardPort !== undefined) {
    env.K6_WEB_DASHBOARD = 'true';
    env.K6_WEB_DASHBOARD_HOST = '127.0.0.1';
    env.K6_WEB_DASHBOARD_PORT = String(options.dashboardPort ?? -1);
    // the report holds one point per period; a run of only a few periods gets no report at all
    env.K6_WEB_DASHBOARD_PERIOD = options.reportPeriod ?? '1s';
    if (options.reportFile !== undefined) env.K6_WEB_DASHBOARD_EXPORT = options.reportFile;
  }
  return env;
}

/** Runs one scenario to its end; the exit code is 99 when a threshold failed (k6's convention). */
export async function runK6(scenario: string, options: K6Options): Promise<K6Run> {
  const script = scenarioFile(scenario);
  const binary = await k6Bin();
  const tempDir = await mkdtemp(join(tmpdir(), 'orrery-k6-'));
  const summaryFile = options.summaryFile ?? join(tempDir, 'summary.json');
  if (options.reportFile !== undefined) await mkdir(dirname(options.reportFile), { recursive: true });
  await mkdir(dirname(summaryFile), { recursive: true });
  const args = [
    'run',
    '--no-color',
    // the REST API server is not needed; several runs at once would fight over its port
    '--address=',
    `--summary-export=${summaryFile}`,
    ...(options.prometheusUrl === undefined ? [] : ['--out', 'experimental-prometheus-rw']),
    script,
  ];
  try {
    const { exitCode, output } = await spawnK6(binary, args, { ...process.env, ...k6Env(options) }, options);
    const text = await readFile(summaryFile, 'utf8').catch(() => '');
    if (text === '') {
      throw new Error(`k6 ${scenario} wrote no summary (exit ${exitCode}):\n${output.slice(-4000)}`);
    }
    return { exitCode, summary: JSON.parse(text) as K6Summary, output };
  } finally {
    await rm(tempDir, { recursive: true, force: true });
  }
}

function spawnK6(
  binary: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  options: K6Options,
): Promise<{ exitCode: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    const collect = (stream: NodeJS.WriteStream) => (chunk: Buffer) => {
      chunks.push(chunk);
      if (options.echo) stream.write(chunk);
    };
    child.stdout.on('data', collect(process.stdout));
    child.stderr.on('data', collect(process.stderr));
    const timer = setTimeout(() => child.kill('SIGTERM'), options.timeoutMs ?? 10 * 60_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ exitCode: code ?? (signal ? 128 : 1), output: Buffer.concat(chunks).toString('utf8') });
    });
  });
}

/** A metric's statistic from the summary (`count`, `rate`, `value`, `p(95)`, …), or undefined. */
export function stat(summary: K6Summary, metric: string, name: string): number | undefined {
  const value = summary.metrics[metric]?.[name];
  return typeof value === 'number' ? value : undefined;
}
