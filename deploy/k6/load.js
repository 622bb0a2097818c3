// Load: the shop journey at a steady arrival rate (open model: ramping-arrival-rate starts journeys on
// schedule however slow the answers get), beside a trickle of logins and signups.
//   npm run load -- load                         (defaults: 10 journeys/s, 30s ramp, 2m hold)
//   ORRERY_K6_RATE=5 ORRERY_K6_RAMP=5s ORRERY_K6_HOLD=20s npm run load -- load   (a short run)
// Thresholds (p95/p99 latency, errors, checks, saga completion) fail the run; see lib/config.js.
import { envDuration, envNumber } from './lib/config.js';
import { httpOptions, poolSetup, totalDuration, vusFor } from './lib/scenarios.js';

export { auth, shop } from './lib/scenarios.js';

const rate = envNumber('ORRERY_K6_RATE', 10);
const ramp = envDuration('ORRERY_K6_RAMP', '30s');
const hold = envDuration('ORRERY_K6_HOLD', '2m');
const down = envDuration('ORRERY_K6_RAMP_DOWN', '10s');

export const options = httpOptions({
  shop: {
    executor: 'ramping-arrival-rate',
    startRate: 1,
    timeUnit: '1s',
    ...vusFor(rate),
    stages: [
      { target: rate, duration: ramp },
      { target: rate, duration: hold },
      { target: 0, duration: down },
    ],
  },
  duration: totalDuration(ramp, hold, down),
  limits: { p95: 500, p99: 1500, sagaP95: 3000, errorRate: 0.01 },
});

export function setup() {
  return poolSetup(Math.max(10, Math.ceil(rate)));
}
