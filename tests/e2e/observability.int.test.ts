// Dashboards and alerts proven on a real Prometheus under load: the test runner's Prometheus scrapes
// the four services of a test platform and loads the chart's rule files; load runs every journey;
// then every PromQL expression of every dashboard panel and every alert and recording rule is
// evaluated through the HTTP API. Each must parse, read only registered names, and return data; a
// panel marked "[zero without a fault]" must return a zero-valued series.
import assert from 'node:assert/strict';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { defaultRuleFiles, prometheusYml, reloadPrometheus } from '@orrery/launcher';
import { serviceScrapeJobs } from '@orrery/launcher/services';
import { requireTestEnv } from '@orrery/platform/testing';
import { parse } from 'yaml';
import { eventually } from '../support/http.js';
import { journeyDriver, k6LoadDriver, type LoadDriver } from '../support/journeys.js';
import { repoRoot, startTestPlatform, type TestPlatform } from '../support/local-platform.js';
import {
  dashboardQueries,
  EXTERNAL_METRICS,
  instantQuery,
  knownMetricNames,
  metricNamesIn,
  type Query,
  ruleQueries,
  SERIES_BORN_ON_EVENT,
  substituteVariables,
  withBoolComparisons,
} from '../support/promql.js';

const chartDir = join(repoRoot, 'helm', 'orrery');
const LOAD_MS = 45_000;

let platform: TestPlatform;
let prometheusUrl: string;
let configFile: string;
let originalConfig: string;
/** `instance=~"…"` matching this run's four admin endpoints (the TSDB may hold earlier runs' series). */
let thisRun: string;

async function prometheusJson(path: string): Promise<{ status: string; data: unknown }> {
  const response = await fetch(`${prometheusUrl}${path}`, { signal: AbortSignal.timeout(10_000) });
  return (await response.json()) as { status: string; data: unknown };
}

/** Replaces the runner's Prometheus config (atomically) and reloads it. */
async function setPrometheusConfig(text: string): Promise<void> {
  const temp = `${configFile}.tmp-${process.pid}`;
  await writeFile(temp, text);
  await rename(temp, configFile);
  await reloadPrometheus(Number(new URL(prometheusUrl).port));
}

before(async () => {
  prometheusUrl = requireTestEnv('ORRERY_TEST_PROMETHEUS_URL');
  const flags = (await prometheusJson('/api/v1/status/flags')).data as Record<string, string>;
  configFile = flags['config.file'] ?? '';
  assert.ok(configFile, 'Prometheus reports its config file');
  originalConfig = await readFile(configFile, 'utf8');
  platform = await startTestPlatform({
    gateway: { ORRERY_RATE_LIMIT_AUTH_IP: '1000/1s', ORRERY_RATE_LIMIT_USER: '1000/1s:1000' },
  });
  const { ports } = platform;
  const jobs = serviceScrapeJobs(ports);
  const adminPorts = [ports.gatewayAdmin, ports.usersAdmin, ports.ordersAdmin, ports.paymentsAdmin];
  thisRun = `instance=~"127\\\\.0\\\\.0\\\\.1:(${adminPorts.join('|')})"`;
  await setPrometheusConfig(prometheusYml(Number(new URL(prometheusUrl).port), jobs, defaultRuleFiles()));
});

after(async () => {
  if (originalConfig !== undefined && configFile) await setPrometheusConfig(originalConfig).catch(() => {});
  await platform?.stop();
});

interface RulesData {
  groups: { name: string; file: string; rules: { name: string; health: string; lastError?: string }[] }[];
}

describe('observability under load', () => {
  it('Prometheus loads every rule group of helm/orrery/rules and evaluates them without error', async () => {
    const ruleDir = join(chartDir, 'rules');
    const expected: string[] = [];
    for (const file of defaultRuleFiles()) assert.equal(file, join(ruleDir, '*.yaml'));
    for (const query of await ruleQueries(ruleDir)) expected.push(query.detail);
    let last: RulesData | undefined;
    await eventually('every rule evaluated with health ok', 30_000, async () => {
      last = (await prometheusJson('/api/v1/rules')).data as RulesData;
      const rules = last.groups.flatMap((g) => g.rules);
      return expected.every((name) => rules.some((r) => r.name === name && r.health === 'ok'));
    }).catch((error: Error) => {
      const bad = last?.groups.flatMap((g) => g.rules).filter((r) => r.health !== 'ok');
      throw new Error(`${error.message}; not ok: ${JSON.stringify(bad)}`);
    });
    const files = new Set(last?.groups.map((g) => g.file));
    for (const file of files) assert.ok(file.startsWith(ruleDir), `${file} is a chart rules file`);
    const groups = new Set(last?.groups.map((g) => g.name));
    for (const file of [...files]) {
      const spec = parse(await readFile(file, 'utf8')) as { groups: { name: string }[] };
      for (const group of spec.groups) assert.ok(groups.has(group.name), group.name);
    }
  });

  it('every panel, alert and recording rule returns data (zeros where a fault is needed)', async (t) => {
    let up: Awaited<ReturnType<typeof instantQuery>> = [];
    await eventually('all four services scraped', 60_000, async () => {
      up = await instantQuery(prometheusUrl, `up{${thisRun}}`);
      return up.length === 4 && up.every((s) => s.value === 1);
    }).catch((error: Error) => {
      throw new Error(`${error.message}: ${JSON.stringify(up.map((s) => [s.metric.service, s.value]))}`);
    });
    // k6 alone (every journey, open model, remote write), then the TypeScript journeys for what a k6
    // run may not do (a rejected token, a wrong password, the card that fails twice then succeeds)
    const runs: [LoadDriver, number][] = [
      [k6LoadDriver(prometheusUrl, `observability-${process.pid}`), LOAD_MS],
      [journeyDriver(2), 10_000],
    ];
    for (const [driver, durationMs] of runs) {
      const report = await driver.run(platform.baseUrl, durationMs);
      t.diagnostic(`load by ${driver.name}: ${report.requests} requests, ${JSON.stringify(report.statuses)}`);
      assert.ok(report.requests > 50, `${driver.name} ran`);
    }
    await new Promise((resolve) => setTimeout(resolve, 12_000)); // two scrapes and rule evaluations

    const known = await knownMetricNames(join(chartDir, 'rules'));
    const present = new Set(
      (
        await instantQuery(prometheusUrl, 'count by (__name__) ({__name__=~"orrery_.+|up|ALERTS|k6_.+"})')
      ).map((s) => s.metric.__name__ ?? ''),
    );
    const queries: Query[] = [
      ...(await dashboardQueries(join(chartDir, 'dashboards'))),
      ...(await ruleQueries(join(chartDir, 'rules'))),
    ];
    const failures: string[] = [];
    let evaluated = 0;
    let zeroChecked = 0;
    /** What is wrong with one query (nothing when it reads live, registered series and answers). */
    const problems = async (query: Query): Promise<string[]> => {
      const found: string[] = [];
      for (const name of metricNamesIn(query.expr)) {
        if (!known(name)) found.push(`${query.source}: reads unregistered ${name}`);
        const mayBeAbsent = SERIES_BORN_ON_EVENT.includes(name) || EXTERNAL_METRICS.includes(name);
        if (!mayBeAbsent && !name.includes(':') && !present.has(name)) {
          found.push(`${query.source}: no series of ${name} in Prometheus`);
        }
      }
      const expr =
        query.kind === 'alert' ? withBoolComparisons(query.expr) : substituteVariables(query.expr, '1m');
      try {
        const samples = await instantQuery(prometheusUrl, expr);
        if (samples.length === 0) found.push(`${query.source}: returned nothing`);
        const nonZero = samples.filter((s) => s.value !== 0);
        if (query.zeroWithoutFault && nonZero.length > 0) {
          found.push(`${query.source}: not zero without a fault: ${JSON.stringify(nonZero)}`);
        }
      } catch (error) {
        found.push(`${query.source}: ${(error as Error).message}`);
      }
      return found;
    };
    for (const query of queries) {
      failures.push(...(await problems(query)));
      evaluated++;
      if (query.zeroWithoutFault) zeroChecked++;
    }
    // negative controls: the check flags an empty answer, a parse error, an unknown name, a non-zero "zero" panel
    const control = (expr: string, zeroWithoutFault = false): Query => ({
      source: 'control',
      expr,
      zeroWithoutFault,
      kind: 'panel',
      detail: '',
    });
    assert.match(
      (await problems(control('sum(orrery_orders_pending{shard="none"})'))).join(),
      /returned nothing/,
    );
    assert.match(
      (await problems(control('sum(rate(orrery_orders_created_total[1m])'))).join(),
      /parse error/,
    );
    assert.match((await problems(control('orrery_made_up_total'))).join(), /unregistered/);
    assert.match((await problems(control('sum(up)', true))).join(), /not zero without a fault/);
    t.diagnostic(`${evaluated} expressions evaluated, ${zeroChecked} of them zero-without-fault panels`);
    assert.deepEqual(failures, []);
    assert.ok(evaluated >= 80, `evaluated ${evaluated}`);
    assert.ok(zeroChecked >= 10, `zero-checked ${zeroChecked}`);
  });
});
