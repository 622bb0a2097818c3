// The benchmark's table and targets. Each platform path is compared with the bare ceiling it builds on.

const ROWS = [
  ['httpHello', 'bare node:http hello', null],
  ['grpcEcho', 'bare grpc-js unary echo', null],
  ['pgbench', 'pgbench order+outbox tx (p50 = avg)', null],
  ['redisGet', 'redis-benchmark GET', null],
  ['getUser', 'GET /v1/users/{id} via gateway (cache hit)', 'grpcEcho'],
  ['postOrder', 'POST /v1/orders via gateway', 'grpcEcho'],
  ['saga', 'saga created → PAID at half max rate', null],
];

/** CPU milliseconds per request summed over the measured processes. */
function cpuPerRequest(result) {
  if (!result?.cpu || !result.requests) return undefined;
  const total = Object.values(result.cpu).reduce((sum, s) => sum + s, 0);
  return (total * 1000) / result.requests;
}

export function targetsOf({ results, rssMiB }) {
  const ratio = (path) => results[path].rps / results.grpcEcho.rps;
  const targets = [
    {
      name: 'read path / bare grpc echo',
      value: ratio('getUser'),
      target: '≥ 0.6',
      met: ratio('getUser') >= 0.6,
    },
    {
      name: 'order placement / bare grpc echo',
      value: ratio('postOrder'),
      target: '≥ 0.4',
      met: ratio('postOrder') >= 0.4,
    },
    {
      name: 'saga p99 at half max rate (ms)',
      value: results.saga.p99,
      target: '≤ 250',
      met: results.saga.p99 <= 250,
    },
  ];
  const scale = results.usersScale;
  if (scale) {
    const growth = scale.large.p99 / scale.small.p99;
    targets.push({
      name: `GET user p99 at ${scale.large.users} / at ${scale.small.users} users`,
      value: growth,
      target: '≤ 1.2',
      met: growth <= 1.2,
    });
  }
  for (const [service, mib] of Object.entries(rssMiB)) {
    targets.push({ name: `${service} RSS (MiB)`, value: mib, target: '≤ 200', met: mib <= 200 });
  }
  return targets;
}

const num = (value, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '-');

export function formatReport(report) {
  const { results } = report;
  const lines = [
    '',
    `${'path'.padEnd(44)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'errors'.padStart(6)} ${'cpu ms/req'.padStart(10)} ${'ratio'.padStart(6)}`,
  ];
  for (const [key, label, ceiling] of ROWS) {
    const r = results[key];
    if (!r) continue;
    const ratio = ceiling ? r.rps / results[ceiling].rps : Number.NaN;
    lines.push(
      `${label.padEnd(44)} ${num(r.rps).padStart(8)} ${num(r.p50, 2).padStart(8)} ${num(r.p99, 2).padStart(8)} ${String(r.errors).padStart(6)} ${num(cpuPerRequest(r), 2).padStart(10)} ${num(ratio, 2).padStart(6)}`,
    );
  }
  for (const [key, label] of [
    ['small', 'GET cold user via gateway, 10k users'],
    ['large', 'GET cold user via gateway, large population'],
  ]) {
    const r = results.usersScale?.[key];
    if (r) {
      lines.push(
        `${label.padEnd(44)} ${num(r.rps).padStart(8)} ${num(r.p50, 2).padStart(8)} ${num(r.p99, 2).padStart(8)} ${String(r.errors).padStart(6)}`,
      );
    }
  }
  if (results.saga) {
    lines.push(
      `saga: ${results.saga.placed} orders placed, ${results.saga.paid} PAID, ${results.saga.stillPending} still pending`,
    );
  }
  lines.push('', 'targets:');
  for (const t of report.targets) {
    lines.push(
      `  ${t.met ? 'met   ' : 'MISSED'} ${t.name.padEnd(36)} ${num(t.value, 2).padStart(8)} (target ${t.target})`,
    );
  }
  lines.push(
    '',
    'cpu ms/req counts the service processes, Redis and the load generator (not Postgres or Kafka).',
  );
  return lines.join('\n');
}
