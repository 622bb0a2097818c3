// Dashboards and alert rules have one source (helm/orrery/dashboards, helm/orrery/rules) that the
// chart ships unchanged and local mode loads too; their PromQL is checked with promtool.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { METRICS } from '@orrery/platform/metrics';
import { parse, stringify } from 'yaml';
import { chartDir, exec, parseManifests, render } from './chart.js';

const dashboardsDir = join(chartDir, 'dashboards');
const rulesDir = join(chartDir, 'rules');

interface Panel {
  type: string;
  title: string;
  datasource?: { uid: string };
  targets?: { expr: string }[];
}

async function promtoolCheckRules(path: string): Promise<{ code: number; output: string }> {
  const result = await exec('promtool', ['check', 'rules', path]).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT')
      throw new Error('promtool not found: install the Debian package `prometheus`');
    throw error;
  });
  return { code: result.code, output: result.stdout + result.stderr };
}

/** Dashboard expressions as recording rules, so promtool parses their PromQL. */
function asRecordingRules(exprs: readonly string[]): string {
  const rules = exprs.map((expr, i) => ({
    record: `dashboard:expr_${i}`,
    expr: expr.replaceAll('$__rate_interval', '1m').replaceAll('$service', '.*'),
  }));
  return stringify({ groups: [{ name: 'dashboard-exprs', rules }] });
}

const registered = new Set(['up']);
for (const metric of Object.values(METRICS)) {
  if (metric.type !== 'histogram') registered.add(metric.name);
  else for (const suffix of ['_bucket', '_count', '_sum']) registered.add(metric.name + suffix);
}

/** Metric names (selectors written as `name{…}`) in a PromQL expression that the registry lacks. */
function unregisteredMetrics(expr: string): string[] {
  return [...expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*\{/g)]
    .map((match) => match[1] ?? '')
    .filter((name) => !registered.has(name));
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
  });

  it('the alert rules pass promtool, and promtool catches a broken rule (negative control)', async () => {
    for (const file of (await readdir(rulesDir)).filter((f) => f.endsWith('.yaml'))) {
      const result = await promtoolCheckRules(join(rulesDir, file));
      assert.equal(result.code, 0, result.output);
      assert.match(result.output, /SUCCESS/);
    }
    const dir = await mkdtemp(join(tmpdir(), 'orrery-rules-'));
    try {
      await writeFile(join(dir, 'broken.yaml'), asRecordingRules(['sum(rate(up[5m])']));
      assert.notEqual((await promtoolCheckRules(join(dir, 'broken.yaml'))).code, 0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('alert rules read only metrics of the telemetry registry or `up`', async () => {
    for (const file of (await readdir(rulesDir)).filter((f) => f.endsWith('.yaml'))) {
      const rules = parse(await readFile(join(rulesDir, file), 'utf8')) as {
        groups: { rules: { expr: string }[] }[];
      };
      const exprs = rules.groups.flatMap((g) => g.rules.map((r) => r.expr));
      assert.ok(exprs.length >= 2, `${file} has rules`);
      assert.deepEqual(exprs.flatMap(unregisteredMetrics), [], file);
    }
    assert.deepEqual(unregisteredMetrics('rate(orrery_made_up_total{x="1"}[1m])'), ['orrery_made_up_total']);
  });

  it('every dashboard query parses and reads only metrics of the telemetry registry or `up`', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'orrery-dash-'));
    try {
      for (const file of (await readdir(dashboardsDir)).filter((f) => f.endsWith('.json'))) {
        const dashboard = JSON.parse(await readFile(join(dashboardsDir, file), 'utf8')) as {
          panels: Panel[];
        };
        const panels = dashboard.panels.filter((p) => p.type !== 'row');
        assert.ok(panels.length >= 5, `${file} has panels`);
        const exprs = panels.flatMap((p) => {
          assert.equal(
            p.datasource?.uid,
            'prometheus',
            `${file}: ${p.title} uses the provisioned datasource`,
          );
          assert.ok(p.targets && p.targets.length > 0, `${file}: ${p.title} has queries`);
          return p.targets.map((t) => t.expr);
        });
        assert.deepEqual(exprs.flatMap(unregisteredMetrics), [], file);
        const rulesFile = join(dir, `${file}.rules.yaml`);
        await writeFile(rulesFile, asRecordingRules(exprs));
        const result = await promtoolCheckRules(rulesFile);
        assert.equal(result.code, 0, `${file}: ${result.output}`);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
