// Dashboards and alert rules have one source (helm/orrery/dashboards, helm/orrery/rules) that the
// chart ships unchanged and local mode loads too; their PromQL is checked with promtool and against
// every telemetry registry (tests/support/promql.ts reads the queries for this and the e2e check).
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import {
  dashboardQueries,
  knownMetricNames,
  metricNamesIn,
  ruleQueries,
  substituteVariables,
} from '../support/promql.js';
import { chartDir, parseManifests, render } from './chart.js';
import { promtool } from './promtool.js';

const dashboardsDir = join(chartDir, 'dashboards');
const rulesDir = join(chartDir, 'rules');

/** Dashboard expressions as recording rules, so promtool parses their PromQL. */
function asRecordingRules(exprs: readonly string[]): string {
  const rules = exprs.map((expr, i) => ({ record: `dashboard:expr_${i}`, expr: substituteVariables(expr) }));
  return stringify({ groups: [{ name: 'dashboard-exprs', rules }] });
}

type Known = (name: string) => boolean;

/** Metric names in a PromQL expression that no registry declares. */
function unregistered(expr: string, known: Known): string[] {
  return metricNamesIn(expr).filter((name) => !known(name));
}

describe('one source for dashboards and rules', () => {
  it('the chart ships every dashboard and rules file byte for byte', async () => {
    const manifests = parseManifests(await render('everything'));
    const configMap = (name: string) =>
      manifests.find((m) => m.kind === 'ConfigMap' && m.metadata.name === name);
    const dashboards = configMap('orrery-grafana-dashboards')?.data ?? {};
    const rules = configMap('orrery-prometheus-rules')?.data ?? {};
    const dashboardFiles = (await readdir(dashboardsDir)).filter((f) => f.endsWith('.json'));
    const ruleFiles = (await readdir(rulesDir)).filter((f) => f.endsWith('.yaml'));
    assert.ok(dashboardFiles.includes('platform-overview.json'));
    assert.deepEqual(Object.keys(dashboards).sort(), dashboardFiles.sort());
    assert.deepEqual(Object.keys(rules).sort(), ruleFiles.sort());
    for (const file of dashboardFiles) {
      assert.equal(
        dashboards[file]?.trimEnd(),
        (await readFile(join(dashboardsDir, file), 'utf8')).trimEnd(),
      );
    }
    for (const file of ruleFiles) {
      const source = await readFile(join(rulesDir, file), 'utf8');
      assert.equal(rules[file]?.trimEnd(), source.trimEnd());
      const operatorRule = manifests.find(
        (m) =>
          m.kind === 'PrometheusRule' &&
          m.metadata.name === `orrery-monitoring-${file.replace(/\.yaml$/, '')}`,
      );
      assert.deepEqual(operatorRule?.spec, parse(source), `PrometheusRule for ${file}`);
    }
    assert.ok(!Object.keys(rules).some((f) => f.includes('test')), 'promtool tests are not rule files');
  });

  it('the alert rules pass promtool, and promtool catches a broken rule (negative control)', async () => {
    for (const file of (await readdir(rulesDir)).filter((f) => f.endsWith('.yaml'))) {
      const result = await promtool(['check', 'rules', join(rulesDir, file)]);
      assert.equal(result.code, 0, result.output);
      assert.match(result.output, /SUCCESS/);
    }
    const dir = await mkdtemp(join(tmpdir(), 'orrery-rules-'));
    try {
      await writeFile(join(dir, 'broken.yaml'), asRecordingRules(['sum(rate(up[5m])']));
      assert.notEqual((await promtool(['check', 'rules', join(dir, 'broken.yaml')])).code, 0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('alert rules read only names of the telemetry registries (all of them), recorded or external names', async () => {
    const known = await knownMetricNames(rulesDir);
    const queries = await ruleQueries(rulesDir);
    assert.ok(queries.filter((q) => q.kind === 'alert').length >= 12, 'alerts');
    for (const query of queries) assert.deepEqual(unregistered(query.expr, known), [], query.source);
    // names of registries other than METRICS count, a made-up one does not (negative controls)
    assert.deepEqual(unregistered('orrery_db_shard_up == 0 and orrery_consumer_lag_messages > 1', known), []);
    assert.deepEqual(unregistered('rate(orrery_made_up_total{x="1"}[1m])', known), ['orrery_made_up_total']);
    assert.deepEqual(unregistered('sum by (orrery_label) (orrery_made_up)', known), ['orrery_made_up']);
  });

  it('every dashboard query parses (promtool) and reads only names of the telemetry registries', async () => {
    const known = await knownMetricNames(rulesDir);
    const queries = await dashboardQueries(dashboardsDir);
    const files = new Set(queries.map((q) => q.source.split(':')[0]));
    assert.ok(files.size >= 6, `six dashboards, got ${[...files].join(', ')}`);
    for (const query of queries) assert.deepEqual(unregistered(query.expr, known), [], query.source);
    const dir = await mkdtemp(join(tmpdir(), 'orrery-dash-'));
    try {
      const rulesFile = join(dir, 'dashboards.rules.yaml');
      await writeFile(rulesFile, asRecordingRules(queries.map((q) => q.expr)));
      const result = await promtool(['check', 'rules', rulesFile]);
      assert.equal(result.code, 0, result.output);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
