// Sums of resource requests over rendered manifests, computed the way the Kubernetes scheduler
// sees a pod: max(app containers + sidecars, each init container + the sidecars started before it).
import type { Manifest } from './chart.js';

export interface Requests {
  /** CPU in millicores */
  readonly cpuMilli: number;
  /** memory in bytes */
  readonly memoryBytes: number;
}

interface Container {
  readonly name: string;
  readonly restartPolicy?: string;
  readonly resources?: {
    readonly requests?: { readonly cpu?: string | number; readonly memory?: string | number };
  };
}

interface PodSpec {
  readonly containers: readonly Container[];
  readonly initContainers?: readonly Container[];
}

const binary: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
const decimal: Record<string, number> = { k: 1e3, M: 1e6, G: 1e9, T: 1e12 };

/** Parses a CPU quantity ("250m", "1", 0.5) into millicores. */
export function parseCpu(quantity: string | number | undefined): number {
  if (quantity === undefined) return 0;
  const text = String(quantity);
  if (text.endsWith('m')) return Number(strictNumber(text.slice(0, -1)));
  return Math.round(strictNumber(text) * 1000);
}

/** Parses a memory quantity ("128Mi", "1G", 1048576) into bytes. */
export function parseMemory(quantity: string | number | undefined): number {
  if (quantity === undefined) return 0;
  const match = /^([0-9.]+)([KMGT]i|[kMGT])?$/.exec(String(quantity));
  if (!match?.[1]) throw new Error(`not a memory quantity: ${quantity}`);
  const unit = match[2];
  const factor = unit === undefined ? 1 : (binary[unit] ?? decimal[unit] ?? Number.NaN);
  return strictNumber(match[1]) * factor;
}

function strictNumber(text: string): number {
  const value = Number(text);
  if (text === '' || !Number.isFinite(value)) throw new Error(`not a number: ${text}`);
  return value;
}

function requestsOf(container: Container): Requests {
  const requests = container.resources?.requests;
  return { cpuMilli: parseCpu(requests?.cpu), memoryBytes: parseMemory(requests?.memory) };
}

const add = (a: Requests, b: Requests): Requests => ({
  cpuMilli: a.cpuMilli + b.cpuMilli,
  memoryBytes: a.memoryBytes + b.memoryBytes,
});
const max = (a: Requests, b: Requests): Requests => ({
  cpuMilli: Math.max(a.cpuMilli, b.cpuMilli),
  memoryBytes: Math.max(a.memoryBytes, b.memoryBytes),
});
const zero: Requests = { cpuMilli: 0, memoryBytes: 0 };

/** Effective requests of one pod (Kubernetes' rule, including restartable init "sidecars"). */
export function podRequests(spec: PodSpec): Requests {
  let sidecars = zero;
  let initPeak = zero;
  for (const init of spec.initContainers ?? []) {
    if (init.restartPolicy === 'Always') sidecars = add(sidecars, requestsOf(init));
    else initPeak = max(initPeak, add(requestsOf(init), sidecars));
  }
  const app = spec.containers.map(requestsOf).reduce(add, zero);
  return max(add(app, sidecars), initPeak);
}

/** Replicas the cluster runs for a workload: its spec, or the HPA's minimum when one targets it. */
function replicasOf(workload: Manifest, all: readonly Manifest[]): number {
  const hpa = all.find(
    (m) =>
      m.kind === 'HorizontalPodAutoscaler' &&
      (m.spec?.scaleTargetRef as { name?: string } | undefined)?.name === workload.metadata.name,
  );
  if (hpa) return Number(hpa.spec?.minReplicas ?? 1);
  return Number(workload.spec?.replicas ?? 1);
}

/** Sum over Deployments and StatefulSets × replicas (helm test hook pods are not part of the release). */
export function totalRequests(manifests: readonly Manifest[]): Requests & { readonly lines: string[] } {
  let total = zero;
  const lines: string[] = [];
  for (const m of manifests) {
    if (m.kind !== 'Deployment' && m.kind !== 'StatefulSet') continue;
    const template = m.spec?.template as { spec: PodSpec } | undefined;
    if (!template) throw new Error(`${m.kind}/${m.metadata.name} has no pod template`);
    const replicas = replicasOf(m, manifests);
    const pod = podRequests(template.spec);
    total = add(total, { cpuMilli: pod.cpuMilli * replicas, memoryBytes: pod.memoryBytes * replicas });
    lines.push(
      `${m.kind}/${m.metadata.name} ×${replicas}: ${pod.cpuMilli}m, ${pod.memoryBytes / 2 ** 20}Mi per pod`,
    );
  }
  return { ...total, lines };
}
