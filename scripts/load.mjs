// `npm run load -- <scenario> [--base-url URL] [--prometheus-url URL] [--grpc-addr HOST:PORT]
//                             [--dashboard-port N] [--no-prometheus]`
// Runs a k6 scenario of deploy/k6 (smoke, load, stress, spike, soak, grpc-users) against a running
// platform — by default the local one of `npm start` (gateway :8080, users gRPC :50051, Prometheus
// :19090). k6 is the pinned build, compiled once with `go install` into ~/.cache/orrery/go-tools.
// Metrics go to Prometheus by remote write (when it answers); the HTML report and the summary JSON go
// to .local/k6/. Scenario settings come from the environment (ORRERY_K6_RATE, ORRERY_K6_HOLD, …:
// deploy/k6/lib/config.js). Exit code: k6's (99 when a threshold failed).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { prepare, repoRoot, step } from './lib/prepare.mjs';

const usage =
  'usage: npm run load -- <smoke|load|stress|spike|soak|grpc-users> [--base-url URL] [--prometheus-url URL] ' +
  '[--grpc-addr HOST:PORT] [--dashboard-port N] [--no-prometheus]';

function parse() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'base-url': { type: 'string', default: 'http://127.0.0.1:8080' },
      'prometheus-url': { type: 'string', default: 'http://127.0.0.1:19090' },
      'grpc-addr': { type: 'string', default: '127.0.0.1:50051' },
      'dashboard-port': { type: 'string', default: '5665' },
      'no-prometheus': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  if (positionals.length !== 1) throw new Error(usage);
  return { scenario: positionals[0], ...values };
}

/** Fails fast (before any build) on a name that is not a deploy/k6 scenario, listing the known ones. */
function requireScenario(name) {
  const known = readdirSync(join(repoRoot, 'deploy', 'k6'))
    .filter((file) => file.endsWith('.js'))
    .map((file) => file.slice(0, -3))
    .sort();
  if (!known.includes(name))
    throw new Error(`unknown scenario "${name}"; choose one of: ${known.join(', ')}`);
}

async function answers(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
    return response.status < 500;
  } catch {
    return false;
  }
}

async function main() {
  const args = parse();
  requireScenario(args.scenario);
  prepare();
  const { runK6, k6Bin, stat } = await import('../tests/dist/support/k6.js');
  if (!(await answers(`${args['base-url']}/healthz`))) {
    throw new Error(`no gateway at ${args['base-url']}: start the platform (npm start) or pass --base-url`);
  }
  let prometheusUrl;
  if (!args['no-prometheus']) {
    if (await answers(`${args['prometheus-url']}/-/ready`)) prometheusUrl = args['prometheus-url'];
    else step(`Prometheus at ${args['prometheus-url']} does not answer: running without remote write`);
  }
  step(`k6 ${await k6Bin()}`);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const outDir = join(repoRoot, '.local', 'k6');
  const reportFile = join(outDir, `${args.scenario}-${stamp}.html`);
  const summaryFile = join(outDir, `${args.scenario}-${stamp}-summary.json`);
  const dashboardPort = Number(args['dashboard-port']);
  step(
    `running ${args.scenario} against ${args['base-url']}` +
      (prometheusUrl ? `, remote write to ${prometheusUrl}` : '') +
      (dashboardPort > 0 ? `, live dashboard http://127.0.0.1:${dashboardPort}` : ''),
  );
  const result = await runK6(args.scenario, {
    baseUrl: args['base-url'],
    grpcAddr: args['grpc-addr'],
    ...(prometheusUrl ? { prometheusUrl } : {}),
    env: { ORRERY_K6_TESTID: `${args.scenario}-${stamp}` },
    reportFile,
    // long runs: fewer points in the report
    ...(['soak', 'stress'].includes(args.scenario) ? { reportPeriod: '10s' } : {}),
    summaryFile,
    dashboardPort,
    echo: true,
    timeoutMs: 24 * 3600_000,
  });
  const checks = stat(result.summary, 'checks', 'value');
  step(`checks passed: ${checks === undefined ? 'n/a' : `${(checks * 100).toFixed(2)} %`}`);
  step(`HTML report: ${existsSync(reportFile) ? reportFile : 'none (the run was too short for one)'}`);
  step(`summary:     ${summaryFile}`);
  step(
    result.exitCode === 0
      ? 'thresholds passed'
      : `k6 exited with ${result.exitCode} (99: a threshold failed)`,
  );
  process.exit(result.exitCode);
}

main().catch((error) => {
  console.error(`[orrery] ${error instanceof Error ? error.message : error}`);
  process.exit(2);
});
