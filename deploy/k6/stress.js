// Stress: the shop journey at 1×, 2× and 3× the base arrival rate, each step held, to find where
// latency and errors give. Looser latency thresholds than load.js; errors must still stay rare.
//   npm run load -- stress                       (defaults: base 10/s, 30s ramps, 1m per step)
// ORRERY_K6_RATE (base), ORRERY_K6_RAMP, ORRERY_K6_HOLD (per step) make it shorter or harder.
import { envDuration, envNumber } from './lib/config.js';
import { httpOptions, poolSetup, totalDuration, vusFor } from './lib/scenarios.js';

export { auth, shop } from './lib/scenarios.js';

const rate = envNumber('ORRERY_K6_RATE', 10);
const ramp = envDuration('ORRERY_K6_RAMP', '30s');
const hold = envDuration('ORRERY_K6_HOLD', '1m');
const steps = [1, 2, 3];

export const options = httpOptions({
  shop: {
    executor: 'ramping-arrival-rate',
    startRate: 1,
    timeUnit: '1s',
    ...vusFor(rate * 3),
    stages: [
      ...steps.flatMap((factor) => [
        { target: rate * factor, duration: ramp },
        { target: rate * factor, duration: hold },
      ]),
      { target: 0, duration: ramp },
    ],
  },
  duration: totalDuration(ramp, hold, ramp, hold, ramp, hold, ramp),
  limits: { p95: 1500, p99: 4000, sagaP95: 8000, errorRate: 0.02 },
});

export function setup() {
  // enough accounts that 3× the rate stays under the per-user limit (20/s)
  return poolSetup(Math.max(10, Math.ceil(rate * 3)));
}
