// The PromQL of the chart's dashboards and rule files, read once for two checks: offline (names and
// syntax, tests/deploy) and against a real Prometheus under load (tests/e2e/observability.int.test.ts).
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_METRIC_FAMILIES, declaredSeriesNames } from '@orrery/platform/metrics';
import { parse } from 'yaml';

/**
 * A panel whose description contains this tag legitimately shows nothing but zeros until a fault (a
 * dead letter, an open breaker, a degraded read…). Its queries must still return a zero-valued series,
 * never nothing, so an empty panel always means a broken query. Documented in dashboards/README.md.
 */
export const ZERO_WITHOUT_FAULT_TAG = '[zero without a fault]';

/** Names that are not orrery's but may appear in queries: Prometheus's own and k6's remote write. */
export const EXTERNAL_METRICS: readonly string[] = [
  'up',
  'ALERTS',
  // k6's Prometheus remote-write output (trend stats as p99 gauges, rates as *_rate gauges)
  'k6_http_reqs_total',
  'k6_vus',
  'k6_http_req_duration_p99',
  'k6_http_req_failed_rate',
  'k6_iterations_total',
  'k6_checks_rate',
];

/**
 * Orrery series that exist only after their first event (a counter without a zero series), so they
 * may be absent under healthy load. Every query reading one must fall back with `or vector(0)`.
 */
export const SERIES_BORN_ON_EVENT: readonly string[] = [
  'orrery_rate_limiter_failures_total',
  'orrery_bulkhead_rejections_total',
  'orrery_retry_attempts_total',
  'orrery_cache_degraded_reads_total',
  'orrery_cache_coalesced_total',
  'orrery_outbox_publish_errors_total',
  'orrery_order_late_payment_results_total',
  'ALERTS',
];

/** One PromQL expression and where it comes from. */
export interface Query {
  readonly source: string;
  readonly expr: string;
  /** Dashboard panels marked with ZERO_WITHOUT_FAULT_TAG. */
  readonly zeroWithoutFault: boolean;
  readonly kind: 'panel' | 'alert' | 'record';
  /** Panel unit, alert or record name. */
  readonly detail: string;
}

interface Panel {
  type: string;
  title: string;
  description?: string;
  fieldConfig?: { defaults?: { unit?: string } };
  targets?: { expr: string; refId: string }[];
  panels?: Panel[];
}

/** Every panel of a dashboard, rows' nested panels included, rows themselves excluded. */
export function panelsOf<P extends { type: string; panels?: P[] }>(dashboard: { panels: P[] }): P[] {
  return dashboard.panels.flatMap((p) => (p.type === 'row' ? (p.panels ?? []) : [p]));
}

export async function dashboardQueries(dir: string): Promise<Query[]> {
  const queries: Query[] = [];
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.json')).sort()) {
    const dashboard = JSON.parse(await readFile(join(dir, file), 'utf8')) as { panels: Panel[] };
    for (const panel of panelsOf(dashboard)) {
      for (const target of panel.targets ?? []) {
        queries.push({
          source: `${file}: ${panel.title} (${target.refId})`,
          expr: target.expr,
          zeroWithoutFault: (panel.description ?? '').includes(ZERO_WITHOUT_FAULT_TAG),
          kind: 'panel',
          detail: panel.fieldConfig?.defaults?.unit ?? '',
        });
      }
    }
  }
  return queries;
}

interface RuleFile {
  groups: { name: string; rules: { alert?: string; record?: string; expr: string }[] }[];
}

export async function ruleQueries(dir: string): Promise<Query[]> {
  const queries: Query[] = [];
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.yaml')).sort()) {
    const rules = parse(await readFile(join(dir, file), 'utf8')) as RuleFile;
    for (const rule of rules.groups.flatMap((g) => g.rules)) {
      const name = rule.alert ?? rule.record ?? '?';
      queries.push({
        source: `${file}: ${name}`,
        expr: rule.expr.trim(),
        zeroWithoutFault: false,
        kind: rule.alert ? 'alert' : 'record',
        detail: name,
      });
    }
  }
  return queries;
}

/**
 * Whether a name may be read: declared in a telemetry registry (all of them), recorded by a rule of
 * `rulesDir`, one of the default process metrics (`orrery_process_*`, `orrery_nodejs_*`) or external.
 */
export async function knownMetricNames(rulesDir: string): Promise<(name: string) => boolean> {
  const recorded = (await ruleQueries(rulesDir)).filter((q) => q.kind === 'record').map((q) => q.detail);
  const known = new Set([...declaredSeriesNames(), ...recorded, ...EXTERNAL_METRICS]);
  return (name) => known.has(name) || DEFAULT_METRIC_FAMILIES.some((family) => name.startsWith(family));
}

/** Grafana's variables as a query with every value selected would send them. */
export function substituteVariables(expr: string, rateInterval = '1m'): string {
  return expr
    .replaceAll('$__rate_interval', rateInterval)
    .replaceAll('$__interval', rateInterval)
    .replace(/\$\{?(service|shard)\}?/g, '.*');
}

type Token = { kind: 'ident' | 'op' | 'other'; text: string; start: number; end: number };

/**
 * Tokens of a PromQL expression outside label matchers, strings and range brackets (which are
 * returned as single `other` tokens), enough to find metric names and comparison operators.
 */
function tokenize(expr: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const skipQuoted = (j: number): number => {
    const quote = expr[j];
    let k = j + 1;
    while (k < expr.length && expr[k] !== quote) k += expr[k] === '\\' ? 2 : 1;
    return k + 1;
  };
  while (i < expr.length) {
    const c = expr[i] ?? '';
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"' || c === "'" || c === '`') {
      const end = skipQuoted(i);
      tokens.push({ kind: 'other', text: expr.slice(i, end), start: i, end });
      i = end;
    } else if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      let k = i + 1;
      while (k < expr.length && expr[k] !== close) k = /["'`]/.test(expr[k] ?? '') ? skipQuoted(k) : k + 1;
      tokens.push({ kind: 'other', text: expr.slice(i, k + 1), start: i, end: k + 1 });
      i = k + 1;
    } else if (/[a-zA-Z_:]/.test(c)) {
      const match = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(expr.slice(i))?.[0] ?? c;
      tokens.push({ kind: 'ident', text: match, start: i, end: i + match.length });
      i += match.length;
    } else if (/[0-9.]/.test(c)) {
      const match = /^[0-9.]+(e[+-]?[0-9]+)?[a-z]*/i.exec(expr.slice(i))?.[0] ?? c;
      tokens.push({ kind: 'other', text: match, start: i, end: i + match.length });
      i += match.length;
    } else {
      const two = expr.slice(i, i + 2);
      const op = ['==', '!=', '>=', '<='].includes(two) ? two : c;
      tokens.push({ kind: 'op', text: op, start: i, end: i + op.length });
      i += op.length;
    }
  }
  return tokens;
}

const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan']);
const LABEL_LIST_KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);

/** Metric names an expression reads (selectors, not functions, keywords or grouping labels). */
export function metricNamesIn(expr: string): string[] {
  const tokens = tokenize(expr);
  const names = new Set<string>();
  let labelList = 0; // > 0 while inside `by (…)` and friends
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t] as Token;
    const next = tokens[t + 1];
    if (labelList > 0) {
      if (token.text === '(') labelList++;
      if (token.text === ')') labelList--;
      continue;
    }
    if (token.kind !== 'ident') continue;
    const word = token.text.toLowerCase();
    if (LABEL_LIST_KEYWORDS.has(word)) {
      if (next?.text === '(') {
        labelList = 1;
        t++;
      }
      continue;
    }
    // a function call, or an aggregation written `sum by (…) (…)`
    const aggregation = next?.kind === 'ident' && ['by', 'without'].includes(next.text.toLowerCase());
    if (KEYWORDS.has(word) || next?.text === '(' || aggregation) continue;
    names.add(token.text);
  }
  return [...names];
}

const COMPARISONS = new Set(['==', '!=', '>=', '<=', '>', '<']);

/**
 * The expression with `bool` after every comparison, so an alert's condition returns its series
 * (valued 0 or 1) even when it does not fire: "returns data" then proves the query reads live series.
 */
export function withBoolComparisons(expr: string): string {
  const tokens = tokenize(expr);
  let out = '';
  let last = 0;
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t] as Token;
    if (token.kind === 'op' && COMPARISONS.has(token.text) && tokens[t + 1]?.text !== 'bool') {
      out += `${expr.slice(last, token.end)} bool`;
      last = token.end;
    }
  }
  return out + expr.slice(last);
}

/** One sample of an instant vector. */
export interface Sample {
  readonly metric: Record<string, string>;
  readonly value: number;
}

/** Runs an instant query; rejects with Prometheus's error text (e.g. a parse error). */
export async function instantQuery(prometheusUrl: string, expr: string): Promise<Sample[]> {
  const response = await fetch(`${prometheusUrl}/api/v1/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ query: expr }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json()) as {
    status: string;
    error?: string;
    data?: { resultType: string; result: unknown };
  };
  if (body.status !== 'success' || body.data === undefined) {
    throw new Error(`query failed (${response.status}): ${body.error ?? 'no data'}`);
  }
  const { resultType, result } = body.data;
  if (resultType === 'scalar') return [{ metric: {}, value: Number((result as [number, string])[1]) }];
  if (resultType !== 'vector') throw new Error(`unexpected result type ${resultType}`);
  return (result as { metric: Record<string, string>; value: [number, string] }[]).map((r) => ({
    metric: r.metric,
    value: Number(r.value[1]),
  }));
}
