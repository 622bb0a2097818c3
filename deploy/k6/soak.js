// Soak: a moderate constant arrival rate for a long time — leaks, growing queues, tokens that expire
// (virtual users log in again before their 15-minute token runs out), outbox and consumer lag.
//   npm run load -- soak                         (defaults: 5 journeys/s for 30m)
// ORRERY_K6_RATE and ORRERY_K6_HOLD (the length) make it shorter or heavier.
import { envDuration, envNumber } from './lib/config.js';
import { httpOptions, poolSetup, vusFor } from './lib/scenarios.js';

export { auth, shop } from './lib/scenarios.js';

const rate = envNumber('ORRERY_K6_RATE', 5);
const hold = envDuration('ORRERY_K6_HOLD', '30m');

export const options = httpOptions({
  shop: {
    executor: 'constant-arrival-rate',
    rate: Math.max(1, Math.round(rate * 60)),
    timeUnit: '1m',
    duration: hold,
    ...vusFor(rate),
  },
  duration: hold,
  limits: { p95: 500, p99: 1500, sagaP95: 3000, errorRate: 0.01 },
});

export function setup() {
  return poolSetup(Math.max(10, Math.ceil(rate)));
}
