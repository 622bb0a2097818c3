// The laptop budget: requests of everything the chart runs, default ≤ 4 CPU / 6 GiB and
// minimal ≤ 2 CPU / 3 GiB, summed from the rendered manifests.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseManifests, render } from './chart.js';
import { parseCpu, parseMemory, podRequests, totalRequests } from './resources.js';

const GiB = 2 ** 30;
const budgets = {
  default: { cpuMilli: 4000, memoryBytes: 6 * GiB },
  minimal: { cpuMilli: 2000, memoryBytes: 3 * GiB },
} as const;

describe('resource budget', () => {
  for (const profile of ['default', 'minimal'] as const) {
    it(`${profile} profile requests fit ${budgets[profile].cpuMilli}m / ${budgets[profile].memoryBytes / GiB} GiB`, async () => {
      const total = totalRequests(parseManifests(await render(profile)));
      const summary = `${profile}: ${total.cpuMilli}m CPU, ${(total.memoryBytes / GiB).toFixed(2)} GiB`;
      process.stdout.write(`# ${summary}\n${total.lines.map((line) => `#   ${line}`).join('\n')}\n`);
      assert.ok(total.lines.length >= 10, 'expected the services, databases and observability workloads');
      assert.ok(total.cpuMilli <= budgets[profile].cpuMilli, `CPU over budget — ${summary}`);
      assert.ok(total.memoryBytes <= budgets[profile].memoryBytes, `memory over budget — ${summary}`);
    });
  }

  it('counts replicas and HPA minimums, so a bigger release breaks the budget', async () => {
    const manifests = parseManifests(await render('everything'));
    const total = totalRequests(manifests);
    const hpaDeployments = manifests.filter((m) => m.kind === 'HorizontalPodAutoscaler').length;
    assert.equal(hpaDeployments, 4);
    // 4 shards × 3 services of Postgres at 100m each is 1200m alone: more than the default's 600m.
    assert.ok(total.cpuMilli > totalRequests(parseManifests(await render('default'))).cpuMilli);
  });

  it('parses quantities and applies the init-container rule', () => {
    assert.equal(parseCpu('250m'), 250);
    assert.equal(parseCpu('1.5'), 1500);
    assert.equal(parseCpu(2), 2000);
    assert.equal(parseMemory('128Mi'), 128 * 2 ** 20);
    assert.equal(parseMemory('1G'), 1e9);
    assert.throws(() => parseMemory('12XB'), /not a memory quantity/);
    assert.throws(() => parseCpu('abc'), /not a number/);
    const container = (name: string, cpu: string, memory: string, restartPolicy?: string) => ({
      name,
      resources: { requests: { cpu, memory } },
      ...(restartPolicy ? { restartPolicy } : {}),
    });
    // A big init container dominates CPU; the app containers dominate memory.
    const pod = podRequests({
      containers: [container('a', '100m', '100Mi'), container('b', '100m', '100Mi')],
      initContainers: [container('init', '500m', '10Mi')],
    });
    assert.deepEqual(pod, { cpuMilli: 500, memoryBytes: 200 * 2 ** 20 });
    // A sidecar (restartPolicy Always) adds to the app containers and to later init containers.
    const withSidecar = podRequests({
      containers: [container('a', '100m', '100Mi')],
      initContainers: [container('proxy', '50m', '50Mi', 'Always'), container('late', '400m', '10Mi')],
    });
    assert.deepEqual(withSidecar, { cpuMilli: 450, memoryBytes: 150 * 2 ** 20 });
  });
});
