// Options shared by the HTTP scenarios (load, stress, spike, soak): the shop journey driven by an
// arrival-rate executor (open model: new journeys start on schedule however slow the answers get),
// a trickle of login/signup journeys inside the per-IP auth limit, and thresholds that fail the run.
import { authRate, envNumber, testId } from './config.js';
import * as journeys from './journeys.js';
import { createPool } from './users.js';

/** Scenario functions; k6 passes them what setup() returned. */
export const shop = (data) => journeys.shop(data.pool);
export const auth = (data) => journeys.auth(data.pool);

/** Thresholds; each default is overridable (ORRERY_K6_P95_MS, _P99_MS, _SAGA_P95_MS, _MAX_ERROR_RATE). */
export function thresholds(defaults) {
  const p95 = envNumber('ORRERY_K6_P95_MS', defaults.p95);
  const p99 = envNumber('ORRERY_K6_P99_MS', defaults.p99);
  const sagaP95 = envNumber('ORRERY_K6_SAGA_P95_MS', defaults.sagaP95);
  const errors = envNumber('ORRERY_K6_MAX_ERROR_RATE', defaults.errorRate);
  return {
    http_req_duration: [`p(95)<${p95}`, `p(99)<${p99}`],
    http_req_failed: [`rate<${errors}`],
    checks: [`rate>=${1 - errors}`],
    orrery_saga_completion: [`p(95)<${sagaP95}`],
    orrery_saga_terminal_in_time: [`rate>=${1 - errors}`],
  };
}

/** Virtual users an arrival rate needs: a journey takes about a second, plus headroom. */
export function vusFor(rate) {
  return { preAllocatedVUs: Math.max(2, Math.ceil(rate * 2)), maxVUs: Math.max(10, Math.ceil(rate * 10)) };
}

/** The login/signup trickle running beside the shop for `duration`; none when ORRERY_K6_AUTH_RATE=0. */
function authScenario(duration) {
  if (authRate <= 0) return {};
  const perMinute = Math.max(1, Math.round(authRate * 60));
  return {
    auth: {
      executor: 'constant-arrival-rate',
      exec: 'auth',
      rate: perMinute,
      timeUnit: '1m',
      duration,
      preAllocatedVUs: 1,
      maxVUs: 3,
    },
  };
}

/**
 * Full k6 options: `shop` is the shop scenario (executor settings, exec is filled in), `duration` its
 * total length (for the auth trickle), `limits` the default thresholds.
 */
export function httpOptions({ shop, duration, limits }) {
  return {
    scenarios: { shop: { exec: 'shop', ...shop }, ...authScenario(duration) },
    thresholds: thresholds(limits),
    setupTimeout: '5m',
    summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'],
    tags: { testid: testId },
  };
}

/** For setup(): the shared account pool, ORRERY_K6_USERS accounts or the scenario's default. */
export function poolSetup(defaultSize) {
  return { pool: createPool(Math.max(1, Math.round(envNumber('ORRERY_K6_USERS', defaultSize)))) };
}

/** Sum of k6 durations like `30s` + `2m` → `150s`. */
export function totalDuration(...durations) {
  const unit = { ms: 0.001, s: 1, m: 60, h: 3600 };
  let seconds = 0;
  for (const duration of durations) {
    for (const [, value, suffix] of duration.matchAll(/(\d+)(ms|s|m|h)/g))
      seconds += Number(value) * unit[suffix];
  }
  return `${Math.ceil(seconds)}s`;
}
