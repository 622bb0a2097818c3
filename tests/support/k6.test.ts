// The k6 helper and the scenarios without servers: every deploy/k6 script is known to runK6, its
// options compile in the pinned k6 (`k6 inspect`: executors, stages, thresholds) with defaults and
// with a short-run environment, and a malformed setting stops the script with its name.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { k6Bin, k6Dir, k6Env, SCENARIOS, scenarioFile } from './k6.js';

const run = promisify(execFile);

interface Inspected {
  scenarios: Record<string, { executor: string; stages?: { target: number }[]; rate?: number }>;
  thresholds: Record<string, string[]>;
}

/** `k6 inspect` of a scenario; `env` is passed with -e (inspect does not read the process environment). */
async function inspect(scenario: string, env: Record<string, string> = {}): Promise<Inspected> {
  const vars = Object.entries(env).flatMap(([name, value]) => ['-e', `${name}=${value}`]);
  const { stdout } = await run(
    await k6Bin(),
    ['inspect', '--execution-requirements', ...vars, scenarioFile(scenario)],
    { env: { ...process.env, K6_NO_USAGE_REPORT: 'true' } },
  );
  return JSON.parse(stdout) as Inspected;
}

describe('k6 scenarios', () => {
  it('runK6 knows exactly the scripts of deploy/k6; an unknown name lists them', async () => {
    const files = (await readdir(k6Dir)).filter((file) => file.endsWith('.js'));
    assert.deepEqual([...SCENARIOS].sort(), files.map((file) => file.slice(0, -3)).sort());
    assert.throws(
      () => scenarioFile('../etc/passwd'),
      /unknown k6 scenario "..\/etc\/passwd"; choose one of: smoke/,
    );
  });

  it('remote write, report and no usage report in the environment k6 gets', () => {
    const env = k6Env({
      baseUrl: 'http://127.0.0.1:1',
      prometheusUrl: 'http://127.0.0.1:2/',
      reportFile: '/tmp/r.html',
      grpcAddr: '127.0.0.1:3',
    });
    assert.equal(env.K6_PROMETHEUS_RW_SERVER_URL, 'http://127.0.0.1:2/api/v1/write');
    assert.match(env.K6_PROMETHEUS_RW_TREND_STATS ?? '', /p\(95\),p\(99\)/);
    assert.deepEqual([env.K6_WEB_DASHBOARD, env.K6_WEB_DASHBOARD_PORT], ['true', '-1']);
    assert.equal(env.K6_NO_USAGE_REPORT, 'true');
    assert.equal(env.ORRERY_USERS_GRPC_ADDR, '127.0.0.1:3');
    const plain = k6Env({ baseUrl: 'http://127.0.0.1:1' });
    assert.equal(plain.K6_PROMETHEUS_RW_SERVER_URL, undefined);
    assert.equal(plain.K6_WEB_DASHBOARD, undefined);
  });

  for (const scenario of SCENARIOS) {
    it(`${scenario}.js compiles with thresholds on latency and errors`, async () => {
      const options = await inspect(scenario);
      assert.ok(Object.keys(options.thresholds).length >= 2, JSON.stringify(options.thresholds));
      assert.ok(options.thresholds.checks, 'failed checks fail the run');
      if (['load', 'stress', 'spike', 'soak'].includes(scenario)) {
        assert.deepEqual(Object.keys(options.scenarios).sort(), ['auth', 'shop']);
        assert.match(options.scenarios.shop?.executor ?? '', /arrival-rate$/, 'open model');
        for (const metric of ['http_req_duration', 'http_req_failed', 'orrery_saga_completion']) {
          assert.ok(options.thresholds[metric], `${scenario} has a threshold on ${metric}`);
        }
        assert.equal(options.thresholds.http_req_duration?.length, 2, 'p95 and p99');
      }
    });
  }

  it('load.js: ramping-arrival-rate; rates, durations and thresholds follow the environment', async () => {
    const short = await inspect('load', {
      ORRERY_K6_RATE: '4',
      ORRERY_K6_RAMP: '5s',
      ORRERY_K6_HOLD: '20s',
      ORRERY_K6_P95_MS: '123',
      ORRERY_K6_AUTH_RATE: '0',
    });
    assert.equal(short.scenarios.shop?.executor, 'ramping-arrival-rate');
    assert.deepEqual(
      short.scenarios.shop?.stages?.map((stage) => stage.target),
      [4, 4, 0],
    );
    assert.deepEqual(Object.keys(short.scenarios), ['shop'], 'no auth trickle at rate 0');
    assert.ok(short.thresholds.http_req_duration?.includes('p(95)<123'));
  });

  it('a malformed setting stops the script, naming the variable', async () => {
    await assert.rejects(inspect('load', { ORRERY_K6_HOLD: 'forever' }), /ORRERY_K6_HOLD must be a duration/);
    await assert.rejects(
      inspect('soak', { ORRERY_K6_RATE: 'lots' }),
      /ORRERY_K6_RATE must be a non-negative number/,
    );
  });
});
