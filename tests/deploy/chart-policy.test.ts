// What the chart promises beyond schema validity: hardened pods, the right probes, NetworkPolicies
// that admit only known callers, and credentials generated when not given.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { helmTemplate, type Manifest, parseManifests, render } from './chart.js';

interface Container {
  name: string;
  args?: string[];
  readinessProbe?: Record<string, unknown>;
  livenessProbe?: { httpGet?: { path: string } };
  securityContext?: {
    readOnlyRootFilesystem?: boolean;
    allowPrivilegeEscalation?: boolean;
    capabilities?: { drop?: string[] };
  };
}
interface PodSpec {
  securityContext?: { runAsNonRoot?: boolean; seccompProfile?: { type: string } };
  containers: Container[];
  initContainers?: Container[];
}
interface Peer {
  podSelector?: { matchLabels?: Record<string, string> };
}
interface PolicySpec {
  podSelector: { matchLabels?: Record<string, string> };
  policyTypes: string[];
  ingress?: { from?: Peer[]; ports?: { port: number }[] }[];
}

function podSpecs(manifests: readonly Manifest[]): [string, PodSpec][] {
  return manifests.flatMap((m): [string, PodSpec][] => {
    if (m.kind === 'Pod') return [[m.metadata.name, m.spec as unknown as PodSpec]];
    const template = m.spec?.template as { spec: PodSpec } | undefined;
    return template ? [[`${m.kind}/${m.metadata.name}`, template.spec]] : [];
  });
}

const find = (manifests: readonly Manifest[], kind: string, name: string): Manifest => {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name === name);
  assert.ok(found, `${kind}/${name} is rendered`);
  return found;
};

describe('chart policy', () => {
  it('every pod runs non-root with seccomp, a read-only root and no capabilities', async () => {
    const pods = podSpecs(parseManifests(await render('everything')));
    assert.ok(pods.length >= 15);
    for (const [name, spec] of pods) {
      assert.equal(spec.securityContext?.runAsNonRoot, true, `${name} runAsNonRoot`);
      assert.equal(spec.securityContext?.seccompProfile?.type, 'RuntimeDefault', `${name} seccomp`);
      for (const container of [...spec.containers, ...(spec.initContainers ?? [])]) {
        const where = `${name}/${container.name}`;
        assert.equal(container.securityContext?.readOnlyRootFilesystem, true, `${where} read-only root`);
        assert.equal(container.securityContext?.allowPrivilegeEscalation, false, `${where} no escalation`);
        assert.deepEqual(container.securityContext?.capabilities?.drop, ['ALL'], `${where} drops ALL`);
      }
    }
  });

  it('services use gRPC readiness (HTTP for the gateway) and dependency-free /healthz liveness', async () => {
    const manifests = parseManifests(await render('default'));
    for (const service of ['gateway', 'users', 'orders', 'payments']) {
      const template = find(manifests, 'Deployment', `orrery-${service}`).spec?.template as { spec: PodSpec };
      const spec = template.spec;
      const container = spec.containers[0];
      assert.ok(container);
      assert.deepEqual(container.args, [`services/${service}/dist/main.js`]);
      assert.equal(container.livenessProbe?.httpGet?.path, '/healthz');
      const readiness = container.readinessProbe ?? {};
      if (service === 'gateway') assert.deepEqual(readiness.httpGet, { path: '/readyz', port: 'admin' });
      else assert.ok('grpc' in readiness, `${service} readiness is a native gRPC probe`);
    }
  });

  it('devMode makes only the orrery services writable and runs them under node --watch', async () => {
    const result = await helmTemplate([], ['devMode=true']);
    assert.equal(result.code, 0, result.stderr);
    for (const [name, spec] of podSpecs(parseManifests(result.stdout))) {
      const writable = spec.containers.some((c) => c.securityContext?.readOnlyRootFilesystem === false);
      assert.equal(writable, /^Deployment\/orrery-(gateway|users|orders|payments)$/.test(name), name);
    }
  });

  it('NetworkPolicies deny by default and admit each database only from its owning service', async () => {
    const manifests = parseManifests(await render('default'));
    const policy = (name: string) => find(manifests, 'NetworkPolicy', name).spec as unknown as PolicySpec;
    const deny = policy('orrery-default-deny');
    assert.deepEqual(deny.policyTypes, ['Ingress', 'Egress']);
    assert.deepEqual(deny.podSelector.matchLabels, { 'app.kubernetes.io/instance': 'orrery' });
    const callers = (name: string) =>
      (policy(name).ingress ?? []).map((rule) =>
        rule.from
          ? rule.from.map((peer) => peer.podSelector?.matchLabels?.['app.kubernetes.io/component'])
          : ['*'],
      );
    for (const service of ['users', 'orders', 'payments']) {
      for (const shard of [0, 1]) assert.deepEqual(callers(`orrery-${service}-pg-${shard}`), [[service]]);
    }
    assert.deepEqual(callers('orrery-kafka'), [['users', 'orders', 'payments']]);
    assert.deepEqual(callers('orrery-redis'), [['gateway', 'users']]);
    // Only the gateway's HTTP port (and the UIs, which are port-forwarded) admit anyone.
    const open = manifests
      .filter((m) => m.kind === 'NetworkPolicy')
      .filter((m) => ((m.spec as unknown as PolicySpec).ingress ?? []).some((rule) => !rule.from))
      .map((m) => m.metadata.name)
      .sort();
    assert.deepEqual(open, ['orrery-gateway', 'orrery-grafana', 'orrery-jaeger', 'orrery-prometheus']);
    const gatewayOpen = (policy('orrery-gateway').ingress ?? []).find((rule) => !rule.from);
    assert.deepEqual(
      gatewayOpen?.ports?.map((p) => p.port),
      [8080],
    );
  });

  it('generates well-formed credentials when none are given and uses given ones', async () => {
    const secret = (text: string) => {
      const found = parseManifests(text).find((m) => m.kind === 'Secret');
      assert.ok(found?.data);
      return Object.fromEntries(
        Object.entries(found.data).map(([key, value]) => [key, Buffer.from(value, 'base64').toString()]),
      );
    };
    const generated = secret(await render('default'));
    const [keyId, key] = (generated['card-keys'] ?? '').split(':');
    assert.equal(keyId, 'k1');
    assert.equal(Buffer.from(key ?? '', 'base64').length, 32);
    assert.ok((generated['jwt-secret'] ?? '').length >= 32);
    const password = generated['postgres-password'] ?? '';
    assert.match(password, /^[A-Za-z0-9]{32}$/);
    const urls = (generated['users-pg-urls'] ?? '').split(',');
    assert.deepEqual(urls, [
      `postgres://orrery:${password}@orrery-users-pg-0.orrery.svc.cluster.local:5432/users`,
      `postgres://orrery:${password}@orrery-users-pg-1.orrery.svc.cluster.local:5432/users`,
    ]);
    const given = await helmTemplate([], ['secrets.postgresPassword=given-password']);
    assert.equal(given.code, 0, given.stderr);
    assert.equal(secret(given.stdout)['postgres-password'], 'given-password');
  });
});
