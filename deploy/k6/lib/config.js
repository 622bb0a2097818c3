// Shared k6 settings, every one overridable by environment variable (k6 run -e NAME=value or the
// process environment), so a test can run a short version of any scenario.
//   ORRERY_BASE_URL            gateway (default http://localhost:8080)
//   ORRERY_USERS_GRPC_ADDR     users gRPC server for grpc-users.js (default localhost:50051)
//   ORRERY_K6_USERS            accounts created in setup() and shared by the virtual users
//   ORRERY_K6_RATE             journeys started per second at the steady level (scenario default)
//   ORRERY_K6_RAMP / _HOLD     ramp and hold durations, e.g. 30s, 2m (scenario defaults)
//   ORRERY_K6_AUTH_RATE        login/signup journeys per second (default 0.2: inside 5/10s + 30/min per IP)
//   ORRERY_K6_P95_MS / _P99_MS HTTP latency thresholds; ORRERY_K6_SAGA_P95_MS saga completion threshold
//   ORRERY_K6_SAGA_TIMEOUT_MS  how long a journey polls an order before it counts as not terminal in time

export const baseUrl = (__ENV.ORRERY_BASE_URL || 'http://localhost:8080').replace(/\/$/, '');
export const usersGrpcAddr = __ENV.ORRERY_USERS_GRPC_ADDR || 'localhost:50051';
export const requestTimeout = '5s';

/** A number from the environment, or the fallback; a malformed value stops the run with its name. */
export function envNumber(name, fallback) {
  const raw = __ENV[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return value;
}

/** A k6 duration (`30s`, `2m`, `1h`) from the environment, or the fallback. */
export function envDuration(name, fallback) {
  const raw = __ENV[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^(\d+(ms|s|m|h))+$/.test(raw))
    throw new Error(`${name} must be a duration like 30s or 2m, got "${raw}"`);
  return raw;
}

export const authRate = envNumber('ORRERY_K6_AUTH_RATE', 0.2);
export const sagaTimeoutMs = envNumber('ORRERY_K6_SAGA_TIMEOUT_MS', 15000);

/** Shares of the shopping journey (0..1). */
export const shares = {
  /** orders paid with the card that is always declined (→ FAILED) */
  declined: envNumber('ORRERY_K6_DECLINE_SHARE', 0.1),
  /** orders sent a second time with the same Idempotency-Key and body */
  retried: envNumber('ORRERY_K6_RETRY_SHARE', 0.2),
  /** orders cancelled right after they are placed */
  cancelled: envNumber('ORRERY_K6_CANCEL_SHARE', 0.1),
};

export const testCards = {
  approved: '4242424242424242',
  declined: '4000000000000002',
};

/** Names every run's metrics carry as the `testid` tag (e.g. to tell runs apart in Prometheus). */
export const testId = __ENV.ORRERY_K6_TESTID || 'orrery';
