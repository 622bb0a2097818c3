// `npm test`: install + build, lint, then every unit test and every integration test against real
// Postgres shards, Redis, Kafka and Prometheus that this script starts on ports of its own (see
// docs/conventions.md) and stops afterwards. `npm run test:unit` skips the servers and *.int.test.js.
// Extra arguments filter test files by substring: `npm test -- ring grpc`.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { prepare, repoRoot, run, step } from './lib/prepare.mjs';

const args = process.argv.slice(2);
const unitOnly = args.includes('--unit');
const filters = args.filter((arg) => !arg.startsWith('--'));
const SKIP_DIRS = new Set(['node_modules', '.git', '.local', 'src']);

function findTests(dir, found = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) findTests(join(dir, entry.name), found);
    } else if (entry.name.endsWith('.test.js') && dir.split('/').includes('dist')) {
      found.push(relative(repoRoot, join(dir, entry.name)));
    }
  }
  return found;
}

function selectTests() {
  return findTests(repoRoot)
    .filter((file) => !(unitOnly && file.endsWith('.int.test.js')))
    .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
    .sort();
}

/** `ORRERY_TEST_PORT_OFFSET=100` shifts every test port, so two checkouts can test at once. */
function portOffset() {
  const raw = process.env.ORRERY_TEST_PORT_OFFSET ?? '0';
  const offset = Number(raw);
  if (!Number.isInteger(offset) || offset < 0 || offset > 5000) {
    throw new Error(`ORRERY_TEST_PORT_OFFSET must be an integer 0-5000, got ${JSON.stringify(raw)}`);
  }
  return offset;
}

async function startTestInfra() {
  const { startInfra, TEST_PORTS } = await import('../packages/launcher/dist/index.js');
  const { SERVICE_DATABASES } = await import('../packages/launcher/dist/services/index.js');
  const offset = portOffset();
  const ports = Object.fromEntries(Object.entries(TEST_PORTS).map(([name, port]) => [name, port + offset]));
  const infra = await startInfra({
    dataDir: join(repoRoot, '.local', 'test-infra'),
    shards: 2,
    ports,
    databases: SERVICE_DATABASES,
  });
  return {
    infra,
    env: {
      ORRERY_TEST_PG_URLS: infra.pgUrls('postgres').join(','),
      ORRERY_TEST_REDIS_URL: infra.redisUrl,
      ORRERY_TEST_KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      ORRERY_TEST_PROMETHEUS_URL: infra.prometheusUrl,
    },
  };
}

function runNodeTest(files, env, tapFile) {
  const nodeArgs = [
    '--test',
    // one file at a time: files share the test Postgres, Redis and Kafka, and services of different
    // files use the same consumer groups (a second member would take half of the partitions)
    '--test-concurrency=1',
    '--test-timeout=300000',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tapFile}`,
    ...files,
  ];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, nodeArgs, {
      cwd: repoRoot,
      stdio: 'inherit',
      env: { ...process.env, ...env },
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function summarize(tapFile) {
  const tap = readFileSync(tapFile, 'utf8');
  const count = (name) => Number(tap.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
  return {
    passed: count('pass'),
    failed: count('fail') + count('cancelled'),
    skipped: count('skipped') + count('todo'),
  };
}

async function main() {
  prepare();
  step('linting (biome check)');
  run(join(repoRoot, 'node_modules', '.bin', 'biome'), ['check', '--log-level=error', '.']);
  const files = selectTests();
  if (files.length === 0) throw new Error(`no test files match ${filters.join(' ') || '(all)'}`);
  step(`${files.length} test files${unitOnly ? ' (unit only)' : ''}`);

  let started;
  const stopInfra = async () => {
    if (!started) return;
    const { infra } = started;
    started = undefined;
    await infra.stop();
  };
  process.once('SIGINT', () => void stopInfra().finally(() => process.exit(130)));
  process.once('SIGTERM', () => void stopInfra().finally(() => process.exit(143)));

  const tapDir = mkdtempSync(join(tmpdir(), 'orrery-test-'));
  const tapFile = join(tapDir, 'results.tap');
  let exitCode;
  try {
    if (!unitOnly) {
      step('starting test infrastructure (Postgres ×2, Redis, Kafka, Prometheus)');
      started = await startTestInfra();
    }
    exitCode = await runNodeTest(files, started?.env ?? {}, tapFile);
  } finally {
    await stopInfra();
  }
  const { passed, failed, skipped } = summarize(tapFile);
  rmSync(tapDir, { recursive: true, force: true });
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exitCode = exitCode !== 0 || failed > 0 ? 1 : 0;
}

main().catch((error) => {
  console.error(`[orrery] ${error instanceof Error ? error.message : error}`);
  console.log('0 passed, 1 failed, 0 skipped');
  process.exitCode = 1;
});
