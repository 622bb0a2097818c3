// `helm lint --strict` and strict schema validation of the rendered chart against the pinned
// Kubernetes API (unknown fields fail). CRD kinds are listed explicitly as not schema-checked.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { runCommand } from '../support/run-command.js';
import { chartDir, type Profile, parseManifests, profiles, render } from './chart.js';
import { helmBin, kubeconformBin, kubernetesSchemas, kubeVersion } from './tools.js';

/**
 * Prometheus-operator kinds (rendered only with prometheusOperator.enabled): no schema for them is
 * available offline; their content is checked instead by one-source.test.ts (promtool on the rules).
 */
export const skippedCrdKinds = ['PodMonitor', 'PrometheusRule'];

async function kubeconform(manifests: string): Promise<{ code: number; output: string }> {
  const schemas = await kubernetesSchemas();
  const result = await runCommand(
    await kubeconformBin(),
    [
      '-strict',
      '-summary',
      '-kubernetes-version',
      kubeVersion,
      '-schema-location',
      `${schemas}/{{.ResourceKind}}{{.KindSuffix}}.json`,
      '-skip',
      skippedCrdKinds.join(','),
      '-',
    ],
    { input: manifests },
  );
  return { code: result.code, output: result.stdout + result.stderr };
}

describe('chart validation', () => {
  for (const profile of Object.keys(profiles) as Profile[]) {
    it(`helm lint --strict passes (${profile})`, async () => {
      const args = ['lint', '--strict', chartDir];
      for (const file of profiles[profile]) args.push('--values', file);
      const result = await runCommand(await helmBin(), args);
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.match(result.stdout, /1 chart\(s\) linted, 0 chart\(s\) failed/);
    });

    it(`rendered manifests are valid Kubernetes ${kubeVersion} objects (${profile})`, async () => {
      const rendered = await render(profile);
      const manifests = parseManifests(rendered);
      const kinds = new Set(manifests.map((m) => m.kind));
      const result = await kubeconform(rendered);
      assert.equal(result.code, 0, result.output);
      const skipped = manifests.filter((m) => skippedCrdKinds.includes(m.kind)).length;
      const count = manifests.length;
      assert.match(
        result.output,
        new RegExp(`Valid: ${count - skipped}, Invalid: 0, Errors: 0, Skipped: ${skipped}`),
      );
      if (profile === 'everything') {
        for (const kind of skippedCrdKinds) assert.ok(kinds.has(kind), `${kind} rendered`);
        assert.ok(kinds.has('HorizontalPodAutoscaler'));
      }
    });
  }

  it('the validator rejects an unknown field and a wrong type (negative control)', async () => {
    const deployment = parseManifests(await render('default')).find((m) => m.kind === 'Deployment');
    assert.ok(deployment);
    const unknownField = { ...deployment, spec: { ...deployment.spec, replicaz: 2 } };
    const rejected = await kubeconform(stringify(unknownField));
    assert.notEqual(rejected.code, 0);
    assert.match(rejected.output, /replicaz/);
    const wrongType = { ...deployment, spec: { ...deployment.spec, replicas: 'two' } };
    assert.notEqual((await kubeconform(stringify(wrongType))).code, 0);
  });
});
