// Best-practice lint of the rendered chart with kube-score: zero warnings or critical findings,
// except the checks switched off below (globally) or per object with a `kube-score/ignore`
// annotation in the templates — each with its reason, also listed in docs/kubernetes.md.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { runCommand } from '../support/run-command.js';
import { type Profile, parseManifests, render } from './chart.js';
import { kubeScoreBin } from './tools.js';

/** Checks off for the whole chart, and why. */
export const ignoredChecks: Record<string, string> = {
  'container-image-pull-policy':
    'kube-score wants Always; on kind the image is loaded locally (Tilt/kind load), where Always would fail to pull it',
  'pod-topology-spread-constraints':
    'a one-node kind cluster has no topology to spread over; anti-affinity is set',
};

async function kubeScore(manifests: string): Promise<{ code: number; output: string }> {
  const args = ['score', '--output-format', 'ci', '--exit-one-on-warning', '--kubernetes-version', 'v1.33'];
  for (const check of Object.keys(ignoredChecks)) args.push('--ignore-test', check);
  const result = await runCommand(await kubeScoreBin(), [...args, '-'], { input: manifests });
  return { code: result.code, output: result.stdout + result.stderr };
}

const findings = (output: string) =>
  output.split('\n').filter((line) => /^\[(CRITICAL|WARNING)\]/.test(line));

describe('kube-score', () => {
  for (const profile of ['default', 'minimal', 'everything'] as Profile[]) {
    it(`has no findings (${profile})`, async () => {
      const result = await kubeScore(await render(profile));
      assert.deepEqual(findings(result.output), []);
      assert.equal(result.code, 0, result.output);
    });
  }

  it('flags a Deployment without security context and resources (negative control)', async () => {
    const deployment = parseManifests(await render('default')).find(
      (m) => m.kind === 'Deployment' && m.metadata.name === 'orrery-users',
    );
    assert.ok(deployment);
    const template = deployment.spec?.template as { spec: { containers: Record<string, unknown>[] } };
    const weakened = structuredClone(deployment) as typeof deployment;
    const weakTemplate = weakened.spec?.template as typeof template;
    weakTemplate.spec.containers = template.spec.containers.map(
      ({ securityContext: _s, resources: _r, ...c }) => c,
    );
    const result = await kubeScore(stringify(weakened));
    assert.notEqual(result.code, 0);
    assert.ok(
      findings(result.output).some((line) => /security|resources/i.test(line)),
      result.output,
    );
  });
});
