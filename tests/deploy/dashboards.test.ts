// What every dashboard panel must carry besides a valid query (tests/deploy/one-source.test.ts): a
// unit, a description naming the pattern it shows, the datasource, variables it uses defined; and
// panels that stay at zero without a fault say so and can never return nothing.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  metricNamesIn,
  panelsOf,
  SERIES_BORN_ON_EVENT,
  withBoolComparisons,
  ZERO_WITHOUT_FAULT_TAG,
} from '../support/promql.js';
import { chartDir } from './chart.js';

const dashboardsDir = join(chartDir, 'dashboards');

interface Dashboard {
  uid: string;
  title: string;
  templating: { list: { name: string }[] };
  panels: {
    type: string;
    title: string;
    description?: string;
    fieldConfig?: { defaults?: { unit?: string } };
    targets?: { expr: string }[];
    panels?: Dashboard['panels'];
  }[];
}

async function dashboards(): Promise<[string, Dashboard][]> {
  const files = (await readdir(dashboardsDir)).filter((f) => f.endsWith('.json')).sort();
  return Promise.all(
    files.map(
      async (f): Promise<[string, Dashboard]> => [
        f,
        JSON.parse(await readFile(join(dashboardsDir, f), 'utf8')) as Dashboard,
      ],
    ),
  );
}

describe('dashboards', () => {
  it('the six dashboards of the platform exist with unique uids', async () => {
    const all = await dashboards();
    assert.deepEqual(all.map(([f]) => f).sort(), [
      'data-tier.json',
      'gateway.json',
      'load-test.json',
      'platform-overview.json',
      'resilience.json',
      'saga-kafka.json',
    ]);
    assert.equal(new Set(all.map(([, d]) => d.uid)).size, all.length);
  });

  it('every panel has a unit, a description and defined variables', async () => {
    for (const [file, dashboard] of await dashboards()) {
      const variables = new Set(dashboard.templating.list.map((v) => v.name));
      for (const panel of panelsOf(dashboard)) {
        const where = `${file}: ${panel.title}`;
        assert.ok(panel.fieldConfig?.defaults?.unit, `${where} has a unit`);
        assert.ok((panel.description ?? '').length >= 30, `${where} describes the pattern it shows`);
        for (const target of panel.targets ?? []) {
          for (const [, name] of target.expr.matchAll(/\$\{?([a-z_]+)\}?/g)) {
            if (name?.startsWith('_')) continue;
            assert.ok(variables.has(name ?? ''), `${where} uses $${name}, which ${file} does not define`);
          }
        }
      }
    }
  });

  it('a query reading a series born on its first event falls back to a zero series', async () => {
    let marked = 0;
    for (const [file, dashboard] of await dashboards()) {
      for (const panel of panelsOf(dashboard)) {
        if ((panel.description ?? '').includes(ZERO_WITHOUT_FAULT_TAG)) marked++;
        for (const target of panel.targets ?? []) {
          const born = metricNamesIn(target.expr).filter((n) => SERIES_BORN_ON_EVENT.includes(n));
          if (born.length > 0) {
            assert.match(
              target.expr,
              /or vector\(0\)\s*$/,
              `${file}: ${panel.title} reads ${born.join(', ')}`,
            );
          }
        }
      }
    }
    assert.ok(marked >= 10, `panels marked ${ZERO_WITHOUT_FAULT_TAG}: ${marked}`);
  });
});

describe('promql helpers', () => {
  it('find metric names, not functions, keywords, labels or durations', () => {
    assert.deepEqual(
      metricNamesIn(
        'histogram_quantile(0.99, sum by (service, le) (rate(a_bucket{x="b{c}"}[5m] offset 1h))) / on (service) group_left (pod) b:rec > bool 2 or vector(0)',
      ),
      ['a_bucket', 'b:rec'],
    );
    assert.deepEqual(metricNamesIn('count(ALERTS{alertstate="firing"}) or vector(0)'), ['ALERTS']);
  });

  it('turn every comparison outside matchers into a bool comparison', () => {
    assert.equal(
      withBoolComparisons('up{a!="x", b=~"y"} == 0 and c > (14.4 * 0.005) and d >= bool 1'),
      'up{a!="x", b=~"y"} == bool 0 and c > bool (14.4 * 0.005) and d >= bool 1',
    );
  });
});
