// Rendering the chart with the pinned helm and reading the manifests back.
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from '../support/repo-root.js';
import { type CommandResult, runCommand } from '../support/run-command.js';
import { helmBin, kubeVersion } from './tools.js';

export const chartDir = join(repoRoot, 'helm', 'orrery');

/** The value sets the suite renders: the two profiles and one with every optional feature on. */
export const profiles = {
  default: [] as string[],
  minimal: [join(chartDir, 'values-minimal.yaml')],
  everything: [join(chartDir, 'ci', 'everything-on-values.yaml')],
} as const;
export type Profile = keyof typeof profiles;

/** `helm template` of the chart with the given values files and `--set` pairs. */
export async function helmTemplate(
  valuesFiles: readonly string[],
  sets: readonly string[] = [],
): Promise<CommandResult> {
  const args = ['template', 'orrery', chartDir, '--namespace', 'orrery', '--kube-version', kubeVersion];
  for (const file of valuesFiles) args.push('--values', file);
  for (const pair of sets) args.push('--set', pair);
  return runCommand(await helmBin(), args);
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
