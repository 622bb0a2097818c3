// The alert rules' unit tests (helm/orrery/rules/tests/*.yaml) run with `promtool test rules`, and
// every alert has a case where it fires and one where it stays silent.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { ruleQueries } from '../support/promql.js';
import { chartDir } from './chart.js';
import { promtool } from './promtool.js';

const rulesDir = join(chartDir, 'rules');
const testsDir = join(rulesDir, 'tests');

interface RuleTestFile {
  rule_files: string[];
  tests: { alert_rule_test?: { alertname: string; exp_alerts?: unknown[] }[] }[];
}

async function testFiles(): Promise<string[]> {
  return (await readdir(testsDir))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join(testsDir, f));
}

describe('alert rule unit tests (promtool test rules)', () => {
  it('pass', async () => {
    const files = await testFiles();
    assert.ok(files.length >= 4, 'a test file per rules file');
    const result = await promtool(['test', 'rules', ...files]);
    assert.equal(result.code, 0, result.output);
    assert.equal(result.output.match(/SUCCESS/g)?.length, files.length, result.output);
  });

  it('cover every alert with a firing and a silent case', async () => {
    const alerts = (await ruleQueries(rulesDir)).filter((q) => q.kind === 'alert').map((q) => q.detail);
    const fires = new Set<string>();
    const silent = new Set<string>();
    const covered = new Set<string>();
    for (const file of await testFiles()) {
      const spec = parse(await readFile(file, 'utf8')) as RuleTestFile;
      for (const ruleFile of spec.rule_files) covered.add(ruleFile.replace(/^\.\.\//, ''));
      for (const test of spec.tests) {
        for (const check of test.alert_rule_test ?? []) {
          ((check.exp_alerts ?? []).length > 0 ? fires : silent).add(check.alertname);
        }
      }
    }
    const ruleFiles = (await readdir(rulesDir)).filter((f) => f.endsWith('.yaml'));
    assert.deepEqual([...covered].sort(), ruleFiles.sort(), 'every rules file is tested');
    assert.deepEqual(
      alerts.filter((a) => !fires.has(a)),
      [],
      'alerts without a firing case',
    );
    assert.deepEqual(
      alerts.filter((a) => !silent.has(a)),
      [],
      'alerts without a silent case',
    );
  });

  it('fail when an expectation is wrong (negative control)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'orrery-ruletest-'));
    try {
      const file = join(dir, 'wrong.yaml');
      await writeFile(
        file,
        JSON.stringify({
          rule_files: [join(rulesDir, 'resilience-alerts.yaml')],
          evaluation_interval: '1m',
          tests: [
            {
              interval: '1m',
              input_series: [
                { series: 'orrery_db_shard_up{service="users",shard="0"}', values: '1 1 1 1 1' },
              ],
              alert_rule_test: [
                {
                  eval_time: '4m',
                  alertname: 'OrreryShardDown',
                  exp_alerts: [{ exp_labels: { shard: '0' } }],
                },
              ],
            },
          ],
        }),
      );
      assert.notEqual((await promtool(['test', 'rules', file])).code, 0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
