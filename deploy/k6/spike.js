// Spike: a calm baseline, then five times the rate almost at once, then calm again — do the rate
// limits, bulkheads and breakers hold, and does the platform recover?
//   npm run load -- spike                        (defaults: 2/s baseline, spike to 5 × 10/s for 30s)
// ORRERY_K6_BASE_RATE, ORRERY_K6_RATE (spike = 5 × it), ORRERY_K6_HOLD (spike length).
import { envDuration, envNumber } from './lib/config.js';
import { httpOptions, poolSetup, totalDuration, vusFor } from './lib/scenarios.js';

export { auth, shop } from './lib/scenarios.js';

const base = envNumber('ORRERY_K6_BASE_RATE', 2);
const peak = envNumber('ORRERY_K6_RATE', 10) * 5;
const calm = envDuration('ORRERY_K6_CALM', '20s');
const hold = envDuration('ORRERY_K6_HOLD', '30s');

export const options = httpOptions({
  shop: {
    executor: 'ramping-arrival-rate',
    startRate: base,
    timeUnit: '1s',
    ...vusFor(peak),
    stages: [
      { target: base, duration: calm },
      { target: peak, duration: '5s' },
      { target: peak, duration: hold },
      { target: base, duration: '5s' },
      { target: base, duration: calm },
    ],
  },
  duration: totalDuration(calm, '5s', hold, '5s', calm),
  limits: { p95: 2000, p99: 5000, sagaP95: 10000, errorRate: 0.05 },
});

export function setup() {
  return poolSetup(Math.max(10, Math.ceil(peak)));
}
