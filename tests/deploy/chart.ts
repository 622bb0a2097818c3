// Rendering the chart with the pinned helm and reading the manifests back.
import { execFile } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { helmBin, kubeVersion } from './tools.js';

/** The repository root (this file runs from tests/dist/deploy/). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const chartDir = join(repoRoot, 'helm', 'orrery');

/** The value sets the suite renders: the two profiles and one with every optional feature on. */
export const profiles = {
  default: [] as string[],
  minimal: [join(chartDir, 'values-minimal.yaml')],
  everything: [join(chartDir, 'ci', 'everything-on-values.yaml')],
} as const;
export type Profile = keyof typeof profiles;

export interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command without throwing on a non-zero exit. */
export function exec(file: string, args: readonly string[], input?: string): Promise<Result> {
  return new Promise((resolvePromise, reject) => {
    const child = execFile(
      file,
      args,
      { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024, timeout: 5 * 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        if (error && typeof error.code !== 'number') reject(error);
        else resolvePromise({ code, stdout, stderr });
      },
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** `helm template` of the chart with the given values files and `--set` pairs. */
export async function helmTemplate(
  valuesFiles: readonly string[],
  sets: readonly string[] = [],
): Promise<Result> {
  const args = ['template', 'orrery', chartDir, '--namespace', 'orrery', '--kube-version', kubeVersion];
  for (const file of valuesFiles) args.push('--values', file);
  for (const pair of sets) args.push('--set', pair);
  return exec(await helmBin(), args);
}

/** Renders and fails loudly when helm does. */
export async function render(profile: Profile): Promise<string> {
  const result = await helmTemplate(profiles[profile]);
  if (result.code !== 0) throw new Error(`helm template (${profile}) failed:\n${result.stderr}`);
  return result.stdout;
}

/** A rendered Kubernetes object, loosely typed. */
export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly annotations?: Record<string, string> };
  readonly spec?: Record<string, unknown>;
  readonly data?: Record<string, string>;
}

/** Parses a multi-document YAML stream, dropping empty documents. */
export function parseManifests(text: string): Manifest[] {
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`YAML error: ${doc.errors[0]?.message}`);
      return doc.toJS() as Manifest | null;
    })
    .filter((doc): doc is Manifest => doc !== null && typeof doc === 'object');
}
